"""The catalogue: frameworks, the axes and traits they are judged on, sourced
values, and use-case scenarios."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalogue import levels
from catalogue.bidi import StrippingModel, StrippingQuerySet
from catalogue.markdown import render_markdown
from catalogue.revision import scope
from catalogue.staleness import is_stale
from catalogue.wording import quantity

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
slug_validator = RegexValidator(
    SLUG_RE, "Use lowercase letters, digits and single hyphens (for example “plotly-dash”)."
)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedQuerySet(StrippingQuerySet):
    def published(self) -> PublishedQuerySet:
        return self.filter(status=Status.PUBLISHED)


# --- Catalogue revision ---------------------------------------------------------


class CatalogueRevision(StrippingModel):
    """A single row counting saved changes to the catalogue. Pages and caches key
    on its number, so an edit is visible on the next request everywhere (to
    visitors, once its page is rendered again: `web.cache.pages`)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    # What the last few revisions changed, one "number:slug,slug" (or "number:*",
    # anything) a line: read with the number, so knowing it costs no query.
    recent = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="single_revision_row")]

    def __str__(self) -> str:
        return f"Catalogue revision {self.number}"

    @classmethod
    def current(cls) -> int:
        # Asked on every page request (cache keys and ETags), so plain SQL: the
        # ORM's query compilation would cost more than the query itself.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, recent FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        if not row:
            return 0
        scope.observe(row[0], row[1])
        return row[0]

    @classmethod
    def bump(cls, frameworks: Iterable[int] | None = None, withdrawn: bool = False) -> int:
        """A new revision. `frameworks`: the ids of the only frameworks whose
        values changed (None: anything may have changed), so work that depends
        on other frameworks alone can be kept (`catalogue.revision.scope`). `withdrawn`:
        it took something off the public site, so no earlier page may be served."""
        with transaction.atomic():
            updated = cls.objects.filter(pk=1).update(
                number=F("number") + 1, changed_at=timezone.now()
            )
            if not updated:
                cls.objects.get_or_create(pk=1, defaults={"number": 1})
            current = cls.objects.select_for_update().get(pk=1)
            slugs = None
            if frameworks is not None:
                ids = list(frameworks)
                slugs = list(Framework.objects.filter(pk__in=ids).values_list("slug", flat=True))
            current.recent = scope.record(current.recent, current.number, slugs, withdrawn)
            cls.objects.filter(pk=1).update(recent=current.recent)
            RevisionLog.objects.create(number=current.number, at=current.changed_at)
        return current.number


class RevisionLog(StrippingModel):
    """When each catalogue revision came into being, so a link pinned to
    revision N can show the catalogue as it was then."""

    number = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Revision {self.number} at {self.at:%Y-%m-%d %H:%M}"


# --- Axes and traits ------------------------------------------------------------


class Axis(StrippingModel):
    slug = models.SlugField(unique=True, validators=[slug_validator])
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "axes"

    def __str__(self) -> str:
        return self.name


class TraitType(models.TextChoices):
    BOOLEAN = "boolean", "Yes / no"
    SUPPORT = "support", "Support level"
    SCALE = "scale", "Scale 1–5"
    NUMBER = "number", "Number"
    TEXT = "text", "Short text"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


# BUILT_IN = "built-in", "Built-in", … from the one table of levels (catalogue.levels).
SupportLevel = models.TextChoices(
    "SupportLevel",
    [(level.slug.upper().replace("-", "_"), (level.slug, level.label)) for level in levels.LEVELS],
)


class Origin(models.TextChoices):
    """Where a value comes from (PRODUCT.md, "Data conventions")."""

    CURATED = "curated", "Curated (an editor read the source)"
    FETCHED = "fetched", "Fetched from the package index"
    MEASURED = "measured", "Measured by the lab"


