"""Editor-written Markdown, rendered to HTML that is safe to put on a page; and
text and URLs written into the Markdown exports, kept literal."""

from urllib.parse import quote

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then through an allow-list sanitiser (scripts, styles,
    event handlers and javascript: links never survive)."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)


def md_url(url: str) -> str:
    """A URL safe inside a Markdown link destination: characters that could end it
    or start HTML (<, >, spaces, quotes, backticks) are percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def md_text(text: str) -> str:
    """Text that stays literal inside a Markdown table cell."""
    escaped = "".join("\\" + ch if ch in "\\`*_{}[]<>()#+!|" else ch for ch in text)
    return " ".join(escaped.split())
