"""Sending reports as a visitor would: open the form, wait, send."""

from __future__ import annotations

import re
import time
from typing import Any

from reports.forms import started_token


def opened_seconds_ago(seconds: float) -> str:
    """The form's signed stamp, as if it had been opened `seconds` ago."""
    return started_token(time.time() - seconds)


def report_data(**fields: Any) -> dict[str, Any]:
    data = {
        "problem": "wrong",
        "suggested_value": "",
        "source_url": "https://docs.example.org/orm/",
        "explanation": "The docs say otherwise.",
        "email": "",
        "website": "",
        "started": opened_seconds_ago(5),
    }
    data.update(fields)
    return data


def send(client, framework="flask", trait="orm", address="203.0.113.7", **fields):  # type: ignore[no-untyped-def]
    """POST a report from `address`, its form opened five seconds ago."""
    return client.post(f"/report/{framework}/{trait}/", report_data(**fields), REMOTE_ADDR=address)


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
