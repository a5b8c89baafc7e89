"""Editors' own admin pages: catalogue health, a framework's changes with revert
links, and editing one trait across every framework at once."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from catalogue import history, revision
from catalogue.forms import HINTS, format_value, parse_value
from catalogue.models import (
    Framework,
    Origin,
    RegistryOutcome,
    RegistryRefresh,
    Trait,
    TraitValue,
    known_value_q,
    validate_source,
)
from catalogue.staleness import reverification_queue, stale_value_ids


def _require(request: HttpRequest, *permissions: str) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def catalogue_health(request: HttpRequest) -> HttpResponse:
    """Per framework: missing values, unknowns, stale values, values without sources;
    the package index's last refresh and each package's outcome; and the queue of
    curated values to verify again after a new major version."""
    _require(request, "catalogue.view_traitvalue", "catalogue.view_framework")
    trait_count = Trait.objects.count()
    stale = set(stale_value_ids())
    rows = {
        f.pk: {"framework": f, "values": 0, "unknown": 0, "stale": 0, "no_source": 0}
        for f in Framework.objects.order_by("name")
    }
    known = set(TraitValue.objects.filter(known_value_q()).values_list("pk", flat=True))
    for pk, framework_id, source in TraitValue.objects.values_list(
        "pk", "framework_id", "source_url"
    ):
        row = rows[framework_id]
        row["values"] += 1
        if pk not in known:
            row["unknown"] += 1
        elif not source:
            row["no_source"] += 1
        if pk in stale:
            row["stale"] += 1
    for row in rows.values():
        row["missing"] = trait_count - row["values"]
    totals = {
        key: sum(r[key] for r in rows.values())
        for key in ("missing", "unknown", "stale", "no_source")
    }
    # The package index: the last refresh, and each package's latest outcome.
    latest = RegistryOutcome.objects.values("framework").annotate(last=Max("pk")).values("last")
    outcomes = RegistryOutcome.objects.filter(pk__in=latest).select_related("framework")
    context = {
        **admin.site.each_context(request),
        "title": "Catalogue health",
        "rows": list(rows.values()),
        "totals": totals,
        "trait_count": trait_count,
        "last_refresh": RegistryRefresh.objects.first(),
        "outcomes": sorted(outcomes, key=lambda o: o.framework.name),
        "queue": reverification_queue(),
    }
    return render(request, "admin/catalogue/health.html", context)


def framework_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything saved to one framework and its values, newest first."""
    _require(request, "catalogue.view_framework", "catalogue.view_traitvalue")
    framework = get_object_or_404(Framework, pk=pk)
    records = list(history.value_history([framework.pk])[:200])
    context = {
        **admin.site.each_context(request),
        "title": f"Changes to {framework.name}",
        "framework": framework,
        "changes": history.value_changes(records),
        "framework_history": framework.history.select_related("history_user")[:50],
        "opts": Framework._meta,
    }
    return render(request, "admin/catalogue/framework_changes.html", context)


class CellForm(forms.Form):
    """One framework's cell in the column editor."""

    value = forms.CharField(required=False, max_length=200)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 1, "cols": 30}))
    source_url = forms.CharField(required=False, max_length=500, validators=[validate_source])
    applies_to_version = forms.CharField(required=False, max_length=30)
    # A date input's value is always ISO (YYYY-MM-DD), whatever the locale shows.
    verified_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, trait: Trait, **kwargs):  # type: ignore[no-untyped-def]
        self.trait = trait
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs["placeholder"] = HINTS[trait.type]


def edit_trait_column(request: HttpRequest, pk: int) -> HttpResponse:
    """One trait for every framework on one screen, saved in one transaction:
    if any cell is wrong, nothing is saved and every wrong cell says why."""
    _require(request, "catalogue.change_traitvalue", "catalogue.add_traitvalue")
    trait = get_object_or_404(Trait.objects.select_related("axis"), pk=pk)
    frameworks = list(Framework.objects.order_by("name"))
    existing = {v.framework_id: v for v in TraitValue.objects.filter(trait=trait)}

    def initial(framework: Framework) -> dict:
        value = existing.get(framework.pk)
        if value is None:
            return {}
        return {
            "value": format_value(value),
            "note": value.note,
            "source_url": value.source_url,
            "applies_to_version": value.applies_to_version,
            "verified_on": value.verified_on,
        }

    forms_by_framework = [
        (f, CellForm(request.POST or None, prefix=f"fw{f.pk}", trait=trait, initial=initial(f)))
        for f in frameworks
    ]
    for framework, form in forms_by_framework:
        value = existing.get(framework.pk)
        if value is not None and value.origin == Origin.FETCHED:
            # Written by refresh_registry only: shown, never edited (a disabled field
            # keeps its stored value whatever is posted).
            form.fetched_on = value.verified_on
            for field in form.fields.values():
                field.disabled = True
    if request.method == "POST":
        rows, bad = _validate_column(trait, forms_by_framework, existing)
        if not bad:
            with transaction.atomic(), revision.batch():
                for row in rows:
                    row.save()
            messages.success(request, f"Saved {len(rows)} value(s) of “{trait.name}”.")
            return redirect(reverse("admin:catalogue_trait_column", args=[trait.pk]))
        messages.error(request, f"Nothing was saved: {bad} cell(s) need attention (marked below).")
    context = {
        **admin.site.each_context(request),
        "title": f"Edit “{trait.name}” for every framework",
        "trait": trait,
        "forms": forms_by_framework,
        "opts": Trait._meta,
        "hint": HINTS[trait.type],
    }
    return render(request, "admin/catalogue/trait_column.html", context)


def _validate_column(trait, forms_by_framework, existing):  # type: ignore[no-untyped-def]
    """The rows to save (changed cells only) and how many cells are bad."""
    rows, bad = [], 0
    for framework, form in forms_by_framework:
        if getattr(form, "fetched_on", None):
            continue  # the package index owns this cell
        if not form.is_valid():
            bad += 1
            continue
        if not form.has_changed():
            continue
        data = form.cleaned_data
        if framework.pk not in existing and not any(data.values()):
            continue
        row = existing.get(framework.pk) or TraitValue(framework=framework, trait=trait)
        try:
            row.set_value(parse_value(trait, data["value"]))
        except forms.ValidationError as exc:
            form.add_error("value", exc)
            bad += 1
            continue
        row.note = data["note"]
        row.source_url = data["source_url"]
        row.applies_to_version = data["applies_to_version"]
        row.verified_on = data["verified_on"]
        try:
            row.full_clean()
        except forms.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            bad += 1
            continue
        rows.append(row)
    return rows, bad
