"""SynthDoG-style document pages: a background, text blocks in the target language, noise.

One call renders one page from ``(text, lang, seed)``: the same inputs give the same
bytes. The text flows through one to a few blocks (stacked, or in columns read right
to left for RTL languages) until it or the page runs out; the ground truth holds
exactly what was drawn, in reading order, with line boxes (and word boxes for
space-separated scripts), the font and the script, plus SynthDoG's own
``{"gt_parse": {"text_sequence": ...}}`` so Donut/SynthDoG loaders read it as is.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from babelshard.renderers.augment import AugmentConfig, augment, encode
from babelshard.renderers.backgrounds import make_background
from babelshard.renderers.errors import RenderError
from babelshard.renderers.fonts import FontRegistry, FontStack
from babelshard.renderers.layout import FlowLine, Shaper, TextFlow
from babelshard.renderers.scripts import ScriptInfo, raqm_available, require_shaping, script_info
from babelshard.renderers.unicode_text import normalize_paragraphs

Rect = tuple[int, int, int, int]

# Scripts whose lines break only at spaces although UAX #14 allows more (Korean).
KEEP_ALL_SCRIPTS = frozenset({"Hang", "Kore"})


@dataclass(frozen=True)
class DocumentConfig:
    """Page size and the ranges every page's random choices are drawn from."""

    size: tuple[int, int] = (768, 768)
    font_size: tuple[int, int] = (18, 40)
    line_spacing: tuple[float, float] = (1.05, 1.5)
    margin: tuple[float, float] = (0.04, 0.10)  # fraction of the page side
    max_blocks: int = 3
    backgrounds: dict[str, float] = field(
        default_factory=lambda: {"solid": 0.25, "paper": 0.5, "image": 0.25}
    )
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    image_ext: str = "jpg"
    word_boxes: bool = True


@dataclass(frozen=True)
class _Body:
    """A page's body text setting: one shaper (font and size), line pitch and alignment."""

    shaper: Shaper
    step: int
    align: str


@dataclass
class RenderedSample:
    """An encoded image, its ground truth and its text (one line per drawn line)."""

    image: Image.Image
    image_bytes: bytes
    image_ext: str
    doc: dict[str, Any]
    text: str


def sample_rng(seed: int | str) -> tuple[random.Random, np.random.Generator]:
    """The page's two generators, both derived from its seed."""
    rng = random.Random(str(seed))
    return rng, np.random.default_rng(rng.getrandbits(64))


def font_json(stack: FontStack) -> dict[str, Any]:
    face = stack.primary
    return {
        "name": face.name,
        "family": face.family,
        "style": face.style,
        "fallbacks": [f.name for f in stack.faces[1:]],
    }


def fitting_size(probe: Shaper, texts: Sequence[str], area: float, spacing: float) -> int:
    """The font size at which ``texts`` would about fill ``area`` (measured at ``probe``'s).

    Text area grows with the square of the size; 0.7 of the area is left for ragged
    line ends and gaps between blocks.
    """
    width = sum(probe.width(t) for t in texts) + probe.size * 2 * len(texts)
    scale = (area * 0.7 / (width * probe.line_height * spacing)) ** 0.5
    return int(probe.size * scale)


