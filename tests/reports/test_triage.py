"""Editors triage reports in the admin: the queue, accept through the value's own
edit form, reject with a reason, mark as a duplicate; and two editors at once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue.models import TraitValue
from reports.models import Report, ReportStatus
from tests.reports.helpers import send

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>\u202eevil'


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _report(client: Client, **fields) -> Report:  # type: ignore[no-untyped-def]
    before = set(Report.objects.values_list("pk", flat=True))
    response = send(client, **fields)
    assert response.status_code == 303, response.content.decode()[:500]
    return Report.objects.exclude(pk__in=before).get()


def _form_data(response) -> dict:  # type: ignore[no-untyped-def]
    """The admin change form as the browser would submit it, as shown."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return data


@pytest.fixture
def reporter() -> Client:
    return Client()


@pytest.fixture
def second_editor(db):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from catalogue.permissions import EDITORS_GROUP

    user = get_user_model().objects.create_user("eddie", password="pw-eddie-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def test_the_queue_lists_pending_reports_oldest_first_beside_the_value(editor, reporter):
    _report(reporter, framework="django", explanation="Newer one.")
    older = _report(reporter, framework="flask", explanation="Older one.")
    Report.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    closed = _report(reporter, framework="bottle", explanation="Closed one.")
    Report.objects.filter(pk=closed.pk).update(status=ReportStatus.REJECTED, reason="no")
    html = _client(editor).get(reverse("admin:reports_report_changelist")).content.decode()
    assert html.index("Older one.") < html.index("Newer one.")
    assert "Closed one." not in html
    flask_orm = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    assert flask_orm.display in html


def test_the_triage_page_shows_the_value_and_its_history(editor, reporter):
    report = _report(reporter)
    html = _client(editor).get(reverse("admin:reports_report_triage", args=[report.pk]))
    html = html.content.decode()
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    assert value.display in html and value.source_url in html
    assert "Its history" in html
    assert f"?report={report.pk}" in html  # accept opens the value's own form


def test_hostile_input_is_escaped_in_the_admin(editor, reporter):
    report = _report(
        reporter, explanation=HOSTILE, source_url="https://example.org/?q=<b>", email=""
    )
    client = _client(editor)
    for url in (
        reverse("admin:reports_report_changelist"),
        reverse("admin:reports_report_triage", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert '<script>alert("x")' not in html
        assert "&lt;script&gt;" in html
        assert "\u202e" not in html


def test_rejecting_with_a_reason_closes_the_report_and_forgets_the_contact(editor, reporter):
    report = _report(reporter, email="reporter@example.org")
    response = _client(editor).post(
        reverse("admin:reports_report_triage", args=[report.pk]),
        {"action": "reject", "reject-reason": "The linked page shows <b>no</b> ORM."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    assert report.email == ""
    status = reporter.get(f"/reports/{report.token}/").content.decode()
    assert "Rejected" in status
    assert "The linked page shows &lt;b&gt;no&lt;/b&gt; ORM." in status


def test_a_rejection_needs_a_reason(editor, reporter):
    report = _report(reporter)
    response = _client(editor).post(
        reverse("admin:reports_report_triage", args=[report.pk]), {"action": "reject"}
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.is_pending


def test_marking_a_duplicate_points_at_the_other_report(editor, reporter):
    first = _report(reporter)
    second = _report(reporter, email="x@example.org")
    _client(editor).post(
        reverse("admin:reports_report_triage", args=[second.pk]),
        {"action": "duplicate", "duplicate-duplicate_of": first.pk, "duplicate-reason": ""},
    )
    second.refresh_from_db()
    assert second.status == ReportStatus.DUPLICATE
    assert second.duplicate_of == first
    assert second.email == ""
    assert "duplicate" in reporter.get(f"/reports/{second.token}/").content.decode()


def test_two_editors_rejecting_the_same_report_the_second_is_told_and_changes_nothing(
    editor, second_editor, reporter
):
    report = _report(reporter)
    url = reverse("admin:reports_report_triage", args=[report.pk])
    _client(editor).post(url, {"action": "reject", "reject-reason": "First reason."})
    late = _client(second_editor)
    response = late.post(url, {"action": "reject", "reject-reason": "Second reason."}, follow=True)
    html = response.content.decode()
    assert "already rejected by edna" in html
    report.refresh_from_db()
    assert report.reason == "First reason."
    assert report.closed_by == editor


def test_accept_opens_the_values_edit_form_prefilled_with_the_suggestion(editor, reporter):
    report = _report(reporter, suggested_value="built-in", source_url="https://flask.example/orm")
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk]) + f"?report={report.pk}"
    response = _client(editor).get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["value"].value() == "built-in"
    assert form["source_url"].value() == "https://flask.example/orm"
    assert f"Accepting report #{report.pk}" in response.content.decode()


def test_accepting_saves_the_value_with_history_naming_the_report(editor, reporter):
    report = _report(reporter, suggested_value="built-in", email="me@example.org")
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    client = _client(editor)
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk]) + f"?report={report.pk}"
    data = _form_data(client.get(url))
    data["note"] = data.get("note") or "Accepted from a report."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    value.refresh_from_db()
    assert value.display == "Built-in"
    record = value.history.order_by("-history_date").first()
    assert record.history_change_reason == f"Visitor report #{report.pk}"
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.change_id == record.history_id
    assert report.email == ""
    changes = reporter.get("/changes/?framework=flask").content.decode()
    assert f"Visitor report #{report.pk}" in changes
    status = reporter.get(f"/reports/{report.token}/").content.decode()
    assert "Accepted" in status and "Built-in" in status


def test_two_editors_accepting_the_same_report_make_one_change(editor, second_editor, reporter):
    report = _report(reporter, suggested_value="built-in")
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk]) + f"?report={report.pk}"
    first, second = _client(editor), _client(second_editor)
    first_data, second_data = _form_data(first.get(url)), _form_data(second.get(url))
    before = value.history.count()
    first_data["note"] = second_data["note"] = "From the report."
    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data, follow=True)
    assert "already accepted by edna" in response.content.decode()
    assert value.history.count() == before + 1
    report.refresh_from_db()
    assert report.closed_by == editor


def test_a_report_rejected_meanwhile_cannot_be_accepted(editor, second_editor, reporter):
    report = _report(reporter, suggested_value="built-in")
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    url = reverse("admin:catalogue_traitvalue_change", args=[value.pk]) + f"?report={report.pk}"
    accepting = _client(editor)
    data = _form_data(accepting.get(url))
    _client(second_editor).post(
        reverse("admin:reports_report_triage", args=[report.pk]),
        {"action": "reject", "reject-reason": "Not so."},
    )
    before = value.history.count()
    response = accepting.post(url, data, follow=True)
    assert "already rejected by eddie" in response.content.decode()
    assert value.history.count() == before
    value.refresh_from_db()
    assert value.display != "Built-in"


def test_the_admin_home_and_the_health_page_show_pending_reports_and_the_oldest_age(
    editor, reporter
):
    report = _report(reporter)
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    _report(reporter)
    client = _client(editor)
    for url in (reverse("admin:index"), reverse("admin:catalogue_health")):
        html = client.get(url).content.decode()
        assert "2 pending" in html, url
        assert "3\xa0days" in html, url


def test_only_editors_triage(editor, other_staff, reporter):
    report = _report(reporter)
    url = reverse("admin:reports_report_triage", args=[report.pk])
    assert _client(editor).get(url).status_code == 200
    assert _client(other_staff).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert (
        _client(other_staff).post(url, {"action": "reject", "reject-reason": "x"}).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.is_pending
