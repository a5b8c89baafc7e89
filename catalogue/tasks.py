"""Background tasks (django.tasks, stored by django-tasks-db, run by `manage.py
db_worker`).

The package-index refresh runs daily: each scheduled run first queues the next one
(so a failing run does not break the chain), and `manage.py
schedule_registry_refresh` queues the first one if none is waiting.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone

from catalogue.registry.refresh import refresh

DAILY_AT = datetime.time(3, 0, tzinfo=datetime.UTC)


@task()
def refresh_registry_task(slugs: list[str] | None = None, trigger: str = "task") -> dict[str, Any]:
    if trigger == "daily":
        schedule_daily_refresh(after_run=True)
    run = refresh(slugs or None, trigger=trigger)
    outcomes = list(run.outcomes.all())
    return {
        "refresh": run.pk,
        "changed": run.changed,
        "ok": sum(o.ok for o in outcomes),
        "failed": [o.package for o in outcomes if not o.ok],
    }


def next_daily_run(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    run = datetime.datetime.combine(now.date(), DAILY_AT)
    return run if run > now else run + datetime.timedelta(days=1)


def schedule_daily_refresh(after_run: bool = False) -> datetime.datetime | None:
    """Queue the next daily refresh unless one is waiting already; returns when it
    runs, or None when the configured backend cannot run tasks later."""
    if not default_task_backend.supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=refresh_registry_task.module_path,
        args_kwargs__kwargs__trigger="daily",
    )
    if not after_run and waiting.exists():
        return waiting.order_by("run_after").values_list("run_after", flat=True).first()
    when = next_daily_run()
    refresh_registry_task.using(run_after=when).enqueue(trigger="daily")
    return when
