"""Back-translation chrF++ and mBLIP's short-answer rule."""

from __future__ import annotations

import dataclasses

import pytest
from sacrebleu.metrics import CHRF

from babelshard.filters import reasons
from babelshard.filters.backtranslation import (
    DEFAULT_CHRF_THRESHOLD,
    check_backtranslation,
    chrf_pp,
    reordered,
    short_answer_matches,
)
from babelshard.schemas.records import TranslatedSegment

SOURCE = "A brown dog is running across a green field with a ball."


def bt(back_translation: str | None) -> TranslatedSegment:
    return TranslatedSegment(SOURCE, "Ein brauner Hund …", "deu_Latn", back_translation)


def test_chrf_pp_is_sacrebleu_word_order_2() -> None:
    hyp = "A brown dog runs over a green meadow with a ball."
    expected = CHRF(word_order=2).sentence_score(hyp, [SOURCE]).score
    assert chrf_pp(hyp, SOURCE) == expected
    assert chrf_pp(SOURCE, SOURCE) == 100.0


def test_chrf_pp_matches_sacrebleu_on_real_text(pairs) -> None:
    """The fast implementation agrees with sacrebleu on real sentences in many scripts."""
    metric = CHRF(word_order=2)
    texts = [text for ps in pairs.values() for pair in ps[:2] for text in pair]
    texts += ["", "a", "(hi) there!", "x" * 7]
    for hyp, ref in zip(texts, texts[3:] + texts[:3], strict=True):
        assert chrf_pp(hyp, ref) == pytest.approx(metric.sentence_score(hyp, [ref]).score)


def test_faithful_round_trip_passes_and_unrelated_fails() -> None:
    good = check_backtranslation(bt("A brown dog runs across a green field with a ball."))
    assert good.accepted and good.scores["bt_chrf"] > 60
    bad = check_backtranslation(bt("The weather report predicts rain for tomorrow."))
    assert bad.reasons == (reasons.BACKTRANSLATION_LOW,)
    assert bad.scores["bt_chrf"] < DEFAULT_CHRF_THRESHOLD


def test_threshold_is_configurable() -> None:
    segment = bt("A dog is running with a ball.")
    score = check_backtranslation(segment).scores["bt_chrf"]
    assert check_backtranslation(segment, threshold=score).accepted
    assert not check_backtranslation(segment, threshold=score + 0.1).accepted


def test_a_short_source_is_scored_not_judged() -> None:
    """A label of fewer than four words reworded by its round trip (two English messages
    the catalogs translate alike) is kept, with its score; four words are judged."""
    label = TranslatedSegment(
        "Show all apps", "Alle Anwendungen anzeigen", "deu_Latn", "View All Applications"
    )
    verdict = check_backtranslation(label)
    assert verdict.accepted and verdict.scores["bt_chrf"] < DEFAULT_CHRF_THRESHOLD
    four = dataclasses.replace(label, source="Show all the apps")
    assert check_backtranslation(four).reasons == (reasons.BACKTRANSLATION_LOW,)


def test_missing_back_translation_is_not_scored() -> None:
    verdict = check_backtranslation(bt(None))
    assert verdict.accepted and "bt_chrf" not in verdict.scores


def test_short_answer_rule() -> None:
    assert short_answer_matches("Yes", "yes.")
    assert short_answer_matches("two dogs", "  Two   dogs! ")
    assert short_answer_matches("New York", "new-york")  # punctuation reads as a space
    assert not short_answer_matches("red", "blue")
    assert short_answer_matches("Straße", "STRASSE")  # casefold


def test_a_reordered_round_trip_is_not_rejected_by_chrf() -> None:
    """A round trip with every content word of its source and none of its own (a human
    round trip, calibration half) scores under the threshold on chrF++'s cross-word
    n-grams and bigrams, and is kept; one that lost a word at that score is not."""
    source = "The length of vertical scroll arrows"
    segment = TranslatedSegment(
        source, "Даўжыня вертыкальнай стрэлкі пракруткі", "bel_Cyrl", "Vertical Scroll Arrow Length"
    )
    verdict = check_backtranslation(segment)
    assert verdict.accepted and verdict.scores["bt_chrf"] < DEFAULT_CHRF_THRESHOLD
    assert reordered(source, "Vertical Scroll Arrow Length")
    lost = dataclasses.replace(segment, back_translation="Vertical Scroll Length")
    assert not reordered(source, "Vertical Scroll Length")
    assert not check_backtranslation(lost).accepted
    # A source without content words has nothing to reorder: chrF++ judges it.
    assert not reordered("Do it now or not at all", "All of these are wrong")
