"""The Nu HTML checker finds no errors on the report pages: the form (as shown, and
refused with errors), the confirmation, the status page, the 429 page, and the
editors' queue and triage page. (The value's own admin form, which accepting opens,
is the catalogue's: its required autocomplete selects are flagged by vnu there
with or without a report.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import Report, ReportStatus
from tests.reports.helpers import send
from tests.test_html_validity import _errors, _report, _vnu_command

pytestmark = pytest.mark.django_db


def test_the_report_pages_have_no_html_errors(client, editor, tmp_path, settings):
    _vnu_command()
    settings.REPORTS_PER_HOUR = 2
    pages = {}
    pages["form"] = client.get("/report/flask/orm/").content.decode()
    refused = send(client, suggested_value="nope", explanation="<b>kept</b>")
    assert refused.status_code == 400
    pages["form-errors"] = refused.content.decode()
    sent = send(client, suggested_value="built-in", explanation="Line one.\nLine two.")
    report = Report.objects.get()
    pages["sent"] = client.get(sent["Location"]).content.decode()
    pages["status-pending"] = client.get(f"/reports/{report.token}/").content.decode()
    send(client)
    too_many = send(client)
    assert too_many.status_code == 429
    pages["too-many-429"] = too_many.content.decode()

    staff = Client()
    staff.force_login(editor)
    admin_pages = {
        "admin-queue": reverse("admin:reports_report_changelist"),
        "admin-triage": reverse("admin:reports_report_triage", args=[report.pk]),
        "admin-index-reports": reverse("admin:index"),
    }
    for name, path in admin_pages.items():
        response = staff.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.REJECTED, reason="Not <so>.", email=""
    )
    pages["status-rejected"] = client.get(f"/reports/{report.token}/").content.decode()
    errors = {name: found for name, found in _errors(pages, tmp_path).items() if found}
    assert errors == {}, _report(errors)
