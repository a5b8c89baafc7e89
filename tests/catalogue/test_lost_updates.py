"""No lost update: two editors on the column editor and on a single value's
admin page; the second save is refused with what changed, the first is kept."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalogue.models import (
    Axis,
    Framework,
    FrameworkAlias,
    Scenario,
    Trait,
    TraitType,
    TraitValue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor):
    fred = get_user_model().objects.create_user("fred", password="x", is_staff=True)
    fred.groups.set(editor.groups.all())
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(fred)
    return first, second


def _as_browser_sends(form) -> dict:
    """What a browser posts for this form: each field, and the hidden "initial-"
    copy of what it was shown where the form renders one."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        value = "" if value is None else value
        data[form.add_prefix(name)] = value
        if field.show_hidden_initial:
            shown = form.get_initial_for_field(field, name) if not form.is_bound else None
            if form.is_bound:
                shown = form.data.get(form.add_initial_prefix(name), "")
            data[form.add_initial_prefix(name)] = "" if shown is None else shown
    return data


def _column(client, trait) -> dict:
    response = client.get(reverse("admin:catalogue_trait_column", args=[trait.pk]))
    data = {}
    for _framework, form in response.context["forms"]:
        data.update(_as_browser_sends(form))
    return data


def _resubmitted(response) -> dict:
    data = {}
    for _framework, form in response.context["forms"]:
        data.update(_as_browser_sends(form))
    return data


