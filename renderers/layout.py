"""Shaped, bidi-ordered, line-broken text, drawn into masks whose ink boxes are exact.

A line is cut into *pieces*: bidi runs (UAX #9, from ICU) split further wherever the
font changes (a Thai line's "." comes from the Latin companion font). Each piece is
shaped by raqm as a whole, so Arabic letters join and Indic conjuncts form; pieces are
laid left to right in visual order on one baseline. Lines are drawn into an 8-bit
mask first: the same mask gives the ink box of the line (and of its words), so boxes
enclose exactly the pixels that were drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from PIL import Image, ImageDraw, ImageFont

from babelshard.renderers.fonts import (
    FontStack,
    advance,
    coverage,
    harfbuzz_font,
    load_font,
    needs_glyph,
)
from babelshard.renderers.glyphs import draw_run, line_metrics
from babelshard.renderers.scripts import ScriptInfo
from babelshard.renderers.unicode_text import graphemes, line_segments, visual_runs

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Piece:
    """A run of one line drawn with one font in one direction; ``x`` is its left edge."""

    start: int
    end: int
    face: int
    rtl: bool
    x: float
    width: float


@dataclass
class DrawnLine:
    """One line drawn into ``mask``; boxes are in mask coordinates."""

    text: str
    mask: Image.Image
    ink: Box | None
    words: list[tuple[str, Box]] = field(default_factory=list)
    pad: int = 0  # room around the advance box for overhangs

    @property
    def advance(self) -> int:
        """The width of the line's advance box (the mask less its padding)."""
        return self.mask.width - 2 * self.pad

    def paste(
        self, page: Image.Image, left: float, top: float, color: int | tuple[int, ...]
    ) -> tuple[Box, list[tuple[str, Box]]]:
        """Ink the line onto ``page`` with its advance box's top-left at ``(left, top)``.

        Returns the line's ink box and its words' boxes in page coordinates, clipped to
        the page; a line without ink returns an empty box at ``(left, top)``.
        """
        px, py = round(left) - self.pad, round(top) - self.pad
        if self.ink is None:
            return (int(left), int(top), int(left), int(top)), []
        x0, y0, x1, y1 = self.ink
        page.paste(color, (px + x0, py + y0, px + x1, py + y1), self.mask.crop(self.ink))
        return clip_box(shift_box(self.ink, px, py), page.size), [
            (word, clip_box(shift_box(box, px, py), page.size)) for word, box in self.words
        ]


def shift_box(box: Box, dx: int, dy: int) -> Box:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def clip_box(box: Box, size: tuple[int, int]) -> Box:
    w, h = size
    return (max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3]))


