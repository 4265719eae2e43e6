"""Which writing system a text is in, from ``unicodedata`` alone.

A translation into Hindi must be mostly Devanagari whatever a LID model says,
and that check also covers languages that no LID model knows. Unicode
character names start with their script ("DEVANAGARI LETTER KA", "CJK UNIFIED
IDEOGRAPH-4E00"), so a small table from ISO 15924 codes (the registry's
``script`` field, the suffix of NLLB codes) to those name prefixes is enough;
no extra dependency.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from babelshard.filters import reasons
from babelshard.filters.text import (
    language_text,
    new_words,
    without_lone_source_words,
    without_source_names,
)
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

# ISO 15924 code -> first words of the Unicode names of its letters.
SCRIPT_NAME_PREFIXES: dict[str, frozenset[str]] = {
    "Arab": frozenset({"ARABIC"}),
    "Armn": frozenset({"ARMENIAN"}),
    "Beng": frozenset({"BENGALI"}),
    "Cans": frozenset({"CANADIAN"}),
    "Cher": frozenset({"CHEROKEE"}),
    "Cyrl": frozenset({"CYRILLIC"}),
    "Deva": frozenset({"DEVANAGARI"}),
    "Ethi": frozenset({"ETHIOPIC"}),
    "Geor": frozenset({"GEORGIAN"}),
    "Grek": frozenset({"GREEK"}),
    "Gujr": frozenset({"GUJARATI"}),
    "Guru": frozenset({"GURMUKHI"}),
    "Hang": frozenset({"HANGUL", "CJK"}),
    "Kore": frozenset({"HANGUL", "CJK"}),
    "Hani": frozenset({"CJK"}),
    "Hans": frozenset({"CJK"}),
    "Hant": frozenset({"CJK"}),
    "Hebr": frozenset({"HEBREW"}),
    "Jpan": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "Khmr": frozenset({"KHMER"}),
    "Knda": frozenset({"KANNADA"}),
    "Laoo": frozenset({"LAO"}),
    "Latn": frozenset({"LATIN"}),
    "Mlym": frozenset({"MALAYALAM"}),
    "Mtei": frozenset({"MEETEI"}),
    "Mymr": frozenset({"MYANMAR"}),
    "Nkoo": frozenset({"NKO"}),
    "Olck": frozenset({"OL"}),
    "Orya": frozenset({"ORIYA"}),
    "Sinh": frozenset({"SINHALA"}),
    "Syrc": frozenset({"SYRIAC"}),
    "Taml": frozenset({"TAMIL"}),
    "Telu": frozenset({"TELUGU"}),
    "Tfng": frozenset({"TIFINAGH"}),
    "Thaa": frozenset({"THAANA"}),
    "Thai": frozenset({"THAI"}),
    "Tibt": frozenset({"TIBETAN"}),
}

# Scripts whose characters carry much more text than a Latin letter; used by the
# length-ratio heuristic (a Chinese caption has ~1/3 the characters of the English).
CHARS_PER_LATIN_CHAR: dict[str, float] = {
    "Hans": 0.3,
    "Hant": 0.3,
    "Hani": 0.3,
    "Jpan": 0.45,
    "Hang": 0.5,
    "Kore": 0.5,
}

_KNOWN_WORDS = {p for prefixes in SCRIPT_NAME_PREFIXES.values() for p in prefixes}


@lru_cache(maxsize=65536)
def char_script_word(char: str) -> str | None:
    """The script word of a letter ("LATIN", "CJK" …), or None for non-letters.

    Modifier letters (ʻ, ˈ) and letters of scripts outside the table are
    ``"OTHER"``: they count as letters but match no target script.
    """
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    if word in ("FULLWIDTH", "HALFWIDTH"):
        # NFKC would map these; keep the per-char path cheap instead.
        word = unicodedata.name(unicodedata.normalize("NFKC", char)[0], "").split(" ", 1)[0]
    return word if word in _KNOWN_WORDS else "OTHER"


# char_script_word without a call per character: a dict lookup makes letter_scripts
# ~10% faster than calling the lru_cache (measured on the quality corpus's
# hypotheses). Bounded like that cache; characters past the bound go through the call.
_SCRIPT_WORDS: dict[str, str | None] = {}
_SCRIPT_WORDS_MAX = 65536


# ASCII's characters that are no letter: deleted, what is left of an ASCII text is its letters.
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def letter_scripts(text: str) -> Counter[str]:
    """Count the letters of ``text`` per script word.

    An ASCII text's letters are all Latin ([A-Za-z]), counted in C (a third of the
    quality corpus's hypotheses); otherwise characters are counted first (in C), then
    each distinct one is looked up once.
    """
    counts: Counter[str] = Counter()
    if text.isascii():
        letters = len(text.encode("ascii").translate(None, _ASCII_NON_LETTERS))
        if letters:
            counts["LATIN"] = letters
        return counts
    known = _SCRIPT_WORDS
    for char, count in Counter(text).items():
        if char in known:
            word = known[char]
        else:
            word = char_script_word(char)
            if len(known) < _SCRIPT_WORDS_MAX:
                known[char] = word
        if word is not None:
            counts[word] += count
    return counts


def script_ratio(text: str, script: str) -> tuple[float, int]:
    """Content-weighted share of the letters of ``text`` in ``script``, and the letter count.

    A text without letters (numbers, punctuation) has nothing to judge and
    returns ratio 1.0 with count 0. An unknown script code raises ``KeyError``
    so a typo in the registry cannot silently pass every text.
    """
    prefixes = SCRIPT_NAME_PREFIXES[script]
    counts = letter_scripts(text)
    total = sum(counts.values())
    if total == 0:
        return 1.0, 0
    # One Chinese character carries what ~3 Latin letters do: weigh letters by content,
    # so that "DNSSEC を設定するには" counts as mostly Japanese.
    inside = sum(counts[p] for p in prefixes) / CHARS_PER_LATIN_CHAR.get(script, 1.0)
    return inside / (inside + total - sum(counts[p] for p in prefixes)), total


def letter_count(text: str) -> int:
    """Number of letters in ``text`` (Unicode category L*)."""
    return letter_scripts(text).total()


def check_script(segment: TranslatedSegment, script: str, min_ratio: float = 0.5) -> Verdict:
    """Reject a hypothesis whose letters are mostly not in the target's script.

    Product names in Latin letters are common in real translations, so the bar
    is a share (``min_ratio``), not all letters; URLs, placeholders and
    identifiers are left out first (``text.language_text``), and a text below
    the bar is judged again without the names it keeps from the source
    (``text.without_source_names``: "Чертеж — Corel Draw"). This check works
    for every language, including those no LID model knows.

    The reverse holds too: a text whose target-script letters are all the
    source's names and whose own words are in another script ("Haskell 源代码"
    for Faroese) is another language (``own_words_script``, reason
    ``own_words_script``).
    """
    text = language_text(segment.hypothesis)
    ratio, letters = script_ratio(text, script)
    # Judged again without the names kept from the source, then without the source's
    # words that stand alone (identifiers), each left out of the whole hypothesis.
    for leave_out in (without_source_names, without_lone_source_words):
        if ratio >= min_ratio:
            break
        kept = leave_out(segment.hypothesis, segment.source)
        if kept != text:  # nothing left out: the same text, the same ratio
            ratio = script_ratio(kept, script)[0]
    accepted = ratio >= min_ratio
    scores = {"script_ratio": ratio, "script_letters": float(letters), "own_words_script": 1.0}
    # Some letters are in another script: whose words are they? Only a source of the
    # target's script can lend it names (a non-Latin target's own words hold all its letters).
    if accepted and ratio < 1.0 and script_of(segment.source_lang) == script:
        own, own_letters = own_words_script(segment.source, segment.hypothesis, script)
        scores["own_words_script"] = own
        if own_letters >= MIN_OWN_LETTERS and own < min_ratio:
            return Verdict(accepted=False, scores=scores, reasons=(reasons.OWN_WORDS_SCRIPT,))
    return Verdict(
        accepted=accepted,
        scores=scores,
        reasons=() if accepted else (reasons.SCRIPT_MISMATCH,),
    )


@lru_cache(maxsize=512)
def script_of(code: str) -> str:
    """ISO 15924 script of an NLLB code, from the registry."""
    return get_language(code).script


# Fewer letters of its own than this and a translation's own words say nothing of its script.
MIN_OWN_LETTERS = 2


def own_words_script(source: str, hypothesis: str, script: str) -> tuple[float, int]:
    """``script_ratio`` of the words of ``hypothesis`` that ``source`` does not have."""
    return script_ratio(" ".join(new_words(source, hypothesis)), script)
