"""Full-page screenshots of every public page type, for docs/screenshots/ (run by
bin/screenshots against a running server with the curated catalogue loaded)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from tests.browser.conftest import CHROMIUM

PAGES = {
    "home": "/",
    "catalogue": "/frameworks/",
    "catalogue-table": "/frameworks/?view=table",
    "framework": "/frameworks/django/",
    "compare-3": "/compare/django-vs-fastapi-vs-flask/",
    "compare-6": "/compare/aiohttp-vs-django-vs-fastapi-vs-flask-vs-litestar-vs-starlette/",
    "pick": "/compare/",
    "scenarios": "/scenarios/",
    "scenario": "/scenarios/chat-service/",
    "decide": "/decide/",
    "decide-scenario": "/decide/?scenario=chat-service",
    "method": "/decide/method/",
    "changes": "/changes/",
    "search-use-case": "/frameworks/?q=real-time+dashboard",
    "search-filters": "/frameworks/?q=native+websockets+and+an+orm",
    "pick-seven": "/compare/?fw=django&fw=flask&fw=fastapi&fw=bottle&fw=sanic&fw=quart&fw=tornado",
    "compare-add-unknown": "/compare/django-vs-flask/?add=djangoo",
    "compare-3-baseline": "/compare/django-vs-fastapi-vs-flask/?all=1&base=flask",
    "catalogue-page-2-ticked": "/frameworks/?fw=django&fw=flask&page=2",
    "compare-task": "/compare/django-vs-flask/?task=hello-json",
}
WIDTHS = (375, 1440)
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main(base: str = "http://127.0.0.1:8000", out: str = str(OUT)) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        shots = [(name, path, width, "light") for name, path in PAGES.items() for width in WIDTHS]
        shots += [
            (name, PAGES[name], width, "dark")
            for name in ("compare-3", "framework", "decide-scenario", "catalogue")
            for width in WIDTHS
        ]
        for name, path, width, scheme in shots:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(base.rstrip("/") + path)
            height = page.evaluate("document.documentElement.scrollHeight")
            suffix = "" if scheme == "light" else f"-{scheme}"
            target = folder / f"{name}-{width}{suffix}.png"
            # 128 colours keep text sharp at a fraction of a full-colour PNG's size.
            shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
            shot.convert("RGB").quantize(colors=128).save(target, optimize=True)
            print(f"{name:16} {width:5} {scheme:5} {height:6} px  {target.name}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
