"""Image safety: every bad image becomes a specific reason, never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from babelshard.pipelines.io import images
from babelshard.pipelines.io.images import (
    ImageLimits,
    ImageLoader,
    ImageRejected,
    check_image_bytes,
    normalize_ext,
    split_tar_uri,
)
from babelshard.schemas.records import ImageRef

from .data import image_bytes, truncated_jpeg, write_image, write_source_tar


def reason_of(fn, *args) -> str:
    with pytest.raises(ImageRejected) as caught:
        fn(*args)
    return caught.value.reason


def test_good_image_returns_its_size(jpeg: bytes) -> None:
    assert check_image_bytes(jpeg, ImageLimits()) == (16, 12)


@pytest.mark.parametrize(
    ("data", "limits", "reason"),
    [
        (b"", ImageLimits(), images.IMAGE_EMPTY),
        (b"not an image at all", ImageLimits(), images.IMAGE_CORRUPT),
        (truncated_jpeg(), ImageLimits(), images.IMAGE_CORRUPT),
        (image_bytes((200, 200)), ImageLimits(max_pixels=10_000), images.IMAGE_TOO_MANY_PIXELS),
        (image_bytes(), ImageLimits(max_bytes=100), images.IMAGE_TOO_LARGE),
    ],
    ids=["empty", "garbage", "truncated-jpeg", "pixel-bomb", "too-many-bytes"],
)
def test_bad_bytes_are_rejected(data: bytes, limits: ImageLimits, reason: str) -> None:
    assert reason_of(check_image_bytes, data, limits) == reason


def test_header_only_check_lets_a_truncated_jpeg_through() -> None:
    truncated = truncated_jpeg()
    assert check_image_bytes(truncated, ImageLimits(decode=False)) == (96, 96)
    assert reason_of(check_image_bytes, truncated, ImageLimits()) == images.IMAGE_CORRUPT


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
def test_reduced_scale_decoding_still_catches_a_jpeg_cut_near_its_end(progressive: bool) -> None:
    # The check decodes JPEGs at 1/8 scale; the entropy-coded data is read all the same.
    buffer = io.BytesIO()
    Image.effect_noise((640, 480), 64).convert("RGB").save(
        buffer, format="JPEG", progressive=progressive
    )
    full = buffer.getvalue()
    assert check_image_bytes(full, ImageLimits()) == (640, 480)
    cut = full[: len(full) - len(full) // 100]
    assert reason_of(check_image_bytes, cut, ImageLimits()) == images.IMAGE_CORRUPT


def test_pillow_bomb_error_maps_to_too_many_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images.Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow errors at 2x
    data = image_bytes((100, 100), fmt="PNG")
    assert reason_of(check_image_bytes, data, ImageLimits(max_pixels=10**9)) == (
        images.IMAGE_TOO_MANY_PIXELS
    )


def test_loader_reads_local_files_once_and_unchanged(tmp_path: Path, jpeg: bytes) -> None:
    path = write_image(tmp_path / "a.jpg", jpeg)
    with ImageLoader() as loader:
        assert loader.load(ImageRef(path)) == jpeg
        assert reason_of(loader.load, ImageRef(str(tmp_path / "nope.jpg"))) == images.IMAGE_MISSING
        assert reason_of(loader.load, ImageRef(str(tmp_path))) == images.IMAGE_UNREADABLE
    with ImageLoader(ImageLimits(max_bytes=10)) as loader:
        assert reason_of(loader.load, ImageRef(path)) == images.IMAGE_TOO_LARGE


def test_loader_reads_tar_members_safely(tmp_path: Path, jpeg: bytes) -> None:
    tar = write_source_tar(
        tmp_path / "src-000.tar",
        {"img/a.jpg": jpeg, "../escape.jpg": jpeg},
        {"img/link.jpg": "a.jpg"},
    )
    with ImageLoader() as loader:
        assert loader.load(ImageRef(f"{tar}#img/a.jpg")) == jpeg
        cases = {
            f"{tar}#../escape.jpg": images.IMAGE_BAD_MEMBER,
            f"{tar}#/etc/passwd": images.IMAGE_BAD_MEMBER,
            f"{tar}#img/link.jpg": images.IMAGE_BAD_MEMBER,
            f"{tar}#img/none.jpg": images.IMAGE_MISSING,
            f"{tmp_path}/missing.tar#a.jpg": images.IMAGE_MISSING,
        }
        for uri, reason in cases.items():
            assert reason_of(loader.load, ImageRef(uri)) == reason, uri


def test_loader_closes_least_recently_used_tars(tmp_path: Path, jpeg: bytes) -> None:
    tars = [write_source_tar(tmp_path / f"s{i}.tar", {"a.jpg": jpeg}, {}) for i in range(3)]
    with ImageLoader(open_tars=2) as loader:
        for tar in [*tars, tars[0]]:
            assert loader.load(ImageRef(f"{tar}#a.jpg")) == jpeg
        assert list(loader._tars) == [tars[2], tars[0]]


def test_tar_uri_and_ext_parsing() -> None:
    uri = "gs://b/x/shard-001.tar#img/1.jpg"
    assert split_tar_uri(uri) == ("gs://b/x/shard-001.tar", "img/1.jpg")
    assert split_tar_uri("/data/a#b.jpg") is None
    assert normalize_ext(".JPG") == "jpg"
    with pytest.raises(ImageRejected):
        normalize_ext("tar.gz")
