"""Split texts into sentence-sized pieces for NLLB and put the translations back.

NLLB is trained on single sentences and degrades on paragraphs, so a text is cut
into sentences, each sent to the model alone, and the translations are stitched
back into the original layout. Only sentence text reaches the model: blank
lines, newlines, indentation, list markers and numbering (``- ``, ``1.``,
``a)``), headings (``#``), block quotes, table cell separators (``|``, tabs),
fenced code blocks and ``<image>``-style tags at the edges of a sentence are
structure and come back byte for byte. Inline spans (URLs, e-mails, `code`)
are shielded, see :mod:`babelshard.translators.shield`.

Layout is kept line by line: a newline inside a paragraph is never moved, so a
sentence soft-wrapped over two lines is translated as two pieces. LLaVA-style
data uses newlines for structure, not for wrapping, which makes this the right
trade-off: the alternative (joining lines) cannot say where the newline goes in
the translation.

Nothing is truncated: a sentence over ``max_tokens`` is cut at clause
boundaries, then at spaces, then between characters, and the cut whitespace is
kept as structure, so ``seg.reassemble(seg.pieces) == text`` always holds.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pysbd
import sentencex

from babelshard.schemas.languages import LanguageError, find_language
from babelshard.translators.shield import (
    PlaceholderLost,
    Span,
    find_spans,
    has_placeholder_lookalike,
    placeholder,
    restore,
)

__all__ = [
    "PlaceholderLost",
    "SegmentedText",
    "Slot",
    "estimate_tokens",
    "iso_code",
    "segment_text",
    "sentence_spans",
    "split_sentences",
]

ShieldMode = Literal["placeholder", "split"]

# pysbd for the languages it knows, except where its rules measurably miss
# real usage: Hindi "." and Marathi "।" are not terminators to it, Arabic "،"
# (a comma) is, Urdu misses "؟". Measured as how often the translation splits
# into as many sentences as the English (Debian gettext catalogs): hi 0.00 vs
# sentencex 1.00, ar 0.50 vs 1.00; see tests/translators/test_segment_real.py.
_PYSBD_LANGS = frozenset(pysbd.languages.LANGUAGE_CODES) - {"ar", "hi", "mr", "ur"}
# Characters that may end a sentence in some script. A line with none of them
# before its final punctuation is one sentence, and most captions and questions
# are; skipping the splitter for them makes captions about four times faster.
_TERMINATORS = frozenset(".!?;…‼⁇⁈⁉‽。｡！？．；।॥؟۔؛።፧፨။၊។៕᙮᠃᠉܀")
_SENTENCE_END = "".join(_TERMINATORS) + "\"'”’»)]}」』 \t\u00a0"

# Line prefixes that are layout, not text: indentation, then any run of list
# bullets, numbering ("1.", "2)", "1.2.", "(3)", "a)"), headings and quotes.
_PREFIX = re.compile(
    r"[ \t]*(?:(?:[-*+•‣◦▪●]|\d{1,3}(?:\.\d{1,3})*[.)]|\(\d{1,3}\)|[A-Za-z][.)]|#{1,6}|>)[ \t]+)*"
)
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_CELL_SEPARATORS = "|\t"
_STRONG_CLAUSE = re.compile(r"[;:；：؛]")
_WEAK_CLAUSE = re.compile(r"[,，、،]|\s[-–—]+(?=\s)|[–—]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Slot:
    """Where translation ``index`` goes; ``originals`` replace its ``[1]`` … ``[n]``."""

    index: int
    originals: tuple[str, ...] = ()


@dataclass
class SegmentedText:
    """The pieces to translate and the layout to put their translations back into.

    ``layout`` interleaves literal structure (``str``) with :class:`Slot` s, one
    per piece, in text order.
    """

    pieces: list[str]
    layout: list[str | Slot] = field(default_factory=list)
    lang: str = "eng_Latn"

    @property
    def slots(self) -> list[Slot]:
        return [part for part in self.layout if isinstance(part, Slot)]

    @property
    def shielded(self) -> bool:
        """True if some piece carries placeholders that a translation must keep."""
        return any(slot.originals for slot in self.slots)

    def sources(self) -> list[str]:
        """Each piece's original text, with its shielded spans put back."""
        return [restore(self.pieces[s.index], s.originals) for s in self.slots]

    def lost_placeholders(self, translations: Sequence[str]) -> dict[int, str]:
        """Pieces whose translation lost (or invented) a placeholder, with why."""
        self._check_length(translations)
        lost: dict[int, str] = {}
        for slot in self.slots:
            try:
                restore(translations[slot.index], slot.originals)
            except ValueError as err:
                lost[slot.index] = str(err)
        return lost

    def reassemble(self, translations: Sequence[str]) -> str:
        """Rebuild the whole text around ``translations`` (one per piece, in order).

        Raises :class:`PlaceholderLost` rather than emit a text with a missing
        URL or code span.
        """
        self._check_length(translations)
        out: list[str] = []
        lost: dict[int, str] = {}
        for part in self.layout:
            if isinstance(part, str):
                out.append(part)
                continue
            try:
                out.append(restore(translations[part.index], part.originals))
            except ValueError as err:
                lost[part.index] = str(err)
        if lost:
            raise PlaceholderLost(lost)
        return "".join(out)

    def _check_length(self, translations: Sequence[str]) -> None:
        if len(translations) != len(self.pieces):
            raise ValueError(f"got {len(translations)} translations for {len(self.pieces)} pieces")


