"""Editors' workflow: throttled logins, drafts and previews, history, the public
changelog, pinned revisions, no lost updates, the column editor, staleness."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.content import DATA_DIR, load_catalogue
from catalogue.content.dump import dump_catalogue
from catalogue.models import (
    CatalogueRevision,
    Framework,
    Scenario,
    Status,
    Trait,
    TraitValue,
)
from catalogue.stale_values import stale_value_ids
from tests.admin_forms import change_form_data
from tests.factories import make_framework, make_value

pytestmark = pytest.mark.django_db


# --- Logins -------------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_and_say_for_how_long(client, editor):
    url = reverse("admin:login")
    for _ in range(4):
        response = client.post(url, {"username": "edna", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    # The fifth failure locks the account; even the right password is refused then.
    assert client.post(url, {"username": "edna", "password": "wrong"}).status_code == 429
    response = client.post(url, {"username": "edna", "password": "pw-edna-123"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed logins" in content
    assert "15 minutes" in content


def test_a_correct_login_works_before_the_limit(client, editor):
    url = reverse("admin:login")
    client.post(url, {"username": "edna", "password": "wrong"})
    response = client.post(url, {"username": "edna", "password": "pw-edna-123"})
    assert response.status_code == 302


# --- Drafts and previews --------------------------------------------------------------


@pytest.fixture
def draft():
    return make_framework(slug="drafty", name="Drafty", status=Status.DRAFT)


def test_a_draft_is_invisible_to_the_public(client, draft):
    assert client.get("/frameworks/drafty/").status_code == 404
    assert "drafty" not in client.get("/frameworks/").content.decode()
    assert client.get("/compare/drafty-vs-flask/").status_code == 404


def test_an_editor_previews_the_real_page_marked_as_a_preview(client, editor, draft):
    client.force_login(editor)
    response = client.get("/preview/frameworks/drafty/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Drafty</h1>" in content
    assert "Preview" in content and "draft" in content


def test_other_staff_cannot_preview(client, other_staff, draft):
    client.force_login(other_staff)
    assert client.get("/preview/frameworks/drafty/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_to_preview(client, draft):
    response = client.get("/preview/frameworks/drafty/")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_draft_scenario_is_previewable_but_not_public(client, editor):
    scenario = Scenario.objects.get(slug="chat-service")
    scenario.status = Status.DRAFT
    scenario.save()
    assert client.get("/scenarios/chat-service/").status_code == 404
    client.force_login(editor)
    assert client.get("/preview/scenarios/chat-service/").status_code == 200


def test_the_admin_lists_drafts_and_publishes_them(client, editor, draft):
    client.force_login(editor)
    listing = client.get(reverse("admin:catalogue_framework_changelist"), {"status": "draft"})
    assert "Drafty" in listing.content.decode()
    client.post(
        reverse("admin:catalogue_framework_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert client.get("/frameworks/drafty/").status_code == 200


# --- History, revert, changelog -------------------------------------------------------


def _edit_value(client, framework_slug, trait_slug, new_text):
    framework = Framework.objects.get(slug=framework_slug)
    data = change_form_data(client, framework)
    value = TraitValue.objects.get(framework=framework, trait__slug=trait_slug)
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == value.pk)
    data[f"{prefix}-value"] = new_text
    return client.post(reverse("admin:catalogue_framework_change", args=[framework.pk]), data)


def test_every_change_is_recorded_with_who_and_can_be_reverted(client, editor):
    client.force_login(editor)
    before = TraitValue.objects.get(framework__slug="bottle", trait__slug="orm")
    assert _edit_value(client, "bottle", "orm", "first-party").status_code == 302
    record = before.history.first()
    assert record.history_user == editor
    assert record.support_value == "first-party"

    page = client.get(reverse("admin:catalogue_framework_changes", args=[before.framework_id]))
    content = page.content.decode()
    assert "Third-party" in content and "First-party add-on" in content and "edna" in content

    # Revert to the version before the edit, through simple-history's admin form.
    old = before.history.all()[1]
    revert_url = reverse("admin:catalogue_traitvalue_simple_history", args=[before.pk, old.pk])
    form = client.get(revert_url)
    assert form.status_code == 200
    data = {
        "framework": before.framework_id,
        "trait": before.trait_id,
        "value": "third-party",
        "note": old.note,
        "source_url": old.source_url,
        "applies_to_version": old.applies_to_version,
        "verified_on": old.verified_on,
        # As the browser sends it: when the page was opened (no lost update).
        "loaded_at": form.context["adminform"].form["loaded_at"].value(),
    }
    assert client.post(revert_url, data).status_code == 302
    before.refresh_from_db()
    assert before.support_value == "third-party"


def test_the_public_changelog_shows_old_and_new_values(client, editor):
    client.force_login(editor)
    _edit_value(client, "bottle", "orm", "first-party")
    client.logout()
    response = client.get("/changes/")
    content = response.content.decode()
    assert "Third-party → First-party add-on" in content
    only_flask = client.get("/changes/", {"framework": "flask"}).content.decode()
    assert "Third-party → First-party add-on" not in only_flask
    framework_page = client.get("/frameworks/bottle/").content.decode()
    assert 'href="/changes/?framework=bottle"' in framework_page


@pytest.mark.parametrize("params", [{"framework": "nope"}, {"page": "0"}, {"page": "x"}])
def test_the_changelog_refuses_bad_parameters(client, params):
    assert client.get("/changes/", params).status_code == 400


def test_the_changelog_makes_the_same_queries_whatever_the_number_of_changes(client):
    value = TraitValue.objects.first()
    value.note = "one change"
    value.save()
    with CaptureQueriesContext(connection) as few:
        client.get("/changes/")
    for framework in Framework.objects.all():
        value = framework.values.first()
        value.note = "edited"
        value.save()
    with CaptureQueriesContext(connection) as many:
        client.get("/changes/")
    assert len(few.captured_queries) == len(many.captured_queries)


# --- Pinned revisions -----------------------------------------------------------------


def test_a_link_pinned_to_a_revision_shows_the_values_of_then(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
        value.note = "touch"
        value.save()
    pinned = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        value.support_value = "built-in"
        value.save()

    now = client.get("/compare/django-vs-flask/")
    then = client.get("/compare/django-vs-flask/", {"rev": pinned})
    cell = lambda r: next(  # noqa: E731
        c
        for row in r.context["comparison"].rows
        if row.trait.slug == "orm"
        for c in row.cells
        if c.framework == "flask"
    )
    assert cell(now).display == "Built-in"
    assert cell(then).display == "Third-party"
    content = then.content.decode()
    assert f"revision {pinned}" in content
    assert "1 value of these frameworks has changed since" in content
    assert 'href="/compare/django-vs-flask/"' in content

    decided = client.get("/decide/", {"scenario": "cms-with-editors", "rev": pinned})
    assert decided.status_code == 200
    assert "Pinned view" in decided.content.decode()


@pytest.mark.parametrize("rev", ["abc", "999999", "-1"])
def test_a_bad_revision_is_a_400(client, rev):
    assert client.get("/compare/django-vs-flask/", {"rev": rev}).status_code == 400
    assert client.get("/decide/", {"rev": rev}).status_code == 400


# --- No lost updates ------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(client, editor):
    other_editor = get_user_model().objects.create_user("fred", password="x", is_staff=True)
    other_editor.groups.set(editor.groups.all())
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    bottle = Framework.objects.get(slug="bottle")
    data_first = change_form_data(first, bottle)
    data_second = change_form_data(second, bottle)
    url = reverse("admin:catalogue_framework_change", args=[bottle.pk])

    orm = TraitValue.objects.get(framework=bottle, trait__slug="orm")
    prefix = next(k[:-3] for k, v in data_first.items() if k.endswith("-id") and v == orm.pk)
    data_first[f"{prefix}-value"] = "first-party"
    assert first.post(url, data_first).status_code == 302

    data_second["summary"] = "Fred's better summary."
    response = second.post(url, data_second)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this while you were editing" in content
    assert "edna changed ORM from Third-party to First-party add-on" in content
    assert "Fred&#x27;s better summary." in content
    bottle.refresh_from_db()
    assert bottle.summary != "Fred's better summary."

    # Having seen the changes, Fred saves again and it goes through.
    form = response.context["adminform"].form
    data_second["loaded_at"] = form.data["loaded_at"]
    data_second[f"{prefix}-value"] = "first-party"
    assert second.post(url, data_second).status_code == 302
    bottle.refresh_from_db()
    assert bottle.summary == "Fred's better summary."


def test_a_save_that_fails_validation_keeps_everything_typed(client, editor):
    client.force_login(editor)
    bottle = Framework.objects.get(slug="bottle")
    data = change_form_data(client, bottle)
    data["summary"] = "A new summary the editor typed."
    data["latest_release"] = "tuesday"
    response = client.post(reverse("admin:catalogue_framework_change", args=[bottle.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Use YYYY-MM-DD" in content
    assert "A new summary the editor typed." in content
    assert 'value="tuesday"' in content


# --- Column editor --------------------------------------------------------------------


def _column_data(client, trait):
    response = client.get(reverse("admin:catalogue_trait_column", args=[trait.pk]))
    data = {}
    for _framework, form in response.context["forms"]:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    return data


def test_the_column_editor_saves_every_cell_in_one_revision(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    trait = Trait.objects.get(slug="websockets")
    data = _column_data(client, trait)
    flask, bottle = (Framework.objects.get(slug=s) for s in ("flask", "bottle"))
    data[f"fw{flask.pk}-value"] = "first-party"
    data[f"fw{bottle.pk}-note"] = "Checked again."
    before = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:catalogue_trait_column", args=[trait.pk]), data)
    assert response.status_code == 302
    assert TraitValue.objects.get(framework=flask, trait=trait).support_value == "first-party"
    assert TraitValue.objects.get(framework=bottle, trait=trait).note == "Checked again."
    assert CatalogueRevision.current() == before + 1


def test_the_column_editor_saves_nothing_if_any_cell_is_wrong(client, editor):
    client.force_login(editor)
    trait = Trait.objects.get(slug="websockets")
    data = _column_data(client, trait)
    flask, bottle, django = (Framework.objects.get(slug=s) for s in ("flask", "bottle", "django"))
    data[f"fw{flask.pk}-value"] = "first-party"  # fine
    data[f"fw{bottle.pk}-value"] = "sometimes"  # not a support level
    data[f"fw{django.pk}-source_url"] = ""  # a known value without a source
    response = client.post(reverse("admin:catalogue_trait_column", args=[trait.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was saved: 2 cell(s)" in content
    assert "“sometimes” is not a value for “WebSockets”" in content
    assert "Give a source" in content
    assert TraitValue.objects.get(framework=flask, trait=trait).support_value != "first-party"


def test_other_staff_cannot_use_the_column_editor(client, other_staff):
    client.force_login(other_staff)
    trait = Trait.objects.get(slug="websockets")
    assert client.get(reverse("admin:catalogue_trait_column", args=[trait.pk])).status_code == 403


# --- Staleness ------------------------------------------------------------------------


def test_old_or_older_major_version_values_are_stale_and_flagged(client, editor):
    old = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    old.verified_on = datetime.date.today() - datetime.timedelta(days=400)
    old.save()
    behind = TraitValue.objects.get(framework__slug="django", trait__slug="orm")
    behind.applies_to_version = "5.2"  # Django's latest is 6.x
    behind.save()
    fresh = TraitValue.objects.get(framework__slug="django", trait__slug="admin")
    stale = set(stale_value_ids())
    assert {old.pk, behind.pk} <= stale
    assert fresh.pk not in stale

    client.force_login(editor)
    listing = client.get(reverse("admin:catalogue_traitvalue_changelist"), {"stale": "yes"})
    assert {v.pk for v in listing.context["cl"].result_list} == stale
    health = client.get(reverse("admin:catalogue_health"))
    rows = {r["framework"].slug: r for r in health.context["rows"]}
    assert rows["flask"]["stale"] >= 1 and rows["django"]["stale"] >= 1
    assert "may be out of date" in client.get("/frameworks/flask/").content.decode()


def test_a_first_release_year_is_never_flagged_stale(client):
    year = TraitValue.objects.get(framework__slug="flask", trait__slug="first-release")
    year.verified_on = datetime.date.today() - datetime.timedelta(days=4000)
    year.applies_to_version = "0.1"
    year.save()
    assert year.pk not in set(stale_value_ids())
    assert not year.is_stale()
    row = client.get("/compare/django-vs-flask/").context["comparison"]
    cells = [
        c for g in row.groups for r in g.rows if r.trait.slug == "first-release" for c in r.cells
    ]
    assert cells and not any(c.evidence.stale for c in cells)


def test_the_health_page_counts_missing_unknown_and_unsourced(client, editor):
    framework = make_framework(slug="sparse", name="Sparse")
    make_value(framework, Trait.objects.get(slug="orm"), None, note="Nobody knows.")
    client.force_login(editor)
    rows = {
        r["framework"].slug: r
        for r in client.get(reverse("admin:catalogue_health")).context["rows"]
    }
    assert rows["sparse"]["unknown"] == 1
    assert rows["sparse"]["missing"] == Trait.objects.count() - 1


# --- Content round-trip ---------------------------------------------------------------


def test_the_shipped_files_are_exactly_what_dump_writes(tmp_path):
    dump_catalogue(tmp_path)
    for path in tmp_path.rglob("*.yaml"):
        shipped = DATA_DIR / path.relative_to(tmp_path)
        assert path.read_text() == shipped.read_text(), shipped


def test_dump_load_into_an_empty_database_dump_gives_identical_files(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    value.note = "Edited in the admin:\nwith a second line, and “quotes”."
    value.save()
    dump_catalogue(first)
    for model in (TraitValue, Scenario, Framework, Trait):
        model.objects.all().delete()
    load_catalogue(first)
    dump_catalogue(second)
    for path in first.rglob("*.yaml"):
        assert path.read_text() == (second / path.relative_to(first)).read_text(), path


def test_restoring_from_a_dump_brings_back_deleted_content(tmp_path):
    dump_catalogue(tmp_path)
    Framework.objects.filter(slug="flask").delete()
    load_catalogue(tmp_path)
    assert Framework.objects.get(slug="flask").values.count() == Trait.objects.count()


@pytest.fixture
def address_limit(settings):
    """A small address limit (and fast hashing) keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    return 8