class Trait(StrippingModel):
    slug = models.SlugField(unique=True, validators=[slug_validator])
    name = models.CharField(max_length=80)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="traits")
    type = models.CharField(max_length=10, choices=TraitType.choices)
    unit = models.CharField(max_length=20, blank=True, help_text="For numbers: kB, year, months…")
    direction = models.CharField(
        max_length=6, choices=Direction.choices, blank=True, help_text="Required for numbers."
    )
    description = models.TextField(help_text="What the trait means and how it is judged.")
    is_key = models.BooleanField(
        "key trait", default=False, help_text="Shown as a badge in the catalogue list."
    )
    axis_share = models.FloatField(
        "share of axis",
        default=1.0,
        validators=[MinValueValidator(0)],
        help_text=(
            "How much of its axis's weight this trait carries, relative to the axis's other "
            "traits. Correlated traits split one share between them; 0 shows the trait "
            "without scoring it (a fact to filter on)."
        ),
    )
    family = models.CharField(
        max_length=40,
        blank=True,
        help_text="The capability this trait belongs to, e.g. “Real-time”; shared by "
        "correlated traits.",
    )
    scale_low = models.FloatField(
        null=True, blank=True, help_text="Numbers: the reference value that scores 0 or 1."
    )
    scale_high = models.FloatField(
        null=True, blank=True, help_text="Numbers: the other end of the reference scale."
    )
    log_scale = models.BooleanField(
        default=False, help_text="Numbers: score on a log scale (sizes, counts, ratios)."
    )
    never_stale = models.BooleanField(
        default=False,
        help_text="A fact that cannot change once true (a first release year): never flagged "
        "as out of date.",
    )
    rubric = models.JSONField(
        default=dict,
        blank=True,
        help_text="How a value is decided: per level, the test that decides it, and the "
        "borderline cases (`borderline`: a list). Kept in traits.yaml.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["axis__order", "order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=TraitType.values), name="trait_type_valid"),
            models.CheckConstraint(condition=Q(axis_share__gte=0), name="axis_share_not_negative"),
            models.CheckConstraint(
                condition=~Q(type=TraitType.NUMBER) | Q(direction__in=Direction.values),
                name="number_trait_has_direction",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.type == TraitType.NUMBER and not self.direction:
            raise ValidationError({"direction": "A number trait needs a direction."})
        if self.type != TraitType.NUMBER and (self.unit or self.direction):
            raise ValidationError("Only number traits have a unit and a direction.")
        if self.type == TraitType.NUMBER:
            low, high = self.scale_low, self.scale_high
            if low is None or high is None or not low < high:
                raise ValidationError(
                    "A number trait needs a reference scale: a low and a higher high "
                    "value (published bounds, so scores do not depend on the frameworks shown)."
                )
            if self.log_scale and low <= 0:
                raise ValidationError({"scale_low": "A log scale starts above zero."})

    @property
    def is_scored(self) -> bool:
        return self.type != TraitType.TEXT


# --- Frameworks -----------------------------------------------------------------


class Kind(models.TextChoices):
    FULL_STACK = "full-stack", "Full-stack"
    MICRO = "micro", "Micro-framework"
    ASYNC = "async", "Async framework"
    DATA_APP = "data-app", "Data app"
    API_TOOLKIT = "api-toolkit", "API toolkit"


partial_date_validator = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
    "Use YYYY-MM-DD, or YYYY-MM when only the month is known.",
)


class FrameworkQuerySet(PublishedQuerySet):
    def for_comparison(self, slugs: list[str]) -> FrameworkQuerySet:
        """The published frameworks named, each with all its values and their
        traits (two queries, whatever the number of frameworks or traits)."""
        return (
            self.published()
            .filter(slug__in=slugs)
            .order_by("slug")
            .prefetch_related(
                models.Prefetch(
                    "values",
                    queryset=TraitValue.objects.select_related("trait"),
                    to_attr="all_values",
                )
            )
        )

    def for_catalogue(self) -> FrameworkQuerySet:
        """Published frameworks, as the catalogue lists them (their key-trait values
        are read only for the cards not already rendered: `catalogue.browse.listing`). A
        toolkit's host comes along: its inherited values are named after it."""
        return self.published().select_related("builds_on")


