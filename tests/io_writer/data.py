"""Generated images and tars for the writer tests (small, built in tmp_path)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from PIL import Image


def image_bytes(size: tuple[int, int] = (16, 12), fmt: str = "JPEG", seed: int = 0) -> bytes:
    """A small image whose pixels depend on ``seed``, so files differ from each other."""
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    image.putpixel((0, 0), (255 - seed % 256, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def write_image(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def write_source_tar(path: Path, members: dict[str, bytes], symlinks: dict[str, str]) -> str:
    """A source tar shard with regular members and symlink members."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in symlinks.items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return str(path)


def noisy_jpeg(size: tuple[int, int] = (128, 128)) -> bytes:
    """A JPEG big enough that cutting its tail leaves a valid header and broken pixel data."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    """The first half of a 96x96 JPEG: the header parses, decoding fails."""
    full = noisy_jpeg((96, 96))
    return full[: len(full) // 2]