def test_one_address_trying_many_usernames_is_locked_out(client, address_limit, editor):
    url = reverse("admin:login")
    # Two tries on each of four usernames: no pair reaches its limit of five...
    for name in ["ann", "bob", "cat", "dan"]:
        for _ in range(2):
            response = client.post(url, {"username": name, "password": "guess"})
    # ...but eight failures from one address lock the address, for every username.
    assert response.status_code == 429
    response = client.post(url, {"username": "edna", "password": "pw-edna-123"})
    assert response.status_code == 429
    assert "Too many logins from this address failed" in response.content.decode()


def test_an_address_below_its_limit_still_logs_in(client, address_limit, editor):
    url = reverse("admin:login")
    for i in range(address_limit - 1):
        client.post(url, {"username": f"user{i}", "password": "guess"})
    response = client.post(url, {"username": "edna", "password": "pw-edna-123"})
    assert response.status_code == 302


def test_another_address_is_not_locked_by_a_stuffing_address(client, address_limit, editor):
    url = reverse("admin:login")
    for i in range(address_limit):
        client.post(url, {"username": f"user{i}", "password": "guess"})
    other = Client(REMOTE_ADDR="203.0.113.7")
    response = other.post(url, {"username": "edna", "password": "pw-edna-123"})
    assert response.status_code == 302


def test_a_successful_login_does_not_clear_the_address_count(client, address_limit, editor):
    url = reverse("admin:login")
    for i in range(address_limit - 1):
        client.post(url, {"username": f"user{i}", "password": "guess"})
    assert client.post(url, {"username": "edna", "password": "pw-edna-123"}).status_code == 302
    client.logout()
    assert client.post(url, {"username": "zed", "password": "guess"}).status_code == 429

def test_a_login_and_a_save_in_the_admin_tell_the_editors_browser_to_drop_its_cache(
    client, editor
):
    login = client.post("/admin/login/", {"username": "edna", "password": "pw-edna-123"})
    assert login.status_code == 302
    assert login["Clear-Site-Data"] == '"cache"'
    bottle = Framework.objects.get(slug="bottle")
    data = change_form_data(client, bottle)
    data["summary"] = "A summary saved in the admin."
    saved = client.post(reverse("admin:catalogue_framework_change", args=[bottle.pk]), data)
    assert saved.status_code == 302
    assert saved["Clear-Site-Data"] == '"cache"'


def test_public_pages_never_clear_the_browser_cache(client):
    assert not client.get("/frameworks/bottle/").has_header("Clear-Site-Data")
