"""Build a translator from a ``--model`` value: ``table:PATH``, a directory, or a hub name."""

from __future__ import annotations

from dataclasses import dataclass, field

from babelshard.translators.base import Translator
from babelshard.translators.models import DEFAULT_QUANTIZATION, resolve_model
from babelshard.translators.nllb import DecodingOptions, NllbTranslator

TABLE_PREFIX = "table:"


@dataclass(frozen=True)
class TranslatorConfig:
    """Everything needed to (re)build a translator, e.g. once per Beam worker."""

    model: str | None = None
    device: str = "auto"
    compute_type: str = "auto"
    quantization: str = DEFAULT_QUANTIZATION
    intra_threads: int = 0
    inter_threads: int = 1
    decoding: DecodingOptions = field(default_factory=DecodingOptions)

    @property
    def is_table(self) -> bool:
        return bool(self.model) and self.model.startswith(TABLE_PREFIX)


def prepare_model(config: TranslatorConfig) -> TranslatorConfig:
    """Resolve (fetch, convert) the model once, before a job starts.

    Returns a config whose ``model`` is a local CTranslate2 directory, so that
    workers load it directly; configuration errors surface here, not mid-job.
    """
    if config.is_table:
        from babelshard.translators.table import TableTranslator

        TableTranslator(config.model.removeprefix(TABLE_PREFIX))  # fail early on a bad table
        return config
    model_dir = resolve_model(config.model, config.quantization)
    return TranslatorConfig(**{**config.__dict__, "model": str(model_dir)})


def load_translator(config: TranslatorConfig) -> Translator:
    if config.is_table:
        from babelshard.translators.table import TableTranslator

        return TableTranslator(config.model.removeprefix(TABLE_PREFIX))
    return NllbTranslator(
        resolve_model(config.model, config.quantization),
        device=config.device,
        compute_type=config.compute_type,
        intra_threads=config.intra_threads,
        inter_threads=config.inter_threads,
        options=config.decoding,
    )
