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

from catalogue import history
from catalogue.admin.forms import HINTS, UnlabelledHiddenInput, format_value, parse_value
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
from catalogue.revision import changes as revision
from catalogue.stale_values import reverification_queue, stale_value_ids


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


# The fields an editor types in, per cell of the column editor.
CELL_FIELDS = ("value", "note", "source_url", "applies_to_version", "verified_on")


class CellForm(forms.Form):
    """One framework's cell in the column editor. Each field carries the value the
    editor was shown (a hidden "initial-" input), so an untouched cell is never
    written back; `version` is the row as it was when the page was opened, so a
    cell someone else saved meanwhile is never overwritten without a word."""

    version = forms.CharField(required=False, widget=UnlabelledHiddenInput)
    value = forms.CharField(required=False, max_length=200, show_hidden_initial=True)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "cols": 30}),
        show_hidden_initial=True,
    )
    source_url = forms.CharField(
        required=False, max_length=500, validators=[validate_source], show_hidden_initial=True
    )
    applies_to_version = forms.CharField(required=False, max_length=30, show_hidden_initial=True)
    # A date input's value is always ISO (YYYY-MM-DD), whatever the locale shows.
    verified_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        show_hidden_initial=True,
    )

    def __init__(self, *args, trait: Trait, **kwargs):  # type: ignore[no-untyped-def]
        self.trait = trait
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs["placeholder"] = HINTS[trait.type]

    @property
    def edited(self) -> list[str]:
        """The fields the editor changed from what they were shown (from what is
        stored now, for a client that does not send what it was shown)."""
        names = []
        for name in CELL_FIELDS:
            field = self.fields[name]
            if field.disabled:
                continue
            key = self.add_initial_prefix(name)
            if key in self.data:
                try:
                    shown = field.to_python(self.data.get(key))
                except forms.ValidationError:
                    names.append(name)
                    continue
            else:
                shown = self.get_initial_for_field(field, name)
            if field.has_changed(shown, self[name].data):
                names.append(name)
        return names


def _version(value: TraitValue | None) -> str:
    return value.updated_at.isoformat() if value is not None else ""


def _cell(value: TraitValue | None) -> dict:
    """A cell's fields as the editor sees them, with the row's version."""
    if value is None:
        return {"version": ""}
    return {
        "version": _version(value),
        "value": format_value(value),
        "note": value.note,
        "source_url": value.source_url,
        "applies_to_version": value.applies_to_version,
        "verified_on": value.verified_on,
    }


def _cell_forms(data, trait, frameworks, existing):  # type: ignore[no-untyped-def]
    forms_by_framework = [
        (f, CellForm(data, prefix=f"fw{f.pk}", trait=trait, initial=_cell(existing.get(f.pk))))
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
    return forms_by_framework


def edit_trait_column(request: HttpRequest, pk: int) -> HttpResponse:
    """One trait for every framework on one screen, saved in one transaction:
    if any cell is wrong, nothing is saved and every wrong cell says why. If
    someone else saved any of its rows since the page was opened, nothing is
    saved either: the page says what changed and keeps what was typed."""
    _require(request, "catalogue.change_traitvalue", "catalogue.add_traitvalue")
    trait = get_object_or_404(Trait.objects.select_related("axis"), pk=pk)
    frameworks = list(Framework.objects.order_by("name"))
    posted = request.method == "POST"
    with transaction.atomic():
        rows = TraitValue.objects.filter(trait=trait)
        # Lock the column so two saves cannot both pass the check below at once.
        existing = {v.framework_id: v for v in (rows.select_for_update() if posted else rows)}
        for value in existing.values():
            value.trait = trait
        forms_by_framework = _cell_forms(
            request.POST if posted else None, trait, frameworks, existing
        )
        if posted:
            changed = _changed_meanwhile(forms_by_framework, existing)
            if changed:
                data = _seen_now(request.POST, forms_by_framework, existing)
                forms_by_framework = _cell_forms(data, trait, frameworks, existing)
                for framework, form in forms_by_framework:
                    if framework.pk in changed:
                        form.add_error(None, changed[framework.pk])
                messages.error(
                    request,
                    f"Nothing was saved: someone else saved {len(changed)} of these values "
                    "while you were editing (marked below, with what they saved). Your input "
                    "is kept: check it and save again.",
                )
            else:
                rows, bad = _validate_column(trait, forms_by_framework, existing)
                if not bad:
                    with revision.batch():
                        for row in rows:
                            row.save()
                    messages.success(request, f"Saved {len(rows)} value(s) of “{trait.name}”.")
                    return redirect(reverse("admin:catalogue_trait_column", args=[trait.pk]))
                messages.error(
                    request, f"Nothing was saved: {bad} cell(s) need attention (marked below)."
                )
    context = {
        **admin.site.each_context(request),
        "title": f"Edit “{trait.name}” for every framework",
        "trait": trait,
        "forms": forms_by_framework,
        "opts": Trait._meta,
        "hint": HINTS[trait.type],
    }
    return render(request, "admin/catalogue/trait_column.html", context)


def _changed_meanwhile(forms_by_framework, existing) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Per framework whose row was saved (or deleted) by someone else since the
    page was opened: what they did, in words."""
    changed = {}
    for framework, form in forms_by_framework:
        if getattr(form, "fetched_on", None):
            continue
        value = existing.get(framework.pk)
        if form.data.get(form.add_prefix("version"), "") == _version(value):
            continue
        if value is None:
            changed[framework.pk] = "Someone else deleted this value since you opened the page."
            continue
        last = value.history.select_related("history_user").first()
        who = last.history_user.get_username() if last and last.history_user else "someone"
        when = f" at {last.history_date:%H:%M:%S}" if last else ""
        shown = format_value(value)
        changed[framework.pk] = (
            f"{who} saved this value{when}, after you opened the page: it is now “{shown}”"
            + (f", source {value.source_url}" if value.source_url else "")
            + "."
        )
    return changed


def _seen_now(posted, forms_by_framework, existing):  # type: ignore[no-untyped-def]
    """The posted data as the next save should see it: every row's current
    version and values as "shown", the editor's input where they changed a cell,
    and the current values in the cells they left alone."""
    data = posted.copy()
    for framework, form in forms_by_framework:
        current = _cell(existing.get(framework.pk))
        edited = set(form.edited)
        data[form.add_prefix("version")] = current["version"]
        for name in CELL_FIELDS:
            shown = current.get(name) or ""
            shown = shown.isoformat() if hasattr(shown, "isoformat") else str(shown)
            data[form.add_initial_prefix(name)] = shown
            if name not in edited:
                data[form.add_prefix(name)] = shown
    return data


def _validate_column(trait, forms_by_framework, existing):  # type: ignore[no-untyped-def]
    """The rows to save (changed cells only) and how many cells are bad."""
    rows, bad = [], 0
    for framework, form in forms_by_framework:
        if getattr(form, "fetched_on", None):
            continue  # the package index owns this cell
        if not form.is_valid():
            bad += 1
            continue
        if not form.edited:
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
