"""The editors' triage queue: pending reports oldest first, each beside the value it
concerns and that value's history; accept (through the value's own edit form,
prefilled from the report), reject with a reason, or mark as a duplicate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from catalogue import history
from catalogue.admin import TraitValueAdmin
from catalogue.models import Origin, TraitValue
from reports import triage
from reports.models import Report, ReportStatus

REASON_MAX = 1000


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on what waits: pending reports."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*ReportStatus.choices, ("all", "All")]

    def choices(self, changelist: Any):  # type: ignore[no-untyped-def]
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or ReportStatus.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or ReportStatus.PENDING
        if value == "all":
            return queryset
        if value not in ReportStatus.values:
            return queryset.none()
        return queryset.filter(status=value)


def _plain(text: str, limit: int = 80) -> str:
    return Truncator(text).chars(limit) if text else "—"


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "triage_link",
        "sent",
        "framework",
        "trait",
        "value_now",
        "problem",
        "suggestion",
        "explanation_start",
        "status",
    )
    list_display_links = None
    list_filter = (StatusFilter, "problem", "framework")
    list_select_related = ("framework", "trait")
    search_fields = ("framework__name", "trait__name", "explanation", "suggested_value")
    ordering = ("created_at", "pk")
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from visitors

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/triage/", view(self.triage_view), name="reports_report_triage"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        # A report is triaged, never edited as a form: its one page is the triage page.
        if not str(object_id).isdigit():
            return super().change_view(request, object_id, *args, **kwargs)
        return redirect("admin:reports_report_triage", pk=int(object_id))

    def get_changelist_instance(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        changelist = super().get_changelist_instance(request)
        pairs = {(r.framework_id, r.trait_id) for r in changelist.result_list}
        frameworks = {f for f, _ in pairs}
        self._values = {
            (v.framework_id, v.trait_id): v
            for v in TraitValue.objects.filter(framework_id__in=frameworks).select_related("trait")
            if (v.framework_id, v.trait_id) in pairs
        }
        return changelist

    @admin.display(description="Report")
    def triage_link(self, obj: Report) -> str:
        url = reverse("admin:reports_report_triage", args=[obj.pk])
        return format_html('<a href="{}">#{} triage</a>', url, obj.pk)

    @admin.display(description="Sent", ordering="created_at")
    def sent(self, obj: Report) -> str:
        return format_html(
            '<time datetime="{}">{}</time>',
            f"{obj.created_at:%Y-%m-%dT%H:%M:%SZ}",
            f"{obj.created_at:%Y-%m-%d %H:%M}",
        )

    @admin.display(description="Value now")
    def value_now(self, obj: Report) -> str:
        value = getattr(self, "_values", {}).get((obj.framework_id, obj.trait_id))
        return value.display if value else "no value"

    @admin.display(description="Suggested")
    def suggestion(self, obj: Report) -> str:
        return _plain(obj.suggested_value, 40)

    @admin.display(description="Explanation")
    def explanation_start(self, obj: Report) -> str:
        return _plain(obj.explanation)

    # --- the triage page ---------------------------------------------------------

    def triage_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(
            Report.objects.select_related("framework", "trait", "closed_by", "duplicate_of"), pk=pk
        )
        action = request.POST.get("action")
        reject = RejectForm(request.POST if action == "reject" else None, prefix="reject")
        duplicate = DuplicateForm(
            request.POST if action == "duplicate" else None, report=report, prefix="duplicate"
        )
        if request.method == "POST":
            if not self.has_change_permission(request, report):
                raise PermissionDenied
            done = _act(request, report, reject, duplicate)
            if done is not None:
                return done
        value = (
            TraitValue.objects.filter(framework=report.framework, trait=report.trait)
            .select_related("trait", "framework")
            .first()
        )
        changes = []
        if value is not None:
            records = list(history.value_history([report.framework_id]).filter(id=value.pk)[:20])
            changes = history.value_changes(records)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Report #{report.pk}: {report.framework.name} · {report.trait.name}",
            "opts": self.opts,
            "report": report,
            "value": value,
            "changes": changes,
            "accept_url": _accept_url(report, value),
            "fetched": value is not None and value.origin == Origin.FETCHED,
            "reject_form": reject,
            "duplicate_form": duplicate,
            "can_change": self.has_change_permission(request, report),
            "others": Report.objects.filter(framework=report.framework, trait=report.trait)
            .exclude(pk=report.pk)
            .order_by("created_at")[:20],
        }
        return render(request, "admin/reports/triage.html", context)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason (shown to the reporter)",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


class DuplicateForm(forms.Form):
    duplicate_of = forms.ModelChoiceField(
        label="Duplicate of", queryset=Report.objects.none(), empty_label="(choose a report)"
    )
    reason = forms.CharField(
        label="Note for the reporter (optional)",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 1, "cols": 60}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["duplicate_of"]
        field.queryset = Report.objects.filter(
            framework_id=report.framework_id, trait_id=report.trait_id
        ).exclude(pk=report.pk)
        field.label_from_instance = lambda r: (
            f"#{r.pk}, sent {r.created_at:%Y-%m-%d}, {triage.VERBS[r.status]}"
        )


def _act(request: HttpRequest, report: Report, reject: RejectForm, duplicate: DuplicateForm):  # type: ignore[no-untyped-def]
    queue = reverse("admin:reports_report_changelist")
    action = request.POST.get("action")
    if action == "reject" and reject.is_valid():
        if triage.close(report, ReportStatus.REJECTED, request.user, reject.cleaned_data["reason"]):
            messages.success(
                request, f"Report #{report.pk} rejected; the reporter sees your reason."
            )
            return redirect(queue)
    elif action == "duplicate" and duplicate.is_valid():
        data = duplicate.cleaned_data
        if triage.close(
            report, ReportStatus.DUPLICATE, request.user, data["reason"], data["duplicate_of"]
        ):
            messages.success(request, f"Report #{report.pk} marked as a duplicate.")
            return redirect(queue)
    elif action not in ("reject", "duplicate"):
        messages.error(request, "Choose reject or duplicate.")
        return None
    else:
        return None  # the form shows what to fix
    messages.error(request, triage.closed_message(triage.current(report)))
    return redirect("admin:reports_report_triage", pk=report.pk)


def _accept_url(report: Report, value: TraitValue | None) -> str | None:
    """The value's own edit form, prefilled from the report (None: not editable here)."""
    if value is None:
        return (
            reverse("admin:catalogue_traitvalue_add")
            + f"?framework={report.framework_id}&trait={report.trait_id}&report={report.pk}"
        )
    if value.origin == Origin.FETCHED:
        return None
    return reverse("admin:catalogue_traitvalue_change", args=[value.pk]) + f"?report={report.pk}"


