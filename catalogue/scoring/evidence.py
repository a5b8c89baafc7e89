"""What stands behind one value: its note, source, version, verification date and
origin (shown in the comparison grid, the framework page and the exports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Evidence:
    note: str = ""
    source: str = ""
    version: str = ""
    verified: Any = None  # a date
    stale: bool = False
    origin: str = ""  # curated | fetched | measured
    inherited: str = ""  # the host framework's name when the value is the host's (a toolkit)
