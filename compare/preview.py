"""The Open Graph image of a comparison: a 1200×630 PNG with the names and a few
key differences, drawn with Pillow (no browser, no network)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from compare.table import Comparison

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (251, 251, 250)
ACCENT = (31, 95, 191)
TEXT = (28, 29, 33)
MUTED = (85, 88, 95)
GOOD = (23, 105, 58)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> tuple[str, object]:
    """Shrink the font, then cut the text, until it fits `width` pixels."""
    while size > 18:
        font = _font(size)
        if draw.textlength(text, font=font) <= width:
            return text, font
        size -= 4
    font = _font(size)
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…", font


def render_png(comparison: Comparison, key_rows: int = 5) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 14], fill=ACCENT)
    draw.text((60, 48), "Framewise", font=_font(34), fill=ACCENT)

    title, font = _fit(draw, " vs ".join(comparison.frameworks.values()), 64, WIDTH - 120)
    draw.text((60, 100), title, font=font, fill=TEXT)
    summary = f"{len(comparison.rows)} traits compared · differ on {comparison.differing}"
    draw.text((60, 190), summary, font=_font(30), fill=MUTED)

    differing = [row for row in comparison.rows if row.differs and row.trait.scored]
    columns = list(comparison.frameworks.values())
    col_width = (WIDTH - 120 - 300) // max(len(columns), 1)
    y = 260
    header_font = _font(22)
    for i, name in enumerate(columns):
        text, font = _fit(draw, name, 24, col_width - 12)
        draw.text((360 + i * col_width, y), text, font=font, fill=MUTED)
    y += 44
    for row in differing[:key_rows]:
        draw.line([60, y - 8, WIDTH - 60, y - 8], fill=(217, 219, 224), width=2)
        label, font = _fit(draw, row.trait.name, 26, 290)
        draw.text((60, y), label, font=font, fill=TEXT)
        for i, cell in enumerate(row.cells):
            text, font = _fit(draw, cell.display, 24, col_width - 12)
            draw.text((360 + i * col_width, y), text, font=font, fill=GOOD if cell.best else TEXT)
        y += 56
    draw.text((60, HEIGHT - 50), "Every value sourced and dated", font=header_font, fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