# --- Accepting: the value's own edit form, prefilled, recording the report ---------


def _prefilled(base: type[forms.ModelForm], report: Report) -> type[forms.ModelForm]:
    class FromReport(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                if report.suggested_value:
                    self.initial["value"] = report.suggested_value
                if report.source_url:
                    self.initial["source_url"] = report.source_url
                self.initial["verified_on"] = timezone.localdate()

        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            now = triage.current(report)
            if now is None or not now.is_pending:
                raise ValidationError(triage.closed_message(now))
            return cleaned

    return FromReport


class ReportAwareTraitValueAdmin(TraitValueAdmin):
    """The trait value admin, able to accept a report: `?report=<id>` on its add or
    change page prefills the form from the report; saving it closes the report as
    accepted (once: a second editor's save is refused) and the value's history
    record names the report."""

    def _report(self, request: HttpRequest) -> Report | None:
        raw = request.GET.get("report", "")
        if not raw.isdigit():
            return None
        return (
            Report.objects.select_related("framework", "trait", "closed_by")
            .filter(pk=int(raw))
            .first()
        )

    def changeform_view(  # type: ignore[no-untyped-def]
        self, request: HttpRequest, object_id: str | None = None, *args: Any, **kwargs: Any
    ):
        if "report" not in request.GET:
            return super().changeform_view(request, object_id, *args, **kwargs)
        report = self._report(request)
        if report is None:
            messages.error(request, "There is no such report.")
            return redirect("admin:reports_report_changelist")
        if not request.user.has_perm("reports.change_report"):
            raise PermissionDenied
        triage_url = reverse("admin:reports_report_triage", args=[report.pk])
        if not report.is_pending:
            messages.error(request, triage.closed_message(report))
            return redirect(triage_url)
        if (
            object_id is not None
            and not TraitValue.objects.filter(
                pk=object_id if str(object_id).isdigit() else 0,
                framework_id=report.framework_id,
                trait_id=report.trait_id,
            ).exists()
        ):
            messages.error(request, f"Report #{report.pk} is about another value.")
            return redirect(triage_url)
        if request.method == "GET":
            messages.info(
                request,
                f"Accepting report #{report.pk} on {report.framework.name} · "
                f"{report.trait.name}: the form is prefilled with its suggestion. Check it "
                "against the source and save; the value's history will name the report.",
            )
        request.accepting_report = report  # type: ignore[attr-defined]
        try:
            return super().changeform_view(request, object_id, *args, **kwargs)
        except triage.ReportClosed:
            messages.error(request, triage.closed_message(triage.current(report)))
            return redirect(triage_url)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)
        report = getattr(request, "accepting_report", None)
        return _prefilled(form, report) if report is not None else form

    def save_model(self, request: HttpRequest, obj: TraitValue, form: Any, change: bool) -> None:
        report = getattr(request, "accepting_report", None)
        if report is not None:
            # Inside the admin's transaction: if the value's save fails, the
            # report stays pending; if another editor closed it first, nothing saves.
            if not triage.close(report, ReportStatus.ACCEPTED, request.user):
                raise triage.ReportClosed
            obj._change_reason = report.change_reason
        super().save_model(request, obj, form, change)
        if report is not None:
            record = obj.history.order_by("-history_date", "-history_id").first()
            Report.objects.filter(pk=report.pk).update(change_id=record.history_id)

    def _accepted(self, request: HttpRequest, obj: TraitValue) -> HttpResponse:
        report = request.accepting_report  # type: ignore[attr-defined]
        messages.success(
            request,
            f"Report #{report.pk} accepted: {obj.framework} · {obj.trait} is now "
            f"{obj.display}, and its history names the report.",
        )
        return redirect("admin:reports_report_changelist")

    def response_change(self, request: HttpRequest, obj: TraitValue) -> HttpResponse:
        if getattr(request, "accepting_report", None) is not None:
            return self._accepted(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request: HttpRequest, obj: TraitValue, *args: Any) -> HttpResponse:
        if getattr(request, "accepting_report", None) is not None:
            return self._accepted(request, obj)
        return super().response_add(request, obj, *args)


admin.site.unregister(TraitValue)
admin.site.register(TraitValue, ReportAwareTraitValueAdmin)