class Framework(models.Model):
    slug = models.SlugField(
        unique=True,
        validators=[slug_validator],
        help_text="Lowercase project name. Changing it keeps the old slug as a redirecting alias.",
    )
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wsgi = models.BooleanField("WSGI", default=False)
    asgi = models.BooleanField("ASGI", default=False)
    own_server = models.BooleanField("own production server", default=False)
    builds_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="toolkits",
        help_text="For an API toolkit or extension: the framework it runs on (Django REST "
        "framework and Django Ninja build on Django).",
    )
    summary = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown; HTML is sanitised.")
    homepage = models.URLField(blank=True)
    docs_url = models.URLField("documentation", blank=True)
    repository_url = models.URLField("repository", blank=True)
    package_name = models.CharField("PyPI package", max_length=80, blank=True)
    licence = models.CharField(max_length=80, blank=True)
    first_release_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    latest_version = models.CharField(max_length=30, blank=True)
    latest_release = models.CharField(
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
        help_text="YYYY-MM-DD, or YYYY-MM when only the month is known.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrameworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="framework_status"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="framework_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_slug = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            # Links people shared keep working: the old slug becomes an alias.
            FrameworkAlias.objects.update_or_create(slug=old_slug, defaults={"framework": self})
            FrameworkAlias.objects.filter(slug=self.slug, framework=self).delete()
        self._loaded_slug = self.slug

    def get_absolute_url(self) -> str:
        return reverse("catalogue:framework", args=[self.slug])

    def clean(self) -> None:
        if (
            self.slug
            and FrameworkAlias.objects.filter(slug=self.slug).exclude(framework_id=self.pk).exists()
        ):
            raise ValidationError({"slug": f"“{self.slug}” is an alias of another framework."})

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):  # type: ignore[no-untyped-def]
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    @property
    def interfaces(self) -> list[str]:
        names = []
        if self.wsgi:
            names.append("WSGI")
        if self.asgi:
            names.append("ASGI")
        if self.own_server:
            names.append("own server")
        return names

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)


class FrameworkAlias(StrippingModel):
    """An old or alternative slug that redirects to the framework."""

    slug = models.SlugField(unique=True, validators=[slug_validator])
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "framework aliases"

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        if self.slug and Framework.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": f"“{self.slug}” is already a framework's slug."})


# --- Trait values ---------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])


# A path on this site: one "/" and then a path character (RFC 3986 pchar), so
# never "//host" or "/\\host", which browsers resolve to another site.
_SITE_PATH = re.compile(r"^/[\w\-.~!$&'()*+,;=:@%][\w\-.~!$&'()*+,;=:@%/?#]*$", re.ASCII)


def validate_source(value: str) -> None:
    """A source is a web page: an http(s) URL, or a path on this site ("/frameworks/
    flask/#lab") for measured values, whose source is the lab's own page."""
    if value.startswith("/"):
        if not _SITE_PATH.match(value):
            raise ValidationError(
                "A site path is one “/” followed by the path, as in /frameworks/flask/#lab "
                "(no spaces, backslashes or “//”); for another site give the full "
                "https:// address."
            )
        return
    _url_validator(value)


# Column that holds the value, per trait type.
VALUE_FIELDS = {
    TraitType.BOOLEAN: "bool_value",
    TraitType.SUPPORT: "support_value",
    TraitType.SCALE: "scale_value",
    TraitType.NUMBER: "number_value",
    TraitType.TEXT: "text_value",
}


def _is_set(field: str, prefix: str = "") -> Q:
    if field == "text_value":
        return ~Q(**{f"{prefix}text_value": ""})
    return Q(**{f"{prefix}{field}__isnull": False})


def known_value_q(prefix: str = "") -> Q:
    """Rows whose value is known (some typed column holds a value); `prefix` lets
    another model ask it through a relation, as in "values__"."""
    q = Q()
    for field in VALUE_FIELDS.values():
        q |= _is_set(field, prefix)
    return q


_ANY_VALUE = known_value_q()


class TraitValueQuerySet(StrippingQuerySet):
    def published(self) -> TraitValueQuerySet:
        return self.filter(framework__status=Status.PUBLISHED)

    def for_framework_page(self, framework: Framework) -> TraitValueQuerySet:
        return self.filter(framework=framework).select_related("trait", "trait__axis", "framework")


