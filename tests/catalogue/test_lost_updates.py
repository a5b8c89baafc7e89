"""No lost update: two editors on the column editor and on a single value's
admin page; the second save is refused with what changed, the first is kept."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalogue.models import Framework, Trait, TraitValue

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
