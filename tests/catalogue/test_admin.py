import pytest
from django.urls import reverse

from catalogue.models import Framework, Scenario, Trait, TraitValue, known_value_q
from tests.admin_forms import change_form_data as _change_form_data

pytestmark = pytest.mark.django_db

CATALOGUE_CHANGELISTS = [
    "admin:catalogue_framework_changelist",
    "admin:catalogue_trait_changelist",
    "admin:catalogue_traitvalue_changelist",
    "admin:catalogue_axis_changelist",
    "admin:catalogue_scenario_changelist",
    "admin:catalogue_frameworkalias_changelist",
]


@pytest.mark.parametrize("name", CATALOGUE_CHANGELISTS)
def test_an_editor_sees_every_catalogue_list(client, editor, name):
    client.force_login(editor)
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", CATALOGUE_CHANGELISTS)
def test_staff_without_catalogue_permissions_are_refused(client, other_staff, name):
    client.force_login(other_staff)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", CATALOGUE_CHANGELISTS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    "name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"]
)
def test_an_editor_cannot_manage_users_or_groups(client, editor, name):
    client.force_login(editor)
    assert client.get(reverse(name)).status_code == 403


def test_a_superuser_manages_users(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_the_framework_list_counts_known_unknown_and_missing_values(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:catalogue_framework_changelist"))
    content = response.content.decode()
    assert "Known" in content and "Unknown" in content and "Missing" in content
    assert "Django" in content


def test_the_framework_page_groups_values_by_axis(client, editor):
    client.force_login(editor)
    django = Framework.objects.get(slug="django")
    response = client.get(reverse("admin:catalogue_framework_change", args=[django.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for heading in [
        "Project scope &amp; complexity:",
        "Team &amp; velocity:",
        "Performance &amp; scalability:",
        "Long-term maintenance:",
    ]:
        assert heading in content
    # Each trait value of the framework is on the page once, as an editable row.
    assert content.count('name="values-') > 0
    assert sum(content.count(f'-TOTAL_FORMS" value="{n}"') for n in range(1, 60)) >= 4


def test_an_editor_changes_a_value_through_the_framework_page(client, editor):
    client.force_login(editor)
    bottle = Framework.objects.get(slug="bottle")
    data = _change_form_data(client, bottle)
    orm = TraitValue.objects.get(framework=bottle, trait__slug="orm")
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == orm.pk)
    data[f"{prefix}-value"] = "first-party"
    response = client.post(reverse("admin:catalogue_framework_change", args=[bottle.pk]), data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    orm.refresh_from_db()
    assert orm.support_value == "first-party"


def test_a_wrong_value_is_reported_for_its_trait_and_keeps_the_input(client, editor):
    client.force_login(editor)
    bottle = Framework.objects.get(slug="bottle")
    data = _change_form_data(client, bottle)
    orm = TraitValue.objects.get(framework=bottle, trait__slug="orm")
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == orm.pk)
    data[f"{prefix}-value"] = "kind of"
    response = client.post(reverse("admin:catalogue_framework_change", args=[bottle.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "“kind of” is not a value for “ORM”, a support level trait" in content
    assert 'value="kind of"' in content


def test_the_value_list_filters_unknown_values(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:catalogue_traitvalue_changelist"), {"known": "no"})
    assert response.status_code == 200
    unknown = TraitValue.objects.exclude(known_value_q())
    assert unknown.exists()
    assert response.context["cl"].result_count == unknown.count()
    assert all(not row.is_known for row in response.context["cl"].result_list)


@pytest.mark.parametrize("model", [Framework, Trait, Scenario])
def test_every_change_page_renders_for_an_editor(client, editor, model):
    client.force_login(editor)
    for obj in model.objects.all()[:3]:
        url = reverse(f"admin:catalogue_{model._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200


def _framework_change_page(client, editor) -> str:  # type: ignore[no-untyped-def]
    client.force_login(editor)
    flask = Framework.objects.get(slug="flask")
    return client.get(f"/admin/catalogue/framework/{flask.pk}/change/").content.decode()


def test_every_aria_describedby_on_the_framework_page_names_an_element(client, editor):
    import re

    content = _framework_change_page(client, editor)
    ids = set(re.findall(r'\sid="([^"]+)"', content))
    described = re.findall(r'aria-describedby="([^"]+)"', content)
    dangling = [ref for refs in described for ref in refs.split() if ref not in ids]
    assert dangling == []


def test_hidden_inputs_on_the_framework_page_carry_no_aria_attributes(client, editor):
    import re

    content = _framework_change_page(client, editor)
    hidden = re.findall(r'<input type="hidden"[^>]*>', content)
    assert hidden
    assert [tag for tag in hidden if "aria-" in tag] == []
    assert 'for="id_loaded_at"' not in content  # no label pointing at a hidden input


def test_the_add_framework_page_opens(client, editor):
    client.force_login(editor)
    assert client.get("/admin/catalogue/framework/add/").status_code == 200
