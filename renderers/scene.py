"""Document scenes, SynthDoG-style: a sheet of paper with a title, paragraphs, lists,
two-column text and a table, photographed on a background, tilted and unevenly lit.

One call renders one scene from ``(text, lang, seed)``; the same inputs give the same
bytes. The paper is laid out upright (every line drawn with the shaping, bidi and line
breaking of :mod:`babelshard.renderers.layout`), then placed in the scene by one
homography (:mod:`babelshard.renderers.scene_effects`). The ground truth lists every
line and word in reading order (right to left where the script is) with its
quadrilateral in image coordinates after the warp (``quad``, corners clockwise from
the text's top-left) and the box enclosing it, the blocks with their roles, SynthDoG's
``gt_parse.text_sequence``, and reading questions in the language with their answers
(``qa``) and as a LLaVA conversation (``conversations``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw

from babelshard.renderers.augment import encode
from babelshard.renderers.backgrounds import defocused_crop, generated_photos, load_photo
from babelshard.renderers.chart_questions import QuestionTemplates, conversation
from babelshard.renderers.document import (
    KEEP_ALL_SCRIPTS,
    RenderedSample,
    fitting_size,
    font_json,
    sample_rng,
)
from babelshard.renderers.document_questions import DOCUMENT_TEMPLATES, PageText, ask_document
from babelshard.renderers.errors import RenderError
from babelshard.renderers.fonts import FontRegistry, FontStack
from babelshard.renderers.layout import FlowLine, Shaper, TextFlow
from babelshard.renderers.scene_content import ContentBlock, plan_content
from babelshard.renderers.scene_effects import (
    SceneEffects,
    compose,
    draw_light,
    place_boxes,
    placement,
)
from babelshard.renderers.scripts import ScriptInfo, raqm_available, require_shaping, script_info
from babelshard.renderers.unicode_text import normalize_paragraphs, words
from babelshard.schemas.records import ENGLISH

# Ink coverage of the table's shaded header row and of its rules (255 = full ink).
HEADER_SHADE = 38
RULE_INK = 153


@dataclass(frozen=True)
class SceneConfig:
    """Scene size and the ranges every scene's random choices are drawn from."""

    size: tuple[int, int] = (768, 768)
    font_size: tuple[int, int] = (14, 30)  # body text, pixels on a 768-pixel scene
    title_scale: tuple[float, float] = (1.3, 1.9)
    line_spacing: tuple[float, float] = (1.1, 1.45)
    margin: tuple[float, float] = (0.05, 0.1)  # fraction of the paper's width
    blocks: dict[str, float] = field(
        default_factory=lambda: {"paragraph": 0.4, "list": 0.2, "columns": 0.2, "table": 0.2}
    )
    max_blocks: int = 5
    effects: SceneEffects = field(default_factory=SceneEffects)
    image_ext: str = "jpg"
    word_boxes: bool = True
    questions: int = 4  # at most this many reading questions per scene


class _Sheet:
    """The upright paper being written on: a cursor down the page and what was drawn.

    ``image`` is the ink alone, an 8-bit coverage mask the paper's size: the paper's
    texture and the ink's colour are put in when the sheet is placed in the scene
    (:func:`~babelshard.renderers.scene_effects.compose`), so only this mask is warped.
    """

    def __init__(self, image: Image.Image, info: ScriptInfo, margin: int, words: bool) -> None:
        self.image = image
        self.info = info
        self.words = words and info.spaced
        self.left, self.right = margin, image.width - margin
        self.y = margin
        self.bottom = image.height - margin
        self.lines: list[dict[str, Any]] = []
        self.blocks: list[dict[str, Any]] = []
        self.sequence: list[str] = []  # each block's text, for text_sequence
        self.truncated = False

    @property
    def width(self) -> int:
        return self.right - self.left

    def room(self, shaper: Shaper, step: int) -> int:
        """How many more lines of ``shaper`` at pitch ``step`` fit above the bottom margin."""
        free = self.bottom - self.y - shaper.line_height
        return free // step + 1 if free >= 0 else 0

    def put(
        self,
        shaper: Shaper,
        text: str,
        left: float,
        right: float,
        top: float,
        align: str,
    ) -> int | None:
        """Draw one line in ``[left, right]``; returns its index in ``lines``."""
        drawn = shaper.draw(text, words=self.words)
        if drawn.ink is None:
            return None
        x = {"left": left, "right": right - drawn.advance}.get(
            align, (left + right - drawn.advance) / 2
        )
        box, word_boxes = drawn.paste(self.image, x, top, 255)
        line: dict[str, Any] = {"text": text, "box": list(box), "block": len(self.blocks)}
        if word_boxes:
            line["words"] = [{"text": w, "box": list(b)} for w, b in word_boxes]
        self.lines.append(line)
        return len(self.lines) - 1

    def close_block(self, kind: str, lines: list[int], text: str, **extra: Any) -> None:
        if not lines:
            return
        boxes = [self.lines[i]["box"] for i in lines]
        box = [min(b[0] for b in boxes), min(b[1] for b in boxes)]
        box += [max(b[2] for b in boxes), max(b[3] for b in boxes)]
        self.blocks.append({"kind": kind, "box": box, "lines": lines, **extra})
        self.sequence.append(text)