# --- language codes and sentence splitting ---------------------------------


@functools.cache
def iso_code(lang: str) -> str:
    """The code sentence splitters know for an NLLB code: ``deu_Latn`` -> ``de``.

    ISO 639-1 from the language registry; for a language without one, the
    macrolanguage's code its language-ID label points to (``arz_Arab`` -> ``ar``,
    ``yue_Hant`` -> ``zh``), since they share sentence rules; else the ISO 639-3
    subtag, for which sentencex applies its language-independent rules.
    """
    try:
        language = find_language(lang)
    except LanguageError:  # ambiguous ("zh"): the subtag is all a splitter needs
        language = None
    if language is None:
        return lang.split("_", 1)[0].lower()
    for candidate in (language.iso639_1, language.lid176, *language.lid176_related):
        if candidate and len(candidate) == 2:
            return candidate
    return language.iso639_3


_local = threading.local()


def _pysbd_segmenter(iso: str) -> pysbd.Segmenter:
    # pysbd keeps per-call state on the segmenter, so one per thread and language.
    cache: dict[str, pysbd.Segmenter] | None = getattr(_local, "pysbd", None)
    if cache is None:
        cache = _local.pysbd = {}
    if iso not in cache:
        cache[iso] = pysbd.Segmenter(language=iso, clean=False)
    return cache[iso]


def _locate(text: str, sentences: Sequence[str]) -> list[int] | None:
    """Start offsets of ``sentences`` in ``text``, or None if they do not tile it."""
    starts: list[int] = []
    cursor = 0
    for sentence in sentences:
        if not sentence.strip():
            continue
        found = text.find(sentence.strip(), cursor)
        if found < 0 or text[cursor:found].strip():
            return None
        starts.append(found)
        cursor = found + len(sentence.strip())
    return starts if not text[cursor:].strip() else None


def _line_sentence_spans(line: str, iso: str) -> list[tuple[int, int]]:
    if not line.strip():
        return [(0, len(line))] if line else []
    if not any(ch in _TERMINATORS for ch in line.rstrip(_SENTENCE_END)):
        return [(0, len(line))]  # no terminator before the end: one sentence, skip the splitter
    starts: list[int] | None = None
    if iso in _PYSBD_LANGS:
        starts = _locate(line, _pysbd_segmenter(iso).segment(line))
    if starts is None:  # languages pysbd lacks, or pysbd changed the text
        starts = [b["start_index"] for b in sentencex.get_sentence_boundaries(iso, line)]
    cuts = sorted({0, *starts[1:], len(line)})
    return _pairs(cuts)


