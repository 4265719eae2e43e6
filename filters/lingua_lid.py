"""A third language-ID opinion from lingua, for languages lid.176 does not know.

lid.176 has no Xhosa, Luganda or Maori, and CLD2 names a random other language
for too much of their real text to veto (``lid_calibration``), so another
language of the same script in their place passed both. lingua
(``lingua-language-detector``, Apache-2.0, a 96 MB wheel of n-gram models for 75
languages) knows them. It is slow next to the other two (about 0.7 ms a text in
its low-accuracy mode, which keeps 150 MB of models in memory instead of 1.3 GB),
so it is asked only for the target languages ``lid_calibration.LINGUA_CONFIRM``
lists, each with the languages it may be read as (Xhosa as Zulu) and the
confidence floor below which the text is another language; both fitted on the
calibration half of the gettext catalogs (``bench/quality.py --calibrate``).
The detector is built on first use: a job with no such target never loads it.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache, lru_cache

from babelshard.filters import reasons
from babelshard.filters.text import language_text
from babelshard.schemas.records import TranslatedSegment, Verdict


@cache
def detector():  # -> lingua.LanguageDetector (imported lazily: most jobs never need it)
    """lingua over all its languages, low-accuracy mode, models loaded as texts need them."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def iso_code(language) -> str:
    """lingua's ISO 639-3 code of one of its ``Language`` values, lower case ("xho")."""
    return language.iso_code_639_3.name.lower()


@cache
def _codes():  # -> dict[lingua.Language, str]
    """ISO 639-3 code of each of lingua's languages, looked up once (3 calls each)."""
    from lingua import Language

    return {language: iso_code(language) for language in Language.all()}


def confidences(text: str) -> dict[str, float]:
    """lingua's confidence per ISO 639-3 code for the linguistic part of ``text``."""
    values = detector().compute_language_confidence_values(language_text(text))
    codes = _codes()
    return {codes[value.language]: value.value for value in values}


def group_confidence(found: dict[str, float], allowed: Collection[str]) -> float:
    """The confidence ``found`` (:func:`confidences`) gives the languages ``allowed``, rounded.

    lingua sums in threads, so the last bits vary from call to call: rounded, the
    score (and the verdict) is the same for the same text every time.
    """
    return round(sum(p for code, p in found.items() if code in allowed), 6)


@lru_cache(maxsize=4096)
def allowed_confidence(text: str, allowed: frozenset[str]) -> float:
    """lingua's confidence that ``text`` is one of the languages ``allowed``, rounded.

    Cached: a text asked again (a repeated answer or caption) skips lingua's ~0.7 ms.
    """
    return group_confidence(confidences(text), allowed)


def known_codes() -> frozenset[str]:
    """The ISO 639-3 codes lingua knows."""
    return frozenset(_codes().values())


def check_lingua(segment: TranslatedSegment, allowed: frozenset[str], floor: float) -> Verdict:
    """Reject a hypothesis lingua gives less than ``floor`` of confidence for ``allowed``.

    ``allowed`` holds the ISO 639-3 codes of the target and the languages its
    real text is read as (``lid_calibration.LINGUA_CONFIRM``).
    """
    confidence = allowed_confidence(segment.hypothesis, allowed)
    accepted = confidence >= floor
    return Verdict(
        accepted=accepted,
        scores={"lid3_target_conf": confidence},
        reasons=() if accepted else (reasons.LID_WRONG_LANGUAGE,),
    )
