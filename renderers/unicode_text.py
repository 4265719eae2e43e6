"""Unicode text algorithms the renderer relies on, from ICU (PyICU).

Line breaking follows UAX #14 with ICU's dictionaries, so Thai, Lao, Khmer, Myanmar,
Chinese and Japanese break between words, never inside one; a split on spaces would
leave those texts unbreakable. Bidi runs follow UAX #9 so that digits and Latin words
inside Arabic or Hebrew lines are placed where a reader expects them.

ICU counts in UTF-16 code units; every function here maps back to Python indices.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from typing import Any

_local = threading.local()

# Word-break rule statuses ICU gives to words made of letters, kana or ideographs
# (UBRK_WORD_LETTER, _KANA, _IDEO ranges); numbers and punctuation are below 100.
_WORD_STATUS_MIN = 200
_WORD_STATUS_MAX = 500

_EXTRA_STOPS = re.compile(r"(?<=[។៕။])\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each


class IcuUnavailableError(RuntimeError):
    """PyICU is missing; the renderer cannot break lines or order bidi text without it."""


def icu() -> Any:
    """The PyICU module, or a clear error saying how to install it."""
    try:
        import icu as _icu
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise IcuUnavailableError(
            "the renderer needs PyICU for line breaking and bidi: "
            "apt-get install libicu-dev pkg-config && pip install PyICU"
        ) from exc
    return _icu


def _cache() -> dict[tuple[str, str], Any]:
    if not hasattr(_local, "iterators"):
        _local.iterators = {}
    return _local.iterators


def _iterator(kind: str, locale: str) -> Any:
    key = (kind, locale)
    cache = _cache()
    if key not in cache:
        lib = icu()
        loc = lib.Locale(locale.replace("-", "_"))
        factory = {
            "line": lib.BreakIterator.createLineInstance,
            "word": lib.BreakIterator.createWordInstance,
            "char": lib.BreakIterator.createCharacterInstance,
            "sentence": lib.BreakIterator.createSentenceInstance,
        }[kind]
        cache[key] = factory(loc)
    return cache[key]


def _py_index(text: str) -> list[int]:
    """Map each UTF-16 offset of ``text`` (0..len16) to its Python string index."""
    if text.isascii() or not _ASTRAL.search(text):
        return list(range(len(text) + 1))
    out: list[int] = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) >= 0x10000:
            out.append(i)
    out.append(len(text))
    return out


def _boundaries(kind: str, text: str, locale: str) -> list[int]:
    it = _iterator(kind, locale)
    it.setText(text)
    index = _py_index(text)
    return [0, *(index[b] for b in it)]


def normalize_paragraphs(text: str) -> list[str]:
    """NFC text as paragraphs: control characters dropped, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    text = _CONTROL.sub("", text)
    paragraphs = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\n", text)]
    return [p for p in paragraphs if p]


def line_segments(text: str, locale: str) -> list[str]:
    """Split ``text`` at its line-break opportunities; each piece keeps its trailing spaces."""
    if not text:
        return []
    marks = _boundaries("line", text, locale)
    return [text[a:b] for a, b in itertools.pairwise(marks) if b > a]


def sentences(text: str, locale: str) -> list[str]:
    """Sentences (UAX #29, ICU), stripped; "。", "।", "።" end them as "." does, and so
    do the Khmer and Myanmar full stops ("។", "៕", "။"), which ICU's rules miss."""
    if not text:
        return []
    marks = _boundaries("sentence", text, locale)
    parts = (p.strip() for a, b in itertools.pairwise(marks) for p in _EXTRA_STOPS.split(text[a:b]))
    return [part for part in parts if part]


def graphemes(text: str, locale: str = "en") -> list[str]:
    """User-perceived characters (extended grapheme clusters): the smallest unit to split."""
    if not text:
        return []
    marks = _boundaries("char", text, locale)
    return [text[a:b] for a, b in itertools.pairwise(marks) if b > a]


def words(text: str, locale: str) -> list[str]:
    """Words of letters, kana or ideographs (ICU word break), in order; no numbers."""
    if not text:
        return []
    it = _iterator("word", locale)
    it.setText(text)
    index = _py_index(text)
    out: list[str] = []
    start = 0
    for end16 in it:
        end = index[end16]
        if _WORD_STATUS_MIN <= it.getRuleStatus() < _WORD_STATUS_MAX and end > start:
            out.append(text[start:end])
        start = end
    return out


def visual_runs(text: str, rtl: bool) -> list[tuple[int, int, bool]]:
    """Bidi runs of one line as ``(start, end, is_rtl)`` in Python indices, in visual order.

    ``rtl`` is the paragraph direction; runs come left to right as they are drawn.
    """
    if not text:
        return []
    if not rtl and not _has_rtl(text):
        return [(0, len(text), False)]
    lib = icu()
    bidi = lib.Bidi()
    bidi.setPara(lib.UnicodeString(text), 1 if rtl else 0)
    index = _py_index(text)
    runs = []
    for i in range(bidi.countRuns()):
        start16, length16, direction = bidi.getVisualRun(i)
        runs.append((index[start16], index[start16 + length16], bool(direction)))
    return runs


# Blocks of right-to-left scripts and the explicit RTL controls; a fast pre-check so that
# purely left-to-right lines skip the bidi algorithm.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _has_rtl(text: str) -> bool:
    return _RTL_CHARS.search(text) is not None
