"""The catalogue's filters: what `/frameworks/?q=…&kind=…&interface=…&has=…&sort=…` means.

`has=<trait>` is "built-in or first-party" (yes, for a yes/no trait), as it always
was; `has=<trait>:<level>` asks for at least that level on the support ladder
(built-in > first-party > third-party > limited > none, the order scoring uses).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from catalogue.browse.search import read_query
from catalogue.browse.wanted import DEFAULT_LEVEL, LEVELS, Wanted
from catalogue.models import (
    Framework,
    FrameworkAlias,
    Kind,
    SupportLevel,
    Trait,
    TraitType,
    TraitValue,
)

INTERFACES = [("wsgi", "WSGI"), ("asgi", "ASGI")]
SORTS = [
    # With a text search, the best matches first (name or alias, then summary,
    # then description, then notes); without one, by name.
    ("relevance", "Best match"),
    ("name", "Name"),
    ("first-release", "Oldest first"),
    ("latest-release", "Latest release"),
    ("has-built-in", "Most chosen traits built in"),
]
# How the results are shown: cards, or one table row each (sortable by column).
VIEWS = [("cards", "Cards"), ("table", "Table")]

BUILT_IN = Q(bool_value=True) | Q(support_value=SupportLevel.BUILT_IN)


def filterable_traits() -> QuerySet[Trait]:
    return Trait.objects.filter(type__in=[TraitType.BOOLEAN, TraitType.SUPPORT]).select_related(
        "axis"
    )


def read_has(values: list[str], traits: list[Trait]) -> list[Wanted]:
    """`has=` values as filters, one per trait (the strictest when a trait is asked
    twice), or a ValidationError listing the valid values."""
    by_slug = {t.slug: t for t in traits}
    wanted: dict[str, Wanted] = {}
    errors = []
    for raw in values:
        slug, _, level = raw.strip().partition(":")
        trait = by_slug.get(slug)
        if trait is None:
            errors.append(
                f"“{raw}” names no trait you can filter on. Valid traits: "
                f"{', '.join(sorted(by_slug))}."
            )
            continue
        if trait.type == TraitType.BOOLEAN:
            if level:
                errors.append(
                    f"“{raw}”: {trait.name} is a yes/no trait, so it takes no level "
                    f"(use has={slug})."
                )
                continue
            item = Wanted(trait)
        else:
            level = level or DEFAULT_LEVEL
            if level not in LEVELS:
                errors.append(
                    f"“{raw}”: “{level}” is not a level. Valid levels: {', '.join(LEVELS)} "
                    f"(each means at least that level; has={slug} means built-in or "
                    "first-party)."
                )
                continue
            item = Wanted(trait, level)
        known = wanted.get(slug)
        if known is None or (item.level and LEVELS.index(item.level) < LEVELS.index(known.level)):
            wanted[slug] = item
    if errors:
        raise ValidationError(errors)
    return list(wanted.values())


def level_params(query: Any) -> dict[str, str]:
    """The plain form's level selects (`level_<trait>=<level>`), by trait slug."""
    return {k.removeprefix("level_"): v for k, v in query.items() if k.startswith("level_")}


def with_levels(query: Any) -> Any:
    """The query with the form's level selects folded into `has=<trait>:<level>`,
    the one form a link carries (a level for an unticked trait is dropped)."""
    levels = level_params(query)
    clean = query.copy()
    for key in list(clean):
        if key.startswith("level_"):
            del clean[key]
    has = []
    for raw in query.getlist("has"):
        slug = raw.partition(":")[0]
        level = levels.get(slug)
        if level is None:
            has.append(raw)
        else:
            has.append(slug if level == DEFAULT_LEVEL else f"{slug}:{level}")
    if has:
        clean.setlist("has", has)
    else:
        clean.pop("has", None)
    return clean


