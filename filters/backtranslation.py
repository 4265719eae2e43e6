"""Round-trip checks: does the back-translation still say what the English said?

chrF++ (character n-grams plus word unigrams and bigrams) is robust to the
inflection and word-order changes a round trip introduces, which is why
translation-data pipelines score back-translations with it rather than BLEU.
"""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache

from sacrebleu.metrics import CHRF

from babelshard.filters import reasons
from babelshard.schemas.records import TranslatedSegment, Verdict

DEFAULT_CHRF_THRESHOLD = 30.0
"""chrF++ below this (0-100) means the round trip lost the meaning; a faithful
sentence-level round trip typically scores 50-80, an unrelated sentence < 20."""


@lru_cache(maxsize=1)
def _chrf() -> CHRF:
    return CHRF(word_order=2)


def chrf_pp(hypothesis: str, reference: str) -> float:
    """Sentence-level chrF++ (sacrebleu ``CHRF(word_order=2)``), 0-100."""
    return _chrf().sentence_score(hypothesis, [reference]).score


def check_backtranslation(
    segment: TranslatedSegment, threshold: float = DEFAULT_CHRF_THRESHOLD
) -> Verdict:
    """Score the back-translation against the source; reject below ``threshold``.

    Without a back-translation there is nothing to score: the verdict accepts
    and carries no ``bt_chrf`` score, so the output shows the check did not run.
    """
    if segment.back_translation is None:
        return Verdict(accepted=True)
    score = chrf_pp(segment.back_translation, segment.source)
    accepted = score >= threshold
    return Verdict(
        accepted=accepted,
        scores={"bt_chrf": score},
        reasons=() if accepted else (reasons.BACKTRANSLATION_LOW,),
    )


def normalise_answer(text: str) -> str:
    """Casefold, NFKC, punctuation removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = [
        " " if unicodedata.category(ch).startswith("P") or ch in string.punctuation else ch
        for ch in text
    ]
    return " ".join("".join(kept).split())


def short_answer_matches(english_answer: str, back_translation: str) -> bool:
    """mBLIP's rule for VQA short answers: keep the translation only on an exact round trip.

    Comparison ignores case, punctuation and whitespace ("Yes." == "yes").
    """
    return normalise_answer(english_answer) == normalise_answer(back_translation)
