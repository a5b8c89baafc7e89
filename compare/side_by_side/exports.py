"""A comparison as CSV, JSON and a Markdown table, each with sources and dates."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from catalogue.markdown import md_text, md_url
from compare.grid.table import Cell, Comparison
from web.origin import absolute_url

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading quote makes
    Excel, LibreOffice and Sheets treat the cell as text."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _absolute(source: str) -> str:
    """A source on this site (the lab's section of a framework page) as a full URL,
    so an exported file's links work wherever it is opened."""
    return absolute_url(source) if source.startswith("/") else source


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


# Excel reads a CSV as the system's legacy code page unless it starts with a UTF-8
# byte order mark ("Sebastián" would show as "SebastiÃ¡n"); other readers skip it.
BOM = "\ufeff"


def to_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    header = ["axis", "trait", "trait_slug", "type", "unit"]
    for name in comparison.frameworks.values():
        header += [name, f"{name} source", f"{name} version", f"{name} verified", f"{name} note"]
    writer.writerow([safe_cell(h) for h in header])
    for group in comparison.groups:
        for row in group.rows:
            line = [group.name, row.trait.name, row.trait.slug, row.trait.type, row.unit]
            for cell in row.cells:
                e = cell.evidence
                line += [_shown(cell), _absolute(e.source), e.version, _iso(e.verified), e.note]
            writer.writerow([safe_cell(str(v)) for v in line])
    return out.getvalue()


def to_json(comparison: Comparison, url: str, revision: int) -> str:
    data = {
        "url": url,
        "catalogue_revision": revision,
        "frameworks": [{"slug": s, "name": n} for s, n in comparison.frameworks.items()],
        "differing_traits": comparison.differing,
        "axes": [
            {
                "slug": group.slug,
                "name": group.name,
                "traits": [
                    {
                        "slug": row.trait.slug,
                        "name": row.trait.name,
                        "type": row.trait.type,
                        "unit": row.unit or None,
                        "direction": row.trait.direction or None,
                        "differs": row.differs,
                        "values": {
                            cell.framework: {
                                "value": cell.value,
                                "display": _shown(cell),
                                "inherited_from": cell.evidence.inherited or None,
                                "known": cell.known,
                                "best": cell.best,
                                "note": cell.evidence.note or None,
                                "source": _absolute(cell.evidence.source) or None,
                                "version": cell.evidence.version or None,
                                "verified": _iso(cell.evidence.verified) or None,
                            }
                            for cell in row.cells
                        },
                    }
                    for row in group.rows
                ],
            }
            for group in comparison.groups
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)






def to_markdown(comparison: Comparison, url: str, revision: int, today: Any) -> str:
    names = list(comparison.frameworks.values())
    lines = [
        f"## {md_text(' vs '.join(names))}",
        "",
        f"{len(comparison.rows)} traits compared; they differ on {comparison.differing}. "
        f"Source: Framewise, catalogue revision {revision}, {today.isoformat()}, <{md_url(url)}>.",
        "",
        "| Trait | " + " | ".join(md_text(n) for n in names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    for group in comparison.groups:
        lines.append(f"| **{md_text(group.name)}** |" + " |" * len(names))
        for row in group.rows:
            cells = []
            for cell in row.cells:
                text = md_text(_shown(cell))
                if cell.known and cell.evidence.source:
                    text = f"[{text}](<{md_url(_absolute(cell.evidence.source))}>)"
                    if cell.evidence.verified:
                        text += f" ({cell.evidence.verified.isoformat()})"
                if cell.best:
                    text += " ✓"
                cells.append(text)
            lines.append(f"| {md_text(row.trait.name)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "✓ marks the best value in a row (ties share it). Dates are when each value "
        "was last verified against its source.",
    ]
    return "\n".join(lines) + "\n"


def _shown(cell: Cell) -> str:
    """A cell's value as exports show it: a toolkit's inherited value names its host."""
    host = cell.evidence.inherited
    return f"{cell.display} (from {host})" if host and cell.known else cell.display
