"""The policy: config validation, combining checks, batching, real catalogs."""

from __future__ import annotations

import gc
import random

import pytest
from gettext_catalogs import catalog_languages, sentence_pairs

from babelshard.filters import policy, reasons
from babelshard.filters.policy import FilterConfig, evaluate, evaluate_many
from babelshard.schemas.languages import UnknownLanguageError
from babelshard.schemas.records import TranslatedSegment


def test_config_is_validated_up_front() -> None:
    with pytest.raises(UnknownLanguageError):
        FilterConfig(lid_thresholds={"xxx_Latn": 0.3})
    with pytest.raises(ValueError, match="NLLB code"):
        FilterConfig(overrides={"de": {"lid_threshold": 0.3}})
    with pytest.raises(ValueError, match="unknown fields"):
        FilterConfig(overrides={"deu_Latn": {"lid_treshold": 0.3}})
    with pytest.raises(ValueError, match="within"):
        FilterConfig(lid_threshold=1.5)


def test_per_language_settings() -> None:
    config = FilterConfig(
        lid_thresholds={"deu_Latn": 0.9}, overrides={"zho_Hans": {"length_ratio_max": 5.0}}
    )
    assert config.for_language("deu_Latn").lid_threshold == 0.9
    assert config.for_language("zho_Hans").length_ratio_max == 5.0
    assert config.for_language("fra_Latn") is config
    assert FilterConfig().for_language("oci_Latn").lid_threshold < FilterConfig().lid_threshold


def test_real_translations_pass_the_policy(pairs) -> None:
    segments = [TranslatedSegment(en, tr, code) for code, ps in pairs.items() for en, tr in ps]
    verdicts = evaluate_many(segments)
    assert sum(v.accepted for v in verdicts) / len(verdicts) >= 0.95
    for verdict in verdicts:
        assert set(verdict.reasons) <= reasons.ALL_REASONS
        for key in ("lid_group_prob", "script_ratio", "length_ratio", "copy_similarity"):
            assert key in verdict.scores


def test_every_failure_is_reported(pairs) -> None:
    en, de = pairs["deu_Latn"][0]
    loop = de + " " + " ".join(de.split()[:2] * 8)
    verdict = evaluate(TranslatedSegment(en + " <image> 42", loop, "deu_Latn"))
    assert not verdict.accepted
    assert {reasons.REPEATED_NGRAM, reasons.PLACEHOLDER_MISMATCH, reasons.DIGITS_MISMATCH} <= set(
        verdict.reasons
    )
    copy = evaluate(TranslatedSegment(en, en, "deu_Latn"))
    assert {reasons.SOURCE_COPY, reasons.LID_SOURCE_LANGUAGE} <= set(copy.reasons)
    empty = evaluate(TranslatedSegment(en, " ", "deu_Latn"))
    assert empty.reasons == (reasons.EMPTY,)


def test_checks_can_be_switched_off(pairs) -> None:
    en, _ = pairs["deu_Latn"][0]
    copy = TranslatedSegment(en, en, "deu_Latn")
    lenient = FilterConfig(check_copy=False, check_langid=False, check_untranslated=False)
    verdict = evaluate(copy, lenient)
    assert verdict.accepted
    assert "lid_group_prob" not in verdict.scores and "copy_similarity" not in verdict.scores


def test_back_translation_is_scored_when_present_and_enabled(pairs) -> None:
    en, de = pairs["deu_Latn"][0]
    segment = TranslatedSegment(en, de, "deu_Latn", back_translation="Something else entirely")
    verdict = evaluate(segment)
    assert reasons.BACKTRANSLATION_LOW in verdict.reasons and "bt_chrf" in verdict.scores
    assert evaluate(segment, FilterConfig(backtranslation=False)).accepted


def test_evaluate_many_matches_evaluate(pairs) -> None:
    segments = [TranslatedSegment(en, tr, code) for code, ps in pairs.items() for en, tr in ps]
    segments += [TranslatedSegment(s.source, s.source, s.target_lang) for s in segments[:5]]
    segments += segments[:3]  # duplicates are predicted once, answered each time
    assert evaluate_many(segments) == [evaluate(s) for s in segments]
    assert evaluate_many([]) == []


def test_evaluate_many_pauses_the_collector_and_gives_the_callers_setting_back(
    pairs, monkeypatch
) -> None:
    """No cyclic collection during a batch (its passes over a big process cost ~8%);
    the caller's setting, on or off, holds again afterwards, also when a check fails."""
    segments = [TranslatedSegment(en, tr, code) for code, ps in pairs.items() for en, tr in ps]
    seen: list[bool] = []
    real_evaluate = policy.evaluate

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_evaluate(*args, **kwargs)

    monkeypatch.setattr(policy, "evaluate", recording)
    assert gc.isenabled()
    evaluate_many(segments[:2])
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        evaluate_many(segments[:1])
        assert not gc.isenabled()  # a caller's collector off stays off
    finally:
        gc.enable()

    def failing(*args, **kwargs):
        raise RuntimeError("a check's fault")

    monkeypatch.setattr(policy, "evaluate", failing)
    with pytest.raises(RuntimeError):
        evaluate_many(segments[:1])
    assert gc.isenabled()


@pytest.mark.parametrize("code", ["deu_Latn", "hrv_Latn", "glg_Latn", "zsm_Latn", "tha_Thai"])
def test_system_gettext_catalogs(code: str) -> None:
    """The same on this machine's catalogs, where present (bench/quality.py does all of them)."""
    if code not in catalog_languages():
        pytest.skip(f"no gettext catalogs for {code} on this machine")
    pairs = sentence_pairs(code, min_words=6)
    if len(pairs) < 30:
        pytest.skip(f"only {len(pairs)} sentence-length messages for {code}")
    sample = random.Random(0).sample(sorted(pairs), min(60, len(pairs)))
    real = evaluate_many([TranslatedSegment(en, tr, code) for en, tr in sample])
    assert sum(v.accepted for v in real) / len(real) >= 0.9
    copies = evaluate_many([TranslatedSegment(en, en, code) for en, _ in sample])
    assert not any(v.accepted for v in copies)
