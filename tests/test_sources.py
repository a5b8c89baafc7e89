"""A source is an http(s) URL or a path on this site, never a link that browsers
resolve to another site; bidirectional control characters never reach a page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalogue.models import Framework, TraitValue, validate_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "source",
    ["https://flask.palletsprojects.com/", "http://example.org/x", "/frameworks/flask/#lab", "/a"],
)
def test_web_pages_and_site_paths_are_sources(source):
    validate_source(source)


@pytest.mark.parametrize(
    "source",
    [
        "/\\evil.example/x",
        "//evil.example/x",
        "/",
        "/ spaced",
        "/frameworks/ flask/",
        "/\tevil",
        "javascript:alert(1)",
        "ftp://example.org/",
        "evil.example/x",
    ],
)
def test_anything_that_can_point_off_site_is_refused(source):
    with pytest.raises(ValidationError):
        validate_source(source)


def test_the_admin_refuses_a_backslash_source_and_says_why(client, editor):
    client.force_login(editor)
    value = TraitValue.objects.get(framework__slug="bottle", trait__slug="orm")
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if form[name].value() is None else form[name].value()) for name in form.fields
    }
    data["source_url"] = "/\\evil.example/x"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A site path is one “/” followed by the path" in response.content.decode()
    value.refresh_from_db()
    assert value.source_url != "/\\evil.example/x"


def test_bidirectional_controls_are_removed_from_every_text_field_on_save(client):
    framework = Framework.objects.get(slug="flask")
    framework.name = "Fla\u202esk"
    framework.summary = "A micro\u2066framework\u2069 \u200ffor\u200e the web\u061c."
    framework.save()
    framework.refresh_from_db()
    assert framework.name == "Flask"
    assert framework.summary == "A microframework for the web."
    value = TraitValue.objects.get(framework=framework, trait__slug="orm")
    value.note = "\u202aNo ORM\u202c of its own."
    value.save()
    value.refresh_from_db()
    assert value.note == "No ORM of its own."
    page = client.get("/frameworks/flask/").content.decode()
    assert not any(ch in page for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_bidirectional_controls_are_removed_from_writes_that_bypass_save():
    """A queryset update (as a triage's reason or a registry refresh's note is
    written), bulk_create and bulk_update strip them too; other values and
    expressions pass as they are."""
    from django.db.models import F

    from catalogue.models import Axis

    flask = Framework.objects.filter(slug="flask")
    assert flask.update(name="Fla\u202esk", summary="\u2066micro\u2069") == 1
    framework = flask.get()
    assert (framework.name, framework.summary) == ("Flask", "micro")
    value = TraitValue.objects.filter(framework=framework, trait__slug="orm")
    value.update(note="\u202aNo ORM\u202c")
    assert value.get().note == "No ORM"
    value.update(source_url=F("note"))
    assert value.get().source_url == "No ORM"

    framework.name, framework.licence = "Fla\u202dsk", "\u200fBSD"
    Framework.objects.bulk_update([framework], ["name", "licence"])
    framework.refresh_from_db()
    assert (framework.name, framework.licence) == ("Flask", "BSD")

    created = Axis.objects.bulk_create(
        Axis(slug=f"bidi-{n}", name=f"Ax\u202eis {n}", order=90 + n) for n in range(2)
    )
    assert [a.name for a in created] == ["Axis 0", "Axis 1"]
    assert sorted(Axis.objects.filter(slug__startswith="bidi-").values_list("name", flat=True)) == [
        "Axis 0",
        "Axis 1",
    ]
