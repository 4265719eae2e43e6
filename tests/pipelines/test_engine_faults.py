"""Engine faults become data: a batch the engine fails on is retried in halves, a piece
that fails alone becomes a reject of stage ``translate``, and the job completes.

The engine here is the human-translation table behind a wrapper that fails the way a
real one does: on chosen inputs (a text the tokenizer cannot take) and, like a GPU
out of memory, on any batch above a size. The worker's engine is said to be
``cuda``/``float16``, so the records can be checked to carry the device that
really translated them, not the launcher's request.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from human_table import HUMAN, HUMAN_LANGS

from babelshard.pipelines.io.manifest import shard_samples
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.schemas.records import Piece
from babelshard.translators import handler
from babelshard.translators.base import Translation
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.handler import TranslatorModelHandler, engine_of, translate_or_split
from babelshard.translators.table import TableTranslator

OOM = "CUDA failed with error out of memory"
RUNS = itertools.count(2)


class FaultyEngine:
    """A table translator that fails on texts containing ``poison`` and on big batches."""

    def __init__(self, poison: str | None = None, max_batch: int | None = None) -> None:
        self.table = TableTranslator(HUMAN)
        self.name = self.table.name
        self.poison, self.max_batch = poison, max_batch
        self.batch_sizes: list[int] = []

    def translate(
        self, texts: Sequence[str], source_lang: str, target_langs: str | Sequence[str]
    ) -> list[Translation]:
        self.batch_sizes.append(len(texts))
        if self.max_batch is not None and len(texts) > self.max_batch:
            raise RuntimeError(OOM)
        if self.poison and any(self.poison in text for text in texts):
            raise ValueError(f"cannot tokenize {self.poison!r}")
        return self.table.translate(texts, source_lang, target_langs)


def pieces(count: int) -> list[Piece]:
    return [Piece(f"Sentence {index}.", "eng_Latn", "deu_Latn") for index in range(count)]


def test_a_failing_batch_is_halved_down_to_the_one_piece_that_fails():
    engine = FaultyEngine(poison="Sentence 5.")
    results = translate_or_split(engine, pieces(8), "eng_Latn", ("cuda", "float16"))
    assert len(results) == 8
    failed = [index for index, result in enumerate(results) if result.error]
    assert failed == [5]
    assert results[5].error == "ValueError: cannot tokenize 'Sentence 5.'"
    assert results[5].translation is None
    assert all(r.translation is not None for i, r in enumerate(results) if i != 5)
    assert {(r.device, r.compute_type) for r in results} == {("cuda", "float16")}
    assert engine.batch_sizes[:3] == [8, 4, 4]  # the whole batch, then its halves


def test_an_out_of_memory_above_a_batch_size_recovers_completely():
    engine = FaultyEngine(max_batch=3)
    results = translate_or_split(engine, pieces(10), "eng_Latn")
    assert [result.error for result in results] == [None] * 10
    assert max(size for size in engine.batch_sizes if size <= 3) <= 3


def test_auto_and_model_sharing_are_resolved_on_the_worker(monkeypatch):
    """``auto`` is resolved when Beam asks (on the worker, at load time), not at build time."""
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    config = TranslatorConfig(model="some-model", device="auto")
    built_here = TranslatorModelHandler(config)
    assert not built_here.share_model_across_processes()
    assert engine_of(config) == ("cpu", "int8")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)  # a GPU worker
    assert built_here.share_model_across_processes()
    assert engine_of(config) == ("cuda", "int8_float16")
    assert engine_of(TranslatorConfig(model="m", compute_type="float16")) == ("cuda", "float16")
    table = TranslatorConfig(model=f"table:{HUMAN}")
    assert not TranslatorModelHandler(table).share_model_across_processes()
    assert engine_of(table) == (None, None)


class SharedAcrossProcesses(TranslatorModelHandler):
    """The handler as on a GPU worker: the model lives in another process, behind a proxy."""

    def share_model_across_processes(self) -> bool:
        return True


def test_a_model_shared_across_processes_translates():
    """A shared model is a proxy that exposes only methods (no ``name``, no ``device``)."""
    import apache_beam as beam
    from apache_beam.ml.inference.base import KeyedModelHandler, RunInference
    from apache_beam.testing.util import assert_that, equal_to

    config = TranslatorConfig(model=f"table:{HUMAN}")
    source = "Authentication is required to set the local hostname."
    shared = KeyedModelHandler(SharedAcrossProcesses(config))
    with beam.Pipeline() as pipeline:
        texts = (
            pipeline
            | beam.Create([("k", Piece(source, "eng_Latn", "deu_Latn"))])
            | RunInference(shared, model_identifier="babelshard-test-shared")
            | beam.Map(lambda kv: (kv[1].inference.error, bool(kv[1].inference.translation.text)))
        )
        assert_that(texts, equal_to([(None, True)]))


@pytest.fixture
def faulty_run(human_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The job with a faulty engine (in process, so the patched loader is the one used)."""

    def run(engine: FaultyEngine, **overrides) -> tuple[Path, dict]:
        monkeypatch.setattr(handler, "load_translator", lambda config: engine)
        monkeypatch.setattr(handler, "engine_of", lambda config: ("cuda", "float16"))
        output = tmp_path / "out"
        values = {
            "input": str(human_corpus),
            "format": "jsonl",
            "output": str(output),
            "langs": HUMAN_LANGS,
            "model": f"table:{HUMAN}",
            "image_root": str(human_corpus.parent / "images"),
            "english_share": 0.0,
            "shard_size": 10,
            # A config of its own: Beam keeps a loaded model by its tag for the process.
            "beam_size": next(RUNS),
            **overrides,
        }
        return output, run_translate(RunConfig(**values))

    return run


