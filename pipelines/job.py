"""Running the translate job: check, skip a finished output, run the flow, clean up.

The flow itself (what happens to a sample) is ``pipelines/translate.py``; this
module is what ``babelshard run`` does around it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import apache_beam as beam

from babelshard.pipelines import resume
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.options import RunConfig, prepare_translator
from babelshard.pipelines.output_docs import document_output
from babelshard.pipelines.output_guard import lease
from babelshard.pipelines.progress import wants_progress
from babelshard.pipelines.provenance import manifest_config, provenance_of
from babelshard.pipelines.translate import build_translate_pipeline
from babelshard.translators.factory import TranslatorConfig

LOG = logging.getLogger(__name__)


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
    it is, and an interrupted one reuses the translations its work cache holds.
    """
    from babelshard.pipelines.runners import pipeline_options, workers_are_remote

    config.validate()
    options, hints = pipeline_options(config, beam_args)
    translator = prepare_translator(config, remote_workers=workers_are_remote(options))
    if config.resume:
        done = completed_manifest(config, translator)
        if done is not None:
            LOG.warning("%s is already complete for this config; nothing to do", config.output)
            return done
    with lease(config.output):  # one job at a time per output (pipelines/output_guard.py)
        with beam.Pipeline(options=options) as pipeline:
            build_translate_pipeline(pipeline, config, translator, hints, wants_progress(options))
        resume.remove_work(config.output)
    manifest = read_manifest(config.output)
    document_output(config.output, manifest)  # README.md (dataset card) and report.html
    return manifest
