"""Stable Parquet schemas, JSONL, the manifest, and atomic files."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pyarrow as pa
import pytest

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import (
    build_manifest,
    read_manifest,
    shard_urls,
    verify_output,
    write_manifest,
)
from babelshard.pipelines.io.writer_shard import ShardInfo
from babelshard.pipelines.io.writer_tables import (
    TableInfo,
    jsonl_bytes,
    merge_kinds,
    row_kinds,
    rows_kinds,
    table_schema,
    to_table,
)


def test_one_schema_from_all_rows_whatever_each_file_holds() -> None:
    rows = [
        {"a": 1, "b": None, "c": "x", "d": True},
        {"a": 2.5, "b": None, "c": 3, "d": False, "e": [1, 2]},
    ]
    schema = table_schema(merge_kinds(row_kinds(r) for r in rows), leading=[("key", pa.string())])
    assert schema.names == ["key", "a", "b", "c", "d", "e"]
    types = [schema.field(n).type for n in schema.names]
    assert types == [pa.string(), pa.float64(), pa.string(), pa.string(), pa.bool_(), pa.string()]
    first_file = to_table(rows[:1], schema)  # a file whose rows lack "e" still has it
    assert first_file.schema == schema
    assert to_table(rows[1:], schema).to_pylist()[0]["c"] == "3"
    assert to_table(rows[1:], schema).to_pylist()[0]["e"] == "[1, 2]"
    with pytest.raises(ValueError, match="not in the table schema"):
        to_table([{"zzz": 1}], schema)
    full = {"key": "k", "a": 1.5, "b": "x", "c": "y", "d": True, "e": "[]"}
    unknown = {**full, "zzz": 1}
    del unknown["a"]  # as many columns as the schema, one of them unknown
    with pytest.raises(ValueError, match="zzz"):
        to_table([full, unknown], schema)
    reordered = dict(reversed(full.items()))  # full rows, in any order of their columns
    assert to_table([full, reordered], schema).to_pylist() == [full, full]


def test_kinds_of_many_rows_are_those_merged_row_by_row() -> None:
    class Text(str):  # a subclass is known by isinstance, as value_kind knows it
        pass

    rows = [
        {"a": 1, "b": None, "c": Text("x"), "d": True},
        {"e": 2**70, "a": 2.5, "b": b"raw", "d": False, "c": {"nested": 1}},
        {"a": 3, "f": "text", "b": None, "e": 5, "c": "plain"},
    ]
    merged = merge_kinds(row_kinds(r) for r in rows)
    assert rows_kinds(rows) == merged
    assert list(rows_kinds(rows)) == list(merged)  # columns in the order met
    assert merged["e"] == {"int", "json"} and merged["c"] == {"str", "json"}


def test_columns_of_plain_values_are_those_converted_value_by_value() -> None:
    schema = pa.schema([("s", pa.string()), ("f", pa.float64()), ("i", pa.int64())])
    plain = [{"s": "x", "f": 1.5, "i": 2}, {"s": None, "f": None, "i": None}]
    mixed = [{"s": 7, "f": 2, "i": 3}, {"s": [1], "f": True, "i": 4}]
    assert to_table(plain, schema).to_pylist() == plain
    assert to_table(mixed, schema).to_pylist() == [
        {"s": "7", "f": 2.0, "i": 3},
        {"s": "[1]", "f": 1.0, "i": 4},
    ]


def test_jsonl_keeps_unicode_and_one_row_per_line() -> None:
    data = jsonl_bytes([{"text": "日本語"}, {"n": 1}])
    assert data.decode("utf-8").splitlines() == ['{"text": "日本語"}', '{"n": 1}']


def test_jsonl_and_json_columns_write_nan_as_null_and_nothing_else_otherwise() -> None:
    """NaN is not JSON: a reject's score or an input record's number that is NaN or
    infinite reads back as None; a row without one is written as json.dumps writes it."""
    row = {"scores": {"bt_chrf": math.nan, "lid": 0.5}, "doc": {"w": [math.inf, -math.inf, 1e-05]}}
    (line,) = jsonl_bytes([row]).decode("utf-8").splitlines()
    assert "NaN" not in line and "Infinity" not in line
    assert json.loads(line) == {
        "scores": {"bt_chrf": None, "lid": 0.5},
        "doc": {"w": [None, None, 1e-05]},
    }
    plain = {"scores": {"lid": 0.5, "n": None}, "text": "a, b: c"}
    assert jsonl_bytes([plain]).decode("utf-8") == json.dumps(plain, ensure_ascii=False) + "\n"
    schema = pa.schema([("nested", pa.string())])
    table = to_table([{"nested": {"b": math.nan, "a": 1}}, {"nested": [2.5]}], schema)
    assert table.column("nested").to_pylist() == ['{"a": 1, "b": null}', "[2.5]"]


def test_atomic_write_leaves_no_temp_on_error(tmp_path: Path) -> None:
    target = tmp_path / "f.bin"
    with pytest.raises(RuntimeError), filesystem.atomic_writer(str(target)) as out:
        out.write(b"half")
        raise RuntimeError("crash mid-write")
    assert list(tmp_path.iterdir()) == []
    size, sha = filesystem.write_atomic(str(target), b"whole")
    assert (size, target.read_bytes(), len(sha)) == (5, b"whole", 64)
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def shard(lang: str, index: int, samples: int, data: bytes, out: Path) -> ShardInfo:
    path = f"{lang}/{lang}-{index:05d}.tar"
    (out / lang).mkdir(parents=True, exist_ok=True)
    (out / path).write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    return ShardInfo(lang, index, samples, len(data), sha, "a", "z", "", "", path=path)


def test_manifest_totals_and_verification(tmp_path: Path) -> None:
    shards = [
        shard("deu_Latn", 0, 3, b"x" * 10, tmp_path),
        shard("deu_Latn", 1, 2, b"y" * 10, tmp_path),
        shard("fra_Latn", 0, 4, b"z" * 10, tmp_path),
    ]
    counts = {
        ("deu_Latn", "filter", "lid"): 2,
        ("fra_Latn", "image", "image_corrupt"): 1,
        ("swh_Latn", "filter", "lid"): 1,
    }
    parallel = [TableInfo("eng_Latn-deu_Latn", 0, "", 7, 0, "", "parquet", "_parallel/p.parquet")]
    manifest = build_manifest(
        shards=shards,
        reject_counts=counts,
        parallel_files=parallel,
        config={"langs": ["deu_Latn"]},
        inputs=14,
        fallbacks={"deu_Latn": 1},
        fallback_copies=1,
    )
    totals = manifest["totals"]
    assert (totals["written"], totals["rejected"], totals["unaccounted"]) == (9, 4, 1)
    assert totals["fallback_copies"] == 1
    assert manifest["languages"]["deu_Latn"] == {
        "shards": 2,
        "samples": 5,
        "bytes": 20,
        "rejected": 2,
        "fallback": 1,  # of its rejects, written in English instead
    }
    assert manifest["languages"]["fra_Latn"]["fallback"] == 0
    assert manifest["rejects"]["by_stage_lang"]["image"] == {"fra_Latn": {"image_corrupt": 1}}
    assert manifest["languages"]["swh_Latn"]["samples"] == 0
    assert manifest["rejects"]["by_reason"] == {"image_corrupt": 1, "lid": 3}
    assert manifest["rejects"]["by_lang"]["fra_Latn"] == {"image_corrupt": 1}
    assert manifest["parallel"]["pairs"] == 7
    assert manifest["config"] == {"langs": ["deu_Latn"]}

    manifest["parallel"]["files"] = []  # the parallel file above was never written
    with pytest.raises(FileNotFoundError, match="not finished"):
        read_manifest(str(tmp_path))
    write_manifest(str(tmp_path), manifest)
    assert read_manifest(str(tmp_path)) == json.loads(json.dumps(manifest))
    assert shard_urls(str(tmp_path), "fra_Latn") == [str(tmp_path / "fra_Latn/fra_Latn-00000.tar")]
    assert verify_output(str(tmp_path)) == []
    (tmp_path / "deu_Latn/deu_Latn-00001.tar").write_bytes(b"tampered!!")
    assert verify_output(str(tmp_path)) == [
        "deu_Latn/deu_Latn-00001.tar: size or sha256 differs from the manifest"
    ]
