"""SMPQA-style charts: 4-8 bars (vertical or horizontal) or a pie, labelled in the target
language, with grounding and naming questions about them.

Labels are words of the language (taken from a text of it with ICU's word breaker, so
Thai and Chinese labels are whole words), drawn with the same font stacks, shaping and
bidi rules as documents; RTL languages get mirrored charts (first bar on the right,
legend on the left). Pillow draws everything: one code path, no matplotlib fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from babelshard.renderers.augment import AugmentConfig, augment, encode
from babelshard.renderers.chart_questions import QuestionTemplates, ask, english_templates
from babelshard.renderers.document import RenderedSample, font_json, sample_rng
from babelshard.renderers.errors import RenderError
from babelshard.renderers.fonts import FontRegistry, FontStack
from babelshard.renderers.layout import Shaper
from babelshard.renderers.scripts import ScriptInfo, raqm_available, require_shaping, script_info
from babelshard.renderers.unicode_text import graphemes, normalize_paragraphs, words

Box = tuple[int, int, int, int]

PALETTE = [
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
]  # fmt: skip

AXIS = (60, 60, 60)
KINDS = ("bar_vertical", "bar_horizontal", "pie")


@dataclass(frozen=True)
class ChartConfig:
    size: tuple[int, int] = (768, 768)
    bars: tuple[int, int] = (4, 8)
    kinds: dict[str, float] = field(
        default_factory=lambda: {"bar_vertical": 0.35, "bar_horizontal": 0.35, "pie": 0.3}
    )
    font_size: tuple[int, int] = (22, 34)  # pixels on a 768-pixel chart; scaled with size
    min_font_size: int = 14
    augment: AugmentConfig = field(
        default_factory=lambda: AugmentConfig(rotate_p=0, perspective_p=0, blur_p=0.1, noise_p=0.2)
    )
    image_ext: str = "png"


def _fragment(word: str, info: ScriptInfo) -> bool:
    """A Japanese word of hiragana only: a particle or an inflection ICU cut off its stem
    ("にし", "しな"), not a word a reader would put on a chart."""
    return info.script == "Jpan" and all("\u3040" <= ch <= "\u309f" for ch in word)


def label_candidates(text: str, info: ScriptInfo, max_graphemes: int = 14) -> list[str]:
    """Distinct words of ``text`` usable as labels: letters only, 2..max graphemes long."""
    seen: set[str] = set()
    out: list[tuple[str, int]] = []
    for paragraph in normalize_paragraphs(text):
        for word in words(paragraph, info.bcp47):
            key = word.casefold()
            length = len(graphemes(word, info.bcp47))
            if key in seen or not 2 <= length <= max_graphemes or _fragment(word, info):
                continue
            seen.add(key)
            out.append((word, length))
    # Prefer words of three or more characters (fewer function words) when there are enough.
    longer = [word for word, length in out if length >= 3]
    return longer if len(longer) >= 8 else [word for word, _ in out]


class _Canvas:
    """A page plus the shaper its labels are drawn with; records each label's ink box."""

    def __init__(self, page: Image.Image, shaper: Shaper) -> None:
        self.page = page
        self.draw = ImageDraw.Draw(page)
        self.shaper = shaper

    def text(self, text: str, x: float, y: float, align: str, color=(20, 20, 20)) -> Box:
        """Draw one line whose advance box is aligned at ``x`` and whose top is ``y``."""
        line = self.shaper.draw(text)
        left = {"left": x, "right": x - line.advance, "center": x - line.advance / 2}[align]
        return line.paste(self.page, left, y, color)[0]


