"""Read an image by reference, once, and prove it is a safe, decodable image.

The writer is the only place that touches image bytes. A bad image (missing,
unreadable, empty, truncated, too large, a decompression bomb, an unsafe tar
member) raises ``ImageRejected`` with a specific reason, which the writer turns
into a ``RejectRecord`` with stage ``"image"``: one bad file never crashes a job.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.formats import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from babelshard.schemas.reasons import (
    IMAGE_BAD_EXT,
    IMAGE_BAD_MEMBER,
    IMAGE_CORRUPT,
    IMAGE_EMPTY,
    IMAGE_MISSING,
    IMAGE_TOO_LARGE,
    IMAGE_TOO_MANY_PIXELS,
    IMAGE_UNREADABLE,
)
from babelshard.schemas.records import ImageRef

_TAR_MEMBER = re.compile(r"^(.+?\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz))#(.+)$")
_EXT = re.compile(r"^[a-z0-9]{1,10}$")


@dataclass(frozen=True)
class ImageLimits:
    """Limits every image must meet before it is written.

    ``max_pixels`` is checked from the header, before any pixel is decoded, so a
    decompression bomb costs nothing; Pillow's own ``Image.MAX_IMAGE_PIXELS``
    (a process-wide setting, error at twice its value) still applies on top.
    ``decode=True`` decodes every image fully, which is the only way to catch
    truncated JPEGs; ``False`` checks only the header (faster, less safe).
    """

    max_bytes: int = MAX_IMAGE_BYTES
    max_pixels: int = MAX_IMAGE_PIXELS
    decode: bool = True


class ImageRejected(Exception):
    """An image that must not be written; ``reason`` is one of the ``IMAGE_*`` constants."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def normalize_ext(ext: str) -> str:
    """Lower-case extension without its dot; it becomes a WebDataset field name."""
    clean = ext.strip().lstrip(".").lower()
    if not _EXT.match(clean):
        raise ImageRejected(IMAGE_BAD_EXT, f"extension {ext!r} is not a plain file extension")
    return clean


def split_tar_uri(uri: str) -> tuple[str, str] | None:
    """``("shard.tar", "member")`` for ``shard.tar#member``; None for a plain path or URI."""
    match = _TAR_MEMBER.match(uri)
    return (match.group(1), match.group(2)) if match else None


