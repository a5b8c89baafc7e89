"""Link-preview images (Open Graph, 1200×630 PNG) drawn with Pillow: no browser,
no network. A framework's key facts, a ranking (a scenario or a decision), and
the site's own card for list pages; a comparison's image (compare/grid/image.py)
is drawn on the same canvas.

Text is set at one size per role (title, body, table) and wrapped at word
boundaries: never shrunk to fit and never cut mid-word. What does not fit is
left out whole (a row, a line) rather than squeezed.
"""

from __future__ import annotations

import functools
import struct
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 60


BACKGROUND = (251, 251, 250)


ACCENT = (31, 95, 191)


TEXT = (28, 29, 33)


MUTED = (85, 88, 95)


GOOD = (23, 105, 58)


RULE = (217, 219, 224)


BAR = (232, 240, 252)


BRAND_SIZE = 32


TITLE_SIZE = 56


BODY_SIZE = 30


TABLE_SIZE = 24


FOOTER_SIZE = 22


FOOTER = "Every value sourced and dated"


@functools.cache
def typeface(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font at `size`, loaded once per process (loading it took as long as
    drawing a line of text)."""
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: int) -> float:
    """How wide `text` is at `size`: measured once per process (cells repeat the
    same few values: “built-in”, “yes”, version numbers)."""
    return typeface(size).getlength(text)


def wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> list[str]:
    """`text` in lines no wider than `width` at `size`, broken between words. A
    single word wider than a line is split with a hyphen, never cut off."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while text_width(word, size) > width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


@dataclass
class Canvas:
    image: Image.Image
    draw: ImageDraw.ImageDraw

    @classmethod
    def new(cls) -> Canvas:
        image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 0, WIDTH, 14], fill=ACCENT)
        draw.text((MARGIN, 40), "Framewise", font=typeface(BRAND_SIZE), fill=ACCENT)
        draw.text((MARGIN, HEIGHT - 50), FOOTER, font=typeface(FOOTER_SIZE), fill=MUTED)
        return cls(image, draw)

    def text(self, y: int, text: str, size: int, fill=TEXT, max_lines: int = 2) -> int:  # type: ignore[no-untyped-def]
        """Draw wrapped text from `y`; whole lines only. Returns the next y."""
        lines = wrap(self.draw, text, size, WIDTH - 2 * MARGIN)[:max_lines]
        for line in lines:
            self.draw.text((MARGIN, y), line, font=typeface(size), fill=fill)
            y += int(size * 1.25)
        return y

    def png(self) -> bytes:
        return encode_png(self.image)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: Image.Image) -> bytes:
    """`image` (RGB) as a PNG: every row unfiltered, compressed at zlib's fastest
    level. Pillow's encoder chooses a filter for each row and compresses at level 6:
    on these cards (a flat background, a few colours, anti-aliased text) that took
    three times as long (about 13.7 ms against 4.3 for a ranking's card, most of an
    image's cost) for a file 8% smaller (41 KB against 44). The same pixels either
    way (tests/web/test_images.py decodes them)."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    width, height = image.size
    raw = image.tobytes()
    stride = width * 3
    rows = b"".join(b"\x00" + raw[start : start + stride] for start in range(0, len(raw), stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 1))
        + _chunk(b"IEND", b"")
    )


def facts_png(title: str, summary: str, facts: list[tuple[str, str]]) -> bytes:
    """A framework's card: its name, summary, and key facts as label: value pairs
    in two columns."""
    canvas = Canvas.new()
    draw = canvas.draw
    y = canvas.text(90, title, TITLE_SIZE, max_lines=1)
    y = canvas.text(y + 4, summary, BODY_SIZE - 4, fill=MUTED, max_lines=2) + 14
    font = typeface(TABLE_SIZE)
    line = int(TABLE_SIZE * 1.25)
    half = (WIDTH - 2 * MARGIN) // 2
    bottom = HEIGHT - 70
    for start in range(0, len(facts), 2):
        pair = facts[start : start + 2]
        blocks = [
            (wrap(draw, label, TABLE_SIZE, half - 30), wrap(draw, value, TABLE_SIZE, half - 30))
            for label, value in pair
        ]
        height = max(line * (len(lab) + len(val)) for lab, val in blocks) + 14
        if y + height > bottom:
            break
        for i, (label_lines, value_lines) in enumerate(blocks):
            x = MARGIN + i * half
            yy = y
            for text in label_lines:
                draw.text((x, yy), text, font=font, fill=MUTED)
                yy += line
            for text in value_lines:
                draw.text((x, yy), text, font=font, fill=TEXT)
                yy += line
        y += height
    return canvas.png()


def ranking_png(title: str, subtitle: str, lines: list[tuple[str, float | None]]) -> bytes:
    """A ranking's card: the title, then up to three frameworks with their score
    as a number and a bar."""
    canvas = Canvas.new()
    draw = canvas.draw
    y = canvas.text(90, title, TITLE_SIZE - 8, max_lines=2)
    y = canvas.text(y + 4, subtitle, BODY_SIZE - 4, fill=MUTED, max_lines=1) + 20
    font = typeface(BODY_SIZE)
    bar_x, bar_width = MARGIN + 420, WIDTH - 2 * MARGIN - 420 - 120
    for position, (name, score) in enumerate(lines[:3], start=1):
        if y + 70 > HEIGHT - 70:
            break
        label = wrap(draw, f"{position}. {name}", BODY_SIZE, 400)[0]
        draw.text((MARGIN, y), label, font=font, fill=TEXT)
        draw.rectangle([bar_x, y + 4, bar_x + bar_width, y + 30], fill=BAR)
        if score is not None:
            draw.rectangle([bar_x, y + 4, bar_x + int(bar_width * score), y + 30], fill=ACCENT)
            shown = f"{score * 100:.1f}/100"
        else:
            shown = "n/a"
        draw.text((WIDTH - MARGIN - 100, y), shown, font=font, fill=TEXT)
        y += 64
    return canvas.png()


def site_png(title: str, lines: list[str]) -> bytes:
    """The site's card, for list pages: a headline and a few plain lines."""
    canvas = Canvas.new()
    y = canvas.text(90, title, TITLE_SIZE, max_lines=2) + 10
    for text in lines:
        y = canvas.text(y, text, BODY_SIZE, fill=MUTED, max_lines=1) + 6
    return canvas.png()
