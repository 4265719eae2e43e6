"""A second language-ID opinion from CLD2 (``pycld2``), for the languages it knows.

lid.176 is a bag of character n-grams trained on Wikipedia and Tatoeba: on
short UI-like sentences full of names it often prefers English ("image disque
Dreamcast": English 0.46, French 0.29). CLD2 (Chromium's detector, a 10 MB
wheel, ~20,000 texts/s) is built on web text and scores whole quad-grams and
words; it gets those right and has its own weaknesses, so ``langid.decide_langid``
uses it as a second opinion, never alone. Texts CLD2 cannot judge (too short,
unknown language, invalid UTF-8) give no opinion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import pycld2

from babelshard.schemas.languages import AmbiguousLanguageError, find_language

# CLD2 codes that are not the ISO 639-1/3 code of one NLLB language.
_CODE_LANGUAGES: dict[str, frozenset[str]] = {
    "iw": frozenset({"heb_Hebr"}),
    "jw": frozenset({"jav_Latn"}),
    "zh": frozenset({"zho_Hans"}),
    "zh-Hant": frozenset({"zho_Hant", "yue_Hant"}),
    "ks": frozenset({"kas_Arab", "kas_Deva"}),
    # CLD2's KURDISH is the macrolanguage (ISO 639-1 "ku"): it names Sorani in Arabic
    # script as confidently as Kurmanji in Latin (99% for Sorani catalog sentences).
    "ku": frozenset({"kmr_Latn", "ckb_Arab"}),
}
# CLD2's ISO 639-1 codes that the registry knows by their ISO 639-3 code only.
_ISO639_3: dict[str, str] = {
    "ak": "aka",
    "ay": "ayr",
    "dz": "dzo",
    "fj": "fij",
    "fo": "fao",
    "ha": "hau",
    "ig": "ibo",
    "lg": "lug",
    "ln": "lin",
    "mi": "mri",
    "ny": "nya",
    "om": "gaz",
    "rn": "run",
    "rw": "kin",
    "sg": "sag",
    "sm": "smo",
    "sn": "sna",
    "ss": "ssw",
    "st": "sot",
    "ti": "tir",
    "tn": "tsn",
    "ts": "tso",
    "wo": "wol",
    "xh": "xho",
    "zu": "zul",
}


@dataclass(frozen=True)
class Cld2Opinion:
    """CLD2's top language for a text: NLLB codes, its share of the text, reliability."""

    languages: frozenset[str]
    percent: int
    reliable: bool


NO_OPINION = Cld2Opinion(frozenset(), 0, False)


@cache
def code_languages(code: str) -> frozenset[str]:
    """NLLB codes a CLD2 language code stands for (empty for languages NLLB lacks)."""
    if code in _CODE_LANGUAGES:
        return _CODE_LANGUAGES[code]
    try:
        language = find_language(_ISO639_3.get(code, code))
    except AmbiguousLanguageError:
        return frozenset()
    return frozenset({language.code}) if language else frozenset()


@cache
def known_languages() -> frozenset[str]:
    """Every NLLB language CLD2 can name."""
    detected = set(pycld2.DETECTED_LANGUAGES)
    return frozenset(
        code
        for name, cld2_code in pycld2.LANGUAGES
        if name in detected
        for code in code_languages(cld2_code)
    )


@lru_cache(maxsize=4096)
def opinion(text: str) -> Cld2Opinion:
    """CLD2's best-effort top language for ``text`` (``NO_OPINION`` when it has none).

    Cached (read-only): the language-ID decision, the missing-letters rule and
    the agreement rule each ask about the same cleaned hypothesis.
    """
    try:
        reliable, _, details = pycld2.detect(text, bestEffort=True)
    except (UnicodeError, pycld2.error):
        return NO_OPINION
    _name, code, percent, _score = details[0]
    if code == "un":
        return NO_OPINION
    return Cld2Opinion(code_languages(code), int(percent), bool(reliable))
