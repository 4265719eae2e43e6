"""One PNG grid of rendered samples, captioned, so a person can look at the output."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from babelshard.renderers.fonts import FontRegistry


def _caption_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    faces = FontRegistry().candidates("Latn")
    if faces:
        return ImageFont.truetype(faces[0].path, size)
    return ImageFont.load_default(size)


def fit_caption(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float) -> str:
    """``text``, cut at the end with an ellipsis until it is no wider than ``width``."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


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
        draw.text((x + 4, y + 2), fit_caption(caption, font, thumb - 8), fill="black", font=font)
    return sheet


def render_contact_sheet(
    langs: Sequence[str] | None = None,
    *,
    charts: bool = False,
    pages: bool = False,
    seed: int = 0,
    columns: int = 4,
    font_dirs: Sequence[str] = (),
    size: int = 768,
) -> Image.Image:
    """Document scenes (or flat pages, or charts) of the bundled sample texts, one per
    language, in one grid.

    Scenes get three copies of the sample text, so their lists, columns and tables have
    something to hold. Chart questions stay English here: a sheet is for looking at.
    """
    from babelshard.renderers.chart_questions import TEMPLATES, QuestionTemplates
    from babelshard.renderers.charts import ChartConfig, ChartRenderer
    from babelshard.renderers.document import DocumentConfig, DocumentRenderer
    from babelshard.renderers.samples import CONTACT_SHEET_LANGS, SAMPLE_TEXTS
    from babelshard.renderers.scene import SceneConfig, SceneRenderer
    from babelshard.schemas.languages import get_language

    codes = [get_language(code).code for code in (langs or CONTACT_SHEET_LANGS)]
    unknown = [code for code in codes if code not in SAMPLE_TEXTS]
    if unknown:
        raise KeyError(f"no sample text for {', '.join(unknown)}; have {', '.join(SAMPLE_TEXTS)}")
    fonts = FontRegistry(font_dirs)
    if charts:
        templates = {
            code: QuestionTemplates(code, dict(TEMPLATES), frozenset(TEMPLATES)) for code in codes
        }
        renderer: Any = ChartRenderer(fonts, ChartConfig(size=(size, size)), templates)
    elif pages:
        renderer = DocumentRenderer(fonts, DocumentConfig(size=(size, size)))
    else:
        renderer = SceneRenderer(fonts, SceneConfig(size=(size, size)))
    copies = 1 if charts or pages else 3
    items = []
    for i, code in enumerate(codes):
        sample = renderer.render(" ".join([SAMPLE_TEXTS[code]] * copies), code, f"{seed}:{i}")
        items.append((sample.image, f"{code}  {sample.doc['font']['name']}"))
    return contact_sheet(items, columns=columns)
