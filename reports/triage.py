"""Closing a report, exactly once: every verdict is a conditional update from
"pending", so when two editors act on the same report the second changes
nothing and is told who was first."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from reports.models import Report, ReportStatus

VERBS = {
    ReportStatus.ACCEPTED: "accepted",
    ReportStatus.REJECTED: "rejected",
    ReportStatus.DUPLICATE: "marked as a duplicate",
    ReportStatus.PENDING: "still pending",
}


class ReportClosed(Exception):
    """The report was closed by someone else meanwhile."""


def close(
    report: Report,
    status: str,
    user: Any,
    reason: str = "",
    duplicate_of: Report | None = None,
) -> bool:
    """Close a pending report (and forget its contact address); False when it was
    no longer pending."""
    updated = Report.objects.filter(pk=report.pk, status=ReportStatus.PENDING).update(
        status=status,
        reason=reason,
        duplicate_of=duplicate_of,
        closed_at=timezone.now(),
        closed_by=user,
        email="",
    )
    return bool(updated)


def closed_message(report: Report | None) -> str:
    """What a second editor is told."""
    if report is None:
        return "That report no longer exists; nothing was changed."
    who = report.closed_by.get_username() if report.closed_by else "another editor"
    when = f" at {report.closed_at:%H:%M:%S} UTC" if report.closed_at else ""
    verb = VERBS.get(report.status, report.status)
    return f"Report #{report.pk} was already {verb} by {who}{when}; nothing was changed by you."


def current(report: Report) -> Report | None:
    return Report.objects.select_related("closed_by").filter(pk=report.pk).first()
