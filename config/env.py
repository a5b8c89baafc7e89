"""Strict helpers for reading settings from the environment.

A bad value stops start-up with a message naming the variable, instead of a
misconfigured server that fails later in a confusing way.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_ORIGIN = re.compile(
    r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$"
)


def env_origin(name: str, default: str) -> str:
    """A scheme, host and optional port, nothing else: `https://framewise.example`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().removesuffix("/")
    if not _ORIGIN.match(value):
        raise ImproperlyConfigured(
            f"{name} must be an origin such as https://framewise.example (scheme, host and "
            f"optional port; no path); got {raw!r}"
        )
    return value


def require_secret_key() -> None:
    """Called by the WSGI and ASGI entry points: a server never starts without a key."""
    from django.conf import settings

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured as exc:
        if "SECRET_KEY" not in str(exc):
            raise  # another setting is wrong: its own message says which
        key = ""  # Django's own, less helpful, "must not be empty"
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY, or DEBUG=1 for development."
        )
