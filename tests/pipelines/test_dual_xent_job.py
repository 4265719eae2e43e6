"""Dual conditional cross-entropy in the translate job: the model that translates scores
every pair in both directions, the score lands in every sample's JSON next to chrF, and
gates only when asked to.

The tiny random model's translations are noise that every filter rejects, so the
filters are switched off here (``permissive``) to let samples through.
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
from pathlib import Path

import pytest
import yaml
from human_table import HUMAN

from babelshard.filters import reasons
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import ConfigError, RunConfig

XENT = ("xent_forward", "xent_backward", "dual_xent")


@pytest.fixture
def permissive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check off (the dual cross-entropy gate stays as the options set it)."""
    original = RunConfig.filter_config

    def no_checks(self: RunConfig):
        config = original(self)
        switches = [f.name for f in dataclasses.fields(config) if f.name.startswith("check_")]
        return dataclasses.replace(config, backtranslation=False, **dict.fromkeys(switches, False))

    monkeypatch.setattr(RunConfig, "filter_config", no_checks)


@pytest.fixture(scope="module")
def captions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [
        "A dog runs across the green field.",
        "Two people sit on a bench near the river.",
        "A red bus stops at the corner of the street.",
        "The child holds a kite in the wind.",
    ]
    corpus = tmp_path_factory.mktemp("captions") / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"c{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    return corpus


def job(corpus: Path, output: Path, model: str, **overrides) -> RunConfig:
    values = {
        "input": str(corpus),
        "format": "jsonl",
        "output": str(output),
        "langs": "deu_Latn",
        "english_share": 0.0,
        "model": model,
        "device": "cpu",
        "beam_size": 1,
    }
    return RunConfig(**{**values, **overrides})


def shard_docs(output: Path) -> list[dict]:
    import tarfile

    docs = []
    for shard in sorted(output.glob("*/*.tar")):
        with tarfile.open(shard) as tar:
            docs += [
                json.loads(tar.extractfile(m).read())
                for m in tar.getmembers()
                if m.name.endswith(".json")
            ]
    return docs


def test_every_sample_records_the_dual_cross_entropy(captions, tiny_model, tmp_path, permissive):
    output = tmp_path / "out"
    manifest = run_translate(job(captions, output, str(tiny_model)))
    docs = shard_docs(output)
    assert len(docs) == manifest["totals"]["written"] == 4
    for doc in docs:
        for scores in (doc["scores"], doc["turns"][0]["scores"]):
            forward, backward, dual = (scores[name] for name in XENT)
            assert all(math.isfinite(value) and value > 0 for value in (forward, backward))
            assert dual == pytest.approx(abs(forward - backward) + (forward + backward) / 2)
        assert "bt_chrf" in doc["scores"]  # next to chrF
        assert doc["turns"][0]["back_translation"] is not None
    # The dataset card declares the scores, so `datasets` loads them as numbers.
    card = (output / "README.md").read_text()
    header = yaml.safe_load(card.split("---")[1])
    features = json.dumps(header["dataset_info"])
    assert all(name in features for name in XENT)
    # The parallel text carries them too.
    import pyarrow.parquet as pq

    rows = pq.read_table(output / manifest["parallel"]["files"][0]["path"]).to_pylist()
    assert rows and all(row["score_dual_xent"] > 0 for row in rows)

    # What a user calibrating the gate reads: the distribution per language.
    from typer.testing import CliRunner

    from babelshard.pipelines.cli import app

    shown = CliRunner().invoke(app, ["inspect", str(output), "--score", "dual_xent"])
    assert shown.exit_code == 0, shown.output
    (row,) = [line.split() for line in shown.output.splitlines() if line.startswith("deu_Latn")]
    values = sorted(doc["scores"]["dual_xent"] for doc in docs)
    assert row[1] == "4" and float(row[4]) == pytest.approx(statistics.median(values), abs=1e-3)
    wrong = CliRunner().invoke(app, ["inspect", str(output), "--score", "dual_xnet"])
    assert wrong.exit_code != 0 and "did you mean dual_xent" in wrong.output


def test_without_back_translation_the_pairs_are_still_scored(
    captions, tiny_model, tmp_path, permissive
):
    output = tmp_path / "out"
    run_translate(job(captions, output, str(tiny_model), back_translation=False))
    docs = shard_docs(output)
    assert docs and all(doc["scores"]["dual_xent"] > 0 for doc in docs)
    assert all(doc["turns"][0]["back_translation"] is None for doc in docs)


def test_the_gate_rejects_with_its_own_reason(captions, tiny_model, tmp_path, permissive):
    output = tmp_path / "out"
    manifest = run_translate(job(captions, output, str(tiny_model), max_dual_xent=0.01))
    assert manifest["totals"]["written"] == 0
    assert manifest["rejects"]["by_reason"] == {reasons.DUAL_XENT_HIGH: 4}
    assert manifest["config"]["max_dual_xent"] == 0.01
    rejects = [
        json.loads(line)
        for path in (output / "_rejects").glob("*.jsonl")
        for line in path.read_text().splitlines()
    ]
    assert all(reject["scores"]["dual_xent"] > 0.01 for reject in rejects)


def test_a_table_has_no_model_so_no_score(human_corpus, tmp_path):
    output = tmp_path / "out"
    run_translate(
        job(human_corpus, output, f"table:{HUMAN}", image_root=str(human_corpus.parent / "images"))
    )
    docs = shard_docs(output)
    assert len(docs) > 20
    for doc in docs:
        assert doc["scores"]["bt_chrf"] is not None
        assert all(doc["scores"][name] is None for name in XENT)  # absent, not made up
    with pytest.raises(ConfigError, match="--max-dual-xent needs a model"):
        job(human_corpus, tmp_path / "never", f"table:{HUMAN}", max_dual_xent=5.0).validate()
