"""The translate job end to end on DirectRunner.

The accept path runs on real human translations through the ``table:``
translator, so language ID and back-translation judge real text; the
CTranslate2 path runs the tiny random model and checks the mechanics.
"""

from __future__ import annotations

import json
import logging
import tarfile
from pathlib import Path

import pytest
import webdataset as wds
from apache_beam.options.pipeline_options import StandardOptions
from human_table import HUMAN, HUMAN_LANGS

from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import ConfigError, RunConfig
from babelshard.pipelines.report import format_inspect
from babelshard.pipelines.runners import LOCAL_RUNNER, local_by_default


def human_config(corpus: Path, output: Path, **overrides) -> RunConfig:
    values = {
        "input": str(corpus),
        "format": "jsonl",
        "output": str(output),
        "langs": f"eng_Latn,{HUMAN_LANGS}",
        "model": f"table:{HUMAN}",
        "image_root": str(corpus.parent / "images"),
        "english_share": 0.2,
        "shard_size": 10,
    }
    values.update(overrides)
    return RunConfig(**values)


@pytest.fixture(scope="module")
def human_run(human_corpus, tmp_path_factory):
    output = tmp_path_factory.mktemp("out") / "human"
    manifest = run_translate(human_config(human_corpus, output))
    return output, manifest


def samples_of(output: Path) -> list[dict]:
    docs = []
    for shard in sorted(output.glob("*/*.tar")):
        with tarfile.open(shard) as tar:
            for member in tar.getmembers():
                if member.name.endswith(".json"):
                    docs.append(json.loads(tar.extractfile(member).read()))
    return docs


def test_nothing_is_lost(human_run):
    _, manifest = human_run
    totals = manifest["totals"]
    assert totals["inputs"] == 44  # 40 sentences + 3 unknown + 1 missing image, one language each
    assert totals["inputs"] == totals["written"] + totals["rejected"]
    assert totals["unaccounted"] == 0


def test_real_translations_are_accepted_and_unknown_ones_rejected(human_run):
    output, manifest = human_run
    docs = samples_of(output)
    translated = [doc for doc in docs if doc["lang"] != "eng_Latn"]
    assert len(translated) >= 25
    reasons = manifest["rejects"]["by_reason"]
    # The three texts the table lacks, if planned for a foreign language, come back empty.
    assert set(reasons) <= {"empty", "image_missing", "lid_wrong_language", "length_ratio"}
    assert reasons.get("image_missing", 0) <= 1
    accepted_share = len(translated) / (len(translated) + sum(reasons.values()))
    assert accepted_share > 0.85
    for doc in translated:
        turn = doc["turns"][0]
        assert turn["translated"] and turn["text"] != turn["source"]
        assert doc["scores"]["bt_chrf"] == pytest.approx(100.0)  # the table answers both ways
        assert doc["scores"]["lid_group_prob"] > 0.5
        assert doc["record"]["text"] == turn["text"]  # the input's own shape, translated
        assert doc["source_record"]["text"] == turn["source"]
        assert doc["provenance"]["translator"] == "table"
        assert "." not in doc["key"] and doc["key"].endswith(doc["lang"])


def test_shards_load_with_webdataset(human_run):
    output, manifest = human_run
    urls = [str(output / shard["path"]) for shard in manifest["shards"]]
    samples = list(wds.WebDataset(urls, shardshuffle=False).decode())
    assert len(samples) == manifest["totals"]["written"]
    with_images = [s for s in samples if "jpg" in s]
    assert with_images and all(s["json"]["image"] for s in with_images)
    keys = [s["__key__"] for s in samples]
    assert len(set(keys)) == len(keys)


def test_parallel_text_and_rejects_are_written(human_run):
    import pyarrow.parquet as pq

    output, manifest = human_run
    pairs = pq.read_table(output / manifest["parallel"]["files"][0]["path"]).to_pylist()
    assert pairs and all(pair["source_lang"] == "eng_Latn" for pair in pairs)
    assert manifest["parallel"]["pairs"] >= 25
    rejects = [
        json.loads(line)
        for path in (output / "_rejects").glob("*.jsonl")
        for line in path.read_text().splitlines()
    ]
    assert len(rejects) == manifest["totals"]["rejected"]
    assert all(reject["reason"] for reject in rejects)


def test_reruns_are_identical(human_run, human_corpus, tmp_path):
    _, manifest = human_run
    again = run_translate(human_config(human_corpus, tmp_path / "again"))
    assert [s["sha256"] for s in again["shards"]] == [s["sha256"] for s in manifest["shards"]]


