import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from catalogue.content import DATA_DIR, ContentError, load_catalogue
from catalogue.models import (
    Axis,
    CatalogueRevision,
    Framework,
    Scenario,
    Trait,
    TraitType,
    TraitValue,
    known_value_q,
)

pytestmark = pytest.mark.django_db

SEED_FRAMEWORKS = {
    "django",
    "flask",
    "fastapi",
    "pyramid",
    "bottle",
    "cherrypy",
    "tornado",
    "sanic",
    "quart",
    "starlette",
    "micropie",
    "dash",
    "turbogears",
}


def test_the_shipped_catalogue_has_every_seed_framework():
    published = set(Framework.objects.published().values_list("slug", flat=True))
    assert published >= SEED_FRAMEWORKS


def test_the_four_axes_from_the_seed_article_are_there():
    assert list(Axis.objects.values_list("name", flat=True)) == [
        "Project scope & complexity",
        "Team & velocity",
        "Performance & scalability",
        "Long-term maintenance",
    ]


def test_there_are_at_least_40_traits_spread_over_all_axes():
    assert Trait.objects.count() >= 40
    for axis in Axis.objects.all():
        assert axis.traits.count() >= 5, axis


def test_every_seed_framework_has_a_value_for_every_trait():
    traits = Trait.objects.count()
    for framework in Framework.objects.filter(slug__in=SEED_FRAMEWORKS):
        assert framework.values.count() == traits, framework


def test_every_known_value_has_a_source_and_a_verified_date():
    known = TraitValue.objects.filter(known_value_q())
    assert known.count() > 400
    assert not known.filter(source_url="").exists()
    assert not known.filter(verified_on__isnull=True).exists()


def test_every_unknown_value_says_why():
    unknown = TraitValue.objects.exclude(known_value_q())
    assert not unknown.filter(note="").exists()


def test_there_are_at_least_ten_scenarios_with_weights_and_rationale():
    scenarios = Scenario.objects.published().prefetch_related("weights")
    assert scenarios.count() >= 10
    for scenario in scenarios:
        assert scenario.weights.all(), scenario
        assert scenario.rationale.strip(), scenario


def test_loading_twice_changes_nothing(django_capture_on_commit_callbacks):
    before = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        report = load_catalogue()
    assert not report.changed
    assert CatalogueRevision.current() == before


def test_the_command_loads_only_into_an_empty_catalogue_with_if_empty(capsys):
    value = TraitValue.objects.filter(framework__slug="django", trait__slug="orm").get()
    value.note = "An editor's own words."
    value.save()
    call_command("load_catalogue", "--if-empty")
    value.refresh_from_db()
    assert value.note == "An editor's own words."
    assert "not loading" in capsys.readouterr().out


def test_a_changed_file_updates_only_what_changed(tmp_path, django_capture_on_commit_callbacks):
    data = _copy_data(tmp_path)
    path = data / "frameworks" / "flask.yaml"
    content = yaml.safe_load(path.read_text())
    content["values"]["orm"]["note"] = "Changed in review."
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    before = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        report = load_catalogue(data)
    assert report.updated == {"trait values": 1}
    assert TraitValue.objects.get(framework__slug="flask", trait__slug="orm").note == (
        "Changed in review."
    )
    assert CatalogueRevision.current() == before + 1


@pytest.mark.parametrize(
    ("trait", "bad", "message"),
    [
        ("orm", "sort-of", "support level"),
        ("single-file-app", "maybe", "yes / no"),
        ("ease-of-learning", 7, "scale"),
        ("package-size", "small", "number"),
    ],
)
def test_a_bad_value_in_a_file_names_the_file_and_the_trait(tmp_path, trait, bad, message):
    data = _copy_data(tmp_path)
    path = data / "frameworks" / "bottle.yaml"
    content = yaml.safe_load(path.read_text())
    content["values"][trait]["value"] = bad
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    with pytest.raises(ContentError) as exc:
        load_catalogue(data)
    assert "bottle.yaml" in str(exc.value)
    assert trait in str(exc.value)
    assert message in str(exc.value).lower()


def test_a_failed_load_writes_nothing(tmp_path):
    data = _copy_data(tmp_path)
    good = data / "frameworks" / "bottle.yaml"
    content = yaml.safe_load(good.read_text())
    content["summary"] = "Edited summary that must not be saved."
    good.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    bad = data / "frameworks" / "tornado.yaml"
    content = yaml.safe_load(bad.read_text())
    content["values"]["orm"]["value"] = "sort-of"
    bad.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    with pytest.raises(ContentError):
        load_catalogue(data)
    assert Framework.objects.get(slug="bottle").summary != "Edited summary that must not be saved."


def test_scale_traits_describe_their_rubric():
    for trait in Trait.objects.filter(type=TraitType.SCALE):
        assert "5:" in trait.description and "1:" in trait.description, trait


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
