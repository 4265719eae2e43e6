"""Bounded memory on one machine: a local run as a series of in-process Beam jobs.

The in-process runner holds every stage's output in memory, so one job over
the whole input needs memory in proportion to it (about 12 KB a sample). A
local run of more than ``--chunk-size`` inputs (planned ``(sample, language)``
pairs, counted in one streaming pass) is therefore cut into ``n``
chunks by a stable hash of the sample key (every record of one key lands in
the same chunk, so de-duplication and language plans are those of one job),
and each chunk is a Beam job of its own writing a complete dataset under::

    OUT/_chunks/00003-of-00010/

All chunks share one translation memory (``--translation-cache`` or
``OUT/_work``), so a piece translated in one chunk is a memory hit in the
next. When every chunk is done, the writer's own finalize step
(``finalize_dataset``) renames the chunks' shards and tables, chunk after
chunk, to contiguous names under ``OUT`` and writes one manifest, with
``inputs = written + rejected`` summed over the chunks.

Kill and resume: a chunk whose manifest records its config and whose files
are all there is skipped by ``--resume``; any other is run again, its
translations coming from the memory. A run killed while merging finds the
merged chunks' files gone, runs those chunks again and merges anew.

Remote runners (Dataflow, Flink) spread one job over workers and keep their
memory bounded themselves: they run one job, as before.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import PARALLEL_DIR, REJECTS_DIR, reject_rows
from babelshard.pipelines.io.readers import read_samples
from babelshard.pipelines.io.writer import (
    PARALLEL_FIELDS,
    finalize_dataset,
    parallel_order,
    stable_hash,
)
from babelshard.pipelines.io.writer_shard import ShardInfo
from babelshard.pipelines.io.writer_tables import (
    TableInfo,
    parquet_bytes,
    rows_kinds,
    table_schema,
    to_table,
)
from babelshard.pipelines.options import RunConfig
from babelshard.schemas.records import Sample

DEFAULT_CHUNK_SIZE = 50_000
CHUNKS_DIR = "_chunks"
LOCAL_RUNNERS = frozenset({"fnapi", "direct", "prism", "bundlebased"})
_BUCKETS_PER_CHUNK = 1_000_000  # orders chunk c's files after chunk c-1's in finalize


@dataclass(frozen=True)
class ChunkOf:
    """Chunk ``index`` of ``count``: the keys it takes (a ``ReadSamples`` part)."""

    index: int
    count: int

    def __call__(self, key: str) -> bool:
        return stable_hash(key) % self.count == self.index

    @property
    def name(self) -> str:
        return f"{self.index:05d}-of-{self.count:05d}"


def chunk_size(config: RunConfig) -> int:
    return config.chunk_size or DEFAULT_CHUNK_SIZE


def count_inputs(config: RunConfig) -> int:
    """The run's inputs: planned (sample, language) pairs and read rejects, streamed once.

    Memory: the reader's set of keys. A chunk's memory follows its planned
    pairs, so two languages per sample make twice as many chunks as one.
    """
    plan = config.plan()
    items = read_samples(config.format, config.input, config.reader_options())
    return sum(len(plan.targets(item.key)) if isinstance(item, Sample) else 1 for item in items)


def plan_chunks(config: RunConfig, runner: str) -> list[ChunkOf]:
    """The chunks of a run; one (no chunking) on remote runners and for small inputs."""
    size = chunk_size(config)
    if runner not in LOCAL_RUNNERS or (config.limit is not None and config.limit <= size):
        return [ChunkOf(0, 1)]
    count = max(1, math.ceil(count_inputs(config) / size))
    return [ChunkOf(index, count) for index in range(count)]


def chunk_output(output: str, chunk: ChunkOf) -> str:
    return filesystem.join(output, CHUNKS_DIR, chunk.name)


def _read_json(path: str) -> Any:
    return json.loads(filesystem.read_bytes(path))


def _shard_infos(order: int, folder: str, manifest: dict[str, Any]) -> Iterator[ShardInfo]:
    for position, entry in enumerate(manifest["shards"]):
        stats = _read_json(filesystem.join(folder, entry["stats"]))
        yield ShardInfo(
            lang=entry["lang"],
            bucket=order * _BUCKETS_PER_CHUNK + position,
            samples=entry["samples"],
            bytes=entry["bytes"],
            sha256=entry["sha256"],
            first_key=entry["first_key"],
            last_key=entry["last_key"],
            tar_temp=filesystem.join(folder, entry["path"]),
            parquet_temp=filesystem.join(folder, entry["parquet"]),
            rejected=stats.get("rejected", {}),
        )


def _table_infos(order: int, folder: str, entries: list[dict], group: str) -> Iterator[TableInfo]:
    for position, entry in enumerate(entries):
        yield TableInfo(
            group=entry[group],
            bucket=order * _BUCKETS_PER_CHUNK + position,
            temp=filesystem.join(folder, entry["path"]),
            rows=entry["rows"],
            bytes=entry["bytes"],
            sha256=entry["sha256"],
            ext=entry["path"].rsplit(".", 1)[-1],
        )


def _parallel_rows(folder: str, entry: dict[str, Any]) -> list[dict[str, Any]]:
    with filesystem.open_read(filesystem.join(folder, entry["path"])) as handle:
        return pq.read_table(handle).to_pylist()


def merge_parallel(
    output: str, chunks: list[tuple[str, dict[str, Any]]], rows_per_file: int
) -> Iterator[TableInfo]:
    """The chunks' parallel text as one job's: one row per unique piece and language pair.

    A piece met in several chunks was a memory hit in the later ones, so each
    chunk wrote a row for it; merged, its ``occurrences`` add up and its
    ``key`` is the smallest owner's, as in an unchunked run. One language pair
    is held at a time.
    """
    entries: dict[str, list[tuple[str, dict]]] = {}
    for folder, manifest in chunks:
        for entry in manifest["parallel"]["files"]:
            entries.setdefault(entry["langs"], []).append((folder, entry))
    leading = [(name, pa.string()) for name in PARALLEL_FIELDS]
    for group, files in sorted(entries.items()):
        merged: dict[tuple[str, str, str], dict[str, Any]] = {}
        for folder, entry in files:
            for row in _parallel_rows(folder, entry):
                ident = (row["source"], row["source_lang"], row["target_lang"])
                seen = merged.setdefault(ident, row)
                if seen is not row:
                    seen["occurrences"] += row["occurrences"]
                    seen["key"] = min(seen["key"], row["key"])
        rows = sorted(merged.values(), key=parallel_order)
        schema = table_schema(rows_kinds(rows), leading=leading)
        per_file = math.ceil(len(rows) / max(1, math.ceil(len(rows) / rows_per_file)))
        for bucket, start in enumerate(range(0, len(rows), per_file)):
            part = rows[start : start + per_file]
            name = f"{group}-b{bucket:05d}.parquet"
            temp = filesystem.temp_path(filesystem.join(output, PARALLEL_DIR, name))
            size, sha = filesystem.write_file(temp, parquet_bytes(to_table(part, schema)))
            yield TableInfo(group, bucket, temp, len(part), size, sha, "parquet")


def merge_chunks(output: str, chunks: list[tuple[str, dict[str, Any]]], config: dict) -> str:
    """Move the finished chunks' files into ``output`` as one dataset; returns the manifest path.

    ``chunks`` are ``(folder, manifest)`` in chunk order; ``config`` is the
    whole run's manifest config.
    """
    shards: list[ShardInfo] = []
    rejects: list[TableInfo] = []
    reject_counts: Counter[tuple[str, str, str]] = Counter()
    fallbacks: Counter[str] = Counter()
    for order, (folder, manifest) in enumerate(chunks):
        shards.extend(_shard_infos(order, folder, manifest))
        rejects.extend(_table_infos(order, folder, manifest["rejects"]["files"], "lang"))
        for row in reject_rows(folder, manifest["rejects"]["files"]):
            reject_counts[(row["lang"], row["stage"], row["reason"])] += 1
            fallbacks[row["lang"]] += bool(row["doc"].get("fallback_to"))
    folders = {shard.lang for shard in shards} | {REJECTS_DIR, PARALLEL_DIR}
    for folder in sorted(folders):
        filesystem.makedirs(filesystem.join(output, folder))
    writer = chunks[0][1]["writer"]
    parallel = list(merge_parallel(output, chunks, writer["table_rows"]))
    return finalize_dataset(
        None,
        shards,
        rejects,
        parallel,
        list(reject_counts.items()),
        sum(manifest["totals"]["inputs"] for _, manifest in chunks),
        out_dir=output,
        config=config,
        writer=writer,
        fallbacks=+fallbacks,
        fallback_copies=sum(m["totals"].get("fallback_copies", 0) for _, m in chunks),
    )


def remove_chunks(output: str) -> None:
    """Delete ``OUT/_chunks/`` once merged."""
    filesystem.remove_tree(filesystem.join(output, CHUNKS_DIR))
