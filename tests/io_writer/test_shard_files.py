"""One shard without Beam: deterministic tar, sidecar, stats, and per-sample rejects."""

from __future__ import annotations

import hashlib
import io
import json
import random
import tarfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from babelshard.pipelines.io.images import ImageLimits
from babelshard.pipelines.io.writer_shard import (
    TAR_MODE,
    TAR_MTIME,
    tar_end,
    tar_member,
    write_shard,
)
from babelshard.schemas.keys import key_problem, safe_key
from babelshard.schemas.records import ImageRef, ShardRecord

from .data import image_bytes, write_image


def records(tmp_path: Path) -> list[ShardRecord]:
    rows = []
    for i in [3, 1, 2]:  # unsorted on purpose
        path = write_image(tmp_path / "src" / f"{i}.jpg", image_bytes(seed=i))
        rows.append(
            ShardRecord(
                key=f"k{i}",
                lang="deu_Latn",
                doc={"caption": f"Straße {i}", "scores": {"chrf": 0.5 + i / 10}},
                text=f"Straße {i}",
                image=ImageRef(path, ext="JPG"),
                columns={"n": i, "caption": f"Straße {i}"},
            )
        )
    rows.append(
        ShardRecord(
            key="k4",
            lang="deu_Latn",
            doc={"rendered": True},
            image_bytes=image_bytes(fmt="PNG", seed=4),
            image_ext="png",
            columns={"n": 4},
        )
    )
    return rows


def test_write_shard_layout_and_contents(tmp_path: Path) -> None:
    path = tmp_path / "out" / "deu_Latn-00000.tar"
    info = write_shard(records(tmp_path), str(path))
    assert (info.samples, info.first_key, info.last_key, info.rejects) == (4, "k1", "k4", [])
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "deu_Latn-00000.parquet",
        "deu_Latn-00000.tar",
        "deu_Latn-00000_stats.json",
    ]
    with tarfile.open(path) as archive:
        members = archive.getmembers()
        names = [m.name for m in members]
        assert names[:3] == ["k1.json", "k1.txt", "k1.jpg"]
        assert names[-2:] == ["k4.json", "k4.png"]
        assert {(m.mtime, m.uid, m.gid, m.uname, m.gname, m.mode) for m in members} == {
            (0, 0, 0, "", "", 0o644)
        }
        doc = json.loads(archive.extractfile("k2.json").read())
        assert doc == {"caption": "Straße 2", "scores": {"chrf": 0.7}}
        assert "Straße".encode() in archive.extractfile("k2.json").read()  # ensure_ascii=False
        assert archive.extractfile("k2.jpg").read() == image_bytes(seed=2)
    stats = json.loads((path.parent / "deu_Latn-00000_stats.json").read_text())
    data = path.read_bytes()
    assert stats["sha256"] == hashlib.sha256(data).hexdigest() == info.sha256
    assert (stats["count"], stats["bytes"], stats["first_key"]) == (4, len(data), "k1")
    table = pq.read_table(path.parent / "deu_Latn-00000.parquet")
    assert table.column_names == ["key", "caption", "n"]
    assert table.column("key").to_pylist() == ["k1", "k2", "k3", "k4"]
    assert table.column("caption").to_pylist()[-1] is None


