"""`manage.py check_catalogue`: the shipped catalogue is consistent, and a value
whose note contradicts its level (or its rubric, its source or its host) fails."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from catalogue.checks import Row, check_rows
from catalogue.models import Trait, TraitValue

pytestmark = pytest.mark.django_db


def run_check() -> str:
    out = io.StringIO()
    call_command("check_catalogue", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def seed(framework: str, trait: str, value, note: str, source: str | None = None) -> None:
    row = TraitValue.objects.select_related("trait").get(
        framework__slug=framework, trait__slug=trait
    )
    row.set_value(value)
    row.note = note
    if source:
        row.source_url = source
    row.verified_on = datetime.date(2026, 12, 1)
    row.save()


def failing_output(capsys_out: io.StringIO) -> str:
    with pytest.raises(CommandError, match="finding"):
        call_command("check_catalogue", stdout=capsys_out, stderr=io.StringIO())
    return capsys_out.getvalue()


def test_the_shipped_catalogue_has_no_findings():
    assert "no findings" in run_check()


def test_every_shipped_trait_has_a_rubric():
    assert not Trait.objects.filter(rubric={}).exists()


def test_a_note_that_leaves_users_to_you_beside_built_in_fails_the_check():
    seed(
        "tornado",
        "auth",
        "built-in",
        "Login mixins ship; storing users and hashing passwords is up to you.",
    )
    out = failing_output(io.StringIO())
    assert "tornado · auth: built-in beside a note that says “up to you”" in out


def test_a_note_saying_left_to_your_code_beside_built_in_fails_the_check():
    seed("flask", "caching", "built-in", "Caching is left to your code.")
    assert "flask · caching" in failing_output(io.StringIO())


def test_a_published_wheel_beside_no_fails_the_check():
    seed(
        "falcon",
        "pure-python",
        False,
        "A pure-Python none-any wheel is also published as a fallback.",
    )
    out = failing_output(io.StringIO())
    assert "falcon · pure-python: no beside a note that says it is published" in out


def test_http2_only_behind_a_proxy_must_have_the_rubrics_level():
    seed("tornado", "http2", "limited", "HTTP/2 reaches clients only through a reverse proxy.")
    assert "HTTP/2 only from a proxy in front is none" in failing_output(io.StringIO())


def test_generic_opentelemetry_middleware_must_be_limited():
    seed(
        "quart",
        "opentelemetry",
        "third-party",
        "No Quart-specific instrumentation; the generic OpenTelemetry ASGI middleware wraps it.",
    )
    assert "quart · opentelemetry" in failing_output(io.StringIO())


def test_a_source_that_is_the_frameworks_docs_home_fails_the_check():
    seed(
        "tornado",
        "templating",
        "built-in",
        "tornado.template compiles templates.",
        source="https://www.tornadoweb.org/en/stable/",
    )
    assert "is the project's home or docs root" in failing_output(io.StringIO())


def test_limited_without_a_note_is_a_finding():
    rows = [Row("x", "auth", "support", "limited", "", "https://x.test/auth", False, "")]
    assert [f.message for f in check_rows(rows)] == [
        "limited without a note saying what is missing"
    ]


def test_an_inherited_value_must_be_the_hosts_value():
    rows = [
        Row("django", "admin", "support", "built-in", "", "https://d.test/admin", False, ""),
        Row("ninja", "admin", "support", "none", "", "https://d.test/admin", True, "django"),
    ]
    findings = check_rows(rows)
    assert [str(f) for f in findings] == [
        "ninja · admin: inherited from django, but django's value is built-in"
    ]


def test_a_toolkit_note_saying_from_the_host_must_be_marked_inherited():
    rows = [
        Row("django", "email", "support", "built-in", "", "https://d.test/mail", False, ""),
        Row(
            "ninja",
            "email",
            "support",
            "built-in",
            "From Django.",
            "https://d.test/m",
            False,
            "django",
        ),
    ]
    assert "mark it inherited" in str(check_rows(rows)[0])


def test_a_command_without_custom_commands_must_be_limited():
    seed(
        "bottle", "cli", "built-in", "The bottle command starts an app; it has no custom commands."
    )
    assert "a command without custom commands is limited" in failing_output(io.StringIO())


def test_a_general_library_used_directly_cannot_be_third_party():
    seed("bottle", "email", "third-party", "No mail plugin; smtplib is used directly.")
    assert "a general library called from your own code is none" in failing_output(io.StringIO())


def test_migrations_follow_an_orm_that_is_none():
    rows = [
        Row("x", "orm", "support", "none", "No data layer.", "https://x.test/faq", False, ""),
        Row("x", "migrations", "support", "third-party", "Alembic.", "https://x.test/m", False, ""),
    ]
    assert "the framework's ORM is none" in str(check_rows(rows)[0])
