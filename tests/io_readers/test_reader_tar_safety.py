"""WebDataset tars: unsafe members are refused, nothing is extracted, bad members are rejects."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest

from babelshard.pipelines.io.readers import ReaderOptions, read_samples
from babelshard.pipelines.io.readers_wds import unsafe_reason
from babelshard.pipelines.sample_corpus import SampleCorpus

from .helpers import split


def add_file(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def add_special(tar: tarfile.TarFile, name: str, kind: bytes, target: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    tar.addfile(info)


@pytest.fixture
def hostile_tar(tmp_path: Path) -> Path:
    path = tmp_path / "shards" / "hostile-000000.tar"
    path.parent.mkdir()
    with tarfile.open(path, "w") as tar:
        add_file(tar, "000.jpg", b"\xff\xd8 not really a jpeg")
        add_file(tar, "000.txt", b"a red circle")
        add_file(tar, "../evil.txt", b"escaped the folder")
        add_file(tar, "/tmp/absolute.txt", b"absolute path")
        add_file(tar, "sub/../../up.txt", b"escapes through a folder")
        add_special(tar, "001.txt", tarfile.SYMTYPE, "/etc/passwd")
        add_file(tar, "001.jpg", b"jpeg bytes")
        add_special(tar, "002.txt", tarfile.LNKTYPE, "000.txt")
        add_special(tar, "003.txt", tarfile.CHRTYPE)
        add_special(tar, "004.txt", tarfile.FIFOTYPE)
        add_file(tar, "005.txt", b"a blue square, text only")
    return path


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_unsafe_members_are_refused_and_nothing_is_extracted(hostile_tar: Path) -> None:
    root = hostile_tar.parent.parent
    before = tree(root)
    cwd_before = set(os.listdir())
    items = list(read_samples("wds", str(hostile_tar), ReaderOptions()))
    assert tree(root) == before
    assert set(os.listdir()) == cwd_before
    samples, rejects = split(items)
    unsafe = {r.source_id: r.detail for r in rejects if r.reason == "unsafe_tar_member"}
    assert set(unsafe) == {
        "../evil.txt",
        "/tmp/absolute.txt",
        "sub/../../up.txt",
        "001.txt",
        "002.txt",
        "003.txt",
        "004.txt",
    }
    assert "link" in unsafe["001.txt"] and "link" in unsafe["002.txt"]
    assert "device" in unsafe["003.txt"]
    good = {s.source_id: s for s in samples}
    assert set(good) == {"000", "005"}
    assert good["000"].image.uri == f"{hostile_tar}#000.jpg"
    assert good["000"].turns[0].text == "a red circle"
    assert good["005"].image is None and good["005"].kind == "text"
    # 001 keeps its image but its text was a symlink: rejected for the missing text
    assert [r.reason for r in rejects if r.source_id == "001"] == ["missing_field"]


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("a/b.txt", tarfile.REGTYPE, None),
        ("a/b", tarfile.DIRTYPE, None),
        ("/a.txt", tarfile.REGTYPE, "absolute path"),
        ("C:/a.txt", tarfile.REGTYPE, "absolute path"),
        ("a/../../b.txt", tarfile.REGTYPE, "parent-directory reference"),
        ("a.txt", tarfile.SYMTYPE, "link"),
        ("a.txt", tarfile.LNKTYPE, "link"),
        ("a.txt", tarfile.BLKTYPE, "device or fifo"),
    ],
)
def test_unsafe_reason(name: str, kind: bytes, reason: str | None) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    assert unsafe_reason(info) == reason


def test_bad_text_members_become_rejects(tmp_path: Path) -> None:
    path = tmp_path / "bad.tar"
    with tarfile.open(path, "w") as tar:
        add_file(tar, "a.jpg", b"jpeg")
        add_file(tar, "a.txt", b"caf\xe9")
        add_file(tar, "b.jpg", b"jpeg")
        add_file(tar, "b.txt", b"x" * 100)
        add_file(tar, "c.jpg", b"jpeg")
        add_file(tar, "c.json", b"{not json")
        add_file(tar, "d.png", b"png")
        add_file(tar, "d.json", json.dumps({"caption": "a green triangle"}).encode())
        add_file(tar, "README", b"no extension: not a sample member")
    options = ReaderOptions(max_text_chars=20, text_field="caption")
    samples, rejects = split(list(read_samples("wds", str(path), options)))
    assert [(r.source_id, r.reason) for r in rejects] == [
        ("a", "not_utf8"),
        ("b", "text_too_long"),
        ("c", "malformed_json"),
        ("README", "unknown_tar_member"),
    ]
    (sample,) = samples
    assert (sample.turns[0].text, sample.turns[0].role) == ("a green triangle", "caption")
    assert sample.meta["text_paths"] == [["json", "caption"]]
    assert sample.image.ext == "png"


def test_truncated_tar_keeps_what_was_read_and_rejects_the_rest(
    corpus: SampleCorpus, tmp_path: Path
) -> None:
    data = corpus.wds.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) // 2 + 100])
    samples, rejects = split(list(read_samples("wds", str(cut), ReaderOptions())))
    assert 0 < len(samples) < corpus.n_images
    assert [r.reason for r in rejects] == ["malformed_file"]
