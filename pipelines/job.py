"""Running the translate job: check, skip a finished output, run the flow, clean up.

The flow itself (what happens to a sample) is ``pipelines/translate.py``; this
module is what ``babelshard run`` does around it.
"""

from __future__ import annotations

# Beam without the MongoDB client no job uses, before anything here imports Beam.
from babelshard.translators import lean_beam  # noqa: F401  # isort: skip

import contextlib
import dataclasses
import gc
import json
import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.runner import PipelineResult

from babelshard.pipelines import chunks
from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.dofn_specs import specs_once
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest, write_manifest
from babelshard.pipelines.metrics import BACK_TRANSLATIONS_SAVED, METRICS
from babelshard.pipelines.options import RunConfig, prepare_translator
from babelshard.pipelines.output_docs import document_output
from babelshard.pipelines.output_guard import lease
from babelshard.pipelines.packing import PACKED, InProcess
from babelshard.pipelines.progress import wants_progress
from babelshard.pipelines.provenance import manifest_config, provenance_of
from babelshard.pipelines.translate import build_translate_pipeline
from babelshard.translators.factory import TranslatorConfig

LOG = logging.getLogger(__name__)

YOUNG_COLLECTION_THRESHOLD = 100_000
"""Allocations between two young-generation collections while a job runs in this
process (Python's default is 700): a job allocates millions of short-lived records
that hold no cycles, and the collector showed as ~10% of a profiled run. Measured
in BENCHMARKS.md ("garbage collection"): -1.8% instructions at 20k samples."""


def completed_manifest(config: RunConfig, translator: TranslatorConfig) -> dict[str, Any] | None:
    """The manifest of ``config.output`` if it records a finished run of this very config."""
    try:
        manifest = read_manifest(config.output)
    except (FileNotFoundError, ValueError):
        return None
    expected = manifest_config(config, provenance_of(config, translator))
    same = json.loads(json.dumps(expected, default=str)) == manifest.get("config")
    files = [*manifest["shards"], *manifest["rejects"]["files"], *manifest["parallel"]["files"]]
    present = all(filesystem.exists(filesystem.join(config.output, f["path"])) for f in files)
    return manifest if same and present and not manifest["totals"]["unaccounted"] else None


def run_translate(config: RunConfig, beam_args: list[str] | None = None) -> dict[str, Any]:
    """Validate, resolve the model, run the job to completion and return its manifest.

    With ``config.resume`` a finished output of the same config is returned as
    it is, and an interrupted one reuses the translations its memory holds. A
    local run bigger than ``--chunk-size`` runs as chunks (``pipelines/chunks.py``).
    """
    from babelshard.pipelines.runners import pipeline_options, runner_kind, workers_are_remote

    config.validate()
    options, hints = pipeline_options(config, beam_args)
    translator = prepare_translator(config, remote_workers=workers_are_remote(options))
    if config.resume:
        done = completed_manifest(config, translator)
        if done is not None:
            LOG.warning("%s is already complete for this config; nothing to do", config.output)
            return done
    plan = chunks.plan_chunks(config, runner_kind(options))
    with lease(config.output):  # one job at a time per output (pipelines/output_guard.py)
        if len(plan) == 1:
            counts = run_pipeline(config, options, translator, hints)
        else:
            counts = run_chunks(config, plan, options, translator, hints)
        memory.remove_work(config.output)
    manifest = record_memory(config, counts)
    document_output(config.output, manifest)  # README.md (dataset card) and report.html
    return manifest


def run_pipeline(
    config: RunConfig,
    options: PipelineOptions,
    translator: TranslatorConfig,
    hints: dict[str, Any],
    part: chunks.ChunkOf | None = None,
) -> Counter[str]:
    """Run one Beam job of the flow to completion; returns its counters."""
    from babelshard.pipelines.runners import runner_kind, runs_in_this_process

    pipeline = beam.Pipeline(options=options)
    local = runner_kind(options) in chunks.LOCAL_RUNNERS
    progress = wants_progress(options)
    # In one process, samples and records wait for their join and bucket as they are.
    in_process = runs_in_this_process(options)
    carrier = InProcess() if in_process else PACKED
    with carrier, collections_for(in_process), specs_once():
        build_translate_pipeline(
            pipeline, config, translator, hints, progress, part, local, carrier
        )
        result = pipeline.run()
        result.wait_until_finish()
    return job_counters(result)