class Shaper:
    """Measures and draws lines of one language with one font stack at one size."""

    def __init__(self, stack: FontStack, size: int, info: ScriptInfo, raqm: bool = True) -> None:
        self.stack = stack
        self.size = size
        self.info = info
        self.raqm = raqm
        # Widths come from HarfBuzz directly where Pillow shapes with raqm (the same
        # shaping); Pillow's basic layout measures itself.
        self._harfbuzz = (
            [harfbuzz_font(face.path, face.index, size) for face in stack.faces] if raqm else []
        )
        metrics = [line_metrics(face.path, face.index, size) for face in stack.faces]
        self.ascent = max(a for a, _ in metrics)
        self.descent = max(d for _, d in metrics)
        self._primary_cmap = coverage(stack.primary)
        self._primary_chars: set[str] = set()  # characters the primary font draws
        self._widths: dict[str, float] = {}
        self._pieces: dict[str, list[Piece]] = {}

    @cached_property
    def fonts(self) -> list[ImageFont.FreeTypeFont]:
        """Pillow's fonts, loaded only where Pillow draws or measures (no raqm, or a glyph
        that is not an 8-bit grey bitmap)."""
        return [load_font(face.path, face.index, self.size, self.raqm) for face in self.stack.faces]

    @property
    def line_height(self) -> int:
        return self.ascent + self.descent

    def _kwargs(self, rtl: bool) -> dict[str, str]:
        if not self.raqm:
            return {}
        return {"direction": "rtl" if rtl else "ltr", "language": self.info.bcp47}

    def _measure(self, face: int, text: str, rtl: bool) -> float:
        """The advance width of one run of ``text`` in one face and direction."""
        if self._harfbuzz:
            return advance(self._harfbuzz[face], text, rtl, self.info.bcp47)
        return self.fonts[face].getlength(text)

    def _font_runs(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """Split ``text[start:end]`` (logical order) into ``(start, end, face)`` runs."""
        chunk = text[start:end]
        if len(self.stack.faces) == 1 or self._primary_draws(chunk):
            return [(start, end, 0)]
        runs: list[tuple[int, int, int]] = []
        pos = start
        for cluster in graphemes(chunk, self.info.bcp47):
            face = self.stack.face_for(cluster)
            if runs and runs[-1][2] == face:
                runs[-1] = (runs[-1][0], pos + len(cluster), face)
            else:
                runs.append((pos, pos + len(cluster), face))
            pos += len(cluster)
        return runs

    def _primary_draws(self, chunk: str) -> bool:
        """Whether the primary font has every glyph ``chunk`` needs (answers kept per
        character: a line is checked while wrapping and again when drawn)."""
        known = self._primary_chars
        for char in set(chunk) - known:
            if ord(char) in self._primary_cmap or not needs_glyph(char):
                known.add(char)
            else:
                return False
        return True

    def pieces(self, text: str) -> list[Piece]:
        """The pieces of one line in visual (left-to-right) order, with their positions.

        Memoised: a line is measured while wrapping and again when it is drawn.
        """
        cached = self._pieces.get(text)
        if cached is None:
            if len(self._pieces) > 512:
                self._pieces.clear()
            cached = self._pieces[text] = self._layout(text)
        return cached

    def _layout(self, text: str) -> list[Piece]:
        out: list[Piece] = []
        x = 0.0
        for start, end, rtl in visual_runs(text, self.info.rtl):
            runs = self._font_runs(text, start, end)
            if rtl:
                runs.reverse()
            for a, b, face in runs:
                width = self._measure(face, text[a:b], rtl)
                out.append(Piece(a, b, face, rtl, x, width))
                x += width
        return out

    def width(self, text: str) -> float:
        """The advance width of ``text`` drawn as one line."""
        return sum(piece.width for piece in self.pieces(text))

    def segment_width(self, segment: str) -> float:
        """Cached width of a line-break segment (CJK segments repeat a lot)."""
        width = self._widths.get(segment)
        if width is None:
            width = self._widths[segment] = self.width(segment)
        return width

    def draw(self, text: str, *, words: bool = False) -> DrawnLine:
        """Draw one line into a mask with room for overhangs; optionally box its words."""
        pieces = self.pieces(text)
        pad = self.size
        total = sum(p.width for p in pieces)
        mask = Image.new("L", (math.ceil(total) + 2 * pad, self.line_height + 2 * pad), 0)
        baseline = pad + self.ascent
        for piece in pieces:
            run = text[piece.start : piece.end]
            face = self.stack.faces[piece.face]
            origin = (pad + piece.x, baseline)
            if self.raqm and draw_run(
                mask,
                self._harfbuzz[piece.face],
                face.path,
                face.index,
                self.size,
                run,
                piece.rtl,
                self.info.bcp47,
                origin,
            ):
                continue
            ImageDraw.Draw(mask).text(
                origin,
                run,
                font=self.fonts[piece.face],
                fill=255,
                anchor="ls",
                **self._kwargs(piece.rtl),
            )
        ink = mask.getbbox()
        line = DrawnLine(text, mask, ink, pad=pad)
        if words and ink is not None:
            line.words = self._word_boxes(text, pieces, mask, pad)
        return line

    def _token_width(self, face: int, token: str, rtl: bool) -> float:
        if face == 0 and not rtl and not self.info.rtl and self._primary_draws(token):
            # One left-to-right run in the primary font: the very measure line breaking
            # took of this word, so its cached width is reused.
            return self.segment_width(token)
        key = f"{face}\x00{int(rtl)}\x00{token}"
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self._measure(face, token, rtl)
        return width

    def _word_boxes(
        self, text: str, pieces: list[Piece], mask: Image.Image, pad: int
    ) -> list[tuple[str, Box]]:
        """Ink boxes of space-separated words: their advance span, tightened to the ink.

        Within a piece, words and spaces are placed by their cached widths (shaping does
        not cross a space), from the left for LTR pieces and from the right for RTL
        ones; a word split across pieces (``(abc)`` in a Hebrew line) gets the union.
        """
        spans = _word_spans(text)
        ranges: list[list[float]] = [[math.inf, -math.inf] for _ in spans]
        for piece in pieces:
            pos = 0.0
            cursor = piece.start
            for w, (start, end) in enumerate(spans):
                a, b = max(start, piece.start), min(end, piece.end)
                if a >= b:
                    continue
                pos += self._token_width(piece.face, text[cursor:a], piece.rtl) if a > cursor else 0
                width = self._token_width(piece.face, text[a:b], piece.rtl)
                if piece.rtl:
                    x0, x1 = piece.x + piece.width - pos - width, piece.x + piece.width - pos
                else:
                    x0, x1 = piece.x + pos, piece.x + pos + width
                pos += width
                cursor = b
                ranges[w][0], ranges[w][1] = min(ranges[w][0], x0), max(ranges[w][1], x1)
        boxes: list[tuple[str, Box]] = []
        # Overhanging glyphs (italics, Arabic swashes) may reach past the advance.
        slack = max(1, self.size // 8)
        for (start, end), (left, right) in zip(spans, ranges, strict=True):
            if left == math.inf:
                continue
            x0 = max(0, int(pad + left) - slack)
            x1 = min(mask.width, math.ceil(pad + right) + slack)
            ink = mask.crop((x0, 0, x1, mask.height)).getbbox()
            if ink is not None:
                boxes.append((text[start:end], (x0 + ink[0], ink[1], x0 + ink[2], ink[3])))
        return boxes


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
            start = None
        elif start is None:
            start = i
    return spans


def _merge_unspaced(segments: list[str]) -> list[str]:
    """Keep words whole: break only after spaces (CSS ``word-break: keep-all``).

    Korean is set this way by most publishers, while UAX #14 lets Hangul break between
    any two syllables; a word longer than a line is still split as a last resort.
    """
    merged: list[str] = []
    for seg in segments:
        if merged and not merged[-1][-1:].isspace():
            merged[-1] += seg
        else:
            merged.append(seg)
    return merged


@dataclass
class FlowLine:
    """A line of a text flow: its text and what joins it to the next line in the source."""

    text: str
    joiner: str  # " " if the source had a space at the break, "" inside unspaced text
    broken_word: bool = False  # forced break inside a word that was wider than the line


class TextFlow:
    """Paragraphs cut at line-break opportunities, consumed line by line into regions."""

    def __init__(self, paragraphs: list[str], locale: str, keep_all: bool = False) -> None:
        self.locale = locale
        self.paragraphs = [line_segments(p, locale) for p in paragraphs]
        if keep_all:
            self.paragraphs = [_merge_unspaced(segments) for segments in self.paragraphs]
        self.para = 0
        self.seg = 0

    @property
    def done(self) -> bool:
        return self.para >= len(self.paragraphs)

    def take(self, shaper: Shaper, max_width: float, max_lines: int) -> list[FlowLine]:
        """Greedily fill up to ``max_lines`` lines no wider than ``max_width``."""
        lines: list[FlowLine] = []
        while not self.done and len(lines) < max_lines:
            lines.append(self._next_line(shaper, max_width))
        return lines

    def _next_line(self, shaper: Shaper, max_width: float) -> FlowLine:
        segments = self.paragraphs[self.para]
        taken: list[str] = []
        width = 0.0
        i = self.seg
        while i < len(segments):
            seg = segments[i]
            stripped = seg.rstrip()
            if taken and width + shaper.segment_width(stripped) > max_width:
                break
            if not taken and shaper.segment_width(stripped) > max_width:
                return self._split_long_segment(shaper, max_width, segments, i)
            taken.append(seg)
            width += shaper.segment_width(seg)
            i += 1
        # Widths were summed per segment; check the joined line and give back what overflows.
        while len(taken) > 1 and shaper.width("".join(taken).rstrip()) > max_width:
            taken.pop()
            i -= 1
        return self._emit("".join(taken), segments, i)

    def _emit(self, raw: str, segments: list[str], next_seg: int) -> FlowLine:
        text = raw.rstrip()
        joiner = " " if raw != text else ""
        if next_seg >= len(segments):
            self.para, self.seg, joiner = self.para + 1, 0, " "
        else:
            self.seg = next_seg
        return FlowLine(text, joiner)

    def _split_long_segment(
        self, shaper: Shaper, max_width: float, segments: list[str], index: int
    ) -> FlowLine:
        """Break a word wider than the line between grapheme clusters (last resort)."""
        seg = segments[index]
        clusters = graphemes(seg, self.locale)
        cut = 1
        while cut < len(clusters) and shaper.width("".join(clusters[: cut + 1])) <= max_width:
            cut += 1
        head, tail = "".join(clusters[:cut]), "".join(clusters[cut:])
        if not tail.strip():
            line = self._emit(seg, segments, index + 1)
        else:
            segments[index] = tail
            self.seg = index
            line = FlowLine(head, "")
        line.broken_word = bool(tail.strip())
        return line
