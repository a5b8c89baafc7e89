"""Numbers in words, one way everywhere: "1 release" and "2 releases", a year as
a year ("2005", not "2005 year"), a rank as a rank ("#528"), a package of
1,500 kB in MiB like the installed sizes beside it."""

from __future__ import annotations

# Count units as the catalogue writes them (plural), with their singular.
SINGULAR = {
    "releases": "release",
    "months": "month",
    "advisories": "advisory",
    "packages": "package",
    "frameworks": "framework",
    "traits": "trait",
    "values": "value",
}


def number(value: float) -> str:
    """2, 2.5, 0.125: no trailing ".0", no exponent."""
    value = float(value)
    return f"{int(value)}" if value.is_integer() else f"{value:g}"


def plural(count: float, unit: str) -> str:
    """"1 release", "2 releases", "0 advisories" (`unit` in the plural)."""
    word = SINGULAR.get(unit, unit) if float(count) == 1 else unit
    return f"{number(count)} {word}".strip()


def quantity(value: float, unit: str) -> str:
    """A measured or counted value with its unit, in words a reader expects."""
    if unit == "year":
        return number(value)
    if unit == "rank":
        return f"#{number(value)}"
    if unit == "kB" and float(value) >= 1024:
        return f"{float(value) / 1024:.1f} MiB"
    return plural(value, unit)
