"""Build a translator from a ``--model`` value: ``table:PATH``, a directory, a bucket folder
(``gs://``, ``s3://``, ``file://``), or a hub name."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from babelshard.translators.base import Translator
from babelshard.translators.model_store import (
    VOCABULARIES,
    check_remote_model,
    is_remote,
    local_copy,
    local_fingerprint,
    missing_languages,
    read_vocabulary,
)
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
    # The launcher-local --model path is present on every worker (baked into the image).
    model_in_image: bool = False
    # sha256 of the model's config, vocabulary and tokenizer (set by prepare_model).
    fingerprint: str | None = None

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
    config: TranslatorConfig,
    targets: Sequence[str] = (),
    source_lang: str = "eng_Latn",
    *,
    remote_workers: bool = False,
) -> TranslatorConfig:
    """Check the model once, before a job starts, and say where the workers find it.

    - ``gs://``/``s3://``/``file://`` folders are checked from their small files
      (no weights copied) and stay URIs: each worker machine copies them once.
    - A path or hub name for local workers is resolved here (fetched, converted)
      and handed on as the local folder.
    - For ``remote_workers`` a launcher-local path is refused unless
      ``model_in_image`` says the workers have it at the same path, and a hub
      name stays a name, fetched by each worker machine.

    The returned config carries the model's fingerprint where the launcher can
    read the model. A ``table:`` must hold rows for every language of ``targets``.
    """
    languages = [source_lang, *targets]
    if config.is_table:
        return _prepare_table(config, targets, source_lang, remote_workers)
    if is_remote(config.model):
        return replace(config, fingerprint=check_remote_model(config.model, languages))
    local = Path(config.model).expanduser() if config.model else None
    if remote_workers and local is not None and _names_a_path(config.model):
        if not config.model_in_image:
            raise ModelError(_LOCAL_PATH_ON_REMOTE_WORKERS.format(model=config.model))
        if not local.exists():
            return config  # the image's path: the workers check it when they load it
    elif remote_workers:
        return config  # a hub name: each worker machine fetches and converts it once
    model_dir = resolve_model(config.model, config.quantization)
    _check_languages(model_dir, languages)
    fingerprint = local_fingerprint(model_dir)
    model = config.model if remote_workers else str(model_dir)
    return replace(config, model=model, fingerprint=fingerprint)


_LOCAL_PATH_ON_REMOTE_WORKERS = (
    "--model {model} is a path on this machine, which remote workers cannot see: copy the "
    "folder to a bucket and pass --model gs://BUCKET/FOLDER (workers copy it once per "
    "machine), or, if the worker image holds the model at this very path, add --model-in-image"
)


def _prepare_table(
    config: TranslatorConfig, targets: Sequence[str], source_lang: str, remote_workers: bool
) -> TranslatorConfig:
    from babelshard.translators.table import TableTranslator

    path = config.model.removeprefix(TABLE_PREFIX)
    if remote_workers and not config.model_in_image:
        raise ModelError(_LOCAL_PATH_ON_REMOTE_WORKERS.format(model=config.model))
    if remote_workers and not Path(path).exists():
        return config
    known = TableTranslator(path).target_languages(source_lang)
    missing = [lang for lang in targets if lang not in known and lang != source_lang]
    if missing:
        raise ModelError(
            f"the translation table {path} has no {source_lang} rows into "
            f"{', '.join(missing)}; drop them from --langs or add their rows"
        )
    fingerprint = "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return replace(config, fingerprint=fingerprint)


def _names_a_path(model: str) -> bool:
    """A local path rather than a hub name (``facebook/nllb-...``) or an alias."""
    return Path(model).expanduser().exists() or model.startswith((".", "/", "~"))


def _check_languages(model_dir: Path, languages: Sequence[str]) -> None:
    for name in VOCABULARIES:
        if (model_dir / name).is_file():
            vocabulary = read_vocabulary(name, (model_dir / name).read_bytes())
            lacking = missing_languages(vocabulary, languages)
            if lacking:
                raise ModelError(
                    f"--model {model_dir} has no language token for {', '.join(lacking)}: "
                    "not an NLLB-200 model, or one without these languages"
                )
            return


def load_translator(config: TranslatorConfig) -> Translator:
    """Build the translator where it runs (a worker), copying a bucket's model first."""
    if config.is_table:
        from babelshard.translators.table import TableTranslator

        return TableTranslator(config.model.removeprefix(TABLE_PREFIX))
    if is_remote(config.model):
        model_dir = local_copy(config.model)
    else:
        model_dir = resolve_model(config.model, config.quantization)
    return NllbTranslator(
        model_dir,
        device=config.device,
        compute_type=config.compute_type,
        intra_threads=config.intra_threads,
        inter_threads=config.inter_threads,
        options=config.decoding,
    )