def _pairs(values: Sequence[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in itertools.pairwise(values) if b > a]


def sentence_spans(text: str, lang: str = "eng_Latn") -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; they tile ``text`` exactly, newlines are hard breaks.

    pysbd (rule-based, knows abbreviations, decimals, ellipses) for most of the
    23 languages it supports; sentencex (terminators of ~300 languages, incl.
    ``。！？।؟።``) for the rest, and wherever pysbd's output does not tile the text.
    """
    iso = iso_code(lang)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        pieces = _line_sentence_spans(body, iso)
        spans.extend((offset + a, offset + b) for a, b in pieces)
        if len(body) < len(line):  # newline goes with the last sentence of the line
            if spans and spans[-1][1] == offset + len(body):
                spans[-1] = (spans[-1][0], offset + len(line))
            else:
                spans.append((offset + len(body), offset + len(line)))
        offset += len(line)
    return spans


def split_sentences(text: str, lang: str = "eng_Latn") -> list[str]:
    """The sentences of ``text``, stripped, empty ones left out."""
    out = [text[a:b].strip() for a, b in sentence_spans(text, lang)]
    return [s for s in out if s]


# --- token budget and chunking ---------------------------------------------


def _char_weight(ch: str) -> float:
    code = ord(ch)
    if (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
    ):
        return 1.0
    if 0x0E00 <= code <= 0x0EFF or 0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF:
        return 0.5  # Thai, Lao, Myanmar, Khmer: no spaces between words
    return 0.0


def estimate_tokens(text: str) -> int:
    """A conservative (high) guess of NLLB SentencePiece tokens, without a tokenizer.

    1.5 per whitespace word or a third of its length if longer; scripts written
    without spaces count per character. Pass the real tokenizer's count to
    :func:`segment_text` when it is at hand.
    """
    total = 0.0
    for word in text.split():
        dense = sum(_char_weight(ch) for ch in word)
        rest = sum(1 for ch in word if not _char_weight(ch))
        total += dense + (max(1.5, rest / 3) if rest else 0.0)
    return math.ceil(total)


def _cut_points(text: str, level: int, blocked: Callable[[int], bool]) -> list[int]:
    """Positions where ``text`` may be cut at this level (clauses, words, characters)."""
    if level == 0:
        points = [m.end() for m in _STRONG_CLAUSE.finditer(text)]
    elif level == 1:
        points = [m.end() for m in _WEAK_CLAUSE.finditer(text)]
    elif level == 2:
        points = [m.start() for m in _SPACE.finditer(text)]
    else:
        points = [
            i for i in range(1, len(text)) if not unicodedata.category(text[i]).startswith("M")
        ]
    return [p for p in points if 0 < p < len(text) and not blocked(p)]


def _chunk(
    start: int,
    end: int,
    render: Callable[[int, int], str],
    count: Callable[[str], int],
    max_tokens: int,
    text: str,
    blocked: Callable[[int], bool],
    level: int = 0,
) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into ranges whose rendering fits ``max_tokens``.

    Greedy packing at one level of cut points; a part still too long goes to
    the next, finer level. Ranges tile the input, so nothing is lost.
    """
    if count(render(start, end)) <= max_tokens or level > 3:
        return [(start, end)]
    points = [start + p for p in _cut_points(text[start:end], level, lambda p: blocked(start + p))]
    if not points:
        return _chunk(start, end, render, count, max_tokens, text, blocked, level + 1)
    bounds = [*points, end]

    def fits(j: int, cur: int) -> bool:
        return count(render(cur, bounds[j])) <= max_tokens

    out: list[tuple[int, int]] = []
    cur, i = start, 0
    while i < len(bounds):
        if not fits(i, cur):  # one atom alone is over budget: cut it finer
            out.extend(_chunk(cur, bounds[i], render, count, max_tokens, text, blocked, level + 1))
            cur, i = bounds[i], i + 1
            continue
        # gallop then bisect to the farthest cut that still fits: O(log n) counts
        # per chunk, each on at most about twice the chunk's length
        good, step = i, 1
        while good + step < len(bounds) and fits(good + step, cur):
            good, step = good + step, step * 2
        bad = min(good + step, len(bounds))
        while bad - good > 1:
            mid = (good + bad) // 2
            good, bad = (mid, bad) if fits(mid, cur) else (good, mid)
        out.append((cur, bounds[good]))
        cur, i = bounds[good], good + 1
    return out


# --- structure ---------------------------------------------------------------


class _Builder:
    """Accumulates layout parts and pieces while walking the text once."""

    def __init__(
        self, lang: str, shield: ShieldMode, max_tokens: int, count: Callable[[str], int]
    ) -> None:
        self.lang = lang
        self.iso = iso_code(lang)
        self.shield = shield
        self.max_tokens = max_tokens
        self.count = count
        self.pieces: list[str] = []
        self.layout: list[str | Slot] = []

    def literal(self, text: str) -> None:
        if not text:
            return
        if self.layout and isinstance(self.layout[-1], str):
            self.layout[-1] += text
        else:
            self.layout.append(text)

    def line(self, line: str) -> None:
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        prefix = _PREFIX.match(body)
        cut = prefix.end() if prefix else 0
        self.literal(body[:cut])
        self.content(body[cut:])
        self.literal(line[len(body) :])

    def content(self, text: str) -> None:
        """One line's text after its prefix: table cells, then sentences."""
        spans = find_spans(text)
        cells = [0]
        for i, ch in enumerate(text):
            if ch in _CELL_SEPARATORS and not _inside(spans, i, i + 1):
                cells.extend((i, i + 1))
        cells.append(len(text))
        for j in range(0, len(cells), 2):
            a, b = cells[j], cells[j + 1]
            self.cell(text, a, b, [s for s in spans if a <= s.start and s.end <= b])
            if j + 2 < len(cells):
                self.literal(text[b : cells[j + 2]])

    def cell(self, text: str, a: int, b: int, spans: list[Span]) -> None:
        masked = _mask(text[a:b], [Span(s.start - a, s.end - a, s.kind) for s in spans])
        bounds = [a + x for x, _ in _line_sentence_spans(masked, self.iso)] + [b]
        snapped = sorted({_snap(spans, x) for x in bounds} | {a, b})
        for s_start, s_end in _pairs(snapped):
            self.sentence(text, s_start, s_end, [s for s in spans if s_start <= s.start < s_end])

    def sentence(self, text: str, a: int, b: int, spans: list[Span]) -> None:
        head, tail = a, b
        while True:  # <image>-style tags at a sentence's edges are layout, not text
            a, b = _strip(text, a, b)
            if spans and spans[0].kind == "tag" and spans[0].start == a:
                a = spans.pop(0).end
            elif spans and spans[-1].kind == "tag" and spans[-1].end == b:
                b = spans.pop().start
            else:
                break
        if a >= b:
            self.literal(text[head:tail])
            return
        self.literal(text[head:a])
        lookalike = bool(spans) and has_placeholder_lookalike(_mask(text[a:b], _shift(spans, -a)))
        if self.shield == "split" or lookalike:
            cursor = a
            for span in spans:
                self.text(text, cursor, span.start, [])
                self.literal(text[span.start : span.end])
                cursor = span.end
            self.text(text, cursor, b, [])
        else:
            self.text(text, a, b, spans)
        self.literal(text[b:tail])

    def text(self, text: str, a: int, b: int, spans: list[Span]) -> None:
        """Emit ``text[a:b]`` as pieces (chunked to the budget) around literal whitespace."""
        lead, trail = _strip(text, a, b)
        self.literal(text[a:lead])

        def render(x: int, y: int) -> str:
            return _render(text, x, y, [s for s in spans if x <= s.start and s.end <= y])[0]

        def blocked(p: int) -> bool:
            return any(s.start < p < s.end for s in spans)

        chunks = (
            _chunk(lead, trail, render, self.count, self.max_tokens, text, blocked)
            if lead < trail
            else []
        )
        for x, y in chunks:
            x2, y2 = _strip(text, x, y)
            self.literal(text[x:x2])
            if x2 < y2:
                self.piece(text, x2, y2, [s for s in spans if x2 <= s.start and s.end <= y2])
            self.literal(text[y2:y])
        self.literal(text[trail:b])

    def piece(self, text: str, a: int, b: int, spans: list[Span]) -> None:
        rendered, originals = _render(text, a, b, spans)
        bare = _mask(text[a:b], _shift(spans, -a), fill="")
        if not any(unicodedata.category(ch).startswith("L") for ch in bare):
            self.literal(text[a:b])  # numbers, punctuation, a lone URL: nothing to translate
            return
        self.layout.append(Slot(len(self.pieces), originals))
        self.pieces.append(rendered)


def _shift(spans: Sequence[Span], by: int) -> list[Span]:
    return [Span(s.start + by, s.end + by, s.kind) for s in spans]


def _inside(spans: Sequence[Span], a: int, b: int) -> bool:
    return any(s.start < b and a < s.end for s in spans)


def _snap(spans: Sequence[Span], x: int) -> int:
    for s in spans:
        if s.start < x < s.end:
            return s.end
    return x


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _mask(text: str, spans: Sequence[Span], fill: str | None = None) -> str:
    """Replace spans by a same-length word so splitters never cut inside them."""
    out, cursor = [], 0
    for s in spans:
        out.append(text[cursor : s.start])
        n = s.end - s.start
        out.append(("X" + "x" * (n - 1)) if fill is None else fill)
        cursor = s.end
    out.append(text[cursor:])
    return "".join(out)


def _render(text: str, a: int, b: int, spans: Sequence[Span]) -> tuple[str, tuple[str, ...]]:
    """``text[a:b]`` with its spans replaced by ``[1]`` … and the originals they stand for."""
    out, originals, cursor = [], [], a
    for s in spans:
        out.append(text[cursor : s.start])
        originals.append(text[s.start : s.end])
        out.append(placeholder(len(originals)))
        cursor = s.end
    out.append(text[cursor:b])
    return "".join(out), tuple(originals)


def segment_text(
    text: str,
    *,
    lang: str = "eng_Latn",
    max_tokens: int = 200,
    count_tokens: Callable[[str], int] | None = None,
    shield: ShieldMode = "placeholder",
) -> SegmentedText:
    """Cut ``text`` into pieces to translate and remember how to put it back.

    ``lang`` is the NLLB code of ``text`` (back-translation passes target-language
    text). ``count_tokens`` should be the translator's tokenizer; without it a
    conservative estimate is used. With ``shield="placeholder"`` (default)
    inline spans travel as ``[1]``, ``[2]`` … and ``reassemble`` raises
    :class:`PlaceholderLost` if a translation drops one; ``shield="split"`` keeps
    URLs, e-mails and code out of the model by translating the text around them
    separately: use it to retry a sample whose placeholders were lost.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    builder = _Builder(lang, shield, max_tokens, count_tokens or estimate_tokens)
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is not None:
            builder.literal(line)
            closing = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closing and not line[match.end() :].strip():
                fence = None
        elif match:
            fence = match.group(1)
            builder.literal(line)
        else:
            builder.line(line)
    return SegmentedText(pieces=builder.pieces, layout=builder.layout, lang=lang)
