"""The editors' dashboard line: how many reports wait, and for how long."""

from __future__ import annotations

from django import template
from django.utils import timezone

from reports.models import Report

register = template.Library()


@register.inclusion_tag("admin/reports/_pending.html", takes_context=True)
def pending_reports(context: template.Context) -> dict:
    oldest = Report.objects.pending().order_by("created_at").values_list("created_at", flat=True)
    first = oldest.first()
    return {
        "pending": Report.objects.pending().count(),
        "oldest": first,
        "age": timezone.now() - first if first else None,
        "perms": context.get("perms"),
    }