def rejects_of(output: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((output / "_rejects").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_the_job_completes_and_counts_pieces_the_engine_fails_on(faulty_run, human_corpus):
    poison = json.loads(human_corpus.read_text(encoding="utf-8").splitlines()[3])["text"]
    output, manifest = faulty_run(FaultyEngine(poison=poison, max_batch=4))
    totals = manifest["totals"]
    assert totals["inputs"] == totals["written"] + totals["rejected"]
    failed = [reject for reject in rejects_of(output) if reject["stage"] == "translate"]
    assert len(failed) == 1 == manifest["rejects"]["by_stage"]["translate"]
    (reject,) = failed
    assert reject["reason"] == "engine_error" and "-L4-" in reject["key"]  # line 4
    assert f"ValueError: cannot tokenize {poison!r}" in reject["detail"]
    assert manifest["rejects"]["by_reason"]["engine_error"] == 1
    # Everything else went through (the out-of-memory batches were retried smaller).
    docs = [
        json.loads(members["json"])
        for shard in manifest["shards"]
        for members in shard_samples(str(output / shard["path"]))
    ]
    written = [doc for doc in docs if doc["lang"] != "eng_Latn"]
    assert len(written) >= 30
    for doc in written:  # each sample names the device and compute type that translated it
        assert (doc["provenance"]["device"], doc["provenance"]["compute_type"]) == (
            "cuda",
            "float16",
        )
    requested = manifest["config"]["provenance"]
    assert (requested["device"], requested["compute_type"]) == ("auto", "lookup")


def test_a_back_translation_fault_is_a_translate_reject_too(faulty_run, human_corpus):
    poison = json.loads(human_corpus.read_text(encoding="utf-8").splitlines()[3])["text"]

    class BackFaulty(FaultyEngine):
        def translate(self, texts, source_lang, target_langs):
            backs = self.table.translate(texts, source_lang, target_langs)
            if source_lang != "eng_Latn" and any(back.text == poison for back in backs):
                raise ValueError("the way back fails")
            return backs

    output, manifest = faulty_run(BackFaulty())
    failed = [reject for reject in rejects_of(output) if reject["stage"] == "translate"]
    assert len(failed) == 1 and "-L4-" in failed[0]["key"]
    assert "back-translation: ValueError: the way back fails" in failed[0]["detail"]
    assert manifest["totals"]["unaccounted"] == 0
