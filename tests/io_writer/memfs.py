"""An in-memory Beam filesystem (``memtest://``) standing in for gs:// in tests.

It goes through the same ``FileSystems`` calls as an object store (no local
fast path, no directories, rename as copy + delete), so the writer's remote
code path runs offline. Files live in a class-level dict: the DirectRunner
runs in this process.
"""

from __future__ import annotations

import hashlib
import io
import posixpath

from apache_beam.io.filesystem import CompressionTypes, FileMetadata, FileSystem
from apache_beam.io.filesystems import BeamIOError


class _Upload(io.BytesIO):
    """Like an object-store upload: the object appears only when the stream closes."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def close(self) -> None:
        if not self.closed:
            MemoryFileSystem.FILES[self.path] = self.getvalue()
        super().close()


class MemoryFileSystem(FileSystem):
    FILES: dict[str, bytes] = {}  # noqa: RUF012 - shared on purpose, see module docstring

    @classmethod
    def scheme(cls) -> str:
        return "memtest"

    def join(self, basepath: str, *paths: str) -> str:
        return "/".join([basepath.rstrip("/"), *(p.strip("/") for p in paths)])

    def split(self, path: str) -> tuple[str, str]:
        return posixpath.split(path)

    def mkdirs(self, path: str) -> None:
        pass

    def has_dirs(self) -> bool:
        return False

    def _list(self, dir_or_prefix: str):
        for path, data in sorted(self.FILES.items()):
            if path.startswith(dir_or_prefix):
                yield FileMetadata(path, len(data))

    def create(self, path, mime_type="", compression_type=CompressionTypes.AUTO):
        return _Upload(path)

    def open(self, path, mime_type="", compression_type=CompressionTypes.AUTO):
        if path not in self.FILES:
            raise FileNotFoundError(path)
        return io.BytesIO(self.FILES[path])

    def copy(self, source_file_names, destination_file_names) -> None:
        for source, destination in zip(source_file_names, destination_file_names, strict=True):
            self.FILES[destination] = self.FILES[source]

    def rename(self, source_file_names, destination_file_names) -> None:
        self.copy(source_file_names, destination_file_names)
        self.delete(source_file_names)

    def exists(self, path: str) -> bool:
        return path in self.FILES

    def size(self, path: str) -> int:
        return len(self.FILES[path])

    def last_updated(self, path: str) -> float:
        return 0.0

    def checksum(self, path: str) -> str:
        return hashlib.sha256(self.FILES[path]).hexdigest()

    def metadata(self, path: str) -> FileMetadata:
        return FileMetadata(path, len(self.FILES[path]))

    def delete(self, paths) -> None:
        missing = {p: FileNotFoundError(p) for p in paths if p not in self.FILES}
        for path in paths:
            self.FILES.pop(path, None)
        if missing:
            raise BeamIOError("delete failed", missing)
