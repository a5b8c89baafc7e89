"""Who may curate the catalogue."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from web.errors import error_page

EDITORS_GROUP = "Editors"

# Editors curate every catalogue model, and nothing else (not users, not groups).
EDITOR_MODELS = (
    "framework",
    "frameworkalias",
    "axis",
    "trait",
    "traitvalue",
    "scenario",
    "scenarioweight",
)
EDITOR_ACTIONS = ("add", "change", "delete", "view")


def editor_codenames() -> list[str]:
    return [f"{action}_{model}" for model in EDITOR_MODELS for action in EDITOR_ACTIONS]


def editor_only(request: HttpRequest, permission: str) -> HttpResponse | None:
    """None when the signed-in user is staff with `permission`; otherwise the login
    page (signed out) or a 403 (anyone else): an editor's draft is for editors."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and request.user.has_perm(permission)):
        return error_page(
            request, 403, "Editors only", "Previews of catalogue pages are for editors."
        )
    return None
