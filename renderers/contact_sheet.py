"""One PNG grid of rendered samples, captioned, so a person can look at the output."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from babelshard.renderers.fonts import FontRegistry


def _caption_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    faces = FontRegistry().candidates("Latn")
    if faces:
        return ImageFont.truetype(faces[0].path, size)
    return ImageFont.load_default(size)


def contact_sheet(
    items: Sequence[tuple[Image.Image, str]], *, columns: int = 4, thumb: int = 384
) -> Image.Image:
    """Tile ``(image, caption)`` pairs into a grid of ``thumb``-pixel cells with captions."""
    if not items:
        raise ValueError("contact sheet needs at least one image")
    columns = max(1, min(columns, len(items)))
    rows = math.ceil(len(items) / columns)
    caption_h = max(14, thumb // 16)
    font = _caption_font(caption_h - 4)
    sheet = Image.new("RGB", (columns * thumb, rows * (thumb + caption_h)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (image, caption) in enumerate(items):
        x, y = (i % columns) * thumb, (i // columns) * (thumb + caption_h)
        cell = image.convert("RGB").copy()
        cell.thumbnail((thumb, thumb))
        sheet.paste(cell, (x + (thumb - cell.width) // 2, y + caption_h))
        draw.text((x + 4, y + 2), caption, fill="black", font=font)
    return sheet