def test_the_column_editor_refuses_a_save_over_a_cell_saved_meanwhile(two_editors):
    first, second = two_editors
    trait = Trait.objects.get(slug="websockets")
    flask = Framework.objects.get(slug="flask")
    url = reverse("admin:catalogue_trait_column", args=[trait.pk])
    data_first, data_second = _column(first, trait), _column(second, trait)

    data_first[f"fw{flask.pk}-value"] = "first-party"
    data_first[f"fw{flask.pk}-note"] = "Flask-SocketIO is maintained with Flask."
    assert first.post(url, data_first).status_code == 302

    data_second[f"fw{flask.pk}-value"] = "limited"
    data_second[f"fw{flask.pk}-note"] = "Fred's reading of it."
    response = second.post(url, data_second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: someone else saved 1 of these values" in page
    assert "edna saved this value" in page and "it is now “first-party”" in page
    assert "Fred&#x27;s reading of it." in page  # the input is kept
    saved = TraitValue.objects.get(framework=flask, trait=trait)
    assert saved.support_value == "first-party"  # the first save is kept

    # Having seen it, Fred saves again and his input goes through.
    assert second.post(url, _resubmitted(response)).status_code == 302
    saved.refresh_from_db()
    assert saved.support_value == "limited"


def test_the_column_editor_never_writes_back_a_cell_its_editor_left_alone(two_editors):
    first, second = two_editors
    trait = Trait.objects.get(slug="websockets")
    flask, bottle = (Framework.objects.get(slug=s) for s in ("flask", "bottle"))
    url = reverse("admin:catalogue_trait_column", args=[trait.pk])
    data_first, data_second = _column(first, trait), _column(second, trait)

    data_first[f"fw{flask.pk}-value"] = "first-party"
    assert first.post(url, data_first).status_code == 302

    data_second[f"fw{bottle.pk}-note"] = "Checked again by Fred."
    response = second.post(url, data_second)
    assert response.status_code == 200  # refused: a row changed since it was opened
    assert "it is now “first-party”" in response.content.decode()
    # Saved again as shown: Fred's note goes in, Edna's value stays.
    assert second.post(url, _resubmitted(response)).status_code == 302
    assert TraitValue.objects.get(framework=flask, trait=trait).support_value == "first-party"
    assert TraitValue.objects.get(framework=bottle, trait=trait).note == "Checked again by Fred."


def test_a_column_save_with_nothing_changed_meanwhile_goes_through(client, editor):
    client.force_login(editor)
    trait = Trait.objects.get(slug="websockets")
    bottle = Framework.objects.get(slug="bottle")
    data = _column(client, trait)
    data[f"fw{bottle.pk}-note"] = "Checked again."
    url = reverse("admin:catalogue_trait_column", args=[trait.pk])
    assert client.post(url, data).status_code == 302
    assert TraitValue.objects.get(framework=bottle, trait=trait).note == "Checked again."


def _value_page(client, value) -> tuple[str, dict]:
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        shown = form[name].value()
        data[name] = "" if shown is None else shown
    return url, data


def test_the_single_value_page_refuses_the_second_of_two_saves_and_keeps_its_input(two_editors):
    first, second = two_editors
    value = TraitValue.objects.get(framework__slug="bottle", trait__slug="orm")
    url, data_first = _value_page(first, value)
    _, data_second = _value_page(second, value)

    data_first["note"] = "Edna's note."
    assert first.post(url, data_first).status_code == 302

    data_second["note"] = "Fred's note."
    response = second.post(url, data_second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "edna changed note" in page
    assert "Fred&#x27;s note." in page
    value.refresh_from_db()
    assert value.note == "Edna's note."

    data_second["loaded_at"] = response.context["adminform"].form.data["loaded_at"]
    assert second.post(url, data_second).status_code == 302
    value.refresh_from_db()
    assert value.note == "Fred's note."


# --- Every other editing screen: the admin change forms -----------------------------
#
# Each test opens the change page as two editors, builds each POST from the page's
# rendered forms (the main form, every inline row and the inlines' management forms,
# as a browser sends them), saves as the first, then as the second.


def _sent(form) -> dict:
    """`_as_browser_sends`, but an unticked box is left out, as a browser leaves it."""
    return {k: v for k, v in _as_browser_sends(form).items() if v is not False}


def _page_data(response) -> dict:
    """What the browser posts for an admin change page as it was rendered."""
    data = _sent(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_sent(formset.management_form))
        for form in formset.forms:
            data.update(_sent(form))
    return data


def _open(client, obj) -> tuple[str, dict]:
    url = reverse(f"admin:catalogue_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, _page_data(response)


def _refused(response) -> str:
    assert response.status_code == 200, "the second save went through"
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "Your input is kept below" in page
    return page


def _weight_prefix(data: dict, weight) -> str:
    return next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == weight.pk)


@pytest.mark.parametrize(
    ("model", "slug", "first_field", "second_field", "label"),
    [
        (Trait, "orm", "description", "family", "description"),
        (Axis, "performance", "description", "name", "description"),
    ],
)
def test_a_trait_or_axis_page_refuses_the_second_of_two_saves_and_keeps_its_input(
    two_editors, model, slug, first_field, second_field, label
):
    first, second = two_editors
    obj = model.objects.get(slug=slug)
    url, data_first = _open(first, obj)
    _, data_second = _open(second, obj)

    data_first[first_field] = "Edna's words."
    assert first.post(url, data_first).status_code == 302

    data_second[second_field] = "Fred's"
    response = second.post(url, data_second)
    page = _refused(response)
    assert f"edna changed {label} at " in page
    assert 'value="Fred&#x27;s"' in page  # the input is kept
    obj.refresh_from_db()
    assert getattr(obj, first_field) == "Edna's words."
    assert getattr(obj, second_field) != "Fred's"

    # Having read the changes, Fred saves the page as it was shown to him again.
    again = second.post(url, _page_data(response))
    assert again.status_code == 302, again.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, second_field) == "Fred's"


def test_the_alias_page_refuses_the_second_of_two_saves_and_keeps_its_input(two_editors):
    first, second = two_editors
    flask, bottle = (Framework.objects.get(slug=s) for s in ("flask", "bottle"))
    alias = FrameworkAlias.objects.create(slug="flask-old", framework=flask)
    url, data_first = _open(first, alias)
    _, data_second = _open(second, alias)

    data_first["slug"] = "flask-legacy"
    assert first.post(url, data_first).status_code == 302

    data_second["framework"] = bottle.pk
    response = second.post(url, data_second)
    page = _refused(response)
    assert "edna changed slug at " in page
    assert f'<option value="{bottle.pk}" selected>' in page  # Fred's choice is kept
    alias.refresh_from_db()
    assert (alias.slug, alias.framework) == ("flask-legacy", flask)

    assert second.post(url, _page_data(response)).status_code == 302
    alias.refresh_from_db()
    assert alias.framework == bottle


def test_the_framework_page_refuses_a_save_over_an_alias_added_meanwhile(two_editors):
    first, second = two_editors
    bottle = Framework.objects.get(slug="bottle")
    url, data_first = _open(first, bottle)
    _, data_second = _open(second, bottle)

    prefix = "aliases"
    row = data_first[f"{prefix}-TOTAL_FORMS"]
    data_first[f"{prefix}-TOTAL_FORMS"] = row + 1
    data_first[f"{prefix}-{row}-slug"] = "bottle-py"
    data_first[f"{prefix}-{row}-framework"] = bottle.pk
    assert first.post(url, data_first).status_code == 302
    assert bottle.aliases.filter(slug="bottle-py").exists()

    data_second["summary"] = "Fred's summary."
    page = _refused(second.post(url, data_second))
    assert "edna added framework alias “bottle-py” at " in page
    assert "Fred&#x27;s summary." in page
    bottle.refresh_from_db()
    assert bottle.summary != "Fred's summary."


@pytest.fixture
def scenario():
    scenario = Scenario.objects.get(slug="chat-service")
    # As the admin saves it (a form strips the text's final newline), so that a
    # save that changes nothing records no change.
    scenario.rationale = scenario.rationale.strip()
    scenario.save()
    return scenario


def test_the_scenario_page_refuses_the_second_of_two_saves_and_keeps_its_input(
    two_editors, scenario
):
    first, second = two_editors
    url, data_first = _open(first, scenario)
    _, data_second = _open(second, scenario)

    data_first["summary"] = "Edna's summary."
    assert first.post(url, data_first).status_code == 302

    data_second["rationale"] = "Fred's rationale."
    response = second.post(url, data_second)
    page = _refused(response)
    assert "edna changed summary at " in page
    assert "Fred&#x27;s rationale." in page
    scenario.refresh_from_db()
    assert scenario.summary == "Edna's summary."
    assert scenario.rationale != "Fred's rationale."

    assert second.post(url, _page_data(response)).status_code == 302
    scenario.refresh_from_db()
    assert scenario.rationale == "Fred's rationale."


def test_the_scenario_page_refuses_a_save_over_a_weight_changed_meanwhile(two_editors, scenario):
    first, second = two_editors
    weight = scenario.weights.select_related("axis", "trait").first()
    weight.save()  # its first history record (the loaded weights have none)
    url, data_first = _open(first, scenario)
    _, data_second = _open(second, scenario)
    prefix = _weight_prefix(data_first, weight)
    new = 0 if weight.weight else 10

    data_first[f"{prefix}-weight"] = new
    assert first.post(url, data_first).status_code == 302

    data_second["summary"] = "Fred's summary."
    response = second.post(url, data_second)
    page = _refused(response)
    slug = weight.criterion_slug
    assert f"edna changed scenario weight “{slug}: {weight.weight}” to “{slug}: {new}” at " in page
    assert "Fred&#x27;s summary." in page
    weight.refresh_from_db()
    assert weight.weight == new
    scenario.refresh_from_db()
    assert scenario.summary != "Fred's summary."

    # Fred reads the change, takes Edna's weight and saves again.
    data = _page_data(response)
    data[f"{prefix}-weight"] = new
    assert second.post(url, data).status_code == 302
    scenario.refresh_from_db()
    weight.refresh_from_db()
    assert (scenario.summary, weight.weight) == ("Fred's summary.", new)


def test_the_scenario_page_refuses_a_save_over_a_weight_added_or_removed_meanwhile(
    two_editors, scenario
):
    first, second = two_editors
    weight = scenario.weights.select_related("axis", "trait").first()
    url, data_first = _open(first, scenario)
    _, data_second = _open(second, scenario)
    data_first[f"{_weight_prefix(data_first, weight)}-DELETE"] = "on"
    assert first.post(url, data_first).status_code == 302

    data_second["summary"] = "Fred's summary."
    page = _refused(second.post(url, data_second))
    assert f"edna removed scenario weight “{weight}” at " in page


def test_the_scenario_page_refuses_a_save_over_a_must_have_changed_meanwhile(two_editors, scenario):
    first, second = two_editors
    candidates = Trait.objects.filter(type__in=[TraitType.BOOLEAN, TraitType.SUPPORT])
    added = candidates.exclude(pk__in=scenario.must_haves.all()).order_by("name").first()
    url, data_first = _open(first, scenario)
    _, data_second = _open(second, scenario)

    data_first["must_haves"] = [*data_first["must_haves"], added.pk]
    assert first.post(url, data_first).status_code == 302
    assert added in scenario.must_haves.all()

    data_second["summary"] = "Fred's summary."
    response = second.post(url, data_second)
    page = _refused(response)
    assert f"edna changed must haves (added {added.name}) at " in page
    assert "Fred&#x27;s summary." in page
    scenario.refresh_from_db()
    assert scenario.summary != "Fred's summary."
    assert added in scenario.must_haves.all()

    data = _page_data(response)
    data["must_haves"] = [*data["must_haves"], added.pk]
    assert second.post(url, data).status_code == 302
    scenario.refresh_from_db()
    assert scenario.summary == "Fred's summary."
    assert added in scenario.must_haves.all()


def _screens(scenario):
    flask = Framework.objects.get(slug="flask")
    return [
        Trait.objects.get(slug="orm"),
        Axis.objects.get(slug="performance"),
        FrameworkAlias.objects.create(slug="flask-old", framework=flask),
        scenario,
        flask,
    ]


def test_a_save_with_nothing_saved_meanwhile_goes_through_on_every_screen(client, editor, scenario):
    client.force_login(editor)
    for obj in _screens(scenario):
        url, data = _open(client, obj)
        response = client.post(url, data)
        assert response.status_code == 302, (obj, response.content.decode()[:3000])


def test_a_save_meanwhile_that_changed_nothing_does_not_refuse(two_editors, scenario):
    first, second = two_editors
    url, data_first = _open(first, scenario)
    _, data_second = _open(second, scenario)
    assert first.post(url, data_first).status_code == 302  # saved as it was
    data_second["summary"] = "Fred's summary."
    assert second.post(url, data_second).status_code == 302
    scenario.refresh_from_db()
    assert scenario.summary == "Fred's summary."


def test_every_change_page_renders_the_hidden_loaded_at_without_a_label(client, editor, scenario):
    client.force_login(editor)
    for obj in _screens(scenario):
        url = reverse(f"admin:catalogue_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url).content.decode()
        assert '<input type="hidden" name="loaded_at"' in page, url
        assert 'for="id_loaded_at"' not in page, url


@pytest.mark.parametrize(
    ("model_name", "data"),
    [
        ("axis", {"slug": "brand-new", "name": "Brand new", "order": 9, "loaded_at": ""}),
        ("frameworkalias", {"slug": "flask-new", "loaded_at": ""}),
    ],
)
def test_an_add_form_is_never_refused(client, editor, model_name, data):
    client.force_login(editor)
    if model_name == "frameworkalias":
        data = {**data, "framework": Framework.objects.get(slug="flask").pk}
    response = client.post(reverse(f"admin:catalogue_{model_name}_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize("loaded_at", ["", "yesterday", "2026-01-01T10:00:00"])
def test_a_missing_or_foreign_loaded_at_is_refused_once_then_goes_through(
    client, editor, loaded_at
):
    client.force_login(editor)
    axis = Axis.objects.get(slug="performance")
    url, data = _open(client, axis)
    data["loaded_at"] = loaded_at
    data["description"] = "Checked."
    response = client.post(url, data)
    _refused(response)
    assert client.post(url, _page_data(response)).status_code == 302
    axis.refresh_from_db()
    assert axis.description == "Checked."
