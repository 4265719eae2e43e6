"""Partial translation: a run of the source's words left untranslated in the hypothesis.

NLLB sometimes translates the start of a sentence and copies the rest, or leaves
a clause in English. LID misses it when the translated part dominates, and the
back-translation hides it (the English comes back as English). The direct view
is the hypothesis itself: the longest run of consecutive source words that
reappears, in order, in the hypothesis. Real translations keep names, product
names and terms ("GNOME Shell", "Secure Boot") as they are, so a run counts only
its *common* words: lower-case words of the source that are no identifier;
capitalised words and tokens with digits are names and count as zero length
without breaking the run.

A run that mixes names and common words ("open TIFF file", "and DTFLAGS",
"a NUL character") has few common words but is plainly English left in;
``copied_span`` counts every word of the longest run that holds at least one
common word, and more than ``DEFAULT_MAX_COPIED_SPAN`` of them reject too.
Measured on the calibration half (``docs/filters.md``): 0.12% of real
translations repeat such a span of 3 words (product names with a common word:
"Fuji RAF raw"), and it catches 85% of the partial translations the
common-word run let through.

Values a translator keeps verbatim count as names in both measures: what the
source quotes, quoted alike, and dotted identifiers (``literal_flags``;
``docs/filters.md`` has what each gained on the calibration half).
"""

from __future__ import annotations

import re
from functools import lru_cache

from babelshard.filters import reasons
from babelshard.filters.structure import strip_marker
from babelshard.filters.text import is_common, words
from babelshard.schemas.records import TranslatedSegment, Verdict

DEFAULT_MAX_COPIED_RUN = 2
"""Most common source words a real translation repeats in a row (bench/quality.py)."""
DEFAULT_MAX_COPIED_SPAN = 2
"""Most source words in a row, names included, with a common one among them."""
_NO_RUN: dict[int, int] = {}  # read-only: the run state after a word the source lacks
_NO_SPAN: dict[int, tuple[int, int]] = {}


@lru_cache(maxsize=8192)
def _source_index(source: str) -> tuple[dict[str, list[int]], list[int]]:
    """(casefolded word -> its positions, 1 per common word) of ``source``; cached, read-only."""
    positions: dict[str, list[int]] = {}
    common: list[int] = []
    for i, word in enumerate(words(source)):
        positions.setdefault(word.casefold(), []).append(i)
        common.append(int(is_common(word)))
    return positions, common


# A quoted span: "…", “…”, „…“, «…», ‘…’, 「…」, 『…』, or '…' between non-letters.
_QUOTED_RE = re.compile(
    r'"([^"\n]+)"|“([^”\n]+)”|„([^“”\n]+)[“”]|«\s*([^»\n]+?)\s*»|‘([^’\n]+)’|「([^」\n]+)」'
    r"|『([^』\n]+)』|(?<!\w)'([^'\n]+)'(?!\w)"
)
# A dotted identifier: org.freedesktop.DBus.Local, org.example.viewer, def.po; one
# with a part of two letters or more, so "e.g." and "i.e." stay English.
_DOTTED_RE = re.compile(r"(?<![\w.-])[^\W\d_]\w*(?:\.[^\W_]+)+(?![\w-])")
_ABBREVIATION_RE = re.compile(r"\w(?:\.\w)+")


# The words of a piece of a text, uncached: pieces would evict the texts other checks reuse.
_piece_words = words.__wrapped__


def _quoted_words(match: re.Match[str]) -> tuple[str, ...]:
    """The casefolded words a ``_QUOTED_RE`` match quotes."""
    return tuple(w.casefold() for w in _piece_words(next(g for g in match.groups() if g)))


@lru_cache(maxsize=8192)
def _quoted(source: str) -> frozenset[tuple[str, ...]]:
    """The casefolded words of each span ``source`` quotes."""
    return frozenset(_quoted_words(m) for m in _QUOTED_RE.finditer(source))


