"""A language's own letters overrule a language-ID reject that names a language without them.

lid.176 and CLD2 read short real translations in some languages as a bigger
neighbour: Kyrgyz as Russian, Esperanto keyboard and file-type names as English
or Spanish, Occitan as Catalan or Spanish ("Color de solinhament de las
errors"), Latin-script Uzbek as English or Lithuanian. Each of these targets
writes letters or digraphs ("marks") that some of those neighbours never do:
Kyrgyz ө ү ң and its long уу (Russian, Ukrainian, Bulgarian have none),
Esperanto ĉ ĝ ĥ ĵ ŝ ŭ and Uzbek oʻ gʻ (no other catalog language), Occitan lh
(Catalan, French, Spanish, Italian write ll, ny, gli) and è ò (Spanish and
Portuguese do not). Where the language-ID decision is the only reject and every
language lid.176 and CLD2 put on top is refuted by a mark found in a word of
the hypothesis that is no name (``alphabets.is_name``) and not in the source,
the text is the target's language after all.

``lid_calibration.RESCUE_MARKS`` lists, per mark, the languages it refutes: those
whose calibration-half real text (at least ``RESCUE_MIN_TEXTS`` messages; English
from the catalogs' own English) writes it in at most ``RESCUE_MAX_SHARE`` of
their texts (``bench/quality.py --calibrate`` prints it). A language without
enough real text to measure (Tatar, Cebuano, Mongolian for Kyrgyz) is never
refuted. The alphabet check (a letter the target never writes: Kazakh ә қ in
"Kyrgyz") runs first and its rejects are never overruled. Measured on the
calibration half only (``docs/filters.md``); the score ``lid_letter_rescue`` is
1 where the rescue kept the text.
"""

from __future__ import annotations

from babelshard.filters import cld2
from babelshard.filters.alphabets import is_name
from babelshard.filters.langid import LidResult
from babelshard.filters.lid_calibration import RESCUE_MARKS
from babelshard.filters.text import language_text, words
from babelshard.schemas.records import TranslatedSegment, Verdict

# bench/quality.py --calibrate: a language is refuted by a mark where at least this
# many of its calibration-half messages exist and at most this share of them write it.
RESCUE_MIN_TEXTS = 1000
RESCUE_MAX_SHARE = 0.001


def marks_in(text: str, marks: list[str], source: str = "") -> set[str]:
    """Which of ``marks`` ``text`` writes in a word that is no name and not in ``source``."""
    known = {word.casefold() for word in words(source)}
    own = [
        folded
        for word in words(text)
        if not is_name(word) and (folded := word.casefold()) not in known
    ]
    return {mark for mark in marks if any(mark in word for word in own)}


def refuted(segment: TranslatedSegment) -> frozenset[str]:
    """The languages the hypothesis' marks refute (empty for a language without marks)."""
    table = RESCUE_MARKS.get(segment.target_lang)
    if not table:
        return frozenset()
    found = marks_in(segment.hypothesis, list(table), segment.source)
    return frozenset(code for mark in found for code in table[mark].split())


def rescue(segment: TranslatedSegment, verdict: Verdict, result: LidResult) -> Verdict:
    """``verdict`` (a lone language-ID reject), accepted when the target's marks refute it.

    A language without ``RESCUE_MARKS`` keeps its verdict unchanged, without the score.
    """
    if segment.target_lang not in RESCUE_MARKS:
        return verdict
    second = cld2.opinion(language_text(segment.hypothesis))
    named = (result.top_languages | second.languages) - {segment.target_lang}
    kept = bool(named) and named <= refuted(segment)
    scores = verdict.scores | {"lid_letter_rescue": float(kept)}
    if kept:
        return Verdict(accepted=True, scores=scores, reasons=())
    return Verdict(accepted=False, scores=scores, reasons=verdict.reasons)
