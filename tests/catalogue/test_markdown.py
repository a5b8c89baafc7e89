import pytest

from catalogue.markdown import render_markdown
from tests.factories import make_framework


def test_markdown_is_rendered():
    html = render_markdown("Some **bold** text and a [link](https://example.org).")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_an_editors_script_never_reaches_the_page(hostile):
    html = render_markdown(f"Intro\n\n{hostile}")
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<style" not in html
    assert "<iframe" not in html


@pytest.mark.django_db
def test_a_framework_description_is_sanitised():
    framework = make_framework(description="Fine *text*<script>steal()</script>")
    assert "<em>text</em>" in framework.description_html
    assert "<script" not in framework.description_html
