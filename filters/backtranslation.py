"""Round-trip checks: does the back-translation still say what the English said?

chrF++ (character n-grams plus word unigrams and bigrams) is robust to the
inflection and word-order changes a round trip introduces, which is why
translation-data pipelines score back-translations with it rather than BLEU.
"""

from __future__ import annotations

import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from operator import add

from sacrebleu.metrics import CHRF

from babelshard.filters import reasons
from babelshard.filters.coverage import coverage, nothing_in_common
from babelshard.filters.text import shared_count
from babelshard.schemas.records import TranslatedSegment, Verdict

DEFAULT_CHRF_THRESHOLD = 30.0
"""chrF++ below this (0-100) means the round trip lost the meaning; a faithful
sentence-level round trip typically scores 50-80, an unrelated sentence < 20."""


CHRF_MIN_SOURCE_WORDS = 4
"""Sources of fewer words are scored, not judged, by chrF++: one word of a two- or
three-word label worded another way ("View All Applications" for "Show all apps")
puts a faithful round trip under the threshold. Such sources are judged by the
coverage views (``coverage``), which have their own rules for few content words.
Calibration half of the quality benchmark, human round trips: kept 88.0 -> 89.5%,
every broken count unchanged (docs/filters.md). Except a round trip that has nothing
in common with its short source (``coverage.nothing_in_common``): a fluent translation
of another message, which the coverage views let through at a normal length
(calibration half: translations of another message rejected 97.3 -> 99.85%, every
genuine count unchanged)."""


def reordered(source: str, back_translation: str) -> bool:
    """Whether the round trip gives back every content word of the source and none of
    its own (``coverage.coverage``): a reordering ("Vertical Scroll Arrow Length" for
    "The length of vertical scroll arrows"), which chrF++'s character n-grams across
    word boundaries and its word bigrams score low, but which says all of the source.

    Such a round trip is not rejected by chrF++. Calibration half of the quality
    benchmark, human round trips: kept 92.2 -> 92.7%, every broken count unchanged
    (docs/filters.md).
    """
    met = coverage(source, back_translation)
    return met.words > 0 and not (met.lost or met.extra)


_PUNCTUATION = frozenset(CHRF._PUNCTS)
_CHAR_ORDER, _WORD_ORDER, _BETA = 6, 2, 2


def _words(text: str) -> list[str]:
    """Words with one leading or trailing punctuation mark split off (sacrebleu's rule)."""
    words: list[str] = []
    for w in text.split():
        if len(w) > 1 and w[-1] in _PUNCTUATION:
            words += [w[:-1], w[-1]]
        elif len(w) > 1 and w[0] in _PUNCTUATION:
            words += [w[0], w[1:]]
        else:
            words.append(w)
    return words


def _ngram_lists(text: str) -> list[Sequence[str]]:
    """Character 1-6-grams (spaces removed), then word 1-2-grams, in text order.

    Each n-gram is the (n-1)-gram at its position plus the next character,
    added by ``map`` over the text shifted by n-1, so the loop runs in C (one
    concatenation per n-gram costs less than joining n characters); ``map``
    stops at the shorter side, so each list holds exactly the n-grams that fit.
    """
    chars = "".join(text.split())
    grams: Sequence[str] = chars
    lists = [grams]
    for shift in range(1, _CHAR_ORDER):
        grams = list(map(add, grams, chars[shift:]))
        lists.append(grams)
    words = _words(text)
    lists.append(words)
    lists.append(list(map(" ".join, pairwise(words))))
    return lists


@lru_cache(maxsize=4096)
def _ngram_counts(text: str) -> list[tuple[Counter[str], int]]:
    """Each of ``_ngram_lists``' orders counted, with its total (the reference side).

    Cached (read-only use): a job back-translates the same English source into
    every target language, so the reference side repeats.
    """
    return [(Counter(grams), len(grams)) for grams in _ngram_lists(text)]


def ngram_matches(hypothesis: str, reference: str) -> list[tuple[int, int, int]]:
    """Per n-gram order of chrF++: (shared n-grams, each counted as often as the side
    with fewer has it; the hypothesis's n-grams; the reference's n-grams).

    The hypothesis (a back-translation, new every time) is counted only where
    both sides repeat an n-gram of the order: where either side has each of its
    n-grams once, the smaller count of every shared one is 1 and the match is
    the size of the intersection of the hypothesis's set with the reference's
    keys (most orders of most texts; a set is cheaper to build than a Counter).
    """
    matches = []
    for grams, (ref, n_ref) in zip(_ngram_lists(hypothesis), _ngram_counts(reference), strict=True):
        distinct = set(grams)
        if len(distinct) == len(grams) or len(ref) == n_ref:
            match = len(ref.keys() & distinct)
        else:
            match = shared_count(Counter(grams), ref)
        matches.append((match, len(grams), n_ref))
    return matches


def chrf_pp(hypothesis: str, reference: str) -> float:
    """Sentence-level chrF++ (equal to sacrebleu ``CHRF(word_order=2)``), 0-100.

    Computed here with plain ``Counter``s: sacrebleu's ``sentence_score`` spends
    most of its time in corpus-level bookkeeping, 4x the cost of the n-grams
    themselves; ``tests/filters/test_backtranslation.py`` checks both agree.
    """
    if hypothesis == reference:  # every n-gram matches: precision = recall = 1.0 exactly
        return 100.0 if hypothesis.split() else 0.0  # nothing but spaces: no n-gram at all
    factor = _BETA**2
    precision_sum = recall_sum = 0.0
    effective = 0
    for match, n_hyp, n_ref in ngram_matches(hypothesis, reference):
        if not (n_hyp and n_ref):
            continue
        precision_sum += match / n_hyp
        recall_sum += match / n_ref
        effective += 1
    if not effective:
        return 0.0
    precision, recall = precision_sum / effective, recall_sum / effective
    if not precision + recall:
        return 0.0
    return 100 * (1 + factor) * precision * recall / (factor * precision + recall)


def check_backtranslation(
    segment: TranslatedSegment, threshold: float = DEFAULT_CHRF_THRESHOLD
) -> Verdict:
    """Score the back-translation against the source; reject below ``threshold`` where
    the source has ``CHRF_MIN_SOURCE_WORDS`` words or more and the round trip is not a
    reordering of it (``reordered``), or where the source is shorter and the round
    trip has nothing in common with it (``coverage.nothing_in_common``).

    Without a back-translation there is nothing to score: the verdict accepts
    and carries no ``bt_chrf`` score, so the output shows the check did not run.
    """
    if segment.back_translation is None:
        return Verdict(accepted=True)
    score = chrf_pp(segment.back_translation, segment.source)
    if len(segment.source.split()) < CHRF_MIN_SOURCE_WORDS:
        # A short source's round trip is judged only when it has nothing in common with it.
        accepted = score >= threshold or not nothing_in_common(
            segment.source, segment.back_translation
        )
    else:
        accepted = score >= threshold or reordered(segment.source, segment.back_translation)
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
