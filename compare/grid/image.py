"""A comparison's link-preview image: the rows where the frameworks differ most,
drawn on web/images.py's canvas."""

from __future__ import annotations

from compare.grid.table import Comparison, Row, differ_most
from web.images import (
    FOOTER_SIZE,
    GOOD,
    HEIGHT,
    MARGIN,
    MUTED,
    RULE,
    TABLE_SIZE,
    TEXT,
    TITLE_SIZE,
    WIDTH,
    Canvas,
    typeface,
    wrap,
)


def deciding_rows(comparison: Comparison, weights: dict[str, float] | None = None) -> list[Row]:
    """Scored rows where the frameworks differ, in the order of the page's "where
    they differ most" (spread times the trait's weight in decisions, `weights` as
    the page has them), so an ORM comes before a release count."""
    return differ_most(comparison, count=len(comparison.rows), weights=weights)


def render_png(comparison: Comparison, weights: dict[str, float] | None = None) -> bytes:
    canvas = Canvas.new()
    draw = canvas.draw
    names = list(comparison.frameworks.values())
    y = canvas.text(90, " vs ".join(names), TITLE_SIZE - 8, max_lines=2)
    summary = f"{len(comparison.rows)} traits compared · differ on {comparison.differing}"
    y = canvas.text(y + 4, summary, FOOTER_SIZE + 4, fill=MUTED, max_lines=1)

    font = typeface(TABLE_SIZE)
    line = int(TABLE_SIZE * 1.25)
    label_width = 250 if len(names) > 4 else 300
    x0 = MARGIN + label_width
    col = (WIDTH - MARGIN - x0) // max(len(names), 1)
    bottom = HEIGHT - 70

    headers = [wrap(draw, name, TABLE_SIZE, col - 14) for name in names]
    y += 16
    for i, lines in enumerate(headers):
        for j, text in enumerate(lines[:2]):
            draw.text((x0 + i * col, y + j * line), text, font=font, fill=MUTED)
    y += line * min(2, max(len(h) for h in headers)) + 12
    for row in deciding_rows(comparison, weights):
        label = wrap(draw, row.trait.name, TABLE_SIZE, label_width - 20)
        cells = [wrap(draw, cell.display, TABLE_SIZE, col - 14) for cell in row.cells]
        height = line * max(len(label), *(len(c) for c in cells)) + 14
        if y + height > bottom:
            break
        draw.line([MARGIN, y - 6, WIDTH - MARGIN, y - 6], fill=RULE, width=2)
        for j, text in enumerate(label):
            draw.text((MARGIN, y + j * line), text, font=font, fill=TEXT)
        for i, (cell, lines) in enumerate(zip(row.cells, cells, strict=True)):
            for j, text in enumerate(lines):
                fill = GOOD if cell.best else TEXT
                draw.text((x0 + i * col, y + j * line), text, font=font, fill=fill)
        y += height
    return canvas.png()


def comparison_alt(comparison: Comparison, weights: dict[str, float] | None = None) -> str:
    names = " vs ".join(comparison.frameworks.values())
    rows = [row.trait.name for row in deciding_rows(comparison, weights)[:5]]
    text = f"{names}: {len(comparison.rows)} traits compared, they differ on {comparison.differing}"
    return f"{text}; the biggest differences: {', '.join(rows)}." if rows else f"{text}."