class TraitValue(models.Model):
    """One framework × one trait. No value in any column means unknown."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="values")
    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, related_name="values")
    bool_value = models.BooleanField(null=True, blank=True)
    support_value = models.CharField(  # noqa: DJ001  (NULL is "unknown"; constraints rely on it)
        max_length=12, choices=SupportLevel.choices, null=True, blank=True
    )
    scale_value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    number_value = models.FloatField(null=True, blank=True)
    text_value = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, help_text="Required when the value is unknown: say why.")
    source_url = models.CharField(
        "source",
        max_length=500,
        blank=True,
        validators=[validate_source],
        help_text="The page that shows the value: a full URL, or a page of this site (starting "
        "with /) for values the lab measured.",
    )
    applies_to_version = models.CharField("version", max_length=30, blank=True)
    verified_on = models.DateField("verified", null=True, blank=True)
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.CURATED,
        help_text="Fetched and measured values are written by commands, not by hand.",
    )
    inherited = models.BooleanField(
        default=False,
        help_text="A toolkit's value that is its host framework's (builds_on): shown as "
        "“from <host>”, never as the toolkit's own.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraitValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework__name", "trait__axis__order", "trait__order"]
        # "Data updated" on the home page: the newest date, read from the index.
        indexes = [models.Index(fields=["verified_on"], name="value_verified_on")]
        constraints = [
            models.UniqueConstraint(fields=["framework", "trait"], name="one_value_per_trait"),
            models.CheckConstraint(
                condition=Q(scale_value__isnull=True) | Q(scale_value__gte=1, scale_value__lte=5),
                name="scale_between_1_and_5",
            ),
            models.CheckConstraint(
                condition=Q(support_value__isnull=True) | Q(support_value__in=SupportLevel.values),
                name="support_level_valid",
            ),
            models.CheckConstraint(
                condition=~_ANY_VALUE | (~Q(source_url="") & Q(verified_on__isnull=False)),
                name="known_value_has_source_and_date",
            ),
            models.CheckConstraint(
                condition=_ANY_VALUE | ~Q(note=""), name="unknown_value_says_why"
            ),
            models.CheckConstraint(
                condition=~Q(support_value=SupportLevel.LIMITED) | ~Q(note=""),
                name="limited_support_says_what_is_missing",
            ),
            *[
                models.CheckConstraint(
                    condition=~(_is_set(a) & _is_set(b)), name=f"only_one_of_{a}_{b}"
                )
                for a, b in itertools.combinations(VALUE_FIELDS.values(), 2)
            ],
        ]

    def __str__(self) -> str:
        return f"{self.framework} · {self.trait}: {self.display}"

    @property
    def value(self) -> Any:
        """The typed value, or None when unknown."""
        raw = getattr(self, VALUE_FIELDS[self.trait.type])
        return None if raw == "" else raw

    @property
    def is_known(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        value = self.value
        if value is None:
            return "Unknown"
        trait_type = self.trait.type
        if trait_type == TraitType.BOOLEAN:
            return "Yes" if value else "No"
        if trait_type == TraitType.SUPPORT:
            return SupportLevel(value).label
        if trait_type == TraitType.SCALE:
            return f"{value} / 5"
        if trait_type == TraitType.NUMBER:
            return quantity(value, self.trait.unit)
        return str(value)

    def is_stale(self, today: Any = None) -> bool:
        if self.trait.never_stale:
            return False
        return is_stale(
            self.verified_on, self.applies_to_version, self.framework.latest_version, today
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.trait_id:
            return
        trait = self.trait
        expected = VALUE_FIELDS[trait.type]
        for trait_type, field in VALUE_FIELDS.items():
            if field != expected and getattr(self, field) not in (None, ""):
                errors[field] = (
                    f"“{trait.name}” is a {TraitType(trait.type).label.lower()} trait; "
                    f"a {TraitType(trait_type).label.lower()} value does not fit it."
                )
        if self.is_known:
            if not self.source_url:
                errors["source_url"] = f"Give a source for the value of “{trait.name}”."
            if not self.verified_on:
                errors["verified_on"] = f"Say when the value of “{trait.name}” was verified."
            elif self.verified_on > timezone.localdate():
                errors["verified_on"] = "A value cannot be verified in the future."
        elif not self.note.strip():
            errors["note"] = f"“{trait.name}” is unknown: say why in the note."
        if self.support_value == SupportLevel.LIMITED and not self.note.strip():
            errors["note"] = f"“{trait.name}” is limited: say in the note what is missing."
        if errors:
            raise ValidationError(errors)

    def set_value(self, value: Any) -> None:
        """Put a typed value (or None for unknown) in the column of the trait's type."""
        for field in VALUE_FIELDS.values():
            setattr(self, field, "" if field == "text_value" else None)
        if value is not None:
            setattr(self, VALUE_FIELDS[self.trait.type], value)


