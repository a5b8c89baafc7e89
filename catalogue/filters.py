"""The catalogue's filters: what `/frameworks/?q=…&kind=…&interface=…&has=…&sort=…` means."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

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
    ("name", "Name"),
    ("first-release", "Oldest first"),
    ("latest-release", "Latest release"),
    ("has-built-in", "Most chosen traits built in"),
]

# A framework "has" a trait when it is yes, built-in or a first-party add-on.
SUPPORTED = Q(bool_value=True) | Q(
    support_value__in=[SupportLevel.BUILT_IN, SupportLevel.FIRST_PARTY]
)
BUILT_IN = Q(bool_value=True) | Q(support_value=SupportLevel.BUILT_IN)


def filterable_traits() -> QuerySet[Trait]:
    return Trait.objects.filter(type__in=[TraitType.BOOLEAN, TraitType.SUPPORT]).select_related(
        "axis"
    )


def supported(trait_slug: str) -> Exists:
    return Exists(
        TraitValue.objects.filter(SUPPORTED, framework=OuterRef("pk"), trait__slug=trait_slug)
    )


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", max_length=100)
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label="Kind")
    interface = django_filters.MultipleChoiceFilter(
        choices=INTERFACES, method="filter_interface", label="Server interface"
    )
    has = django_filters.MultipleChoiceFilter(
        method="filter_has", label="Has built-in or first-party"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="sort_by", label="Sort by", empty_label=None
    )

    class Meta:
        model = Framework
        fields: list[str] = []

    def __init__(self, *args: Any, traits: list[Trait], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["has"].extra["choices"] = [(t.slug, t.name) for t in traits]
        self.form.fields["has"].choices = [(t.slug, t.name) for t in traits]
        self.form.fields["sort"].required = False
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        alias = FrameworkAlias.objects.filter(framework=OuterRef("pk"), slug__icontains=value)
        return queryset.filter(
            Q(name__icontains=value)
            | Q(slug__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
            | Exists(alias)
        )

    def filter_interface(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        condition = Q()
        for interface in value:
            condition |= Q(**{interface: True})
        return queryset.filter(condition)

    def filter_has(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        for slug in value:
            queryset = queryset.filter(supported(slug))
        return queryset

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Applied in `qs` below, after every filter, so it can see `has`.
        return queryset

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        return sort_frameworks(
            queryset,
            self.form.cleaned_data.get("sort") or "name",
            self.form.cleaned_data.get("has") or [],
        )


def sort_frameworks(queryset: QuerySet, sort: str, has: list[str]) -> QuerySet:
    if sort == "first-release":
        return queryset.order_by("first_release_year", Lower("name"))
    if sort == "latest-release":
        return queryset.order_by("-latest_release", Lower("name"))
    if sort == "has-built-in":
        built_in = Count(
            "values",
            filter=Q(values__trait__slug__in=has)
            & (Q(values__bool_value=True) | Q(values__support_value=SupportLevel.BUILT_IN)),
        )
        return queryset.annotate(built_in=built_in).order_by("-built_in", Lower("name"))
    # Case-insensitive, the same on every database ("aiohttp" among the A's).
    return queryset.order_by(Lower("name"))
