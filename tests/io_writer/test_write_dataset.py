"""WriteDataset end to end on the DirectRunner: layout, contents, rejects, determinism, loaders."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.metrics.metric import MetricsFilter

from babelshard.pipelines.io.images import ImageLimits
from babelshard.pipelines.io.manifest import read_manifest, shard_urls, verify_output
from babelshard.pipelines.io.writer import WriteDataset, pack_records
from babelshard.schemas.records import ImageRef, RejectRecord, ShardRecord

from .data import image_bytes, truncated_jpeg, write_image, write_source_tar

LIMITS = ImageLimits(max_pixels=10_000)  # good images are 16x12; the bomb is 200x200
LANGS = ("deu_Latn", "fra_Latn", "swh_Latn")


class Corpus:
    """A few dozen records in three languages, with good and bad images, built in tmp_path."""

    def __init__(self, root: Path) -> None:
        self.records: list[ShardRecord] = []
        self.good: dict[str, ShardRecord] = {}
        self.image_of: dict[str, bytes] = {}
        self.expected_rejects: Counter[str] = Counter({"lid_mismatch": 3})
        src = root / "src"
        tar_images = {f"img/{i}.jpg": image_bytes(seed=100 + i) for i in range(4)}
        tar = write_source_tar(
            src / "source-000.tar", {**tar_images, "../up.jpg": image_bytes()}, {"img/l.jpg": "0"}
        )
        for i in range(14):  # German: captions with corpus images, by path or tar member
            key = f"coco_{i:04d}_deu_Latn"
            if i < 10:
                data = image_bytes(seed=i)
                ref = ImageRef(write_image(src / f"{i}.JPG", data), ext="JPG")
            else:
                data = tar_images[f"img/{i - 10}.jpg"]
                ref = ImageRef(f"{tar}#img/{i - 10}.jpg")
            self.add_good(
                ShardRecord(
                    key=key,
                    lang="deu_Latn",
                    doc={"caption": f"Ein Hund Nr. {i} läuft", "source_id": str(i)},
                    text=f"Ein Hund Nr. {i} läuft",
                    image=ref,
                    columns={"dataset": "coco", "n": i, "chrf": 50.0 + i},
                ),
                data,
            )
        bad = {
            "image_missing": [str(src / "nope.jpg"), f"{tar}#img/nope.jpg"],
            "image_corrupt": [write_image(src / "trunc.jpg", truncated_jpeg())],
            "image_empty": [write_image(src / "zero.jpg", b"")],
            "image_too_many_pixels": [write_image(src / "bomb.jpg", image_bytes((200, 200)))],
            "image_bad_member": [f"{tar}#../up.jpg", f"{tar}#img/l.jpg"],
        }
        for reason, uris in bad.items():
            for j, uri in enumerate(uris):
                self.records.append(
                    ShardRecord(
                        key=f"bad_{reason}_{j}_deu_Latn",
                        lang="deu_Latn",
                        doc={"caption": "kaputt"},
                        text="kaputt",
                        image=ImageRef(uri),
                        columns={"dataset": "coco", "n": -1},
                    )
                )
                self.expected_rejects[reason] += 1
        for i in range(10):  # French: rendered images inline, no .txt
            data = image_bytes(fmt="PNG", seed=50 + i)
            self.add_good(
                ShardRecord(
                    key=f"synth_{i:04d}_fra_Latn",
                    lang="fra_Latn",
                    doc={"ocr": f"Bonjour {i}"},
                    image_bytes=data,
                    image_ext="png",
                    columns={"dataset": "synth", "n": i, "extra": None if i % 2 else "é"},
                ),
                data,
            )
        dup = [ShardRecord(key="synth_0003_fra_Latn", lang="fra_Latn", doc={"ocr": "dup"})]
        badkey = [ShardRecord(key="synth.bad", lang="fra_Latn", doc={"ocr": "x"})]
        self.records += dup + badkey
        self.expected_rejects.update({"duplicate_key": 1, "invalid_key": 1})
        for i in range(6):  # Swahili: text only
            self.add_good(
                ShardRecord(
                    key=f"txt_{i:04d}_swh_Latn",
                    lang="swh_Latn",
                    doc={"text": f"Habari {i}"},
                    text=f"Habari {i}",
                    columns={"dataset": "wiki", "n": i},
                ),
                None,
            )
        self.rejects = [
            RejectRecord(
                f"lid_{i}", "coco", str(i), lang, "lid_mismatch", "filter", "", {"lid": 0.1}
            )
            for i, lang in enumerate(["deu_Latn", "swh_Latn", "swh_Latn"])
        ]
        self.parallel = [
            {
                "key": f"coco_{i:04d}_deu_Latn",
                "source": f"A dog number {i} runs",
                "target": f"Ein Hund Nr. {i} läuft",
                "source_lang": "eng_Latn",
                "target_lang": lang,
                "chrf": 50.0 + i,
                **({"lid": 0.9} if i % 2 else {}),
            }
            for i in range(8)
            for lang in ("deu_Latn", "fra_Latn")
        ]
        self.inputs = len(self.records) + len(self.rejects)

    def add_good(self, record: ShardRecord, image: bytes | None) -> None:
        self.records.append(record)
        self.good[record.key] = record
        if image is not None:
            self.image_of[record.key] = image


def run_writer(corpus: Corpus, out: Path, *, shard_size: int = 4, full: bool = True) -> Any:
    pipeline = beam.Pipeline(runner="DirectRunner")
    inputs = {"records": pipeline | "Records" >> beam.Create(corpus.records)}
    count: Any = corpus.inputs
    if full:
        inputs["rejects"] = pipeline | "Rejects" >> beam.Create(corpus.rejects)
        inputs["parallel"] = pipeline | "Parallel" >> beam.Create(corpus.parallel)
    else:  # rejects/parallel left out; the input count arrives as a PCollection
        count = pipeline | "Count" >> beam.Create([len(corpus.records)])
    config = {"langs": list(LANGS), "seed": 7}
    _ = inputs | WriteDataset(
        str(out), shard_size=shard_size, config=config, input_count=count, image_limits=LIMITS
    )
    result = pipeline.run()
    result.wait_until_finish()
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def written(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("out") / "dataset"
    return out, run_writer(corpus, out)


def tar_samples(path: Path) -> dict[str, dict[str, bytes]]:
    samples: dict[str, dict[str, bytes]] = {}
    with tarfile.open(path) as archive:
        for member in archive:
            key, ext = member.name.split(".", 1)
            samples.setdefault(key, {})[ext] = archive.extractfile(member).read()
    return samples


def all_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def test_manifest_accounts_for_every_input(written: tuple[Path, Any], corpus: Corpus) -> None:
    out, _ = written
    manifest = read_manifest(str(out))
    totals = manifest["totals"]
    assert totals["inputs"] == corpus.inputs == totals["written"] + totals["rejected"]
    assert totals["written"] == len(corpus.good)
    assert manifest["rejects"]["by_reason"] == dict(sorted(corpus.expected_rejects.items()))
    assert manifest["config"] == {"langs": list(LANGS), "seed": 7}
    assert manifest["writer"]["image_limits"]["max_pixels"] == LIMITS.max_pixels
    for lang in LANGS:
        expected = sum(1 for r in corpus.good.values() if r.lang == lang)
        assert manifest["languages"][lang]["samples"] == expected
    assert verify_output(str(out)) == []


def test_layout_is_contiguous_with_sidecars_and_no_temp_files(written: tuple[Path, Any]) -> None:
    out, _ = written
    manifest = read_manifest(str(out))
    expected = {"manifest.json"}
    for lang in LANGS:
        n = manifest["languages"][lang]["shards"]
        assert n >= 2  # shard_size 4: several shards per language
        shards = [s["path"] for s in manifest["shards"] if s["lang"] == lang]
        assert shards == [f"{lang}/{lang}-{i:05d}.tar" for i in range(n)]
        for path in shards:
            stem = path.removesuffix(".tar")
            expected |= {path, f"{stem}.parquet", f"{stem}_stats.json"}
    expected |= {f["path"] for f in manifest["rejects"]["files"]}
    expected |= {f["path"] for f in manifest["parallel"]["files"]}
    assert all_files(out) == sorted(expected)  # nothing else: no temp names, no strays


def test_shards_hold_exactly_the_good_samples(written: tuple[Path, Any], corpus: Corpus) -> None:
    out, _ = written
    seen: list[str] = []
    schemas = set()
    for entry in read_manifest(str(out))["shards"]:
        tar = out / entry["path"]
        samples = tar_samples(tar)
        keys = list(samples)
        assert keys == sorted(keys) and len(keys) == entry["samples"]
        seen += keys
        for key, fields in samples.items():
            record = corpus.good[key]
            assert record.lang == entry["lang"]
            assert json.loads(fields.pop("json").decode("utf-8")) == record.doc
            if record.text is not None:
                assert fields.pop("txt").decode("utf-8") == record.text
            if key in corpus.image_of:
                ext = "png" if record.image_bytes else record.image.ext.lower()
                assert fields.pop(ext) == corpus.image_of[key]  # original bytes
            assert fields == {}
        sidecar = pq.read_table(out / entry["parquet"])
        schemas.add(sidecar.schema)
        assert sidecar.column("key").to_pylist() == keys
        assert sidecar.column("n").to_pylist() == [corpus.good[k].columns["n"] for k in keys]
        stats = json.loads((out / entry["stats"]).read_text())
        data = tar.read_bytes()
        assert stats["sha256"] == hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert (stats["count"], stats["bytes"]) == (len(keys), len(data))
        assert (stats["first_key"], stats["last_key"]) == (keys[0], keys[-1])
    assert sorted(seen) == sorted(corpus.good)  # unique across the dataset, none lost
    assert len(schemas) == 1  # one sidecar schema for every shard


def test_rejects_and_parallel_outputs(written: tuple[Path, Any], corpus: Corpus) -> None:
    out, _ = written
    manifest = read_manifest(str(out))
    rows = []
    for entry in manifest["rejects"]["files"]:
        lines = (out / entry["path"]).read_text(encoding="utf-8").splitlines()
        rows += [json.loads(line) for line in lines]
    assert Counter(r["reason"] for r in rows) == corpus.expected_rejects
    bomb = next(r for r in rows if r["reason"] == "image_too_many_pixels")
    assert (bomb["stage"], bomb["lang"], bomb["doc"]) == (
        "image",
        "deu_Latn",
        {"caption": "kaputt"},
    )
    assert "200x200" in bomb["detail"]
    tables = [pq.read_table(out / f["path"]) for f in manifest["parallel"]["files"]]
    assert {f["langs"] for f in manifest["parallel"]["files"]} == {
        "eng_Latn-deu_Latn",
        "eng_Latn-fra_Latn",
    }
    assert tables[0].column_names[:5] == ["key", "source_lang", "target_lang", "source", "target"]
    pairs = [row for table in tables for row in table.to_pylist()]
    assert len(pairs) == manifest["parallel"]["pairs"] == len(corpus.parallel)
    assert sorted(pairs, key=lambda r: (r["key"], r["target_lang"])) == sorted(
        ({"lid": None, **row} for row in corpus.parallel),
        key=lambda r: (r["key"], r["target_lang"]),
    )


def test_beam_counters(written: tuple[Path, Any], corpus: Corpus) -> None:
    _, result = written
    query = result.metrics().query(MetricsFilter().with_namespace("babelshard"))
    counters = {c.key.metric.name: c.committed for c in query["counters"]}
    assert counters["written_deu_Latn"] == 14
    assert counters["written_fra_Latn"] == 10
    assert counters["rejected_image_bad_member"] == 2
    assert counters["rejected_lid_mismatch"] == 3


def test_same_input_gives_identical_output(
    written: tuple[Path, Any], corpus: Corpus, tmp_path: Path
) -> None:
    out, _ = written
    again = tmp_path / "again"
    run_writer(corpus, again)
    assert all_files(again) == all_files(out)
    for name in all_files(out):
        if name != "manifest.json":  # only the creation time differs there
            assert (again / name).read_bytes() == (out / name).read_bytes(), name
    first, second = read_manifest(str(out)), read_manifest(str(again))
    assert first["shards"] == second["shards"]


def test_records_in_packed_batches_and_inputs_in_parts_write_the_same_dataset(
    written: tuple[Path, Any], corpus: Corpus, tmp_path: Path
) -> None:
    """``record_batches`` (each record pickled on its own, the batch's counts beside
    it) and ``rejects`` given as a tuple of parts, as the translate job gives them,
    write byte for byte what the records and rejects given one by one write."""
    out, _ = written
    first, rest = corpus.records[:3], corpus.records[3:]
    assert any(record.key == "synth.bad" for record in rest)  # refused from a batch too
    batches = [pack_records(rest[start : start + 5]) for start in range(0, len(rest), 5)]
    assert sum(sum(batch.langs.values()) for batch in batches) == len(rest)
    assert [key for batch in batches for _, key, _ in batch.records] == [r.key for r in rest]
    pipeline = beam.Pipeline(runner="DirectRunner")
    split = len(corpus.rejects) // 2
    inputs = {
        "records": pipeline | "Records" >> beam.Create(first),
        "record_batches": (
            pipeline | "Batches" >> beam.Create(batches[:1]),
            pipeline | "MoreBatches" >> beam.Create(batches[1:]),
        ),
        "rejects": (
            pipeline | "Rejects" >> beam.Create(corpus.rejects[:split]),
            pipeline | "MoreRejects" >> beam.Create(corpus.rejects[split:]),
        ),
        "parallel": pipeline | "Parallel" >> beam.Create(corpus.parallel),
    }
    again = tmp_path / "parts"
    config = {"langs": list(LANGS), "seed": 7}
    _ = inputs | WriteDataset(
        str(again), shard_size=4, config=config, input_count=corpus.inputs, image_limits=LIMITS
    )
    pipeline.run().wait_until_finish()
    assert all_files(again) == all_files(out)
    for name in all_files(out):
        if name != "manifest.json":  # only the creation time differs there
            assert (again / name).read_bytes() == (out / name).read_bytes(), name
    assert read_manifest(str(again))["totals"] == read_manifest(str(out))["totals"]


def test_rerun_into_same_dir_replaces_stale_files(
    written: tuple[Path, Any], corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "rerun"
    shutil.copytree(written[0], out)
    run_writer(corpus, out, shard_size=100, full=False)
    manifest = read_manifest(str(out))
    assert [s["path"] for s in manifest["shards"]] == [f"{lang}/{lang}-00000.tar" for lang in LANGS]
    assert manifest["parallel"]["files"] == []
    assert manifest["totals"]["inputs"] == len(corpus.records)
    assert manifest["totals"]["unaccounted"] == 0
    listed = {"manifest.json"} | {f["path"] for f in manifest["rejects"]["files"]}
    for shard in manifest["shards"]:
        listed |= {shard["path"], shard["parquet"], shard["stats"]}
    assert set(all_files(out)) == listed
    assert verify_output(str(out)) == []


def test_loads_with_webdataset(written: tuple[Path, Any], corpus: Corpus) -> None:
    import webdataset as wds

    out, _ = written
    dataset = wds.WebDataset(shard_urls(str(out)), shardshuffle=False, empty_check=False)
    samples = list(dataset.decode("pil"))
    assert sorted(s["__key__"] for s in samples) == sorted(corpus.good)
    german = next(s for s in samples if s["__key__"] == "coco_0012_deu_Latn")
    assert german["jpg"].size == (16, 12)
    assert german["json"]["caption"] == german["txt"] == "Ein Hund Nr. 12 läuft"
    french = next(s for s in samples if s["__key__"].startswith("synth_0001"))
    assert french["png"].size == (16, 12)


def test_loads_with_hugging_face_datasets(
    written: tuple[Path, Any], corpus: Corpus, tmp_path: Path
) -> None:
    from datasets import load_dataset

    out, _ = written
    urls = shard_urls(str(out), "deu_Latn")
    dataset = load_dataset(
        "webdataset", data_files={"train": urls}, split="train", cache_dir=str(tmp_path / "hf")
    )
    assert dataset.num_rows == 14
    row = next(r for r in dataset if r["__key__"] == "coco_0003_deu_Latn")
    assert row["json"] == corpus.good["coco_0003_deu_Latn"].doc
    assert row["txt"] == "Ein Hund Nr. 3 läuft"
    assert row["jpg"].size == (16, 12)


def test_a_bucket_splits_by_layout_and_keeps_a_keys_records_together() -> None:
    from babelshard.pipelines.io.writer import by_layout

    def record(key: str, image: str | None) -> ShardRecord:
        ref = ImageRef(image, ext=image.rsplit(".", 1)[-1]) if image else None
        return ShardRecord(key=key, lang="deu_Latn", doc={}, image=ref)

    text_only = [record("b", None), record("a", None)]
    assert by_layout(text_only) == [("text", text_only)]
    assert by_layout([]) == []
    mixed = [record("t", None), record("p", "x.png"), record("j", "x.jpg"), record("p", None)]
    groups = dict(by_layout(mixed))
    assert list(by_layout(mixed))[-1][0] == "text"  # image layouts first
    assert [r.key for r in groups["text"]] == ["t"]
    assert [r.key for r in groups["img_png"]] == ["p", "p"]  # a key's records stay together
    assert [r.key for r in groups["img_jpg"]] == ["j"]