_FREEZES = 0
"""How many :func:`fewer_collections` blocks hold their ``gc.freeze`` now (0 or 1)."""


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a job runs here, and leave out what existed
    before it (imports, the model, the caller's objects: ``gc.freeze``); the caller's
    settings come back afterwards.

    The collection before the freeze matters: a chunked run starts one job after
    another, and the cycles a finished job left behind would otherwise be frozen
    into the next one, and the next, and never freed. Where objects are frozen
    already (a chunked run freezes once around its chunks, :func:`run_chunks`), that
    freeze is left as it is: the collection then passes over only what came after it
    (a full pass over the imports costs about 0.1 s of CPU per chunk)."""
    global _FREEZES
    thresholds = gc.get_threshold()
    gc.collect()
    # Counting the frozen objects walks them all (~16 ms after the imports): asked only
    # where this module has not frozen them itself.
    frozen_outside = _FREEZES > 0 or gc.get_freeze_count() > 0
    if not frozen_outside:
        gc.freeze()
        _FREEZES += 1
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen_outside:
            _FREEZES -= 1
            gc.unfreeze()


def collections_for(in_process: bool) -> contextlib.AbstractContextManager[None]:
    """:func:`fewer_collections` where the job's stages run in this process; nothing
    where they run elsewhere (this process's collector is not the one their objects meet)."""
    return fewer_collections() if in_process else contextlib.nullcontext()


def run_chunks(
    config: RunConfig,
    plan: list[chunks.ChunkOf],
    options: PipelineOptions,
    translator: TranslatorConfig,
    hints: dict[str, Any],
) -> Counter[str]:
    """Run each chunk as its own job (skipping finished ones on resume), then merge them."""
    from babelshard.pipelines.runners import runs_in_this_process

    shared = config.translation_cache or memory.work_root(config.output)
    counts: Counter[str] = Counter()
    finished = []
    # Frozen once for all chunks, so that each chunk's collection skips the imports.
    with collections_for(runs_in_this_process(options)):
        for part in plan:
            chunk = dataclasses.replace(
                config, output=chunks.chunk_output(config.output, part), translation_cache=shared
            )
            done = completed_manifest(chunk, translator) if config.resume else None
            if done is None:
                LOG.info("chunk %s of %s", part.index + 1, part.count)
                counts += run_pipeline(chunk, options, translator, hints, part)
                done = read_manifest(chunk.output)
            finished.append((chunk.output, done))
    recorded = manifest_config(config, provenance_of(config, translator))
    chunks.merge_chunks(config.output, finished, json.loads(json.dumps(recorded, default=str)))
    chunks.remove_chunks(config.output)
    return counts


def job_counters(result: PipelineResult) -> Counter[str]:
    """The job's Beam counters by name (summed over steps), committed where the runner
    reports it: translation-memory hits and misses, ``written_<lang>``, ``rejected_<reason>``..."""
    query = result.metrics().query(MetricsFilter().with_namespace(METRICS))
    counts: Counter[str] = Counter()
    for counter in query["counters"]:
        value = counter.committed if counter.committed is not None else counter.attempted
        counts[counter.key.metric.name] += value or 0
    return counts


def record_memory(config: RunConfig, counts: Counter[str]) -> dict[str, Any]:
    """Add the run's translation-memory counts and saved back-translations to its
    manifest; returns the manifest."""
    manifest = read_manifest(config.output)
    hits, misses = counts[memory.HITS], counts[memory.MISSES]
    manifest["translation_memory"] = {
        "hits": hits,
        "misses": misses,
        "hit_rate": round(hits / (hits + misses), 4) if hits + misses else 0.0,
        "folder": config.translation_cache,
    }
    # Unique pieces that failed a cheap check (copy, LID, script, loops, length) and so
    # were never back-translated.
    manifest["back_translations_saved"] = counts[BACK_TRANSLATIONS_SAVED]
    write_manifest(config.output, manifest)
    return manifest
