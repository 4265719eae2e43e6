"""Atomic file output on any Beam filesystem, with a fast path for local disks.

Every output of a job becomes visible only under its final name and only when
complete: bytes go to a hidden temporary name in the *same directory*, are
flushed (and fsynced on local disks), and then renamed. Object stores (gs://,
s3://) go through Beam's ``FileSystems``; an object there is invisible until its
upload finishes, and the rename is a server-side copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import shutil
import uuid
from collections.abc import Iterator
from typing import BinaryIO

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

TEMP_SUFFIX = ".partial"


def is_local(path: str) -> bool:
    """True for plain paths (no scheme), which take the os-level fast path."""
    return FileSystems.get_scheme(path) is None


def join(base: str, *parts: str) -> str:
    """Join path parts the way the base's filesystem expects."""
    if is_local(base):
        return os.path.join(base, *parts)
    return FileSystems.join(base, *parts)


def split(path: str) -> tuple[str, str]:
    """(directory, name) of a path on any filesystem."""
    if is_local(path):
        return os.path.split(path)
    return posixpath.split(path)


def temp_path(final_path: str, tag: str = "") -> str:
    """A unique hidden name next to ``final_path``; globs like ``*.tar`` never match it."""
    directory, name = split(final_path)
    stem = f"{name}-{tag}" if tag else name
    return join(directory, f".{stem}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def makedirs(directory: str) -> None:
    """Create a local directory tree; object stores have no directories."""
    if is_local(directory):
        os.makedirs(directory, exist_ok=True)


def create(path: str) -> BinaryIO:
    """Open ``path`` for writing raw bytes (no compression guessed from its name)."""
    if is_local(path):
        makedirs(os.path.dirname(path) or ".")
        return open(path, "wb")
    return FileSystems.create(
        path, mime_type="application/octet-stream", compression_type=CompressionTypes.UNCOMPRESSED
    )


def finish(stream: BinaryIO) -> None:
    """Flush, fsync (local files) and close a stream from ``create``."""
    stream.flush()
    if hasattr(stream, "fileno"):
        with contextlib.suppress(OSError, ValueError):
            os.fsync(stream.fileno())
    stream.close()


def open_read(path: str) -> BinaryIO:
    """Open ``path`` for reading raw bytes on any filesystem."""
    if is_local(path):
        return open(path, "rb")
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


def exists(path: str) -> bool:
    return os.path.exists(path) if is_local(path) else FileSystems.exists(path)


def delete(paths: list[str]) -> None:
    """Delete files that exist; missing ones are fine (finalize steps may be retried)."""
    for path in paths:
        if not exists(path):
            continue
        if is_local(path):
            os.remove(path)
        else:
            FileSystems.delete([path])


def remove_tree(directory: str) -> None:
    """Delete a folder and everything below it; a missing folder is fine."""
    if is_local(directory):
        shutil.rmtree(directory, ignore_errors=True)
        return
    matches = FileSystems.match([join(directory, "**")])[0].metadata_list
    if matches:
        FileSystems.delete([m.path for m in matches])


def commit(temp: str, final: str) -> None:
    """Rename a finished temporary file to its final name, replacing an older one."""
    if is_local(temp):
        os.replace(temp, final)
        _fsync_dir(os.path.dirname(final) or ".")
        return
    if FileSystems.exists(final):
        FileSystems.delete([final])
    FileSystems.rename([temp], [final])


def _fsync_dir(directory: str) -> None:
    """Persist a rename on POSIX filesystems; a no-op where directories cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def list_files(directory: str) -> list[str]:
    """Names (not paths) of the files directly inside ``directory``; [] if it is missing."""
    if is_local(directory):
        if not os.path.isdir(directory):
            return []
        return sorted(e.name for e in os.scandir(directory) if e.is_file())
    prefix = directory.rstrip("/") + "/"
    matches = FileSystems.match([prefix + "*"])[0].metadata_list
    names = (m.path[len(prefix) :] for m in matches)
    return sorted(n for n in names if n and "/" not in n)


def list_dirs(directory: str) -> list[str]:
    """Names of the subdirectories of ``directory`` (object stores: of its ``*/`` prefixes)."""
    if is_local(directory):
        if not os.path.isdir(directory):
            return []
        return sorted(e.name for e in os.scandir(directory) if e.is_dir())
    prefix = directory.rstrip("/") + "/"
    matches = FileSystems.match([prefix + "*/*"])[0].metadata_list
    return sorted({m.path[len(prefix) :].split("/", 1)[0] for m in matches})


class HashingWriter:
    """Write-through wrapper that counts bytes and computes the sha256 on the way out."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.size = 0
        self._sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self._sha.update(data)
        self.size += len(data)
        self.stream.write(data)
        return len(data)

    def flush(self) -> None:
        self.stream.flush()

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()


@contextlib.contextmanager
def atomic_writer(final_path: str) -> Iterator[HashingWriter]:
    """Write ``final_path`` atomically: a temp name, then rename; the temp is removed on error."""
    temp = temp_path(final_path)
    stream = create(temp)
    try:
        writer = HashingWriter(stream)
        yield writer
        finish(stream)
    except BaseException:
        with contextlib.suppress(Exception):
            stream.close()
        delete([temp])
        raise
    commit(temp, final_path)


def write_file(path: str, data: bytes) -> tuple[int, str]:
    """Write ``data`` to ``path`` directly (for paths that are already temporary)."""
    stream = create(path)
    writer = HashingWriter(stream)
    try:
        writer.write(data)
        finish(stream)
    except BaseException:
        stream.close()
        delete([path])
        raise
    return writer.size, writer.sha256


def write_atomic(final_path: str, data: bytes) -> tuple[int, str]:
    """Write ``data`` to ``final_path`` atomically; returns (bytes, sha256)."""
    with atomic_writer(final_path) as out:
        out.write(data)
    return out.size, out.sha256


def read_bytes(path: str) -> bytes:
    with open_read(path) as f:
        return f.read()