def _joined(lines: Sequence[FlowLine]) -> str:
    return "".join(line.text + line.joiner for line in lines).strip()


class SceneRenderer:
    """Renders document scenes; build once per worker (fonts, photos and shapers are cached).

    ``background_images``: photographs (bytes, paths or images) to place the paper on;
    without them a small generated set stands in. ``templates``: per-language question
    templates (chart and document keys); English is built in, other languages without
    templates get no questions.
    """

    def __init__(
        self,
        fonts: FontRegistry | None = None,
        config: SceneConfig | None = None,
        background_images: Sequence[bytes | str | Image.Image] = (),
        templates: dict[str, QuestionTemplates] | None = None,
        raqm: bool | None = None,
    ) -> None:
        self.fonts = fonts or FontRegistry()
        self.config = config or SceneConfig()
        self.photos = [load_photo(image) for image in background_images]
        self.background = "image" if self.photos else "generated"
        if not self.photos:
            self.photos = list(generated_photos())
        self.templates = dict(templates or {})
        self.templates.setdefault(ENGLISH, QuestionTemplates(ENGLISH, dict(DOCUMENT_TEMPLATES)))
        self.raqm = raqm_available() if raqm is None else raqm

    @property
    def _scale(self) -> float:
        return min(self.config.size) / 768

    def render(self, text: str, lang: str, seed: int | str) -> RenderedSample:
        """Render one scene; raises RenderError (missing glyphs, empty text, ...)."""
        info = script_info(lang)
        require_shaping(info, self.raqm)
        paragraphs = normalize_paragraphs(text)
        if not paragraphs:
            raise RenderError("empty_text", "nothing to draw after normalisation")
        cfg = self.config
        rng, nprng = sample_rng(seed)
        stack = self.fonts.pick("\n".join(paragraphs) + "•–", info.script, rng, info.lang)
        content = plan_content(paragraphs, info, rng, cfg.blocks, cfg.max_blocks)
        w, h = cfg.size
        fill = cfg.effects.fill
        pw = round(w * rng.uniform(*fill))
        ph = min(round(pw * rng.uniform(*cfg.effects.aspect)), round(h * rng.uniform(*fill)))
        margin = round(pw * rng.uniform(*cfg.margin))
        sheet = _Sheet(Image.new("L", (pw, ph), 0), info, margin, cfg.word_boxes)
        body, step = self._body(stack, info, rng, sheet, content)
        page = self._write(sheet, content, stack, body, step, rng)
        if not sheet.lines:
            raise RenderError("no_text_fits", "not one line fits on the paper")

        effects = cfg.effects
        photo = self.photos[rng.randrange(len(self.photos))]
        backdrop = defocused_crop(cfg.size, rng, photo, rng.uniform(*effects.background_blur))
        geometry, params = placement((pw, ph), cfg.size, effects, rng)
        corners = geometry.points([(0, 0), (pw, 0), (pw, ph), (0, ph)])
        light = draw_light(cfg.size, corners, effects, rng, params)
        # Camera blur beyond 1/24 of the body size leaves the smallest text unreadable.
        image = compose(
            backdrop, sheet.image, geometry, light, effects, rng, nprng, params, body.size / 24
        )
        params["jpeg_quality"] = rng.randint(*effects.jpeg_quality)
        words_ = (word for line in sheet.lines for word in line.get("words", []))
        place_boxes(geometry, [*sheet.lines, *sheet.blocks, *words_], cfg.size)
        qa = self._questions(info, page, rng)
        doc = {
            "kind": "scene",
            "lang": info.lang,
            "script": info.script,
            "direction": info.direction,
            "font": font_json(stack),
            "width": w,
            "height": h,
            "text": "\n".join(line["text"] for line in sheet.lines),
            "lines": sheet.lines,
            "blocks": sheet.blocks,
            "paper": {"size": [pw, ph], "quad": [[round(x, 1), round(y, 1)] for x, y in corners]},
            "truncated": sheet.truncated,
            "background": self.background,
            "augment": params,
            "seed": str(seed),
            "gt_parse": {"text_sequence": " ".join(sheet.sequence)},
            "qa": qa,
            "conversations": conversation(qa),
        }
        data = encode(image, cfg.image_ext, params["jpeg_quality"])
        return RenderedSample(image, data, cfg.image_ext, doc, doc["text"])

    def _body(
        self,
        stack: FontStack,
        info: ScriptInfo,
        rng: random.Random,
        sheet: _Sheet,
        content: list[ContentBlock],
    ) -> tuple[Shaper, int]:
        """The body text's shaper and line pitch: drawn from the range, small enough to fit."""
        lo, hi = (max(8, round(s * self._scale)) for s in self.config.font_size)
        spacing = rng.uniform(*self.config.line_spacing)
        texts = [item for block in content for item in block.items]
        area = sheet.width * (sheet.bottom - sheet.y)
        fit = fitting_size(Shaper(stack, 20, info, self.raqm), texts, area, spacing * 1.3)
        size = max(lo, min(rng.randint(lo, hi), fit))
        shaper = Shaper(stack, size, info, self.raqm)
        return shaper, round(shaper.line_height * spacing)

    def _write(
        self,
        sheet: _Sheet,
        content: list[ContentBlock],
        stack: FontStack,
        body: Shaper,
        step: int,
        rng: random.Random,
    ) -> PageText:
        """Lay the blocks out down the paper until it is full; what was drawn, by role."""
        start = "right" if sheet.info.rtl else "left"
        title, lists, tables, running = "", [], [], []
        for block in content:
            if sheet.truncated:
                break
            if block.kind == "title":
                size = round(body.size * rng.uniform(*self.config.title_scale))
                shaper = Shaper(stack, size, sheet.info, self.raqm)
                align = "center" if rng.random() < 0.5 else start
                pitch = round(shaper.line_height * 1.1)
                title, lines = self._flow(sheet, shaper, block.items[0], pitch, align, 2)
                sheet.close_block("title", lines, title)
            elif block.kind == "list":
                items = self._list(sheet, body, step, block.items, rng)
                if items:
                    lists.append(items)
            elif block.kind == "table":
                rows = self._table(sheet, body, block)
                if rows:
                    tables.append(rows)
            else:
                columns = 2 if block.kind == "columns" else 1
                drawn, lines = self._flow(sheet, body, block.items[0], step, start, 0, columns)
                sheet.close_block(block.kind, lines, drawn)
                if drawn:
                    running.append(words(drawn, sheet.info.bcp47))
            sheet.y += round(step * rng.uniform(0.6, 1.2))
        return PageText(title, lists, tables, running)

    def _flow(
        self,
        sheet: _Sheet,
        shaper: Shaper,
        text: str,
        step: int,
        align: str,
        max_lines: int = 0,
        columns: int = 1,
    ) -> tuple[str, list[int]]:
        """Flow ``text`` into one or two columns at the cursor: the text drawn, its lines."""
        gap = round(shaper.size * 1.5) if columns == 2 else 0
        width = (sheet.width - gap) / columns
        room = sheet.room(shaper, step)
        limit = room * columns if not max_lines else min(room, max_lines)
        flow = TextFlow([text], sheet.info.bcp47, keep_all=sheet.info.script in KEEP_ALL_SCRIPTS)
        flowed = flow.take(shaper, width, limit) if limit > 0 else []
        if not flow.done:
            sheet.truncated = True
        per_column = math.ceil(len(flowed) / columns) if flowed else 0
        indices = []
        for i, line in enumerate(flowed):
            column, row = divmod(i, per_column)
            if sheet.info.rtl:
                column = columns - 1 - column
            left = sheet.left + column * (width + gap)
            index = sheet.put(shaper, line.text, left, left + width, sheet.y + row * step, align)
            if index is not None:
                indices.append(index)
        sheet.y += per_column * step
        return _joined(flowed), indices

    def _list(
        self, sheet: _Sheet, shaper: Shaper, step: int, items: Sequence[str], rng: random.Random
    ) -> list[str]:
        """Bulleted (or, left to right, numbered) items with hanging indents."""
        info = sheet.info
        style = rng.choice(["•", "–"] if info.rtl else ["•", "–", "1."])
        start = "right" if info.rtl else "left"
        lines: list[int] = []
        item_lines: list[list[int]] = []
        drawn_items: list[str] = []
        for n, item in enumerate(items, 1):
            marker = f"{n}." if style == "1." else style
            head = f"{marker} "
            indent = shaper.width(head)
            flow = TextFlow([item], info.bcp47, keep_all=info.script in KEEP_ALL_SCRIPTS)
            room = sheet.room(shaper, step)
            flowed = flow.take(shaper, sheet.width - indent, room) if room else []
            if not flow.done:
                sheet.truncated = True
                flowed = []  # an item is drawn whole or not at all: its answer is whole
            if not flowed:
                break
            own = []
            for i, line in enumerate(flowed):
                text = head + line.text if i == 0 else line.text
                left, right = sheet.left, sheet.right
                if i > 0:
                    left, right = (left, right - indent) if info.rtl else (left + indent, right)
                index = sheet.put(shaper, text, left, right, sheet.y + i * step, start)
                if index is not None:
                    own.append(index)
            sheet.y += len(flowed) * step + round(step * 0.25)
            lines += own
            item_lines.append(own)
            drawn_items.append(_joined(flowed))
        if drawn_items:
            text = " ".join(
                f"{f'{n}.' if style == '1.' else style} {item}"
                for n, item in enumerate(drawn_items, 1)
            )
            sheet.close_block("list", lines, text, items=item_lines)
        return drawn_items

    def _table(self, sheet: _Sheet, body: Shaper, block: ContentBlock) -> list[list[str]]:
        """A ruled grid of words, header row shaded; cells read row by row in script order."""
        info = sheet.info
        ncols = block.columns
        rows = [list(block.items[i : i + ncols]) for i in range(0, len(block.items), ncols)]
        shaper = body
        pad = max(3, body.size // 3)
        widths = [max(shaper.width(row[c]) for row in rows) + 2 * pad for c in range(ncols)]
        if sum(widths) > sheet.width:
            return []
        row_h = shaper.line_height + 2 * pad
        fits = (sheet.bottom - sheet.y) // row_h
        if fits < 2:
            sheet.truncated = True
            return []
        rows = rows[:fits]
        left = sheet.right - sum(widths) if info.rtl else sheet.left
        xs = [left]
        order = list(reversed(widths)) if info.rtl else widths
        for width in order:
            xs.append(xs[-1] + width)
        draw = ImageDraw.Draw(sheet.image)
        top = sheet.y
        draw.rectangle((xs[0], top, xs[-1], top + row_h), fill=HEADER_SHADE)
        lines: list[int] = []
        for r, row in enumerate(rows):
            y = top + r * row_h
            for c, cell in enumerate(row):
                slot = ncols - 1 - c if info.rtl else c
                align = "right" if info.rtl else "left"
                index = sheet.put(shaper, cell, xs[slot] + pad, xs[slot + 1] - pad, y + pad, align)
                if index is not None:
                    sheet.lines[index]["cell"] = [r, c]
                    lines.append(index)
        bottom = top + len(rows) * row_h
        for x in xs:
            draw.line((x, top, x, bottom), fill=RULE_INK, width=1)
        for r in range(len(rows) + 1):
            draw.line((xs[0], top + r * row_h, xs[-1], top + r * row_h), fill=RULE_INK, width=1)
        sheet.y = bottom
        sheet.close_block(
            "table", lines, " ".join(" ".join(row) for row in rows), rows=len(rows), columns=ncols
        )
        return rows

    def _questions(
        self, info: ScriptInfo, page: PageText, rng: random.Random
    ) -> list[dict[str, Any]]:
        templates = self.templates.get(info.lang)
        if templates is None or self.config.questions <= 0:
            return []
        if not all(key in templates.templates for key in DOCUMENT_TEMPLATES):
            return []
        return ask_document(templates, page, rng, self.config.questions)
