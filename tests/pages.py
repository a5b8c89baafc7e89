"""The one list of public pages, shared by every test that walks them (HTML
validity, HEAD and the other methods, security headers, query budgets): every page
type, with the status it answers. A test that needs only some takes them with a
filter over this list, never a list of its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # with its query string
    status: int = 200
    html: bool = True  # an HTML page (not a feed, an export, JSON or an image)


PUBLIC_PAGES: list[Page] = [
    Page("home", "/"),
    Page("catalogue", "/frameworks/"),
    Page("catalogue-kind", "/frameworks/?kind=micro"),
    Page("catalogue-filtered", "/frameworks/?kind=async&has=websockets"),
    Page("catalogue-sorted", "/frameworks/?kind=micro&has=websockets&sort=has-built-in"),
    Page("catalogue-levels", "/frameworks/?has=websockets:built-in&has=orm&has=asgi"),
    Page("catalogue-closest", "/frameworks/?has=websockets:built-in&has=admin:built-in"),
    Page("catalogue-search", "/frameworks/?q=native+websockets+and+an+orm"),
    Page("catalogue-text-search", "/frameworks/?q=channels&search=text"),
    Page("catalogue-use-case", "/frameworks/?q=real-time+dashboard"),
    Page("catalogue-table", "/frameworks/?view=table&sort=latest-release&kind=micro"),
    Page("framework", "/frameworks/django/"),
    Page("framework-image", "/frameworks/django/preview.png", html=False),
    Page("compare", "/compare/django-vs-fastapi-vs-flask/?all=1&base=flask"),
    Page("compare-differences", "/compare/django-vs-fastapi-vs-flask/"),
    Page("compare-two", "/compare/django-vs-flask/"),
    Page("compare-six", "/compare/bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-tornado/?all=1"),
    Page("compare-pinned", "/compare/django-vs-flask/?rev=1"),
    Page("compare-task", "/compare/django-vs-flask/?task=hello-json"),
    Page("compare-add-unknown", "/compare/django-vs-flask/?add=djangoo"),
    Page("compare-csv", "/compare/django-vs-flask.csv", html=False),
    Page("compare-json", "/compare/django-vs-flask.json", html=False),
    Page("compare-md", "/compare/django-vs-flask.md", html=False),
    Page("picker-one-ticked", "/compare/?fw=django"),
    Page(
        "picker-seven-ticked",
        "/compare/?fw=django&fw=flask&fw=fastapi&fw=bottle&fw=sanic&fw=quart&fw=tornado",
    ),
    Page("scenarios", "/scenarios/"),
    Page("scenario", "/scenarios/chat-service/"),
    Page("decide", "/decide/?scenario=chat-service"),
    Page("decide-plain", "/decide/"),
    Page(
        "decide-questions",
        "/decide/?scenario=chat-service&must=graphql:third-party,-websockets&know=django",
    ),
    Page("decide-method", "/decide/method/"),
    Page("decide-md", "/decide.md?scenario=chat-service", html=False),
    Page("decide-json", "/decide.json?w=performance:9", html=False),
    Page("changes", "/changes/"),
    Page("changes-feed", "/changes/feed/", html=False),
    Page("framework-feed", "/frameworks/flask/feed/", html=False),
    Page("comparison-feed", "/compare/django-vs-flask/feed/", html=False),
    Page("decision-feed", "/decide/feed/?scenario=chat-service", html=False),
    Page("report-form", "/report/flask/orm/"),
    Page("api-docs", "/api/"),
    Page("api-frameworks", "/api/v1/frameworks/", html=False),
    Page("download", "/download/framewise-catalogue.zip", html=False),
    Page("healthz", "/healthz", html=False),
    Page("bad-filter-400", "/frameworks/?kind=nope", 400),
    Page("bad-decision-400", "/decide/?w=nope:3", 400),
    Page("framework-404", "/frameworks/no-such-framework/", 404),
    Page("compare-404", "/compare/django-vs-flsk/", 404),
]


def pages(*, status: int | None = 200, html: bool | None = None) -> list[Page]:
    """The public pages answering `status` (None: any), HTML only or none (None: both)."""
    return [
        p
        for p in PUBLIC_PAGES
        if (status is None or p.status == status) and (html is None or p.html == html)
    ]
