"""Visitors' reports of a wrong or outdated value, and the editors' verdict on each.

Reports live in the database (and its backups), never in the catalogue dump: they
are what visitors said, not what the catalogue claims."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalogue.bidi import StrippingModel, StrippingQuerySet
from catalogue.models import Framework, Trait


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Problem(models.TextChoices):
    WRONG = "wrong", "The value is wrong"
    OUTDATED = "outdated", "The value is out of date"
    SOURCE = "source", "The source does not show it"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    ACCEPTED = "accepted", "Accepted: the value was corrected"
    REJECTED = "rejected", "Rejected"
    DUPLICATE = "duplicate", "A duplicate of another report"


class ReportQuerySet(StrippingQuerySet):
    def pending(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.PENDING)


class Report(models.Model):
    """One visitor's report on one framework's value of one trait."""

    # The reporter's status link: unguessable, the only way to read a report publicly.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="reports")
    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, related_name="reports")
    # What the visitor saw when reporting (the value may change afterwards).
    value_shown = models.CharField(max_length=200, blank=True)
    source_shown = models.CharField(max_length=500, blank=True)
    problem = models.CharField(max_length=10, choices=Problem.choices)
    suggested_value = models.CharField(
        max_length=200, blank=True, help_text="As an editor types it in the value box."
    )
    source_url = models.CharField("source for it", max_length=500, blank=True)
    explanation = models.TextField(blank=True)
    # Never shown publicly; deleted when the report is closed.
    email = models.EmailField("contact address", blank=True)
    # A keyed hash of the sender's address (for the hourly limit), never the address.
    sender = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING, db_index=True
    )
    reason = models.TextField("editor's reason", blank=True, help_text="Shown to the reporter.")
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The history record of the value change that accepted it.
    change_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sender", "created_at"], name="report_sender_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(problem__in=Problem.values), name="report_problem_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.PENDING) | Q(email=""),
                name="closed_report_keeps_no_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Report #{self.pk} on {self.framework} · {self.trait}"

    def get_absolute_url(self) -> str:
        return reverse("reports:status", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return self.status == ReportStatus.PENDING

    @property
    def change_reason(self) -> str:
        """What the value's history says about the change that accepted it."""
        return f"Visitor report #{self.pk}"


class ReportSender(StrippingModel):
    """One row per sending address (hashed): a save locks it, so two reports from one
    address at once cannot both slip under the hourly limit, on any number of
    app servers."""

    sender = models.CharField(max_length=64, unique=True)
    last_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.sender[:12]
