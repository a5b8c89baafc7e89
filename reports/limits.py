"""At most REPORTS_PER_HOUR reports from one address in any hour, counted in the
database so the limit holds across every app server and worker.

Once an address is over the limit, the time it may send again is kept in the
cache (shared by every worker in production), so each further refusal costs one
cache read and no query: a flood of refused reports is cheaper than a page view."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from reports.models import Report, ReportSender

WINDOW = datetime.timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The sender's address: the connection's, or behind our own proxy
    (BEHIND_PROXY) the one that proxy appended last to X-Forwarded-For, which a
    client cannot forge (the first entries it can)."""
    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def sender_key(request: HttpRequest) -> str:
    """A keyed hash of the address: enough to count, never the address itself."""
    key = f"reports-sender:{settings.SECRET_KEY}".encode()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()


def recent(sender: str, now: datetime.datetime | None = None) -> int:
    since = (now or timezone.now()) - WINDOW
    return Report.objects.filter(sender=sender, created_at__gt=since).count()


def over_limit(sender: str) -> bool:
    return recent(sender) >= settings.REPORTS_PER_HOUR


def retry_after(sender: str) -> int:
    """Seconds until the oldest report of the last hour leaves the window."""
    now = timezone.now()
    oldest = (
        Report.objects.filter(sender=sender, created_at__gt=now - WINDOW)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return 0
    return max(1, int((oldest + WINDOW - now).total_seconds()) + 1)


def lock_sender(sender: str) -> None:
    """Inside a transaction: hold this sender's row until it ends (an UPDATE takes
    the row lock on PostgreSQL; on SQLite, the write lock)."""
    now = timezone.now()
    if not ReportSender.objects.filter(sender=sender).update(last_at=now):
        ReportSender.objects.get_or_create(sender=sender, defaults={"last_at": now})
        ReportSender.objects.filter(sender=sender).update(last_at=now)


def _refused_key(sender: str) -> str:
    # The limit is part of the key: a changed limit is never answered from an old entry.
    return f"reports-refused:{settings.REPORTS_PER_HOUR}:{sender}"


def refused_for(sender: str) -> int:
    """Seconds this sender must still wait, as last counted (0: not known to be
    over the limit; then the database decides). One cache read, no query."""
    try:
        until = cache.get(_refused_key(sender))
    except Exception:  # a cache outage only costs the query
        return 0
    if until is None:
        return 0
    return max(0, int(until - time.time()) + 1) if until > time.time() else 0


def remember_refusal(sender: str, wait: int) -> None:
    """Keep, until the sender may send again, that it may not: while its oldest
    report of the hour is inside the window, the count cannot fall below the limit
    (reports are only removed by an editor, and a removed one is forgiven late)."""
    if wait <= 0:
        return
    try:
        cache.set(_refused_key(sender), time.time() + wait, timeout=wait)
    except Exception:  # the database still counts
        return
