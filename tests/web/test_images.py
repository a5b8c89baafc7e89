"""The link-preview images' PNG encoding: what any decoder reads back is exactly
the canvas that was drawn."""

import io
import zlib

from PIL import Image

from web.images import HEIGHT, WIDTH, Canvas, encode_png, ranking_png


def test_the_encoded_png_decodes_to_the_pixels_drawn():
    canvas = Canvas.new()
    canvas.text(90, "Django vs Flask – “quotes”, ünïcode", 48)
    canvas.draw.rectangle([100, 300, 700, 340], fill=(31, 95, 191))
    png = canvas.png()
    decoded = Image.open(io.BytesIO(png))
    decoded.load()
    assert decoded.format == "PNG" and decoded.mode == "RGB"
    assert decoded.size == (WIDTH, HEIGHT)
    assert decoded.tobytes() == canvas.image.tobytes()


def test_every_chunk_carries_a_correct_checksum_and_the_file_ends_with_iend():
    png = ranking_png("Decision matrix", "Ranked by weighted, sourced traits", [("Django", 0.8)])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, kinds = 8, []
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        crc = int.from_bytes(png[position + 8 + length : position + 12 + length], "big")
        assert zlib.crc32(kind + data) == crc, kind
        kinds.append(kind)
        position += 12 + length
    assert position == len(png)
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_an_image_that_is_not_rgb_is_encoded_as_its_rgb_form():
    grey = Image.new("L", (40, 20), 128)
    decoded = Image.open(io.BytesIO(encode_png(grey)))
    decoded.load()
    assert decoded.tobytes() == grey.convert("RGB").tobytes()