# --- Scenarios ------------------------------------------------------------------


class ScenarioQuerySet(PublishedQuerySet):
    def for_ranking(self) -> ScenarioQuerySet:
        """Published scenarios with their weights and must-haves (three queries)."""
        return self.published().with_criteria()

    def with_criteria(self) -> ScenarioQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "weights", queryset=ScenarioWeight.objects.select_related("axis", "trait")
            ),
            "must_haves",
        )


class Scenario(models.Model):
    slug = models.SlugField(unique=True, validators=[slug_validator])
    name = models.CharField(max_length=100)
    summary = models.CharField(max_length=250)
    rationale = models.TextField(help_text="Markdown: why these weights and must-haves.")
    origin = models.CharField(
        max_length=250, blank=True, help_text="Which use case in the source articles it comes from."
    )
    must_haves = models.ManyToManyField(
        Trait,
        blank=True,
        related_name="required_by",
        limit_choices_to={"type__in": [TraitType.BOOLEAN, TraitType.SUPPORT]},
        help_text=(
            "Yes/no or support-level traits a framework must have (yes, built-in or first-party)."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScenarioQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[must_haves])

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="scenario_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:scenario", args=[self.slug])

    @property
    def rationale_html(self) -> str:
        return render_markdown(self.rationale)


class ScenarioWeight(StrippingModel):
    """A weight (0–10) on one axis or on one trait."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="weights")
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, null=True, blank=True)
    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["axis__order", "trait__order"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(axis__isnull=False) & Q(trait__isnull=True))
                | (Q(axis__isnull=True) & Q(trait__isnull=False)),
                name="weight_on_axis_or_trait",
            ),
            models.CheckConstraint(condition=Q(weight__lte=10), name="weight_at_most_10"),
            models.UniqueConstraint(
                fields=["scenario", "axis"], condition=Q(axis__isnull=False), name="one_axis_weight"
            ),
            models.UniqueConstraint(
                fields=["scenario", "trait"],
                condition=Q(trait__isnull=False),
                name="one_trait_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_slug}: {self.weight}"

    @property
    def criterion_slug(self) -> str:
        return self.axis.slug if self.axis_id else self.trait.slug

    def clean(self) -> None:
        if bool(self.axis_id) == bool(self.trait_id):
            raise ValidationError("Weigh either an axis or a trait, not both.")


# --- Package index refreshes ----------------------------------------------------


class RegistryRefresh(StrippingModel):
    """One run of `refresh_registry` (by the command, the daily task or the admin's
    "refresh now"), for the catalogue health page."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, default="command")
    changed = models.PositiveIntegerField(default=0, help_text="Values and frameworks written.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Package index refresh at {self.started_at:%Y-%m-%d %H:%M}"


class RegistryOutcome(StrippingModel):
    """What one refresh did for one framework's package: what changed, or why
    nothing did."""

    refresh = models.ForeignKey(RegistryRefresh, on_delete=models.CASCADE, related_name="outcomes")
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="registry_outcomes"
    )
    package = models.CharField(max_length=80)
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    changed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.package}: {'ok' if self.ok else 'failed'} at {self.at:%Y-%m-%d %H:%M}"
