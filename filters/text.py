"""The linguistic part of a text, for the checks that judge its language.

A caption that mentions ``<image>``, a URL, ``--verbose`` or ``pkg_name2``
says nothing about its language through them; left in, they pull short texts
towards English for LID and out of the target script for the script check.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Tokens that carry no language: placeholders and markup, URLs, e-mail addresses,
# command-line options, identifiers with digits, underscores or inner capitals.
_NON_LINGUISTIC_RE = re.compile(
    r"</?[A-Za-z][\w:-]*\s*/?>|%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[a-zA-Z]|\{[\w.]*\}"
    r"|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+"
    r"|(?<!\S)--?[A-Za-z][\w-]*(?:=\S*)?"
    r"|\b[A-Za-z0-9_]*[\d_][A-Za-z0-9_]*\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b"
)


# What every branch of ``_NON_LINGUISTIC_RE`` needs: a text with none of these has no
# such token, and one search for them is cheaper than the substitution (3 texts in 4).
_MAYBE_NON_LINGUISTIC_RE = re.compile(r"[<%{@_\d-]|[a-z][A-Z]|https?://|www\.")


@lru_cache(maxsize=8192)
def language_text(text: str) -> str:
    """``text`` without non-linguistic tokens; the whole text if nothing else is left.

    Cached: every check of a segment asks for the same two texts.
    """
    if _MAYBE_NON_LINGUISTIC_RE.search(text) is None:
        return " ".join(text.split())
    cleaned = " ".join(_NON_LINGUISTIC_RE.sub(" ", text).split())
    return cleaned or " ".join(text.split())


_IDEOGRAPH_RE = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])")
# The first code point ``_IDEOGRAPH_RE`` matches (CJK Extension A).
IDEOGRAPHS_FROM = "\u3400"


def may_have_ideographs(text: str) -> bool:
    """Whether ``text`` has a character at or above the first ideograph: one ``max``
    in C, where a text without (most texts) needs no search for them."""
    return bool(text) and max(text) >= IDEOGRAPHS_FROM


def spaced_ideographs(text: str) -> str:
    """Han ideographs as separate tokens: how lid.176 reads Chinese reliably.

    Unsegmented Chinese is one long "word" to fastText; the quantised lid.176
    then spreads its probability over unrelated languages (a 9-character sentence
    got 8% Chinese). One token per ideograph lifted genuine Chinese UI sentences
    from 93% to 100% accepted without letting Japanese through (bench/quality.py).
    """
    if not may_have_ideographs(text):  # no ideograph: skip the substitution
        return " ".join(text.split())
    # Splitting on the captured ideographs and joining with spaces is the substitution
    # r" \1 " without its per-match template expansion (Python code in 3.11).
    return " ".join(" ".join(_IDEOGRAPH_RE.split(text)).split())


def _combining_marks() -> str:
    """The combining marks (categories Mn, Mc, Me) of the Basic Multilingual Plane as
    the ranges of a regex character class.

    Python's ``\\w`` has no mark: vowel signs and viramas ("हिन्दी", "ภาษา"),
    Hebrew and Arabic points, accents left decomposed after NFKC. The BMP holds the
    scripts of every NLLB language; a class with marks beyond it is compiled as a
    list of ranges and made the word regex ~2x slower than without marks (a bitmap
    otherwise: within 10%). Built once at import (~10-20 ms).
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in ranges)


COMBINING_MARKS = _combining_marks()
# A word starts with a letter or digit and keeps the marks that follow its letters
# ("हिन्दी" whole, not "ह न द"); inner apostrophes and hyphens join its parts.
_WORD_PART = rf"[^\W_]+(?:[{COMBINING_MARKS}]+[^\W_]*)*"
_WORD_RE = re.compile(rf"{_WORD_PART}(?:['’-]{_WORD_PART})*")


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The words of ``language_text(text)``, NFKC-normalised, each with its combining marks.

    Cached (read-only, hence a tuple): the partial-translation, alphabet and
    script checks all read the words of the same hypothesis and source.
    """
    return tuple(_WORD_RE.findall(unicodedata.normalize("NFKC", language_text(text))))


def new_words(source: str, hypothesis: str) -> list[str]:
    """The words of ``hypothesis`` that ``source`` does not have (compared casefolded):
    what a translation wrote of its own rather than kept from its source."""
    known = {word.casefold() for word in words(source)}
    return [word for word in words(hypothesis) if word.casefold() not in known]


def is_common(word: str) -> bool:
    """A lower-case dictionary-like word: what a translator would translate.

    Capitalised words and words with digits are names, product names and
    terms ("GNOME Shell", "Caps Lock", "FORMERR"), which translations keep.
    """
    return word.islower() and word.isalpha()


def without_source_names(text: str, source: str) -> str:
    """``language_text(text)`` without the names it carries over from ``source``.

    A Bulgarian "Чертеж — Corel Draw" is Bulgarian: "Corel Draw" is the
    source's name, kept as translators keep names, and says nothing about the
    translation's script. A text that also repeats a common word of the source
    ("данните PNM image data") is left whole: that is English left in.
    """
    source_words = words(source)
    names = {word for word in source_words if not is_common(word)}
    cleaned = language_text(text)
    common = {word for word in source_words if is_common(word)}
    if not names or common.intersection(w.casefold() for w in words(text)):
        return cleaned  # no names, or English around them: a partial translation
    return _without_words(cleaned, names)


def without_lone_source_words(text: str, source: str) -> str:
    """``language_text(text)`` without the source's words that stand alone in it.

    Assamese "এটা ধৰণ, keyid আৰু packageid ৰ প্ৰয়োজন" keeps the source's
    lower-case identifiers, each between words of its own; a partial translation
    leaves a run of the source's words (``broken_corpus.leave_english``: three or
    more in a row), whose every word has a copied neighbour and stays. A word
    written more often than the source has it is no identifier kept but a copied
    clause repeated ("mount 'eject' ... mount 'remount' ...", an appended sentence).
    """
    cleaned = language_text(text)
    known = Counter(word.casefold() for word in words(source))
    found = words(text)
    seen = Counter(word.casefold() for word in found)
    copied = [word.casefold() in known for word in found]
    lone = {
        word
        for at, word in enumerate(found)
        if copied[at]
        and seen[word.casefold()] <= known[word.casefold()]  # repeated: an addition's
        and not (at > 0 and copied[at - 1])
        and not (at + 1 < len(found) and copied[at + 1])
    }
    return _without_words(cleaned, lone) if lone else cleaned


def _without_words(cleaned: str, left_out: set[str]) -> str:
    """``cleaned`` without the words of ``left_out``; ``cleaned`` whole if none would stay."""
    kept = _WORD_RE.sub(lambda m: "" if m.group(0) in left_out else m.group(0), cleaned)
    return kept if kept.strip() else cleaned


def shared_count(a: Counter[str], b: Counter[str]) -> int:
    """Size of the multiset intersection of ``a`` and ``b``: ``(a & b).total()``.

    The smaller count of each shared key, summed by ``map`` in C: ``Counter``'s
    ``&`` builds a new ``Counter`` in a Python loop over every key.
    """
    common = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, common), map(b.__getitem__, common)))
