"""The writer on an object store (gs://-like, via Beam FileSystems), images read from it too."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import apache_beam as beam

from babelshard.pipelines.io.manifest import read_manifest, shard_urls, verify_output
from babelshard.pipelines.io.writer import WriteDataset
from babelshard.schemas.records import ImageRef, RejectRecord, ShardRecord

from .data import image_bytes
from .memfs import MemoryFileSystem

ROOT = "memtest://bucket"


def source_tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_write_to_object_store() -> None:
    files = MemoryFileSystem.FILES
    files.clear()
    images = {i: image_bytes(seed=i) for i in range(8)}
    for i in range(4):
        files[f"{ROOT}/img/{i}.jpg"] = images[i]
    files[f"{ROOT}/src/s-000.tar"] = source_tar({f"{i}.jpg": images[i] for i in range(4, 8)})
    uris = [f"{ROOT}/img/{i}.jpg" for i in range(4)] + [
        f"{ROOT}/src/s-000.tar#{i}.jpg" for i in range(4, 8)
    ]
    records = [
        ShardRecord(key=f"k{i}", lang="deu_Latn", doc={"i": i}, image=ImageRef(uri))
        for i, uri in enumerate(uris)
    ]
    records.append(
        ShardRecord(key="gone", lang="deu_Latn", doc={}, image=ImageRef(f"{ROOT}/img/x.jpg"))
    )
    rejects = [RejectRecord("r", "d", "1", "deu_Latn", "lid_mismatch", "filter")]

    with beam.Pipeline(runner="DirectRunner") as pipeline:
        inputs = {
            "records": pipeline | "Records" >> beam.Create(records),
            "rejects": pipeline | "Rejects" >> beam.Create(rejects),
        }
        _ = inputs | WriteDataset(f"{ROOT}/out", shard_size=3, input_count=10)

    out = f"{ROOT}/out"
    manifest = read_manifest(out)
    assert (manifest["totals"]["written"], manifest["totals"]["rejected"]) == (8, 2)
    assert manifest["rejects"]["by_reason"] == {"image_missing": 1, "lid_mismatch": 1}
    assert verify_output(out) == []
    assert not [p for p in files if p.endswith(".partial")]
    urls = shard_urls(out)
    assert urls == [f"{out}/deu_Latn/deu_Latn-{i:05d}.tar" for i in range(len(urls))]
    seen = {}
    for url in urls:
        with tarfile.open(fileobj=io.BytesIO(files[url])) as archive:
            for member in archive:
                seen[member.name] = archive.extractfile(member).read()
        stats = json.loads(files[url.removesuffix(".tar") + "_stats.json"])
        assert stats["sha256"] == hashlib.sha256(files[url]).hexdigest()
    assert {name: data for name, data in seen.items() if name.endswith(".jpg")} == {
        f"k{i}.jpg": images[i] for i in range(8)
    }
    assert f"{out}/_rejects/deu_Latn-00000.jsonl" in files