def check_image_bytes(data: bytes, limits: ImageLimits) -> tuple[int, int]:
    """Verify ``data`` is an image within ``limits``; returns (width, height)."""
    if not data:
        raise ImageRejected(IMAGE_EMPTY, "zero bytes")
    if len(data) > limits.max_bytes:
        raise ImageRejected(IMAGE_TOO_LARGE, f"{len(data)} bytes > {limits.max_bytes}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > limits.max_pixels:
                    raise ImageRejected(
                        IMAGE_TOO_MANY_PIXELS, f"{width}x{height} > {limits.max_pixels} pixels"
                    )
                if limits.decode:
                    # JPEG decodes at 1/8 scale: every entropy-coded byte is still
                    # read (a truncated file still fails), at a fraction of the cost.
                    image.draft(image.mode, (1, 1))
                    image.load()
    except Image.DecompressionBombError as error:
        raise ImageRejected(IMAGE_TOO_MANY_PIXELS, str(error)) from error
    except ImageRejected:
        raise
    except Exception as error:  # Pillow raises many types for broken files
        raise ImageRejected(IMAGE_CORRUPT, f"{type(error).__name__}: {error}") from error
    return width, height


class ImageLoader:
    """Reads image bytes by reference: local paths, any Beam URI, or ``TAR#MEMBER``.

    Keeps a few source tars open (least recently used closed first), because
    samples of one output shard often share source shards. Use it as a context
    manager, or call ``close()``.
    """

    def __init__(self, limits: ImageLimits | None = None, *, open_tars: int = 8) -> None:
        self.limits = limits or ImageLimits()
        self._open_tars = open_tars
        self._tars: OrderedDict[str, tuple[BinaryIO, tarfile.TarFile]] = OrderedDict()

    def __enter__(self) -> ImageLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        while self._tars:
            _, (stream, archive) = self._tars.popitem()
            archive.close()
            stream.close()

    def load(self, ref: ImageRef) -> bytes:
        """The image's original bytes, verified against the limits."""
        tar_member = split_tar_uri(ref.uri)
        data = self._read_member(*tar_member) if tar_member else self._read_file(ref.uri)
        check_image_bytes(data, self.limits)
        return data

    def _read_file(self, uri: str) -> bytes:
        try:
            if filesystem.is_local(uri):
                size = os.stat(uri).st_size
                if size > self.limits.max_bytes:
                    raise ImageRejected(IMAGE_TOO_LARGE, f"{size} bytes > {self.limits.max_bytes}")
            with filesystem.open_read(uri) as stream:
                data = stream.read(self.limits.max_bytes + 1)
        except ImageRejected:
            raise
        except FileNotFoundError as error:
            raise ImageRejected(IMAGE_MISSING, uri) from error
        except Exception as error:  # BeamIOError, PermissionError, IsADirectoryError ...
            missing = not _exists(uri)
            reason = IMAGE_MISSING if missing else IMAGE_UNREADABLE
            raise ImageRejected(reason, f"{uri}: {type(error).__name__}: {error}") from error
        if len(data) > self.limits.max_bytes:
            raise ImageRejected(IMAGE_TOO_LARGE, f"{uri}: more than {self.limits.max_bytes} bytes")
        return data

    def _read_member(self, tar_uri: str, member: str) -> bytes:
        parts = member.split("/")
        if member.startswith("/") or ".." in parts or "\\" in member:
            raise ImageRejected(IMAGE_BAD_MEMBER, f"unsafe member path {member!r}")
        archive = self._archive(tar_uri)
        try:
            info = archive.getmember(member)
        except KeyError as error:
            raise ImageRejected(IMAGE_MISSING, f"{tar_uri}#{member}") from error
        if not info.isreg():
            raise ImageRejected(IMAGE_BAD_MEMBER, f"{member!r} is not a regular file")
        if info.size > self.limits.max_bytes:
            raise ImageRejected(IMAGE_TOO_LARGE, f"{info.size} bytes > {self.limits.max_bytes}")
        extracted = archive.extractfile(info)
        if extracted is None:
            raise ImageRejected(IMAGE_BAD_MEMBER, f"{member!r} has no data")
        try:
            return extracted.read()
        except (OSError, tarfile.TarError, EOFError) as error:
            raise ImageRejected(IMAGE_UNREADABLE, f"{tar_uri}#{member}: {error}") from error

    def _archive(self, tar_uri: str) -> tarfile.TarFile:
        if tar_uri in self._tars:
            self._tars.move_to_end(tar_uri)
            return self._tars[tar_uri][1]
        try:
            stream = filesystem.open_read(tar_uri)
        except FileNotFoundError as error:
            raise ImageRejected(IMAGE_MISSING, tar_uri) from error
        except Exception as error:
            reason = IMAGE_UNREADABLE if _exists(tar_uri) else IMAGE_MISSING
            raise ImageRejected(reason, f"{tar_uri}: {error}") from error
        try:
            archive = tarfile.open(fileobj=stream, mode="r:*")  # noqa: SIM115 - cached, closed later
        except (tarfile.TarError, OSError, EOFError) as error:
            stream.close()
            detail = f"{tar_uri}: not a readable tar: {error}"
            raise ImageRejected(IMAGE_UNREADABLE, detail) from error
        self._tars[tar_uri] = (stream, archive)
        if len(self._tars) > self._open_tars:
            _, (old_stream, old_archive) = self._tars.popitem(last=False)
            old_archive.close()
            old_stream.close()
        return archive


def _exists(uri: str) -> bool:
    try:
        return filesystem.exists(uri)
    except Exception:
        return False
