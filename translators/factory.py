"""Build a translator from a ``--model`` value: ``table:PATH``, a directory, or a hub name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from babelshard.translators.base import Translator
from babelshard.translators.models import DEFAULT_QUANTIZATION, ModelError, resolve_model
from babelshard.translators.nllb import DecodingOptions, NllbTranslator

TABLE_PREFIX = "table:"
DEVICES = ("auto", "cpu", "cuda")
# CTranslate2's compute types (ctranslate2.get_supported_compute_types lists a device's).
COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


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


def check_engine(config: TranslatorConfig) -> None:
    """Raise :class:`ModelError` for a device or compute type CTranslate2 has no such name for."""
    if config.device not in DEVICES:
        raise ModelError(f"unknown --device {config.device!r}; choose one of {', '.join(DEVICES)}")
    if config.compute_type not in COMPUTE_TYPES:
        raise ModelError(
            f"unknown --compute-type {config.compute_type!r}; choose one of "
            f"{', '.join(COMPUTE_TYPES)}"
        )
    if config.is_table and config.device == "cuda":
        raise ModelError("a table: translator looks translations up on the CPU; drop --device cuda")


def check_engine_here(config: TranslatorConfig) -> None:
    """Raise :class:`ModelError` unless this machine can run the device and compute type.

    For jobs that translate on this machine; remote workers have their own hardware.
    """
    check_engine(config)
    if config.is_table:
        return
    import ctranslate2

    from babelshard.translators.nllb import resolve_device

    if config.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise ModelError(
            "--device cuda, but CTranslate2 sees no CUDA GPU on this machine: "
            "use --device auto or cpu (or run on GPU workers)"
        )
    device = resolve_device(config.device)
    if config.compute_type in ("auto", "default"):
        return
    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if config.compute_type not in supported:
        raise ModelError(
            f"--compute-type {config.compute_type} is not supported on {device} here; "
            f"choose one of auto, {', '.join(supported)}"
        )


def prepare_model(
    config: TranslatorConfig, targets: Sequence[str] = (), source_lang: str = "eng_Latn"
) -> TranslatorConfig:
    """Resolve (fetch, convert) the model once, before a job starts.

    Returns a config whose ``model`` is a local CTranslate2 directory, so that
    workers load it directly; configuration errors surface here, not mid-job.
    A ``table:`` must hold rows for every language of ``targets``: without them
    every sample into that language would be rejected as empty.
    """
    if config.is_table:
        from babelshard.translators.table import TableTranslator

        path = config.model.removeprefix(TABLE_PREFIX)
        known = TableTranslator(path).target_languages(source_lang)
        missing = [lang for lang in targets if lang not in known and lang != source_lang]
        if missing:
            raise ModelError(
                f"the translation table {path} has no {source_lang} rows into "
                f"{', '.join(missing)}; drop them from --langs or add their rows"
            )
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