class DocumentRenderer:
    """Renders document pages; build once per worker (fonts and shapers are cached)."""

    def __init__(
        self,
        fonts: FontRegistry | None = None,
        config: DocumentConfig | None = None,
        background_images: Sequence[bytes | str] = (),
        raqm: bool | None = None,
    ) -> None:
        self.fonts = fonts or FontRegistry()
        self.config = config or DocumentConfig()
        self.background_images = list(background_images)
        self.raqm = raqm_available() if raqm is None else raqm

    def check_language(self, lang: str) -> ScriptInfo:
        """Script facts for ``lang``; raises ShapingUnavailableError before any work."""
        info = script_info(lang)
        require_shaping(info, self.raqm)
        return info

    def render(self, text: str, lang: str, seed: int | str) -> RenderedSample:
        """Render one page; raises RenderError (missing glyphs, empty text, ...)."""
        info = self.check_language(lang)
        paragraphs = normalize_paragraphs(text)
        if not paragraphs:
            raise RenderError("empty_text", "nothing to draw after normalisation")
        cfg = self.config
        rng, nprng = sample_rng(seed)
        stack = self.fonts.pick("\n".join(paragraphs), info.script, rng, info.lang)
        background = make_background(cfg.size, rng, nprng, cfg.backgrounds, self.background_images)
        page = background.image
        flow = TextFlow(paragraphs, info.bcp47, keep_all=info.script in KEEP_ALL_SCRIPTS)
        lines: list[dict[str, Any]] = []
        blocks: list[dict[str, Any]] = []
        flow_lines: list[FlowLine] = []
        layout, regions = self._regions(rng, info)
        body = self._body(rng, stack, info, regions, paragraphs)
        run_on: Rect | None = None  # where a paragraph cut at a stacked block's end goes on
        for region in regions:
            if flow.done:
                break
            if run_on is not None:  # on the same pitch and width, not after a block gap
                region = (run_on[0], run_on[1], run_on[2], region[3])
            block = self._fill_region(page, region, flow, body, info, rng, background.ink)
            if block is None:
                continue
            block_lines, drawn = block["lines"], block.pop("_flow")
            block["lines"] = list(range(len(lines), len(lines) + len(block_lines)))
            for line in block_lines:
                line["block"] = len(blocks)
            lines.extend(block_lines)
            flow_lines.extend(drawn)
            blocks.append(block)
            next_top = block.pop("_next_top")
            mid_paragraph = not flow.done and flow.seg > 0
            run_on = (
                (region[0], next_top, region[2], 0)
                if layout == "stacked" and mid_paragraph
                else None
            )
        if not lines:
            raise RenderError("no_text_fits", "not one line fits on the page")
        page, geometry, params = augment(
            page, background.image.getpixel((0, 0)), cfg.augment, rng, nprng
        )
        if not geometry.identity:
            for item in [*lines, *blocks, *(w for line in lines for w in line.get("words", []))]:
                item.update(geometry.box(tuple(item["box"]), cfg.size))
        sequence = "".join(f.text + f.joiner for f in flow_lines).strip()
        doc = {
            "kind": "document",
            "lang": info.lang,
            "script": info.script,
            "direction": info.direction,
            "font": font_json(stack),
            "width": cfg.size[0],
            "height": cfg.size[1],
            "text": "\n".join(line["text"] for line in lines),
            "lines": lines,
            "blocks": blocks,
            "truncated": not flow.done,
            "background": background.kind,
            "augment": params,
            "seed": str(seed),
            "gt_parse": {"text_sequence": sequence},
        }
        data = encode(page, cfg.image_ext, params["jpeg_quality"])
        return RenderedSample(page, data, cfg.image_ext, doc, doc["text"])

    def _regions(self, rng: random.Random, info: ScriptInfo) -> tuple[str, list[Rect]]:
        """The layout's name and its text blocks in reading order: one, stacked, two columns."""
        w, h = self.config.size
        mx = round(w * rng.uniform(*self.config.margin))
        my = round(h * rng.uniform(*self.config.margin))
        x0, y0, x1, y1 = mx, my, w - mx, h - my
        layout = rng.choices(["single", "stacked", "columns"], weights=[0.4, 0.35, 0.25])[0]
        if layout == "single" or self.config.max_blocks < 2:
            return "single", [(x0, y0, x1, y1)]
        gap = round(min(w, h) * rng.uniform(0.02, 0.05))
        if layout == "columns":
            mid = (x0 + x1) // 2
            left, right = (x0, y0, mid - gap // 2, y1), (mid + gap // 2, y0, x1, y1)
            return layout, [right, left] if info.rtl else [left, right]
        count = rng.randint(2, self.config.max_blocks)
        cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(count - 1))
        edges = [y0, *(round(y0 + c * (y1 - y0)) for c in cuts), y1]
        regions = []
        for top, bottom in itertools.pairwise(edges):
            width = round((x1 - x0) * rng.uniform(0.6, 1.0))
            left = x1 - width if info.rtl else x0
            regions.append((left, top + gap // 2, left + width, bottom - gap // 2))
        return layout, regions

    def _body(
        self,
        rng: random.Random,
        stack: FontStack,
        info: ScriptInfo,
        regions: list[Rect],
        paragraphs: list[str],
    ) -> _Body:
        """The page's one body size and line pitch, shared by all of its blocks.

        Columns or stacked blocks set at different sizes or pitches read as a layout
        fault (a second column in a larger font, a last line further down than the rest).
        """
        lo, hi = self.config.font_size
        shortest = min(y1 - y0 for _, y0, _, y1 in regions)
        cap = self._fitting_size(paragraphs, stack, info, regions)
        hi = max(lo, min(hi, cap, int(shortest / 1.6)))
        size = rng.randint(max(lo, round(hi * 0.75)), hi)
        shaper = Shaper(stack, size, info, self.raqm)
        step = round(shaper.line_height * rng.uniform(*self.config.line_spacing))
        align = "center" if rng.random() < 0.1 else ("right" if info.rtl else "left")
        return _Body(shaper, step, align)

    def _fitting_size(
        self, paragraphs: list[str], stack: FontStack, info: ScriptInfo, regions: list[Rect]
    ) -> int:
        """The largest font size at which the whole text would roughly fill the regions.

        Short texts keep the configured range; long ones are drawn smaller rather than cut
        off early (what still does not fit is cut, and the ground truth says so).
        """
        area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in regions)
        spacing = sum(self.config.line_spacing) / 2
        return fitting_size(Shaper(stack, 20, info, self.raqm), paragraphs, area, spacing)

    def _fill_region(
        self,
        page: Image.Image,
        region: Rect,
        flow: TextFlow,
        body: _Body,
        info: ScriptInfo,
        rng: random.Random,
        ink: tuple[int, int, int],
    ) -> dict[str, Any] | None:
        x0, y0, x1, y1 = region
        width, height = x1 - x0, y1 - y0
        shaper, step, align = body.shaper, body.step, body.align
        max_lines = (height - shaper.line_height) // step + 1 if height >= shaper.line_height else 0
        if max_lines <= 0 or width < shaper.size * 2:
            return None
        flowed = flow.take(shaper, width, max_lines)
        lines: list[dict[str, Any]] = []
        boxes = []
        for i, flow_line in enumerate(flowed):
            drawn = shaper.draw(flow_line.text, words=self.config.word_boxes and info.spaced)
            if drawn.ink is None:
                continue
            left = {"left": x0, "right": x1 - drawn.advance}.get(
                align, x0 + (width - drawn.advance) // 2
            )
            box, word_boxes = drawn.paste(page, left, y0 + i * step, ink)
            boxes.append(box)
            line: dict[str, Any] = {
                "text": flow_line.text,
                "box": list(box),
                "baseline": y0 + i * step + shaper.ascent,
            }
            if word_boxes:
                line["words"] = [{"text": word, "box": list(b)} for word, b in word_boxes]
            if flow_line.broken_word:
                line["broken_word"] = True
            lines.append(line)
        if not lines:
            return None
        block_box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        return {
            "box": list(block_box),
            "font_size": shaper.size,
            "align": align,
            "lines": lines,
            "_flow": flowed,
            "_next_top": y0 + len(flowed) * step,
        }
