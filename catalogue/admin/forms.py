"""Forms editors use: one value box per trait, parsed by the trait's type."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape

from catalogue import history
from catalogue.models import Origin, SupportLevel, Trait, TraitType, TraitValue

UNKNOWN_WORDS = {"", "unknown", "?"}

HINTS = {
    TraitType.BOOLEAN: "yes / no / unknown",
    TraitType.SUPPORT: "built-in / first-party / third-party / limited / none / unknown",
    TraitType.SCALE: "1 to 5, or unknown",
    TraitType.NUMBER: "a number, or unknown",
    TraitType.TEXT: "short text, or unknown",
}


def parse_value(trait: Trait, text: str) -> Any:
    """The typed value an editor typed for `trait`; None for unknown.

    Raises ValidationError naming the trait and what its type accepts.
    """
    raw = (text or "").strip()
    if raw.lower() in UNKNOWN_WORDS:
        return None
    kind = trait.type
    if kind == TraitType.BOOLEAN:
        lowered = raw.lower()
        if lowered in ("yes", "true", "y"):
            return True
        if lowered in ("no", "false", "n"):
            return False
    elif kind == TraitType.SUPPORT:
        lowered = raw.lower().replace(" ", "-")
        by_label = {level.label.lower().replace(" ", "-"): level.value for level in SupportLevel}
        if lowered in SupportLevel.values:
            return lowered
        if lowered in by_label:
            return by_label[lowered]
    elif kind == TraitType.SCALE:
        if raw.isdigit() and 1 <= int(raw) <= 5:
            return int(raw)
    elif kind == TraitType.NUMBER:
        try:
            return float(raw)
        except ValueError:
            pass
    elif kind == TraitType.TEXT:
        if len(raw) <= 200:
            return raw
        raise ValidationError(f"“{trait.name}” takes at most 200 characters.")
    raise ValidationError(
        f"“{raw}” is not a value for “{trait.name}”, a {TraitType(kind).label.lower()} trait: "
        f"use {HINTS[kind]}."
    )


def format_value(value_row: TraitValue) -> str:
    """The text an editor sees in the value box (the inverse of parse_value)."""
    value = value_row.value
    if value is None:
        return "unknown"
    if value_row.trait.type == TraitType.BOOLEAN:
        return "yes" if value else "no"
    if value_row.trait.type == TraitType.NUMBER:
        return f"{value:g}"
    return str(value)


def fetched_label(row: TraitValue) -> str:
    return f"Fetched from the package index on {row.verified_on:%Y-%m-%d}; read-only."


class TraitValueForm(forms.ModelForm):
    value = forms.CharField(
        required=False,
        max_length=200,
        help_text="Typed by the trait: yes/no, a support level, 1–5, a number, or text.",
    )

    class Meta:
        model = TraitValue
        fields = ("trait", "value", "note", "source_url", "applies_to_version", "verified_on")
        widgets = {
            "note": forms.Textarea(attrs={"rows": 1, "cols": 28}),
            # Not type="url": a measured value's source is the site's own lab section,
            # a relative URL, which a URL input may not hold.
            "source_url": forms.TextInput(attrs={"size": 28, "inputmode": "url"}),
            "applies_to_version": forms.TextInput(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value"] = format_value(self.instance)
        trait = self._trait()
        if trait is not None:
            self.fields["value"].widget.attrs["placeholder"] = HINTS[trait.type]
            self.fields["value"].widget.attrs["title"] = trait.description
        if self.is_fetched:
            # Written by refresh_registry only: shown, never edited (a disabled field
            # keeps its stored value whatever is posted).
            for field in self.fields.values():
                field.disabled = True
            self.fields["value"].help_text = fetched_label(self.instance)
        # In the admin's tabular rows the column heading is the only visible label:
        # name each box for screen readers, with its trait.
        self.subject = trait.name if trait is not None else "New value"
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{self.subject}: {field.label or name}")

    @property
    def is_fetched(self) -> bool:
        return bool(self.instance.pk) and self.instance.origin == Origin.FETCHED

    def _trait(self) -> Trait | None:
        if self.instance.trait_id:
            return self.instance.trait
        trait_id = self.initial.get("trait")
        if isinstance(trait_id, Trait):
            return trait_id
        if trait_id:
            return Trait.objects.filter(pk=trait_id).first()
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        trait = cleaned.get("trait")
        if trait is None:
            return cleaned
        try:
            typed = parse_value(trait, cleaned.get("value", ""))
        except ValidationError as exc:
            self.add_error("value", exc)
            return cleaned
        self.instance.trait = trait
        self.instance.set_value(typed)
        return cleaned


class UnlabelledHiddenInput(forms.HiddenInput):
    """The admin prints a <label> for every field of a fieldset; one pointing at a
    hidden input is invalid HTML, so this input offers no id to label."""

    def id_for_label(self, id_: str) -> str:
        return ""


class HiddenInitialInput(forms.HiddenInput):
    """The hidden copy of a field's initial value that a field with a callable
    default posts (a trait's rubric). Django gives it the field's
    aria-describedby, and a hidden input takes no aria-* attributes."""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["attrs"]
        for key in [key for key in shown if key.startswith("aria-")]:
            del shown[key]
        return context


class OptimisticLockForm(forms.ModelForm):
    """Refuses a save when someone else saved the same object after this form
    was opened, says what they changed, and keeps everything typed here.

    `related` names the reverse relations whose rows are edited on the same page
    (the admin's inlines): a save of one of them counts as a save of the object.
    A new object (an add form) is never refused. The hidden `loaded_at` is a
    declared field: an admin that lists its fields or fieldsets must list it."""

    related: tuple[str, ...] = ()

    loaded_at = forms.CharField(widget=UnlabelledHiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.show_hidden_initial:
                field.hidden_widget = HiddenInitialInput
            # The admin prints help text as HTML; ours is plain text (“from <host>”).
            field.help_text = conditional_escape(field.help_text)
        if self.instance.pk and not self.is_bound:
            last = history.last_change_at(self.instance, self.related)
            self.initial["loaded_at"] = last.isoformat() if last else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Lock the row so two saves cannot both pass this check at once.
        type(self.instance).objects.select_for_update().filter(pk=self.instance.pk).first()
        last = history.last_change_at(self.instance, self.related)
        loaded = _parse(cleaned.get("loaded_at", ""))
        if last is None or (loaded is not None and last <= loaded):
            return cleaned
        lines = history.changes_since(self.instance, loaded or last, self.related)
        # Seen now: the next save may go through, with the input kept below.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_at")] = last.isoformat()
        if loaded is not None and not lines:
            return cleaned  # saved meanwhile, but nothing changed: nothing to lose
        raise ValidationError(
            [
                ValidationError(
                    "Someone else saved this while you were editing, so your changes were "
                    "not saved. What changed meanwhile:"
                )
            ]
            + [ValidationError(line) for line in lines]
            + [
                ValidationError(
                    "Your input is kept below: check it against these changes and save again."
                )
            ]
        )


def _parse(text: str) -> datetime.datetime | None:
    """The time `loaded_at` holds; None if it holds none (or not one this form
    wrote: those carry their time zone)."""
    try:
        at = datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return at if at is not None and at.tzinfo is not None else None


class TraitValueAdminForm(OptimisticLockForm, TraitValueForm):
    """The single value's admin page: refuses a save when someone else saved the
    value (here, in the column editor or on its framework's page) after the page
    was opened, says what they changed, and keeps the input."""

    class Meta(TraitValueForm.Meta):
        pass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A hidden input takes no aria-* attributes (invalid HTML).
        self.fields["loaded_at"].widget.attrs.pop("aria-label", None)
