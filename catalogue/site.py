"""What the site says about itself: its link-preview image text and the comparisons
the home page offers (and the warming re-renders)."""

from __future__ import annotations

SITE_IMAGE_TITLE = "Choose a Python web framework"


SITE_IMAGE_LINES = [
    "Filter the catalogue by what is built in",
    "Compare frameworks side by side",
    "Weigh what matters to your team",
]


SITE_IMAGE_ALT = f"Framewise: {SITE_IMAGE_TITLE.lower()}. " + ", ".join(SITE_IMAGE_LINES) + "."


POPULAR_COMPARISONS = [
    ["django", "fastapi", "flask"],
    ["fastapi", "starlette"],
    ["flask", "quart"],
    ["sanic", "tornado"],
    ["bottle", "micropie"],
]