def _literal_spans(source: str, text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds literals: spans it quotes as the source quotes them, and
    dotted identifiers; in order."""
    spans = []
    if (quoted := _quoted(source)) and _QUOTED_RE.search(text):
        spans += [m.span() for m in _QUOTED_RE.finditer(text) if _quoted_words(m) in quoted]
    if "." in text:
        spans += [
            m.span()
            for m in _DOTTED_RE.finditer(text)
            if not _ABBREVIATION_RE.fullmatch(m.group(0))
        ]
    return sorted(spans)


def literal_flags(source: str, text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The words of ``text`` and, for each, whether it belongs to a literal a translator
    keeps verbatim: a value the source quotes, quoted alike ("git bisect reset", "main"),
    or a dotted identifier (org.freedesktop.DBus.Local). Literals count as names. A list
    of one-word values ("amp; quot; lt; gt;") is none: "red, green, blue" left in English
    looks the same."""
    spans = _literal_spans(source, text)
    if not spans:
        found = words(text)
        return found, (False,) * len(found)
    found_words: list[str] = []
    flags: list[bool] = []
    done = 0
    for start, end in [*spans, (len(text), len(text))]:
        start = max(start, done)
        if end < start:
            continue
        for piece, literal in ((text[done:start], False), (text[start:end], True)):
            piece_words = _piece_words(piece)
            found_words += piece_words
            flags += [literal] * len(piece_words)
        done = end
    return tuple(found_words), tuple(flags)


def copied_run(source: str, hypothesis: str, literals: bool = True) -> int:
    """Common words in the longest run of source words that the hypothesis repeats in order;
    with ``literals``, the hypothesis's literals (``literal_flags``) count as names."""
    positions, common = _source_index(source)
    hyp_words, flags = literal_flags(source, hypothesis) if literals else (words(hypothesis), ())
    best = 0
    # Longest common substring over tokens, weighted by common words: only the
    # (source, hypothesis) positions whose words match are visited.
    previous: dict[int, int] = {}  # source position -> weight of the run ending there
    for n, word in enumerate(hyp_words):
        matches = positions.get(word.casefold())
        if matches is None:  # most words: no run continues, none starts
            previous = _NO_RUN
            continue
        if flags and flags[n]:
            current = {i: previous.get(i - 1, 0) for i in matches}
        else:
            current = {i: previous.get(i - 1, 0) + common[i] for i in matches}
        best = max(best, *current.values())
        previous = current
    return best


def _unmarked_lines(text: str) -> list[str]:
    """The lines of ``text``, option and list markers ("B.", "2)") left out."""
    return [strip_marker(line) for line in text.splitlines()]


def _line_words(text: str) -> list[tuple[str, ...]]:
    """The words of each line of ``text`` (``_unmarked_lines``)."""
    return [words(line) for line in _unmarked_lines(text)]


@lru_cache(maxsize=8192)
def _source_line_index(source: str) -> tuple[dict[str, list[int]], list[int]]:
    """(casefolded word -> its positions, whether each position is a common word) of
    ``source``'s lines, one position left empty between lines; cached, read-only.

    The same source is checked against its translation into every language.
    """
    lines = _line_words(source)
    if len(lines) == 1 and lines[0] == words(source):  # one line, no marker: cached already
        positions, flags = _source_index(source)
        return positions, [*flags, 0]
    positions = {}
    common: list[int] = []
    for line in lines:
        for word in line:
            positions.setdefault(word.casefold(), []).append(len(common))
            common.append(int(is_common(word)))
        common.append(0)  # the line break: no run continues across it
    return positions, common


def copied_span(source: str, hypothesis: str, literals: bool = True) -> int:
    """Words (names included) in the longest run of source words the hypothesis repeats
    in order that holds at least one common word; 0 when no such run exists. With
    ``literals``, the hypothesis's literals (``literal_flags``) count as names.

    Runs stay within a line of each: the markers and line breaks of an options
    block are structure, not copied words.
    """
    positions, common = _source_line_index(source)
    best = 0
    for text in _unmarked_lines(hypothesis):
        line_words, flags = literal_flags(source, text) if literals else (words(text), ())
        # source position -> (run, nonzero when the run holds a common word)
        previous: dict[int, tuple[int, int]] = {}
        for n, word in enumerate(line_words):
            matches = positions.get(word.casefold())
            if matches is None:
                previous = _NO_SPAN
                continue
            current = {}
            name = bool(flags) and flags[n]
            for i in matches:
                length, has_common = previous.get(i - 1, (0, False))
                current[i] = run = (length + 1, has_common or (common[i] and not name))
                if run[1]:
                    best = max(best, run[0])
            previous = current
    return best


def check_untranslated(
    segment: TranslatedSegment,
    max_run: int = DEFAULT_MAX_COPIED_RUN,
    max_span: int = DEFAULT_MAX_COPIED_SPAN,
) -> Verdict:
    """Reject a hypothesis that repeats more than ``max_run`` common source words in a row,
    or more than ``max_span`` source words in a row with a common one among them.

    Only for a target language other than the source's (copies of the whole
    source are ``heuristics.check_copy``'s; this catches the partial ones).
    """
    if segment.target_lang == segment.source_lang:
        return Verdict(accepted=True, scores={"copied_run": 0.0, "copied_span": 0.0})
    # Literals only lower both measures: they are looked for where the plain ones are
    # over the bar (a few texts in a hundred), and the scores below it stay the plain ones.
    run = copied_run(segment.source, segment.hypothesis, literals=False)
    span = copied_span(segment.source, segment.hypothesis, literals=False)
    if run > max_run or span > max_span:
        run = copied_run(segment.source, segment.hypothesis)
        span = copied_span(segment.source, segment.hypothesis)
    accepted = run <= max_run and span <= max_span
    return Verdict(
        accepted=accepted,
        scores={"copied_run": float(run), "copied_span": float(span)},
        reasons=() if accepted else (reasons.UNTRANSLATED_SPAN,),
    )
