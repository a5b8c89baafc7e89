"""Side-by-side comparison."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalogue.errors import error_page


@require_GET
def pick(request: HttpRequest) -> HttpResponse:
    """The catalogue's "Compare" form (?fw=a&fw=b…) lands here and is sent on to
    the canonical comparison URL, which does the rest of the checking."""
    slugs = [s for s in request.GET.getlist("fw") if s.strip()]
    if len(slugs) < 2:
        return error_page(
            request,
            400,
            "Pick at least two frameworks",
            "Tick two to six frameworks in the catalogue to compare them.",
            back_url=reverse("catalogue:framework_list"),
            back_label="Back to the catalogue",
        )
    return redirect(f"/compare/{'-vs-'.join(slugs)}/")
