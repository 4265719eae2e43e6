"""The job's Beam counters count each sample once: they agree with the manifest.

The run mixes every kind of outcome: translations written, filter rejects with
``--fallback-english`` (a reject per failed language, one English copy per
sample), a missing image rejected by the writer, and English passthrough.
"""

from __future__ import annotations

from human_table import HUMAN

from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.job import run_pipeline
from babelshard.pipelines.options import RunConfig, prepare_translator
from babelshard.pipelines.runners import pipeline_options


def test_counters_agree_with_the_manifest(human_corpus, tmp_path):
    config = RunConfig(
        input=str(human_corpus),
        format="jsonl",
        output=str(tmp_path / "out"),
        langs="deu_Latn,fra_Latn",
        mix="all",
        fallback_english=True,
        model=f"table:{HUMAN}",
        image_root=str(human_corpus.parent / "images"),
        shard_size=10,
    )
    options, hints = pipeline_options(config, None)
    counters = run_pipeline(config, options, prepare_translator(config), hints)
    manifest = read_manifest(config.output)

    written = {
        name.removeprefix("written_"): value
        for name, value in counters.items()
        if name.startswith("written_") and name != "written_bytes"
    }
    assert written == {lang: entry["samples"] for lang, entry in manifest["languages"].items()}
    rejected = {
        name.removeprefix("rejected_"): value
        for name, value in counters.items()
        if name.startswith("rejected_")
    }
    assert rejected == manifest["rejects"]["by_reason"]
    assert {"empty", "image_missing"} <= set(rejected)  # a filter and a writer reason
    assert counters["written_bytes"] == manifest["totals"]["bytes"]
    assert counters["fallback_written"] == manifest["totals"]["fallback_copies"] > 0
    totals = manifest["totals"]
    assert sum(written.values()) + sum(rejected.values()) == totals["inputs"]
