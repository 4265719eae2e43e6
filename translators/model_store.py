"""Converted models in object storage: checked from the launcher, copied once per worker.

``--model gs://bucket/nllb-600m-int8`` (or ``s3://``, ``file://``: any scheme
Beam's file systems read) names a folder holding a CTranslate2 model. The
launcher reads only its small files (config, vocabulary, tokenizer) to check
it and to fingerprint it; the weights stay in the bucket. Each worker machine
copies the folder once into its local cache: a file lock makes the processes
of one machine wait for the first one's copy, which appears by an atomic
rename, so no process ever loads a half-copied model.

Beam's ``FileSystems`` is imported only when a remote model is used: like the
model handler, this is the side of the translators that runs inside a Beam worker.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from babelshard.translators.models import ModelError, cache_dir, validate_ctranslate2_model

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
VOCABULARIES = ("shared_vocabulary.json", "shared_vocabulary.txt")
# The files whose bytes decide what the model does with a text, weights aside.
FINGERPRINT_FILES = ("config.json", *VOCABULARIES, "tokenizer.json")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def is_remote(model: str | None) -> bool:
    """``gs://...``, ``s3://...``, ``file://...``: a model in a file system of Beam's."""
    return bool(model) and bool(_SCHEME.match(model))


def fingerprint_files(read: dict[str, bytes]) -> str:
    """``sha256:...`` over the named small files' bytes (names included, in a fixed order)."""
    digest = hashlib.sha256()
    for name in FINGERPRINT_FILES:
        if name in read:
            digest.update(name.encode() + b"\0" + read[name] + b"\0")
    return "sha256:" + digest.hexdigest()


def local_fingerprint(model_dir: Path) -> str:
    """The fingerprint of a local CTranslate2 model folder."""
    return fingerprint_files(
        {
            name: (model_dir / name).read_bytes()
            for name in FINGERPRINT_FILES
            if (model_dir / name).is_file()
        }
    )


def missing_languages(vocabulary: Iterable[str], languages: Iterable[str]) -> list[str]:
    """The NLLB codes among ``languages`` the model has no language token for."""
    tokens = set(vocabulary)
    return [lang for lang in languages if lang not in tokens]


def read_vocabulary(name: str, data: bytes) -> list[str]:
    if name.endswith(".json"):
        return list(json.loads(data))
    return data.decode("utf-8").splitlines()


# -- the launcher's check -----------------------------------------------------------------


def check_remote_model(uri: str, languages: Iterable[str] = ()) -> str:
    """Check a model folder in object storage without copying its weights; its fingerprint.

    Raises :class:`ModelError` naming what is missing: the folder, ``model.bin``,
    the tokenizer, the vocabulary, or the language tokens of ``languages``.
    """
    files = _list(uri)
    if not files:
        raise ModelError(
            f"--model {uri}: no files there; copy a converted model folder (model.bin, "
            "config.json, tokenizer.json, shared_vocabulary.*) to it"
        )
    missing = [name for name in REQUIRED_FILES if name not in files]
    vocabularies = [name for name in VOCABULARIES if name in files]
    if not vocabularies:
        missing.append("shared_vocabulary.json")
    if missing:
        raise ModelError(
            f"--model {uri} is not a CTranslate2 model folder: it lacks {', '.join(missing)} "
            "(copy the whole folder `babelshard models fetch` wrote)"
        )
    read = {name: _read(_join(uri, name)) for name in FINGERPRINT_FILES if name in files}
    try:
        json.loads(read["config.json"])
        vocabulary = read_vocabulary(vocabularies[0], read[vocabularies[0]])
    except ValueError as error:
        raise ModelError(f"--model {uri}: config or vocabulary unreadable ({error})") from error
    lacking = missing_languages(vocabulary, languages)
    if lacking:
        raise ModelError(
            f"--model {uri} has no language token for {', '.join(lacking)}: not an NLLB-200 "
            "model, or one without these languages"
        )
    return fingerprint_files(read)


# -- the worker's copy ---------------------------------------------------------------------


def local_copy(uri: str) -> Path:
    """The model at ``uri`` in this machine's cache, copied on first use (once per machine)."""
    files = _list(uri)
    if not files:
        raise ModelError(f"--model {uri}: no files there")
    # Keyed by the folder and its files' sizes: a re-uploaded model gets a new copy.
    key = hashlib.sha256(json.dumps([uri.rstrip("/"), sorted(files.items())]).encode()).hexdigest()[
        :16
    ]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", uri.rstrip("/").rsplit("/", 1)[-1]) or "model"
    target = cache_dir() / "remote" / f"{name}-{key}"
    if (target / "model.bin").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _machine_lock(target.with_suffix(".lock")):
        if not (target / "model.bin").is_file():
            _copy_folder(uri, files, target)
    validate_ctranslate2_model(target)
    return target


def _copy_folder(uri: str, files: dict[str, int], target: Path) -> None:
    from apache_beam.io.filesystems import FileSystems

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name in files:
            source_path = _beam_path(_join(uri, name))
            with FileSystems.open(source_path) as source, (staging / name).open("wb") as out:
                shutil.copyfileobj(source, out, 16 * 1024 * 1024)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _machine_lock(path: Path) -> Iterator[None]:
    """An exclusive lock shared by every process of this machine (released on exit or crash)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _beam_path(uri: str) -> str:
    """``file:///x`` -> ``/x`` (Beam's local file system takes plain paths); others as they are."""
    if uri.lower().startswith("file://"):
        return unquote(urlsplit(uri).path)
    return uri


def _list(uri: str) -> dict[str, int]:
    """The files directly in the folder ``uri``, by name, with their sizes."""
    from apache_beam.io.filesystems import FileSystems

    base = _beam_path(uri).rstrip("/")
    try:
        (result,) = FileSystems.match([f"{base}/*"])
    except Exception as error:  # each file system raises its own errors for a bad bucket
        raise ModelError(f"--model {uri}: cannot list the folder ({error})") from error
    files = {}
    for entry in result.metadata_list:
        relative = entry.path[len(base) :].lstrip("/")
        if relative and "/" not in relative:
            files[relative] = entry.size_in_bytes
    return files


def _read(uri: str) -> bytes:
    from apache_beam.io.filesystems import FileSystems

    with FileSystems.open(_beam_path(uri)) as handle:
        return handle.read()


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"