def test_same_records_give_identical_bytes(tmp_path: Path) -> None:
    first = write_shard(records(tmp_path), str(tmp_path / "a" / "deu_Latn-00000.tar"))
    second = write_shard(records(tmp_path)[::-1], str(tmp_path / "b" / "deu_Latn-00000.tar"))
    assert first.sha256 == second.sha256
    for name in ("deu_Latn-00000.parquet", "deu_Latn-00000_stats.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_bad_samples_become_rejects_not_crashes(tmp_path: Path) -> None:
    good = records(tmp_path)
    bad = [
        ShardRecord(key="k1", lang="deu_Latn", doc={"dup": True}),  # duplicate of a good key
        ShardRecord(key="has.dot", lang="deu_Latn", doc={}),
        ShardRecord(key="k5", lang="deu_Latn", doc={"x": {1, 2}}),  # a set is not JSON
        ShardRecord(key="k6", lang="deu_Latn", doc={}, image=ImageRef(str(tmp_path / "no.jpg"))),
        ShardRecord(key="k7", lang="deu_Latn", doc={}, image_bytes=b"", image_ext="png"),
        ShardRecord(
            key="k8", lang="deu_Latn", doc={}, image_bytes=image_bytes((300, 300)), image_ext="jpg"
        ),
        ShardRecord(key="k9", lang="deu_Latn", doc={}, image_bytes=image_bytes(), image_ext="txt"),
    ]
    path = tmp_path / "out" / "deu_Latn-00000.tar"
    info = write_shard([*good, *bad], str(path), limits=ImageLimits(max_pixels=50_000))
    assert info.samples == 4
    reasons = {(r.key, r.reason, r.stage) for r in info.rejects}
    assert reasons == {
        ("k1", "duplicate_key", "write"),
        ("has.dot", "invalid_key", "write"),
        ("k5", "doc_not_json", "write"),
        ("k6", "image_missing", "image"),
        ("k7", "image_empty", "image"),
        ("k8", "image_too_many_pixels", "image"),
        ("k9", "image_bad_ext", "image"),
    }
    assert sum(info.rejected.values()) == len(bad)
    with tarfile.open(path) as archive:
        assert json.loads(archive.extractfile("k1.json").read())["caption"] == "Straße 1"
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def tarfile_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """The members as ``tarfile`` writes them (PAX format, the shard writer's fixed fields)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), TAR_MTIME, TAR_MODE
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_tar_members_are_tarfiles_bytes() -> None:
    """The shard writer builds headers itself; they must be ``tarfile``'s, pax records included."""
    names = ["k1.json", "k" * 100, "k" * 101, "Straße.json", "llava-000012-deu_Latn.jpg", ""]
    rng = random.Random(0)
    for trial in range(100):
        members = [
            (rng.choice(names), rng.randbytes(rng.choice([0, 1, 511, 512, 513, 3000])))
            for _ in range(rng.randrange(5))
        ]
        stream = b"".join(tar_member(name, data) for name, data in members)
        assert stream + tar_end(len(stream)) == tarfile_bytes(members), trial


def test_write_shard_wants_a_shard_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="LANG-NNNNN"):
        write_shard([], str(tmp_path / "shard.tar"))


def test_keys() -> None:
    assert safe_key("coco/train2017/000123.jpg") == "coco_train2017_000123_jpg"
    assert key_problem(safe_key("a.b c/d")) is None
    assert key_problem("a.b") and key_problem("") and key_problem("a/b")


def test_a_shard_written_in_many_blocks_is_the_shard_written_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members go to the stream in blocks; where the blocks end changes no byte, hash or size."""
    from babelshard.pipelines.io import writer_shard

    whole = write_shard(records(tmp_path), str(tmp_path / "a" / "deu_Latn-00000.tar"))
    monkeypatch.setattr(writer_shard, "WRITE_BLOCK", 1)  # a write after every sample
    blocks = write_shard(records(tmp_path), str(tmp_path / "b" / "deu_Latn-00000.tar"))
    a, b = (tmp_path / "a" / "deu_Latn-00000.tar"), (tmp_path / "b" / "deu_Latn-00000.tar")
    assert a.read_bytes() == b.read_bytes()
    assert (whole.sha256, whole.bytes) == (blocks.sha256, blocks.bytes)
    assert hashlib.sha256(b.read_bytes()).hexdigest() == blocks.sha256
    with tarfile.open(b) as tar:
        assert len(tar.getnames()) == 11  # 4 samples: 4 docs, 3 texts, 4 images