class ChartRenderer:
    """Renders labelled charts with questions; build once per worker."""

    def __init__(
        self,
        fonts: FontRegistry | None = None,
        config: ChartConfig | None = None,
        templates: dict[str, QuestionTemplates] | None = None,
        raqm: bool | None = None,
    ) -> None:
        self.fonts = fonts or FontRegistry()
        self.config = config or ChartConfig()
        self.templates = dict(templates or {})
        self.raqm = raqm_available() if raqm is None else raqm

    def render(
        self,
        text: str,
        lang: str,
        seed: int | str,
        labels: Sequence[str] | None = None,
    ) -> RenderedSample:
        """A chart whose labels are words of ``text`` (or the given ``labels``)."""
        info = script_info(lang)
        require_shaping(info, self.raqm)
        templates = self.templates.get(info.lang)
        if templates is None:
            if info.lang != english_templates().lang:
                raise RenderError("no_templates", f"no translated chart questions for {info.lang}")
            templates = english_templates()
        cfg = self.config
        rng, nprng = sample_rng(seed)
        pool = list(labels) if labels is not None else label_candidates(text, info)
        if len(pool) < cfg.bars[0]:
            raise RenderError("too_few_labels", f"{len(pool)} distinct words, need {cfg.bars[0]}")
        n = rng.randint(cfg.bars[0], min(cfg.bars[1], len(pool)))
        chosen = rng.sample(pool, n)
        values = rng.sample(range(5, 100), n)
        stack = self.fonts.pick("".join(chosen) + "0123456789", info.script, rng, info.lang)
        kinds = [k for k in KINDS if cfg.kinds.get(k, 0) > 0]
        kind = rng.choices(kinds, weights=[cfg.kinds[k] for k in kinds])[0]
        tone = 255 - rng.randint(0, 12)
        page = Image.new("RGB", cfg.size, (tone, tone, tone - rng.randint(0, 8)))
        one_colour = kind != "pie" and rng.random() < 0.3
        colors = [rng.choice(PALETTE)] * n if one_colour else rng.sample(PALETTE, n)
        size = round(rng.randint(*cfg.font_size) * self._scale)
        if kind == "bar_vertical":
            boxes = self._vertical(page, stack, info, size, chosen, values, colors, rng)
            if boxes is None:
                kind = "bar_horizontal"
        if kind == "bar_horizontal":
            boxes = self._horizontal(page, stack, info, size, chosen, values, colors, rng)
        elif kind == "pie":
            boxes = self._pie(page, stack, info, size, chosen, values, colors, rng)
        if boxes is None:
            raise RenderError("labels_too_wide", "labels do not fit the chart at any font size")
        chart = "pie" if kind == "pie" else "bar"
        qa = ask(templates, chart, chosen, values, rng)
        page, geometry, params = augment(page, page.getpixel((0, 0)), cfg.augment, rng, nprng)
        items = [
            {"text": label, "value": value, "color": list(color), **geometry.box(box, cfg.size)}
            for label, value, color, box in zip(chosen, values, colors, boxes, strict=True)
        ]
        doc = {
            "kind": "chart",
            "chart": chart,
            "orientation": None if chart == "pie" else kind.removeprefix("bar_"),
            "lang": info.lang,
            "script": info.script,
            "direction": info.direction,
            "font": font_json(stack),
            "width": cfg.size[0],
            "height": cfg.size[1],
            "labels": items,
            "qa": qa,
            "augment": params,
            "seed": str(seed),
            "gt_parse": {"text_sequence": " ".join(chosen)},
        }
        data = encode(page, cfg.image_ext, params["jpeg_quality"])
        return RenderedSample(page, data, cfg.image_ext, doc, "\n".join(chosen))

    @property
    def _scale(self) -> float:
        return min(self.config.size) / 768

    def _fit(
        self,
        stack: FontStack,
        info: ScriptInfo,
        size: int,
        labels: Sequence[str],
        width: float,
        height: float,
        min_size: int = 0,
    ) -> Shaper | None:
        """The largest shaper, from ``size`` down, whose labels fit ``width`` x ``height``."""
        while size >= max(min_size, round(self.config.min_font_size * self._scale)):
            shaper = Shaper(stack, size, info, self.raqm)
            if shaper.line_height <= height and max(map(shaper.width, labels)) <= width:
                return shaper
            size -= 2
        return None

    def _axis_numbers(self, top: int) -> list[int]:
        step = 20 if top > 60 else 10
        return list(range(0, top + 1, step))

    def _vertical(self, page, stack, info, size, labels, values, colors, rng) -> list[Box] | None:
        w, h = page.size
        n = len(labels)
        margin = round(min(w, h) * rng.uniform(0.05, 0.08))
        plot_w = w - 2 * margin - size * 2
        slot = plot_w / n
        # Labels that only fit much smaller than drawn go to a horizontal chart instead.
        shaper = self._fit(stack, info, size, labels, slot * 0.95, h * 0.1, round(size * 0.8))
        if shaper is None:
            return None
        canvas = _Canvas(page, shaper)
        # RTL charts are mirrored: the value axis and its numbers stand on the right.
        numbers = shaper.width("100") + 8
        left = margin + (0 if info.rtl else numbers)
        right = w - margin - (numbers if info.rtl else 0)
        axis = right if info.rtl else left
        bottom = h - margin - shaper.line_height - 8
        top = margin
        slot = (right - left) / n
        scale_top = 100
        scale = (bottom - top) / scale_top
        for tick in self._axis_numbers(scale_top):
            y = bottom - tick * scale
            canvas.draw.line((left, y, right, y), fill=(220, 220, 220))
            x, align = (axis + 6, "left") if info.rtl else (axis - 6, "right")
            canvas.text(str(tick), x, y - shaper.ascent * 0.6, align, (90, 90, 90))
        canvas.draw.line((axis, top, axis, bottom), fill=AXIS, width=2)
        canvas.draw.line((left, bottom, right, bottom), fill=AXIS, width=2)
        bar = slot * rng.uniform(0.5, 0.8)
        boxes = []
        for i, (label, value, color) in enumerate(zip(labels, values, colors, strict=True)):
            slot_index = n - 1 - i if info.rtl else i
            cx = left + slot * (slot_index + 0.5)
            canvas.draw.rectangle(
                (cx - bar / 2, bottom - value * scale, cx + bar / 2, bottom - 1), fill=color
            )
            boxes.append(canvas.text(label, cx, bottom + 6, "center"))
        return boxes

    def _horizontal(self, page, stack, info, size, labels, values, colors, rng) -> list[Box] | None:
        w, h = page.size
        n = len(labels)
        margin = round(min(w, h) * rng.uniform(0.05, 0.08))
        row = (h - 2 * margin - size * 2) / n
        shaper = self._fit(stack, info, size, labels, w * 0.4, row * 0.9)
        if shaper is None:
            return None
        canvas = _Canvas(page, shaper)
        label_w = max(map(shaper.width, labels)) + 10
        top, bottom = margin, h - margin - shaper.line_height - 6
        row = (bottom - top) / n
        if info.rtl:  # labels on the right, bars grow to the left
            axis, end = w - margin - label_w, margin
        else:
            axis, end = margin + label_w, w - margin
        scale = (end - axis) / 100
        for tick in self._axis_numbers(100):
            x = axis + tick * scale
            canvas.draw.line((x, top, x, bottom), fill=(220, 220, 220))
            canvas.text(str(tick), x, bottom + 6, "center", (90, 90, 90))
        canvas.draw.line((axis, top, axis, bottom), fill=AXIS, width=2)
        bar = row * rng.uniform(0.5, 0.8)
        boxes = []
        for i, (label, value, color) in enumerate(zip(labels, values, colors, strict=True)):
            cy = top + row * (i + 0.5)
            x0, x1 = sorted((axis, axis + value * scale))
            canvas.draw.rectangle((x0, cy - bar / 2, x1, cy + bar / 2), fill=color)
            ty = cy - shaper.line_height / 2
            if info.rtl:
                boxes.append(canvas.text(label, axis + 8, ty, "left"))
            else:
                boxes.append(canvas.text(label, axis - 8, ty, "right"))
        return boxes

    def _pie(self, page, stack, info, size, labels, values, colors, rng) -> list[Box] | None:
        w, h = page.size
        n = len(labels)
        margin = round(min(w, h) * rng.uniform(0.04, 0.07))
        diameter = min(w * 0.55, h - 2 * margin)
        legend_w = w - diameter - 3 * margin - size
        shaper = self._fit(stack, info, size, labels, legend_w, (h - 2 * margin) / n * 0.8)
        if shaper is None:
            return None
        canvas = _Canvas(page, shaper)
        cy = h / 2
        if info.rtl:  # pie on the right, legend on its left, swatches leading (right)
            pie_x0, legend_x = w - margin - diameter, margin
        else:
            pie_x0, legend_x = margin, margin * 2 + diameter
        total = sum(values)
        angle = -90.0
        for value, color in zip(values, colors, strict=True):
            sweep = 360.0 * value / total
            canvas.draw.pieslice(
                (pie_x0, cy - diameter / 2, pie_x0 + diameter, cy + diameter / 2),
                angle, angle + sweep, fill=color, outline=(255, 255, 255), width=2,
            )  # fmt: skip
            angle += sweep
        step = shaper.line_height * 1.4
        y = cy - step * n / 2
        swatch = shaper.line_height * 0.6
        boxes = []
        for label, color in zip(labels, colors, strict=True):
            sy = y + (shaper.line_height - swatch) / 2
            if info.rtl:
                sx = pie_x0 - margin - swatch
                canvas.draw.rectangle((sx, sy, sx + swatch, sy + swatch), fill=color)
                boxes.append(canvas.text(label, sx - 8, y, "right"))
            else:
                canvas.draw.rectangle((legend_x, sy, legend_x + swatch, sy + swatch), fill=color)
                boxes.append(canvas.text(label, legend_x + swatch + 8, y, "left"))
            y += step
        return boxes