def rejects_of(output: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((output / "_rejects").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.mark.parametrize("with_english", [False, True])
def test_fallback_writes_one_english_copy_per_sample(human_corpus, tmp_path, with_english):
    """Three sentences the table lacks fail in every language: each is written once in
    English (or, planned in English too, only as that), and every failed language
    is still a reject naming the copy. The copies count as inputs the fallback added."""
    langs = "deu_Latn,fra_Latn,spa_Latn"
    output = tmp_path / "fb"
    manifest = run_translate(
        human_config(
            human_corpus,
            output,
            langs=f"eng_Latn,{langs}" if with_english else langs,
            mix="all",
            fallback_english=True,
        )
    )
    docs = samples_of(output)
    copies = {doc["key"]: doc for doc in docs if doc.get("fallback_from")}
    failed = [r for r in rejects_of(output) if r["stage"] == "filter"]
    failed_langs: dict[str, set[str]] = {}  # the English copy's key -> languages that failed
    for reject in failed:
        failed_langs.setdefault(reject["doc"]["fallback_to"], set()).add(reject["lang"])
    assert sum(len(v) == 3 for v in failed_langs.values()) >= 3  # the sentences the table lacks
    totals = manifest["totals"]
    assert totals["inputs"] == totals["written"] + totals["rejected"]
    assert totals["unaccounted"] == 0
    for lang in langs.split(","):
        fell_back = sum(reject["lang"] == lang for reject in failed)
        assert manifest["languages"][lang]["fallback"] == fell_back > 0
    if with_english:  # already written in English: no copies
        assert copies == {} and totals["fallback_copies"] == 0
        english = {doc["key"] for doc in docs if doc["lang"] == "eng_Latn"}
        assert set(failed_langs) <= english
        return
    assert set(copies) == set(failed_langs)  # one copy per sample, whatever failed
    assert len(copies) == totals["fallback_copies"]
    for key, doc in copies.items():
        assert doc["lang"] == "eng_Latn"
        assert doc["fallback_from"] == ",".join(sorted(failed_langs[key]))
    planned = 44 * 3
    assert totals["inputs"] == planned + len(copies)  # each copy is an input the fallback added
    # `inspect` counts them under each target language, and the copies under English.
    words = [line.split() for line in format_inspect(str(output)).splitlines()]
    rows = {row[0]: row for row in words if row}
    for lang in langs.split(","):
        assert rows[lang][3] == str(manifest["languages"][lang]["fallback"])
    assert rows["eng_Latn"][1:4] == [str(len(copies)), "0", f"+{len(copies)}"]


def test_ctranslate2_path_mechanics(sample_corpus, tiny_model, tmp_path):
    """The random model's output is noise, so filters reject it; nothing may get lost."""
    config = RunConfig(
        input=str(sample_corpus / "llava"),
        format="llava",
        image_root=str(sample_corpus / "images"),
        output=str(tmp_path / "llava"),
        langs="deu_Latn,arb_Arab",
        model=str(tiny_model),
        device="cpu",
        beam_size=1,
        english_share=0.5,
    )
    manifest = run_translate(config)
    totals = manifest["totals"]
    assert totals["inputs"] == totals["written"] + totals["rejected"] > 0
    assert set(manifest["rejects"]["by_stage"]) == {"filter"}
    assert manifest["rejects"]["by_stage"].get("filter", 0) > 0
    docs = samples_of(tmp_path / "llava")
    assert docs and all(doc["lang"] == "eng_Latn" for doc in docs)
    conversations = [doc["record"]["conversations"] for doc in docs]
    assert all(c[0]["from"] == "human" and c[1]["from"] == "gpt" for c in conversations)
    assert any("<image>" in turn["value"] for c in conversations for turn in c)
    # The manifest records what was asked for; "auto" is resolved on the workers.
    assert manifest["config"]["provenance"]["compute_type"] == "auto"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"langs": "deu_Latm"}, "did you mean deu_Latn"),
        ({"langs": "zh"}, "zho_Hans"),
        ({"format": "csv"}, "unknown --format"),
        ({"input": "/nonexistent/corpus.jsonl"}, "nonexistent"),
        ({"shard_size": 0}, "--shard-size"),
        ({"model": "/nonexistent/model"}, "--model"),
    ],
)
def test_configuration_errors_stop_before_work(human_corpus, tmp_path, overrides, message):
    config = human_config(human_corpus, tmp_path / "never", **overrides)
    with pytest.raises(ConfigError, match=message):
        run_translate(config)
    assert not (tmp_path / "never").exists()


def test_yaml_config_with_command_line_overrides(human_corpus, tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(f"input: {human_corpus}\nformat: jsonl\nlangs: deu_Latn\nenglish-share: 0.3\n")
    config = RunConfig.from_yaml(path, output="o", english_share=0.1)
    assert (config.format, config.langs, config.english_share) == ("jsonl", "deu_Latn", 0.1)
    path.write_text("inputt: x\n")
    with pytest.raises(ConfigError, match="unknown option"):
        RunConfig.from_yaml(path)


def test_inference_batches_span_several_engine_batches(human_corpus, tmp_path, monkeypatch):
    """The translator sorts and splits each RunInference batch by its token budget;
    batches of a single budget would leave many engine batches part-empty."""
    from babelshard.translators import handler

    batches: list[int] = []
    real_run = handler.TranslatorModelHandler.run_inference

    def recording_run(self, batch, model, inference_args=None):
        batches.append(sum(handler.estimated_tokens(request) for request in batch))
        return real_run(self, batch, model, inference_args)

    monkeypatch.setattr(handler.TranslatorModelHandler, "run_inference", recording_run)
    budget = 64
    manifest = run_translate(human_config(human_corpus, tmp_path / "out", max_batch_tokens=budget))
    assert manifest["totals"]["written"] > 0
    least = handler.INFERENCE_BATCH_BUDGETS * budget
    assert sum(batches) > 3 * least  # enough requests for several batches
    # BatchElements closes a batch before the request that would pass its target.
    full = sorted(batches, reverse=True)[:-2]  # all but the two smallest: each stage's tail
    assert full and all(size > least - 2 * budget for size in full)


def test_jobs_without_a_runner_run_in_process_and_never_fetch_prism(human_corpus, tmp_path, caplog):
    """Beam's DirectRunner would first download Prism from GitHub and run there."""
    caplog.set_level(logging.INFO, logger="apache_beam")
    manifest = run_translate(human_config(human_corpus, tmp_path / "out"))
    assert manifest["totals"]["written"] > 0
    assert not [r for r in caplog.records if "prism" in r.getMessage().lower()]
    assert local_by_default([]).view_as(StandardOptions).runner == LOCAL_RUNNER
    chosen = local_by_default(["--runner=DirectRunner"]).view_as(StandardOptions).runner
    assert chosen == "DirectRunner"  # a runner the user names is kept
