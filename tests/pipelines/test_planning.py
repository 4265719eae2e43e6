"""Language planning: deterministic, honours the mix, refuses impossible plans."""

from __future__ import annotations

from collections import Counter

import pytest

from babelshard.pipelines.planning import PlanError, make_plan, read_weights

KEYS = [f"coco-{i:06d}" for i in range(4000)]
LANGS = ["eng_Latn", "deu_Latn", "swh_Latn", "arb_Arab", "zho_Hans"]


def test_uniform_is_deterministic_and_keeps_the_english_share():
    plan = make_plan("uniform", LANGS, english_share=0.5, seed=7)
    first = [plan.targets(key) for key in KEYS]
    assert first == [plan.targets(key) for key in KEYS]
    counts = Counter(targets[0] for targets in first)
    assert all(len(targets) == 1 for targets in first)
    assert 0.46 < counts["eng_Latn"] / len(KEYS) < 0.54
    for lang in LANGS[1:]:  # the rest spread evenly: 12.5% each
        assert 0.10 < counts[lang] / len(KEYS) < 0.15


def test_seed_changes_the_assignment_but_not_the_proportions():
    a = make_plan("uniform", LANGS, seed=1)
    b = make_plan("uniform", LANGS, seed=2)
    assert [a.targets(k) for k in KEYS[:200]] != [b.targets(k) for k in KEYS[:200]]


def test_all_mix_sends_every_sample_everywhere():
    plan = make_plan("all", LANGS[1:3])
    assert plan.targets("x") == ["deu_Latn", "swh_Latn"]


def test_weights_mix(tmp_path):
    weights = tmp_path / "w.txt"
    weights.write_text("# mC4-like\nde 3\nsw 1\neng_Latn 0\n")
    assert read_weights(weights) == {"deu_Latn": 3.0, "swh_Latn": 1.0, "eng_Latn": 0.0}
    plan = make_plan("weights", LANGS, weights_file=str(weights))
    counts = Counter(plan.targets(key)[0] for key in KEYS)
    assert set(counts) == {"deu_Latn", "swh_Latn"}
    assert 2.6 < counts["deu_Latn"] / counts["swh_Latn"] < 3.4


@pytest.mark.parametrize(
    ("mix", "langs", "kwargs", "message"),
    [
        ("random", LANGS, {}, "unknown --mix"),
        ("uniform", [], {}, "no target languages"),
        ("uniform", ["eng_Latn"], {}, "no language besides English"),
        ("uniform", LANGS, {"english_share": 1.5}, "within"),
        ("weights", LANGS, {}, "--weights FILE"),
    ],
)
def test_impossible_plans_fail_early(mix, langs, kwargs, message):
    with pytest.raises(PlanError, match=message):
        make_plan(mix, langs, **kwargs)


def test_weights_outside_langs_are_refused(tmp_path):
    weights = tmp_path / "w.txt"
    weights.write_text("fr 1\n")
    with pytest.raises(PlanError, match="outside --langs"):
        make_plan("weights", ["deu_Latn"], weights_file=str(weights))
