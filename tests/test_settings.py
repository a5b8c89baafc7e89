"""Settings from the environment: a server never starts without a SECRET_KEY
when DEBUG is off, while commands that sign nothing still run."""

import subprocess
import sys

from tests.live import ROOT

BARE = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:////tmp/framewise-settings.sqlite3"}


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**BARE, **env},
        capture_output=True,
        text=True,
    )


def test_the_wsgi_server_refuses_to_start_without_a_secret_key():
    result = _python("import config.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_the_asgi_server_refuses_to_start_without_a_secret_key():
    result = _python("import config.asgi")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_starts_with_a_secret_key_or_in_debug():
    assert _python("import config.wsgi", SECRET_KEY="k" * 50).returncode == 0
    assert _python("import config.wsgi", DEBUG="1").returncode == 0


def test_a_bad_boolean_stops_start_up_naming_the_variable():
    result = _python("import config.wsgi", SECRET_KEY="k" * 50, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_makemigrations_check_runs_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=BARE,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_site_url_with_a_path_stops_start_up_naming_the_variable():
    result = _python("import config.wsgi", SECRET_KEY="k" * 50, SITE_URL="https://x.example/app")
    assert result.returncode != 0
    assert "SITE_URL must be an origin" in result.stderr


def test_site_url_takes_an_origin_and_drops_a_trailing_slash():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    env = {"SECRET_KEY": "k" * 50, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = _python(code, SITE_URL="https://framewise.example/", **env)
    assert result.stdout.strip() == "https://framewise.example", result.stderr
    assert _python(code, **env).stdout.strip() == "http://127.0.0.1:8000"
