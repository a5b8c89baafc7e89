"""Reporting a value: the form (a page, or a fragment opened in place with htmx),
the confirmation with the reporter's status link, and that status page.

None of these pages goes through the page cache: the form carries a CSRF token
and a fresh fill-time stamp, and a status page belongs to one reporter."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from catalogue.errors import error_page
from catalogue.models import Framework, Trait, TraitValue
from reports import limits
from reports.forms import ReportForm, bot_reason
from reports.models import Report, ReportStatus
from web.methods import require_safe
from web.origin import absolute_url

logger = logging.getLogger(__name__)

REFUSED = {
    "honeypot": "This report could not be accepted: a box meant to stay empty was filled in.",
    "too-fast": "This report was sent a moment too quickly after the form opened, as "
    "scripts do. Check it and send it again.",
    "no-stamp": "This form has expired or did not come from this site. Check what you "
    "typed and send it again.",
}
NOT_INDEXED = "noindex, nofollow"


def _fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = NOT_INDEXED
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def report_value(request: HttpRequest, framework: str, trait: str) -> HttpResponse:
    """GET: the form for one framework's value of one trait. POST: the report, saved
    and answered with the confirmation (a redirect to it, Post/Redirect/Get), or
    the form again with every input kept and what to fix."""
    if request.method == "POST":
        # The cheap refusals first, before anything is read for the form: a flood
        # from one address costs one indexed count per request, a honeypot hit none.
        sender = limits.sender_key(request)
        wait = limits.refused_for(sender)  # a sender refused before: no query at all
        if wait:
            return _too_many(request, sender, wait)
        if limits.over_limit(sender):
            return _too_many(request, sender)
        if bot_reason(request.POST) == "honeypot":
            logger.info("report refused (honeypot) on %s/%s", framework[:40], trait[:40])
            return error_page(request, 400, "Report not accepted", REFUSED["honeypot"])
    fw = Framework.objects.published().filter(slug=framework).only("pk", "slug", "name").first()
    tr = Trait.objects.filter(slug=trait).first()
    if fw is None or tr is None:
        return error_page(
            request,
            404,
            "Nothing to report here",
            f"There is no published framework “{framework}” with a trait “{trait}”.",
            back_url=reverse("catalogue:framework_list"),
            back_label="Browse the frameworks",
            fragment=_fragment(request),
        )
    value = TraitValue.objects.filter(framework=fw, trait=tr).select_related("trait").first()
    if request.method != "POST":
        return _form_page(request, fw, tr, value, ReportForm(trait=tr))

    form = ReportForm(request.POST, trait=tr)
    refused = bot_reason(request.POST)
    if refused:
        logger.info("report refused (%s) on %s/%s", refused, fw.slug, tr.slug)
        form.fresh_start()
        form.add_error(None, REFUSED[refused])
        return _form_page(request, fw, tr, value, form, status=400)
    if not form.is_valid():
        return _form_page(request, fw, tr, value, form, status=400)
    try:
        report = _save(sender, fw, tr, value, form.cleaned_data)
    except DatabaseError:
        logger.exception("saving a report failed")
        form.add_error(
            None,
            "Your report could not be saved just now. Everything you typed is kept "
            "below: please send it again in a minute.",
        )
        return _form_page(request, fw, tr, value, form, status=503)
    if report is None:
        return _too_many(request, sender)
    if _fragment(request):
        return _sent_page(request, report, fragment=True)
    response = redirect("reports:sent", token=report.token)
    response.status_code = 303  # See Other: reloading the confirmation never posts again
    return response


# Read by web.methods before CSRF: a PUT or DELETE is a 405 naming these, not a 403.
report_value.allowed_methods = ("GET", "HEAD", "POST")  # type: ignore[attr-defined]


def _save(sender, framework, trait, value, data) -> Report | None:  # type: ignore[no-untyped-def]
    """The report, saved; None when the sender reached the limit meanwhile."""
    with transaction.atomic():
        limits.lock_sender(sender)
        if limits.over_limit(sender):
            return None
        return Report.objects.create(
            framework=framework,
            trait=trait,
            value_shown=value.display if value else "No value yet",
            source_shown=value.source_url if value else "",
            problem=data["problem"],
            suggested_value=data["suggested_value"],
            source_url=data["source_url"],
            explanation=data["explanation"],
            email=data["email"],
            sender=sender,
            created_at=timezone.now(),
        )


def _form_page(request, framework, trait, value, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
    context = {
        "framework": framework,
        "trait": trait,
        "value": value,
        "form": form,
        "action": reverse("reports:report", args=[framework.slug, trait.slug]),
        "form_id": f"report-{framework.slug}-{trait.slug}",
    }
    template = "reports/report_form.html"
    if _fragment(request):
        template += "#report-form"
    return _private(render(request, template, context, status=status))


# The 429 page's body, by (minutes to wait, fragment): it is the answer a flood of
# refused reports gets, so it is rendered once per process rather than once a request
# (a render costs ~10 ms of CPU, the rest of a refusal about 1 ms). About 120 keys.
_REFUSALS: dict[tuple[int, int, bool], bytes] = {}


def _too_many(request: HttpRequest, sender: str, wait: int = 0) -> HttpResponse:
    """The 429 page. `wait`: seconds until the sender may send again, when known
    (from the cache); otherwise counted, and remembered for the next refusals."""
    if not wait:
        wait = limits.retry_after(sender)
        limits.remember_refusal(sender, wait)
    minutes = max(1, (wait + 59) // 60)
    fragment = _fragment(request)
    key = (settings.REPORTS_PER_HOUR, minutes, fragment)
    body = _REFUSALS.get(key)
    if body is None:
        body = error_page(
            request,
            429,
            "Too many reports",
            f"This address has sent {settings.REPORTS_PER_HOUR} reports in the last hour, "
            f"the most we take. Thank you for them; you can send another in about "
            f"{minutes} minute(s).",
            back_url="/",
            back_label="Go to the home page",
            fragment=fragment,
        ).content
        _REFUSALS[key] = body
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(wait or 3600)
    _log_refusal(response)
    return _private(response)


# Django logs every 4xx as a warning: a flood of refusals would write a line each
# (and cost the worker the write). One line a minute per process says how many.
_REFUSAL_LOG = {"since": 0.0, "count": 0}


def _log_refusal(response: HttpResponse) -> None:
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by django.utils.log
    now = time.monotonic()
    _REFUSAL_LOG["count"] += 1
    if now - _REFUSAL_LOG["since"] >= 60:
        logger.warning(
            "Too Many Requests: %d report(s) refused by the hourly limit in this process "
            "since the last such line",
            _REFUSAL_LOG["count"],
        )
        _REFUSAL_LOG.update(since=now, count=0)


def _sent_page(request: HttpRequest, report: Report, fragment: bool = False) -> HttpResponse:
    context = {"report": report, "status_url": absolute_url(report.get_absolute_url())}
    template = "reports/sent.html#report-sent" if fragment else "reports/sent.html"
    return _private(render(request, template, context))


def _report_or_404(token: str) -> Report:
    return get_object_or_404(
        Report.objects.select_related("framework", "trait", "duplicate_of"), token=token[:64]
    )


@require_safe
@never_cache
def report_sent(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation after a report: thanks, and the status link to keep."""
    return _sent_page(request, _report_or_404(token))


@require_safe
@never_cache
def report_status(request: HttpRequest, token: str) -> HttpResponse:
    """What happened to a report: its status and the editor's reason; no contact
    address, ever."""
    report = _report_or_404(token)
    value = (
        TraitValue.objects.filter(framework=report.framework, trait=report.trait)
        .select_related("trait")
        .first()
    )
    context = {
        "report": report,
        "value": value,
        "accepted": report.status == ReportStatus.ACCEPTED,
        "changes_url": reverse("catalogue:changes") + f"?framework={report.framework.slug}",
    }
    return _private(render(request, "reports/status.html", context))