class HasField(forms.Field):
    widget = forms.MultipleHiddenInput

    def __init__(self, *args: Any, traits: list[Trait] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.traits = traits or []

    def to_python(self, value: Any) -> list[Wanted]:
        return read_has(list(value or []), self.traits)


class HasFilter(django_filters.Filter):
    field_class = HasField


def matches(wanted: list[Wanted]) -> Q:
    condition = Q()
    for item in wanted:
        condition &= Exists(
            TraitValue.objects.filter(item.condition(), framework=OuterRef("pk"), trait=item.trait)
        )
    return condition


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search_text", label="Search", max_length=100)
    search = django_filters.ChoiceFilter(
        choices=[("text", "the text")], method="as_given", label="Search in"
    )
    # A column of the framework, so no join to make rows repeat: no DISTINCT (which
    # doubles the cost of the count and the page at 500 frameworks).
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label="Kind", distinct=False)
    interface = django_filters.MultipleChoiceFilter(
        choices=INTERFACES, method="filter_interface", label="Server interface"
    )
    has = HasFilter(method="filter_has", label="Has")
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="sort_by", label="Sort by", empty_label=None
    )
    view = django_filters.ChoiceFilter(
        choices=VIEWS, method="as_given", label="View", empty_label=None
    )

    class Meta:
        model = Framework
        fields: list[str] = []

    def __init__(self, *args: Any, traits: list[Trait], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.traits = traits
        # What `q` turned out to be: trait filters it named, or text to look for.
        self.understood: list[Wanted] = []
        self.text = ""
        self._read: dict[str, list[Wanted]] = {}
        self._bare = False
        self.filters["has"].extra["traits"] = traits
        self.form.fields["has"].traits = traits
        self.form.fields["sort"].required = False
        self.form.fields["view"].required = False
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    @property
    def wanted(self) -> list[Wanted]:
        """Every trait filter in force: ticked (`has=`) and named in the search."""
        ticked = self.form.cleaned_data.get("has") or []
        slugs = {w.slug for w in ticked}
        return ticked + [w for w in self.understood if w.slug not in slugs]

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        if self.form.cleaned_data.get("search") != "text":
            # Read once: `qs` and `without` (the facets) both filter by it.
            if value not in self._read:
                self._read[value] = read_query(value, self.traits) or []
            self.understood = self._read[value]
            if self.understood:
                return queryset.filter(matches(self.understood))
        self.text = value
        alias = FrameworkAlias.objects.filter(framework=OuterRef("pk"), slug__icontains=value)
        note = TraitValue.objects.filter(framework=OuterRef("pk"), note__icontains=value)
        in_name = Q(name__icontains=value) | Q(slug__icontains=value) | Exists(alias)
        in_summary = Q(summary__icontains=value)
        in_description = Q(description__icontains=value)
        matched = queryset.filter(in_name | in_summary | in_description | Exists(note))
        if self._bare:
            return matched  # for `without`: which frameworks, not how they match
        exact_alias = FrameworkAlias.objects.filter(framework=OuterRef("pk"), slug__iexact=value)
        exact = Q(name__iexact=value) | Q(slug__iexact=value) | Exists(exact_alias)
        return matched.annotate(
            in_name=ExpressionWrapper(in_name, output_field=BooleanField()),
            in_summary=ExpressionWrapper(in_summary, output_field=BooleanField()),
            in_description=ExpressionWrapper(in_description, output_field=BooleanField()),
            relevance=Case(
                When(exact, then=Value(0)),
                When(in_name, then=Value(1)),
                When(in_summary, then=Value(2)),
                When(in_description, then=Value(3)),
                default=Value(4),
            ),
        )

    def as_given(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # `search=text` changes how `q` is read (in `search`), and `view` how the
        # list is shown; neither changes the list itself.
        return queryset

    def filter_interface(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        condition = Q()
        for interface in value:
            condition |= Q(**{interface: True})
        return queryset.filter(condition)

    def filter_has(self, queryset: QuerySet, name: str, value: list[Wanted]) -> QuerySet:
        return queryset.filter(matches(value)) if value else queryset

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Applied in `qs` below, after every filter, so it can see `has`.
        return queryset

    def without(self, *names: str) -> QuerySet:
        """The frameworks meeting every filter but those named, unordered, with the
        filters as this form read them (what the facet counts start from)."""
        queryset = self.queryset.all()
        self._bare = True  # no relevance annotations: the rows are all that is read
        try:
            for name, value in self.form.cleaned_data.items():
                if name not in names:
                    queryset = self.filters[name].filter(queryset, value)
        finally:
            self._bare = False
        return queryset.order_by()

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") or "relevance"
        if sort == "relevance":
            if self.text:
                return queryset.order_by("relevance", Lower("name"))
            sort = "name"
        return sort_frameworks(queryset, sort, [w.slug for w in self.wanted])


def sort_frameworks(queryset: QuerySet, sort: str, has: list[str]) -> QuerySet:
    if sort == "first-release":
        return queryset.order_by("first_release_year", Lower("name"))
    if sort == "latest-release":
        return queryset.order_by("-latest_release", Lower("name"))
    if sort == "has-built-in":
        # A count per framework through its (framework, trait) index, not a join of
        # every value of every framework grouped by all the framework's columns.
        built_in = (
            TraitValue.objects.filter(BUILT_IN, framework=OuterRef("pk"), trait__slug__in=has)
            .order_by()
            .values("framework")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return queryset.annotate(built_in=Coalesce(Subquery(built_in), 0)).order_by(
            "-built_in", Lower("name")
        )
    # Case-insensitive, the same on every database ("aiohttp" among the A's).
    return queryset.order_by(Lower("name"))


def describe(wanted: list[Wanted]) -> str:
    """ "WebSockets and ORM built in or first-party": what the filters ask, in words."""
    groups: dict[str, list[str]] = {}
    for item in wanted:
        groups.setdefault(item.phrase, []).append(item.trait.name)
    parts = []
    for phrase, names in groups.items():
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        parts.append(f"{joined} {phrase}".strip())
    return "; ".join(parts)


def short_note(note: str, limit: int = 60) -> str:
    """The first clause of a value's note ("Channels" from "Channels, maintained
    under the Django organisation, adds…"), cut at a word near `limit`."""
    clause = note.strip().split("\n")[0]
    for mark in (", ", "; ", ": ", ". ", " (", " — "):
        clause = clause.split(mark)[0]
    clause = clause.rstrip(".")
    if len(clause) > limit:
        clause = clause[:limit].rsplit(" ", 1)[0] + "…"
    return clause
