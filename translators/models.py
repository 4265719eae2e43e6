"""Find, fetch and convert NLLB models for CTranslate2.

``--model`` accepts a converted CTranslate2 directory, a Hugging Face NLLB
checkpoint directory (converted on first use), or a hub name such as
``facebook/nllb-200-distilled-600M`` (downloaded and converted on first use).
Converted models are cached, keyed by name and quantization, and appear
atomically (converted into a temporary directory, then renamed).

Nothing here ever falls back to a random-weight model: when the hub cannot be
reached the caller gets a :class:`ModelUnavailableError` naming ``--model``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
DEFAULT_QUANTIZATION = "int8"
ALIASES = {
    "nllb-200-distilled-600M": "facebook/nllb-200-distilled-600M",
    "nllb-600m": "facebook/nllb-200-distilled-600M",
    "nllb-200-distilled-1.3B": "facebook/nllb-200-distilled-1.3B",
    "nllb-1.3b": "facebook/nllb-200-distilled-1.3B",
    "nllb-200-3.3B": "facebook/nllb-200-3.3B",
    "nllb-3.3b": "facebook/nllb-200-3.3B",
}
QUANTIZATIONS = ("int8", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
_HUB_PATTERNS = (
    "config.json",
    "generation_config.json",
    *TOKENIZER_FILES,
    "sentencepiece.bpe.model",
    "model.bin",
    "shared_vocabulary.*",
)


class ModelError(RuntimeError):
    """A model directory is missing, incomplete or unreadable; the message names the fix."""


class ModelUnavailableError(ModelError):
    """The model is not cached and could not be downloaded."""


def cache_dir() -> Path:
    """Where converted models live: ``$BABELSHARD_CACHE`` or ``~/.cache/babelshard``."""
    root = os.environ.get("BABELSHARD_CACHE") or Path.home() / ".cache" / "babelshard"
    return Path(root) / "models"


def is_ctranslate2_model(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def is_hf_checkpoint(path: Path) -> bool:
    config = path / "config.json"
    if not config.is_file() or (path / "model.bin").exists():
        return False
    weights = list(path.glob("*.safetensors")) + list(path.glob("pytorch_model*.bin"))
    return bool(weights)


def validate_ctranslate2_model(path: Path) -> None:
    """Raise :class:`ModelError` unless ``path`` is a usable converted model with its tokenizer."""
    if not path.is_dir():
        raise ModelError(
            f"model directory {path} does not exist; pass --model with a CTranslate2 model "
            "directory, or fetch one with `babelshard models fetch`"
        )
    if not is_ctranslate2_model(path):
        raise ModelError(
            f"{path} is not a CTranslate2 model (no model.bin/config.json); convert it with "
            f"`babelshard models fetch {path}` or pass the converted directory to --model"
        )
    if not (path / "tokenizer.json").is_file():
        raise ModelError(
            f"{path} has no tokenizer.json; copy the checkpoint's tokenizer.json next to model.bin "
            "or re-create the directory with `babelshard models fetch`"
        )
    try:
        json.loads((path / "config.json").read_text())
    except (OSError, ValueError) as error:
        raise ModelError(
            f"{path}/config.json is unreadable ({error}); re-fetch the model"
        ) from error


def cached_model_dir(name: str, quantization: str) -> Path:
    safe = name.replace("/", "--")
    return cache_dir() / f"{safe}-{quantization}"


def resolve_model(
    model: str | None = None,
    quantization: str = DEFAULT_QUANTIZATION,
    *,
    download: bool = True,
) -> Path:
    """Turn a ``--model`` value into a validated CTranslate2 model directory.

    A local CTranslate2 directory is used as is; a local Hugging Face checkpoint
    or a hub name is converted into the cache on first use (downloading if
    ``download``). Raises :class:`ModelError` with the fix in its message.
    """
    _check_quantization(quantization)
    name = ALIASES.get(model or DEFAULT_MODEL, model or DEFAULT_MODEL)
    local = Path(name).expanduser()
    if local.exists():
        if is_ctranslate2_model(local):
            validate_ctranslate2_model(local)
            return local
        if is_hf_checkpoint(local):
            target = cached_model_dir(local.resolve().name, quantization)
            if not is_ctranslate2_model(target):
                convert_checkpoint(local, target, quantization)
            return target
        validate_ctranslate2_model(local)  # raises with the right message
    if "/" not in name or name.startswith((".", "/", "~")):
        raise ModelError(
            f"--model {model!r} is neither a model directory nor a Hugging Face model name "
            f"like {DEFAULT_MODEL}"
        )
    target = cached_model_dir(name, quantization)
    if is_ctranslate2_model(target):
        return target
    if not download:
        raise ModelUnavailableError(
            f"{name} ({quantization}) is not in the cache {cache_dir()}; run "
            f"`babelshard models fetch {name}` or pass --model DIR"
        )
    return fetch_model(name, target, quantization)


def fetch_model(name: str, target: Path, quantization: str = DEFAULT_QUANTIZATION) -> Path:
    """Download ``name`` from the Hugging Face hub and convert it into ``target``."""
    _check_quantization(quantization)
    try:
        from huggingface_hub import list_repo_files, snapshot_download
    except ImportError as error:  # pragma: no cover - a core dependency
        raise ModelError("huggingface_hub is needed to download models") from error
    check_hub_reachable(name)
    try:
        files = list_repo_files(name)
        patterns = list(_HUB_PATTERNS)
        has_safetensors = any(file.endswith(".safetensors") for file in files)
        patterns.append("*.safetensors" if has_safetensors else "pytorch_model*.bin")
        download_dir = Path(snapshot_download(name, allow_patterns=patterns))
    except Exception as error:  # hub errors come in many types; all mean "not reachable"
        raise ModelUnavailableError(
            f"could not download {name} from the Hugging Face hub ({type(error).__name__}: "
            f"{error}). On a machine without hub access pass --model DIR with a model "
            f"converted elsewhere (`babelshard models fetch {name} --output DIR`)"
        ) from error
    if is_ctranslate2_model(download_dir):
        _copy_ready_model(download_dir, target)
        return target
    return convert_checkpoint(download_dir, target, quantization)


def check_hub_reachable(name: str) -> None:
    """Fail at once, in one line, where the hub cannot be reached.

    ``huggingface_hub`` retries a failed request five times with growing waits
    (31 s in all) and logs every try; one name lookup of the hub's host tells an
    offline machine apart first. ``HF_HUB_OFFLINE=1`` skips even that.
    """
    from huggingface_hub import constants

    fix = (
        f"pass --model DIR with a model converted elsewhere (`babelshard models fetch {name} "
        "--output DIR`), or a bucket path (gs://...)"
    )
    if constants.HF_HUB_OFFLINE:
        raise ModelUnavailableError(
            f"--model {name} is not in the cache and HF_HUB_OFFLINE is set: {fix}"
        )
    host = urlsplit(constants.ENDPOINT).hostname or constants.ENDPOINT
    try:
        socket.getaddrinfo(host, 443)
    except OSError as error:
        raise ModelUnavailableError(
            f"--model {name} needs the Hugging Face hub, but {host} does not resolve here "
            f"({error.strerror or error}): {fix}; set HF_HUB_OFFLINE=1 on offline machines"
        ) from None


def convert_checkpoint(checkpoint: Path, target: Path, quantization: str) -> Path:
    """Convert a Hugging Face NLLB checkpoint to CTranslate2, atomically, tokenizer included."""
    _check_quantization(quantization)
    try:
        import torch  # noqa: F401  # the converter needs it, and its absence deserves a clear message
        from ctranslate2.converters import TransformersConverter
    except ImportError as error:
        raise ModelError(
            "converting a Hugging Face checkpoint needs torch: pip install 'babelshard[convert]' "
            "(CPU-only: pip install torch==2.13.0), or pass --model with an already converted model"
        ) from error
    if not (checkpoint / "tokenizer.json").is_file():
        raise ModelError(
            f"{checkpoint} has no tokenizer.json (NLLB checkpoints ship one); add it and retry"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        # Names, not paths: the converter joins them to the checkpoint directory itself,
        # so a relative checkpoint path would otherwise be joined twice.
        copy_files = [name for name in TOKENIZER_FILES if (checkpoint / name).exists()]
        converter = TransformersConverter(
            str(checkpoint),
            copy_files=copy_files,
            load_as_float16=quantization in ("float16", "int8_float16"),
        )
        converter.convert(str(staging), quantization=quantization, force=True)
        _replace_dir(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    validate_ctranslate2_model(target)
    return target


def _copy_ready_model(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True)
        _replace_dir(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    validate_ctranslate2_model(target)


def _replace_dir(staging: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)


def _check_quantization(quantization: str) -> None:
    if quantization not in QUANTIZATIONS:
        raise ModelError(
            f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}"
        )
