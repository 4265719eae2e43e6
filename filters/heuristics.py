"""Cheap checks that catch the failures LID and chrF miss.

Each check is a pure function of a ``TranslatedSegment`` returning a
``Verdict`` with its scores, so the policy can run any subset and keep every
score. The checks follow stopes (NLLB's own data pipeline) and the failure
modes NLLB is known for: empty output, untranslated copies, repeated-n-gram
loops, truncated or padded output, and lost markup or numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import groupby

from babelshard.filters import reasons
from babelshard.filters.scripts import CHARS_PER_LATIN_CHAR
from babelshard.filters.text import language_text, new_words, shared_count
from babelshard.schemas.records import TranslatedSegment, Verdict

# Markup a translation must carry over unchanged: <image>-style tags and HTML
# tags, printf and Python format fields, {name} fields.
PLACEHOLDER_RE = re.compile(
    r"</?[A-Za-z][\w:-]*\s*/?>"  # <image>, <b>, </b>, <br/>
    r"|%(?:\d+\$)?(?:\([\w.]+\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"  # %s %1$s %(n)d %.2f
    r"(?:hh|h|ll|l|L|q|j|z|t)?[sdifuxXeEgGcpo]"  # %ld %zu; no space flag: "50% off" is text
    r"|\{\{?[\w.]*\}?\}"  # {name} {0} {} {{x}}
)
_POSITIONAL_RE = re.compile(r"%\d+\$")


def may_have_placeholders(text: str) -> bool:
    """False when ``PLACEHOLDER_RE`` cannot match ``text``.

    Each of its forms starts with ``<``, ``%`` or ``{``: three scans in C, so
    most texts (which have none) skip the regular expression.
    """
    return "<" in text or "%" in text or "{" in text


# A number may be written with group separators that differ per language
# ("1,000" / "1.000" / "1 000" / "١٬٠٠٠"): join a run of 3-digit groups.
_NUMBER_RE = re.compile(r"\d+(?:[.,'\u00a0\u202f\u066b\u066c ]\d{3}(?!\d))*")
_NON_DIGIT_RE = re.compile(r"\D")
# Burmese writes the letter ဝ (wa) as the digit ၀ and the word ၎င်း as ၄င်း, both in
# the catalogs' real text: a ၀ or ၄ joined to a Myanmar letter or sign, with no digit
# beside it, is that letter ("၀င်းဒိုး", window), not a number ("၁၀" stays ten).
_MYANMAR_DIGIT_LETTER_RE = re.compile(
    r"(?<![\u1040-\u1049])(?:(?<=[\u1000-\u103f])\u1040|\u1040(?=[\u1000-\u103f])|\u1044(?=င်း))"
    r"(?![\u1040-\u1049])"
)
# An English ordinal ("3rd level", "5th") that a translation may spell out ("troisième").
_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")

# Everything that is not a letter or digit: ``str.isalnum`` is ``\w`` without "_".
_NOT_ALNUM_RE = re.compile(r"[\W_]+")
# A unit of 1-20 characters repeated 4+ times in a row ("the the the the", "我的我的我的我的").
_CHAR_LOOP_RE = re.compile(r"(.{1,20}?)\1{3,}", re.S)


def _ok(accepted: bool, scores: dict[str, float], reason: str) -> Verdict:
    return Verdict(accepted=accepted, scores=scores, reasons=() if accepted else (reason,))


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    """Casefolded letters and digits only: what is left to compare for a copy.

    Cached: a source is compared with its translation into every language.
    """
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=8192)
def _source_chars(text: str) -> Counter[str]:
    """The characters of a normalised source (cached, read-only: a source meets
    every language's translation)."""
    return Counter(text)


def check_empty(segment: TranslatedSegment) -> Verdict:
    """Reject an empty hypothesis for a non-empty source."""
    empty = not segment.hypothesis.strip() and bool(segment.source.strip())
    return _ok(not empty, {"hyp_chars": float(len(segment.hypothesis.strip()))}, reasons.EMPTY)


def copy_similarity(source: str, hypothesis: str, floor: float = 0.0) -> float:
    """Similarity in [0, 1] of the normalised texts (1.0 = identical letters and digits).

    Below ``floor`` the value is only an upper bound (from the lengths, else
    difflib's ``quick_ratio``), which is all a threshold test needs and 5-10x
    cheaper than the exact ratio.
    """
    src, hyp = _normalise(source), _normalise(hypothesis)
    if not src or not hyp:
        return 0.0
    if src == hyp:
        return 1.0
    length_bound = 2 * min(len(src), len(hyp)) / (len(src) + len(hyp))
    if length_bound < floor:
        return length_bound
    # difflib's quick_ratio (shared characters, counted with multiplicity), without
    # building a SequenceMatcher: its index of ``hyp`` is a Python loop per character.
    bound = 2.0 * shared_count(_source_chars(src), Counter(hyp)) / (len(src) + len(hyp))
    if bound < floor:
        return bound
    return SequenceMatcher(None, src, hyp, autojunk=False).ratio()


def check_copy(
    segment: TranslatedSegment, max_similarity: float = 0.9, min_chars: int = 10
) -> Verdict:
    """Reject a hypothesis that is (nearly) the source, for a non-source target.

    Sources shorter than ``min_chars`` normalised characters are exempt:
    "OK", "Bluetooth" or a name are legitimately the same in many languages,
    and the LID short-text rule still catches short English copies.
    A similar hypothesis with a word its source lacks is no copy: name-heavy
    texts are translated by changing one word ("Kurdisk (Iran, latin Alt-Q)",
    "Konfiguration for HTTP-servere"); ``copy_new_words`` counts those words.
    """
    if segment.target_lang == segment.source_lang:
        return Verdict(accepted=True, scores={"copy_similarity": 0.0})
    similarity = copy_similarity(segment.source, segment.hypothesis, floor=max_similarity)
    long_enough = len(_normalise(segment.source)) >= min_chars
    scores = {"copy_similarity": similarity}
    copied = long_enough and similarity >= max_similarity
    if copied:
        scores["copy_new_words"] = float(len(new_words(segment.source, segment.hypothesis)))
        copied = not scores["copy_new_words"]
    return _ok(not copied, scores, reasons.SOURCE_COPY)


@lru_cache(maxsize=8192)
def word_ngram_run(text: str, max_n: int = 4) -> int:
    """Longest run of one word n-gram (n <= ``max_n``) repeated back to back.

    An n-gram repeated r times from position p means token i equals token i + n
    for every i in [p, p + (r - 1) n): the longest stretch s of such equal pairs
    gives r = 1 + s // n. Without a repeated token there is no run at all.
    Cached: the source side repeats.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    # A token that is all letters and digits has nothing to strip (``isalnum`` is [^\W_]).
    tokens = [t if t.isalnum() else _NOT_ALNUM_RE.sub("", t) for t in folded.split()]
    tokens = [t for t in tokens if t]
    if len(set(tokens)) == len(tokens):
        return 1 if tokens else 0
    best = 1
    for n in range(1, max_n + 1):
        same = map(str.__eq__, tokens, tokens[n:])
        stretch = max((len(list(g)) for equal, g in groupby(same) if equal), default=0)
        best = max(best, 1 + stretch // n)
    return best


@lru_cache(maxsize=8192)
def char_unit_repeats(text: str, min_chars: int = 8) -> int:
    """Most back-to-back repeats of a 1-20 character unit, over runs of ``min_chars`` or more.

    Catches loops in scripts without spaces (Chinese, Thai) and inside words.
    Units without a letter or combining mark ("....", "----") are layout, not loops.
    Cached: the source side repeats.
    """
    # A run of ``min_chars`` (>= 5) or more characters with 4+ repeats of a k-character
    # unit (k <= 20) holds one window of ``min(6, min_chars - 1)`` characters twice, k
    # apart (for k = 1 the run is at least min_chars long, for k >= 2 at least
    # 4k >= k + 6): most texts have no repeated window, the rest rarely one within 20
    # characters of its last occurrence, and the loop search is the costly part.
    if min_chars >= 5 and not _near_window_re(min(6, min_chars - 1)).search(text):
        return 0
    return loop_search(text, min_chars)


@cache
def _near_window_re(width: int, distance: int = 20) -> re.Pattern[str]:
    """A window of ``width`` characters that occurs again 1 to ``distance`` positions on.

    The lookahead captures the window without consuming it, so the repeat may
    overlap it ("aaaaaaa"); one search in C replaces a list of every window and
    a dictionary of where each was last seen.
    """
    return re.compile(rf"(?=(.{{{width}}})).{{1,{distance}}}?\1", re.S)


def loop_search(text: str, min_chars: int = 8) -> int:
    """``char_unit_repeats`` by the regular expression alone, on any text."""
    best = 0
    for match in _CHAR_LOOP_RE.finditer(text):
        unit, run = match.group(1), match.group(0)
        if len(run) >= min_chars and any(unicodedata.category(ch)[0] in "LM" for ch in unit):
            best = max(best, len(run) // len(unit))
    return best


def check_repetition(
    segment: TranslatedSegment, max_word_run: int = 3, max_char_repeats: int = 4
) -> Verdict:
    """Reject NLLB's degenerate loops: an n-gram repeated more than the source repeats it.

    A word n-gram may repeat ``max_word_run`` times in a row, a character unit
    ``max_char_repeats`` times. Whatever the source itself repeats ("ha ha ha
    ha") the translation may repeat too. Placeholders and identifiers are left
    out first (``text.language_text``): "%s, %s, %s" lists are no loop.
    """
    hyp, src = language_text(segment.hypothesis), language_text(segment.source)
    word_run = word_ngram_run(hyp)
    char_run = char_unit_repeats(hyp)
    loop = (word_run > max_word_run and word_run > word_ngram_run(src)) or (
        char_run > max_char_repeats and char_run > char_unit_repeats(src)
    )
    return _ok(
        not loop,
        {"repeat_word_run": float(word_run), "repeat_char_run": float(char_run)},
        reasons.REPEATED_NGRAM,
    )


def length_ratio(source: str, hypothesis: str, script: str, smoothing: float = 10.0) -> float:
    """Hypothesis/source length in non-space characters, scaled for dense scripts.

    Chinese needs about a third of the characters of English, so its length is
    divided by 0.3 before comparing. ``smoothing`` characters are added to both
    sides so that two-word segments do not swing the ratio wildly.
    """
    hyp = non_space_chars(hypothesis) / CHARS_PER_LATIN_CHAR.get(script, 1.0)
    src = non_space_chars(source)
    return (hyp + smoothing) / (src + smoothing)


@lru_cache(maxsize=8192)
def non_space_chars(text: str) -> int:
    """Characters of ``text`` that are not white space (cached: the length and
    coverage checks both measure each segment, and a source repeats).

    ``str.split`` splits at exactly the characters ``\\s`` matches (``str.isspace``),
    and the split and join cost half the regular expression's substitution.
    """
    return len("".join(text.split()))


def check_length_ratio(
    segment: TranslatedSegment,
    script: str,
    min_ratio: float = 0.4,
    max_ratio: float = 3.0,
    smoothing: float = 10.0,
) -> Verdict:
    """Reject truncated or padded output (see ``length_ratio`` for the measure)."""
    ratio = length_ratio(segment.source, segment.hypothesis, script, smoothing)
    return _ok(min_ratio <= ratio <= max_ratio, {"length_ratio": ratio}, reasons.LENGTH_RATIO)


def placeholders(text: str) -> Counter[str]:
    """Multiset of placeholders in ``text`` (``%1$s`` counts as ``%s``: reordering is fine)."""
    if not may_have_placeholders(text):
        return Counter()
    return Counter(_POSITIONAL_RE.sub("%", m.group(0)) for m in PLACEHOLDER_RE.finditer(text))


# The checks' read-only copies: a source is checked against every language's translation.
_source_placeholders = lru_cache(maxsize=8192)(placeholders)


def check_placeholders(segment: TranslatedSegment) -> Verdict:
    """Reject a hypothesis that added, lost or changed ``<image>``/``%s``/``{x}`` fields."""
    src = _source_placeholders(segment.source)
    if not src and not may_have_placeholders(segment.hypothesis):  # most segments: none
        return Verdict(accepted=True, scores={"placeholders_src": 0.0, "placeholders_hyp": 0.0})
    hyp = placeholders(segment.hypothesis)
    return _ok(
        src == hyp,
        {"placeholders_src": float(src.total()), "placeholders_hyp": float(hyp.total())},
        reasons.PLACEHOLDER_MISMATCH,
    )


def numbers(text: str) -> Counter[str]:
    """Multiset of the numbers in ``text``, in ASCII digits.

    ``\\d`` matches every Unicode decimal digit (Arabic-Indic, Devanagari,
    Bengali, Thai, fullwidth …); ``unicodedata.digit`` maps each to 0-9.
    Placeholders are removed first so that ``%1$s`` or ``<h1>`` are no numbers.
    """
    if may_have_placeholders(text):
        text = PLACEHOLDER_RE.sub(" ", text)
    if "\u1040" in text or "\u1044" in text:
        text = _MYANMAR_DIGIT_LETTER_RE.sub("ဝ", text)
    found: Counter[str] = Counter()
    for match in _NUMBER_RE.finditer(text):
        digits = _NON_DIGIT_RE.sub("", match.group(0))
        ascii_digits = "".join(str(unicodedata.digit(ch)) for ch in digits)
        found[ascii_digits.lstrip("0") or "0"] += 1
    return found


_source_numbers = lru_cache(maxsize=8192)(numbers)  # read-only, as _source_placeholders


_CARDINALS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
ENGLISH_NUMBER_WORDS = {
    **{word: str(n) for n, word in enumerate(_CARDINALS)},
    **{word: str(n) for n, word in enumerate(_ORDINALS)},
}
_NUMBER_WORD_RE = re.compile(r"\b(?:" + "|".join(ENGLISH_NUMBER_WORDS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _source_number_words(source: str) -> Counter[str]:
    """The numbers the English source spells out ("zero", "two weeks", "fourth level")."""
    return Counter(
        ENGLISH_NUMBER_WORDS[m.group(0).lower()] for m in _NUMBER_WORD_RE.finditer(source)
    )


def check_digits(segment: TranslatedSegment) -> Verdict:
    """Reject a hypothesis whose numbers differ from the source's.

    An English ordinal of the source ("3rd", "5th") may be missing: translations
    spell it out ("troisième niveau", "第五层"); a number the source spells out in
    English ("zero", "two weeks", "fourth level") may be written in digits
    ("0입니다", "ทุก 2 อาทิตย์", "第4層"). Known limit: a source number the
    translation spells out in its own words ("sero" for "0") or writes with native
    numerals such as Chinese 万 counts as changed.
    """
    src, hyp = _source_numbers(segment.source), numbers(segment.hypothesis)
    if not src and not hyp:  # most segments: no number on either side
        return Verdict(accepted=True, scores={"numbers_src": 0.0})
    missing = src - hyp
    added = hyp - src
    if added:
        added -= _source_number_words(segment.source)
    same = not added and (not missing or missing <= _source_ordinals(segment.source))
    return _ok(same, {"numbers_src": float(src.total())}, reasons.DIGITS_MISMATCH)


@lru_cache(maxsize=8192)
def _source_ordinals(source: str) -> Counter[str]:
    """The English ordinals of a source, as ``numbers`` writes them ("3rd" -> "3")."""
    return Counter(m.group(1).lstrip("0") or "0" for m in _ORDINAL_RE.finditer(source))
