"""The report form: what is wrong, a suggested value typed like the trait, a source,
a short explanation, an optional contact address; and its traps for bots."""

from __future__ import annotations

import re
import time
import unicodedata
from typing import Any

from django import forms
from django.core import signing
from django.core.validators import URLValidator

from catalogue.models import SupportLevel, Trait, TraitType
from reports.models import Problem

EXPLANATION_MAX = 1000
TEXT_VALUE_MAX = 200
SOURCE_MAX = 500
# A person takes longer than this to read the form and choose; a script does not.
MIN_FILL_SECONDS = 2.0
# A form left open longer than this is refused (send it again: the input is kept).
MAX_FORM_AGE = 24 * 3600
_SALT = "reports.form-started"
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

NO_SUGGESTION = ("", "No suggestion")


def started_token(now: float | None = None) -> str:
    """When the form was shown, signed so a bot cannot claim it was opened earlier."""
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_SALT)


def seconds_open(token: str, now: float | None = None) -> float | None:
    """How long the form was open, or None for a missing, forged or expired stamp."""
    try:
        started = signing.loads(token, salt=_SALT, max_age=MAX_FORM_AGE)
    except (signing.BadSignature, TypeError):
        return None
    if not isinstance(started, int | float):
        return None
    return (now if now is not None else time.time()) - started


def clean_text(text: str) -> str:
    """Without control and format characters (bidi overrides and isolates, zero-width
    characters), which could make a report read differently from what it says;
    newlines and tabs stay."""
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    ).strip()


def _suggestion_field(trait: Trait) -> forms.Field:
    kind = trait.type
    label = "Suggested value"
    if kind == TraitType.SUPPORT:
        return forms.ChoiceField(
            label=label, required=False, choices=[NO_SUGGESTION, *SupportLevel.choices]
        )
    if kind == TraitType.BOOLEAN:
        return forms.ChoiceField(
            label=label, required=False, choices=[NO_SUGGESTION, ("yes", "Yes"), ("no", "No")]
        )
    if kind == TraitType.SCALE:
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[NO_SUGGESTION, *((str(n), f"{n} / 5") for n in range(1, 6))],
        )
    if kind == TraitType.NUMBER:
        unit = f" ({trait.unit})" if trait.unit else ""
        return forms.FloatField(
            label=f"{label}{unit}",
            required=False,
            min_value=-1e12,
            max_value=1e12,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    return forms.CharField(label=label, required=False, max_length=TEXT_VALUE_MAX)


def suggestion_text(trait: Trait, value: Any) -> str:
    """A cleaned suggestion as an editor types it in the value box ("" for none)."""
    if value in (None, ""):
        return ""
    if trait.type == TraitType.NUMBER:
        return f"{value:g}"
    return str(value)


class ReportForm(forms.Form):
    problem = forms.ChoiceField(
        label="What is wrong?", choices=Problem.choices, widget=forms.RadioSelect
    )
    # suggested_value: added per trait in __init__
    source_url = forms.URLField(
        label="Source for it (optional)",
        required=False,
        max_length=SOURCE_MAX,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A page that shows the right value: http or https.",
    )
    explanation = forms.CharField(
        label="Explanation (optional)",
        required=False,
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {EXPLANATION_MAX} characters and one link. Shown as plain text.",
    )
    email = forms.EmailField(
        label="Your email (optional)",
        required=False,
        max_length=254,
        help_text="Only if you want an editor to be able to ask you; never shown, "
        "deleted once the report is closed.",
    )
    # The trap: hidden from people (and from screen readers), filled by bots.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    field_order = ["problem", "suggested_value", "source_url", "explanation", "email"]

    def __init__(self, *args: Any, trait: Trait, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trait = trait
        self.fields["suggested_value"] = _suggestion_field(trait)
        self.order_fields(self.field_order)
        if not self.is_bound:
            self.initial["started"] = started_token()
        for name in ("explanation", "source_url"):
            self.fields[name].widget.attrs["maxlength"] = str(self.fields[name].max_length)

    def fresh_start(self) -> None:
        """Restart the fill-time clock on a form shown again (its input is kept)."""
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = started_token()

    def clean_explanation(self) -> str:
        text = clean_text(self.cleaned_data["explanation"])
        return text

    def clean_suggested_value(self) -> str:
        value = self.cleaned_data["suggested_value"]
        if isinstance(value, str):
            value = clean_text(value)
        return suggestion_text(self.trait, value)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        text = " ".join(cleaned.get(name) or "" for name in ("explanation", "suggested_value"))
        if len(_URL.findall(text)) > 1:
            self.add_error(
                "explanation",
                "Give at most one link in the text (the source has a box of its own).",
            )
        return cleaned


def bot_reason(data: Any) -> str | None:
    """Why a submission looks like a bot's, or None. Checked before anything is
    saved: a refused bot leaves no trace in the queue."""
    if (data.get("website") or "").strip():
        return "honeypot"
    elapsed = seconds_open(data.get("started") or "")
    if elapsed is None:
        return "no-stamp"
    if elapsed < MIN_FILL_SECONDS:
        return "too-fast"
    return None
