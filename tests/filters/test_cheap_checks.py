"""Cheap checks first: the policy cut into the checks that need no back-translation and
the ones that read it gives the same verdicts as the whole policy (``split_checks``)."""

from __future__ import annotations

import pytest
from broken_corpus import cases

from babelshard.filters.policy import FilterConfig, evaluate, split_checks
from babelshard.schemas.records import Verdict

LANGS = ("deu_Latn", "rus_Cyrl", "zho_Hans", "hin_Deva", "spa_Latn", "srp_Cyrl")


def every_case(pairs):
    for code in LANGS:
        others = {c: dict(p) for c, p in pairs.items() if c != code}
        yield from cases(code, pairs[code], others)


@pytest.mark.parametrize(
    "config",
    [
        FilterConfig(),
        FilterConfig(backtranslation=False),
        FilterConfig(overrides={"zho_Hans": {"check_coverage": False, "check_script": False}}),
    ],
    ids=["default", "no-back-translation", "per-language"],
)
def test_cheap_then_round_trip_equals_the_whole_policy(pairs, lid, config) -> None:
    cheap, round_trip = split_checks(config)
    seen = {"passed": 0, "failed": 0}
    for case in every_case(pairs):
        segment = case.segment
        whole = evaluate(segment, config, lid)
        first = evaluate(segment, cheap, lid)
        if first.accepted:
            seen["passed"] += 1
            combined = Verdict.combine([first, evaluate(segment, round_trip, lid)])
            assert combined == whole, (case.kind, segment)
        else:
            # Rejected without a back-translation, for the reason the whole policy gives first.
            seen["failed"] += 1
            assert not whole.accepted
            assert first.reasons[0] == whole.reasons[0], (case.kind, segment)
            assert set(first.reasons) <= set(whole.reasons)
    assert seen["passed"] > 50 and seen["failed"] > 50  # both paths were exercised


def test_the_round_trip_part_runs_only_the_checks_that_read_the_back_translation() -> None:
    cheap, round_trip = split_checks(FilterConfig(overrides={"deu_Latn": {"check_langid": True}}))
    assert not cheap.check_coverage and not cheap.backtranslation and cheap.check_langid
    assert round_trip.check_coverage and round_trip.backtranslation
    german = round_trip.for_language("deu_Latn")
    assert not german.check_langid and not german.check_empty and not german.check_copy
