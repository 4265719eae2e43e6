"""The Beam writer of every babelshard job: shards, sidecars, rejects, parallel text, manifest.

``WriteDataset`` takes ``{"records": PCollection[ShardRecord], "rejects":
PCollection[RejectRecord], "parallel": PCollection[dict]}`` and returns a
PCollection holding one string, the path of ``OUT/manifest.json``. "rejects"
and "parallel" may be left out (then nothing is written for them); a job that
makes its records in batches may also give ``"record_batches"`` (each a
:class:`RecordBatch` made by ``pack_records``): records travel to the shard
buckets a batch at a time either way, each record pickled once on the way,
since the in-process runner's cost is per element and per pickle
(``pipelines/packing.py``).

Layout::

    OUT/deu_Latn/deu_Latn-00000.tar            WebDataset shard (KEY.json, KEY.txt, KEY.jpg)
    OUT/deu_Latn/deu_Latn-00000.parquet        one row per sample: key + the record's columns
    OUT/deu_Latn/deu_Latn-00000_stats.json     count, bytes, sha256, key range, rejects
    OUT/_rejects/deu_Latn-00000.jsonl          rejected samples: reason, stage, detail, scores, doc
    OUT/_parallel/eng_Latn-deu_Latn-00000.parquet   segment pairs with scores
    OUT/manifest.json                          written last: the completion marker

How it scales: each record goes to a bucket ``(lang, stable_hash(key) % n)``,
with ``n = ceil(count(lang) / shard_size)`` from a per-language count. A
``GroupByKey`` brings one bucket (about ``shard_size`` records, images still by
reference) to one worker, which sorts it by key, reads each image once and
streams the tar to a hidden temporary name: one tar per *layout* in the bucket
(one image type, or no image), so every shard holds samples of one shape, which
Hugging Face's loader needs; image shards are numbered before text-only ones.
One finalize step then renames the non-empty shards of each language, in
bucket order, to contiguous
``lang-00000.tar``... and writes the manifest last.

Shard size is a *target*, not exact: a language of ``N`` records gets
``ceil(N / shard_size)`` shards of ``N / n`` records on average (never more
than ``shard_size`` on average, with a random spread of about its square root,
less any image rejects). Exact sizes would need a global sort and a second
shuffle of every record.

Re-running the same input gives the same keys, the same bucket of every key,
and byte-identical tars and sidecars: samples sorted by key, fixed tar
headers, one schema for all sidecars. Files of an earlier run in ``OUT/*/``
that match the shard naming and are not produced again are removed, so the
manifest and the directory agree.

Rejects are written as JSON Lines, not Parquet: people read them (``grep``,
``jq``) to learn why a language lost samples, their ``scores`` and ``doc``
differ in shape from stage to stage (a poor fit for one Parquet schema), and
``datasets``/``pandas``/DuckDB read JSONL directly. Counts by reason, stage
and language are in the manifest already.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import apache_beam as beam
import pyarrow as pa
from apache_beam.metrics import Metrics
from apache_beam.pvalue import AsList, AsSingleton, PCollection, TaggedOutput
from apache_beam.utils.windowed_value import WindowedValue

from babelshard.pipelines.held_groups import HeldGroups, in_global_window
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.crash_test_hook import crash_point
from babelshard.pipelines.io.images import ImageLimits, ImageLoader
from babelshard.pipelines.io.manifest import (
    MANIFEST_NAME,
    PARALLEL_DIR,
    REJECTS_DIR,
    build_manifest,
    write_manifest,
)
from babelshard.pipelines.io.writer_shard import (
    EncodedRecord,
    ShardInfo,
    commit_shard,
    encode_record,
    reject_for,
    sidecar_schema,
    write_shard_files,
)
from babelshard.pipelines.io.writer_tables import (
    TableInfo,
    jsonl_bytes,
    merge_kinds,
    parquet_bytes,
    row_kinds,
    rows_kinds,
    table_schema,
    to_table,
)
from babelshard.pipelines.metrics import METRICS
from babelshard.pipelines.packing import PACKED, Carrier
from babelshard.schemas.keys import KEY_CHARS, is_key, key_problem, safe_key
from babelshard.schemas.reasons import INVALID_KEY, INVALID_LANG
from babelshard.schemas.records import RejectRecord, ShardRecord

PARALLEL_FIELDS = ("key", "source_lang", "target_lang", "source", "target")
_OUR_FILE = re.compile(f"^[{KEY_CHARS}]+-\\d{{5,}}(\\.tar|\\.parquet|_stats\\.json|\\.jsonl)$")


def stable_hash(key: str) -> int:
    """A hash that is the same in every process and run (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


# A shard holds one layout: one image type, or no image. Hugging Face's webdataset
# loader infers one schema from the first samples and refuses shards whose samples
# differ in fields, so each bucket is written as one shard per layout present, image
# shards numbered first (text-only last).
TEXT_ONLY = "text"
_LAYOUT_STRIDE = 100_000  # shard ids: layout rank x stride + hash bucket


def layout_of(record: ShardRecord | EncodedRecord) -> str:
    """The layout of a record's shard: its image's extension, or ``text`` without one."""
    if record.image_bytes is not None:
        ext = record.image_ext
    elif record.image is not None:
        ext = record.image.ext
    else:
        return TEXT_ONLY
    return "img_" + ext.strip().lstrip(".").lower()


def layout_rank(layout: str) -> int:
    """Image layouts first, in a fixed order; text-only shards last."""
    return 999 if layout == TEXT_ONLY else 1 + stable_hash(layout) % 900


def by_layout(
    records: Iterable[EncodedRecord],
) -> list[tuple[str, list[EncodedRecord]]]:
    """Split a bucket by layout, image layouts first.

    All records sharing a key stay in one group (the first layout among them), so
    the shard writer still sees, and rejects, every duplicate key.
    """
    records = list(records)
    each = [layout_of(record) for record in records]
    if len(set(each)) <= 1:  # one layout, as most buckets have: one group, as they are
        return [(each[0], records)] if records else []
    layouts: dict[str, set[str]] = {}
    for record, layout in zip(records, each, strict=True):
        layouts.setdefault(record.key, set()).add(layout)
    groups: dict[str, list[ShardRecord]] = {}
    for record in records:
        layout = min(layouts[record.key], key=lambda name: (layout_rank(name), name))
        groups.setdefault(layout, []).append(record)
    return sorted(groups.items(), key=lambda item: (layout_rank(item[0]), item[0]))


def n_buckets(count: int, shard_size: int) -> int:
    """How many shards a group of ``count`` records gets for a target ``shard_size``."""
    return max(1, math.ceil(count / shard_size))


def _safe_group(name: str) -> str:
    return safe_key(name) or "und"


class Totals(NamedTuple):
    """What the buckets wait for, counted in one combine: rows (or records) per group
    (language), the union of the columns' kinds (one stable Parquet schema for every
    file), and the English fallback copies among the records.

    One combine, not one per count: each is a dozen transforms of every chunk's
    pipeline, which Beam builds and starts again for each chunk.
    """

    groups: dict[str, int]
    kinds: dict[str, list[str]]
    fallback_copies: int = 0


class _Totals(beam.CombineFn):
    """``(group, sort key, row)`` items -> :class:`Totals` (of a table's rows)."""

    def create_accumulator(self) -> tuple[Counter[str], dict[str, set[str]], int]:
        return Counter(), {}, 0

    def add_input(self, acc: tuple, item: tuple[str, tuple, dict[str, Any]]) -> tuple:
        groups, kinds, copies = acc
        groups[item[0]] += 1
        for name, names in row_kinds(item[2]).items():
            kinds.setdefault(name, set()).update(names)
        return groups, kinds, copies

    def merge_accumulators(self, accs: Iterable[tuple]) -> tuple:
        accs = list(accs)
        groups: Counter[str] = Counter()
        for acc in accs:
            groups.update(acc[0])
        return groups, merge_kinds(acc[1] for acc in accs), sum(acc[2] for acc in accs)

    def extract_output(self, acc: tuple) -> Totals:
        groups, kinds, copies = acc
        return Totals(dict(groups), {name: sorted(k) for name, k in kinds.items()}, copies)


class _BatchTotals(_Totals):
    """:class:`_Totals` over record batches (each carries its own counts)."""

    def add_input(self, acc: tuple, batch: RecordBatch) -> tuple:
        groups, kinds, copies = acc
        groups.update(batch.langs)
        return groups, merge_kinds([kinds, batch.kinds]), copies + batch.fallback_copies


RECORD_BATCH = 256  # records per element on the way to the shard buckets


class RecordBatch(NamedTuple):
    """Records on their way to the shard buckets, with what the writer counts first.

    Each record is JSON-encoded and sent on its own (``records``: ``(lang, key,
    EncodedRecord as a carrier sent it)``: pickled, or a ticket in one process), so
    the step that places records in buckets moves them by their key and only the
    shard writer takes them back (``pipelines/packing.py``); the counts the
    buckets wait for (records per language, the columns' kinds, English fallback
    copies) are taken here, while the records are at hand.
    """

    records: list[tuple[str, str, Any]]
    langs: dict[str, int]
    kinds: dict[str, set[str]]
    fallback_copies: int


def pack_records(
    batch: Iterable[ShardRecord | EncodedRecord], carrier: Carrier = PACKED
) -> RecordBatch:
    """A batch of records as the writer's ``record_batches`` take it (:class:`RecordBatch`),
    each sent by ``carrier`` (the writer's own)."""
    encoded = [encode_record(record) for record in batch]
    return RecordBatch(
        records=[(record.lang, record.key, carrier.send(record)) for record in encoded],
        langs=dict(Counter(record.lang for record in encoded)),
        kinds=rows_kinds(record.columns for record in encoded),
        fallback_copies=sum(bool(record.columns.get("fallback_from")) for record in encoded),
    )


BUCKET_FLUSH = 8192
"""Sent records :class:`_AssignBucket` holds before it sends its buckets on (and at the end
of each bundle): packed records are a few KB each, tickets a few bytes."""


class _AssignBucket(beam.DoFn):
    """Group sent records by bucket, ``((lang, bucket), [sent record, ...])``, over many
    batches: one element per bucket for every :data:`BUCKET_FLUSH` records and at the end
    of each bundle, not one per batch and bucket (the in-process runner's cost is per
    element: a 50,000-sample chunk of 196 batches over 49 buckets sent 9,600). Records
    with an unusable key or lang are rejects.

    A bucket's records are written sorted by key (:func:`write_shard_files`), so how
    they were grouped on the way does not change a byte."""

    def __init__(self, shard_size: int, carrier: Carrier) -> None:
        self.shard_size = shard_size
        self.carrier = carrier
        self.buckets: HeldGroups[tuple[str, int], Any] = HeldGroups(BUCKET_FLUSH)

    def start_bundle(self) -> None:
        self.buckets = HeldGroups(BUCKET_FLUSH)

    def process(self, batch: RecordBatch, totals: Totals):
        counts = totals.groups
        buckets = self.buckets
        for lang, key, data in batch.records:
            if not is_key(lang or ""):
                detail = f"lang {lang!r} cannot name a shard folder"
                yield TaggedOutput(
                    "rejects", reject_for(self.carrier.receive(data), INVALID_LANG, "write", detail)
                )
                continue
            problem = key_problem(key)
            if problem:
                yield TaggedOutput(
                    "rejects", reject_for(self.carrier.receive(data), INVALID_KEY, "write", problem)
                )
                continue
            n = n_buckets(counts.get(lang, 1), self.shard_size)
            buckets.add((lang, stable_hash(key) % n), data)
        if buckets.full():
            yield from buckets.take()

    def finish_bundle(self) -> Iterator[WindowedValue]:
        yield from in_global_window(self.buckets.take())


class _WriteShardBucket(beam.DoFn):
    """Write one bucket (lists of sent records) as a shard under a temporary name; emit
    its ShardInfo and rejects."""

    def __init__(self, output_dir: str, limits: ImageLimits, carrier: Carrier) -> None:
        self.output_dir = output_dir
        self.limits = limits
        self.carrier = carrier
        self.loader: ImageLoader | None = None

    def setup(self) -> None:
        self.loader = ImageLoader(self.limits)

    def teardown(self) -> None:
        if self.loader is not None:
            self.loader.close()

    def process(self, element: tuple[tuple[str, int], Iterable[list[Any]]], totals: Totals):
        (lang, bucket), parts = element
        kinds = totals.kinds
        receive = self.carrier.receive
        records = [receive(data) for part in parts for data in part]
        assert self.loader is not None
        for layout, group in by_layout(records):
            shard_id = layout_rank(layout) * _LAYOUT_STRIDE + bucket
            stem = filesystem.join(self.output_dir, lang, f"{lang}-b{shard_id:08d}")
            info = write_shard_files(
                group,
                filesystem.temp_path(stem + ".tar"),
                filesystem.temp_path(stem + ".parquet"),
                loader=self.loader,
                schema=sidecar_schema(kinds),
                lang=lang,
                bucket=shard_id,
            )
            crash_point("write")
            for reject in info.rejects:
                yield TaggedOutput("rejects", reject)
            if info.samples == 0:
                filesystem.delete([info.tar_temp, info.parquet_temp])
                continue
            Metrics.counter(METRICS, f"written_{lang}").inc(info.samples)
            Metrics.counter(METRICS, "written_bytes").inc(info.bytes)
            yield dataclasses.replace(info, rejects=[])


class _WriteTableBucket(beam.DoFn):
    """Write one bucket of rows (rejects or parallel pairs) as a temporary JSONL/Parquet file."""

    def __init__(self, directory: str, ext: str, leading: list[tuple[str, str]] | None) -> None:
        self.directory = directory
        self.ext = ext
        self.leading = leading

    def process(
        self, element: tuple[tuple[str, int], Iterable[tuple[tuple, dict]]], totals: Totals
    ):
        (group, bucket), items = element
        kinds = totals.kinds
        rows = [row for _, row in sorted(items, key=lambda item: item[0])]
        if self.ext == "jsonl":
            data = jsonl_bytes(rows)
        else:
            leading = [(name, pa.string()) for name, _ in self.leading or []]
            data = parquet_bytes(to_table(rows, table_schema(kinds, leading=leading)))
        temp = filesystem.temp_path(
            filesystem.join(self.directory, f"{group}-b{bucket:05d}.{self.ext}")
        )
        size, sha = filesystem.write_file(temp, data)
        yield TableInfo(group, bucket, temp, len(rows), size, sha, self.ext)


class _WriteTables(beam.PTransform):
    """Bucketed, sorted, deterministic table files: ``(group, sort_key, row)`` -> TableInfo."""

    def __init__(
        self, directory: str, ext: str, rows_per_file: int, leading: list[tuple[str, str]] | None
    ) -> None:
        super().__init__()
        self.directory = directory
        self.ext = ext
        self.rows_per_file = rows_per_file
        self.leading = leading

    def expand(self, items: PCollection) -> PCollection:
        totals = items | "Totals" >> beam.CombineGlobally(_Totals()).as_singleton_view()
        size = self.rows_per_file

        def bucket(item: tuple[str, tuple, dict], totals: Totals):
            group, order, row = item
            n = n_buckets(totals.groups.get(group, 1), size)
            return (group, stable_hash(str(order[0])) % n), (order, row)

        return (
            items
            | "Bucket" >> beam.Map(bucket, totals=totals)
            | "Group" >> beam.GroupByKey()
            | "Write"
            >> beam.ParDo(_WriteTableBucket(self.directory, self.ext, self.leading), totals=totals)
        )


def _reject_item(reject: RejectRecord) -> tuple[str, tuple, dict]:
    row = dataclasses.asdict(reject)
    order = (reject.key, reject.stage, reject.reason, json.dumps(row, sort_keys=True, default=str))
    return _safe_group(reject.lang or "und"), order, row


def _parallel_item(row: dict[str, Any]) -> tuple[str, tuple, dict]:
    missing = [name for name in PARALLEL_FIELDS if name not in row]
    if missing:
        raise ValueError(f"parallel row lacks {missing}; it needs {list(PARALLEL_FIELDS)}")
    group = _safe_group(f"{row['source_lang']}-{row['target_lang']}")
    return group, parallel_order(row), row


def parallel_order(row: dict[str, Any]) -> tuple[str, str, str, str]:
    """How the rows of a parallel-text file are sorted."""
    return (
        str(row["key"]),
        str(row["source"]),
        str(row["target"]),
        json.dumps(row, sort_keys=True, default=str),
    )


def _fallback_counts(rejects: PCollection) -> PCollection:
    """``--fallback-english``: failed samples of each language that have an English copy
    (their rejects name it); the copies made are counted in the records' :class:`Totals`."""
    return (
        rejects
        | "FallenBack" >> beam.Filter(lambda r: bool(r.doc.get("fallback_to")))
        | "FallbackLang" >> beam.Map(lambda r: (r.lang, 1))
        | "SumFallbacks" >> beam.CombinePerKey(sum)
    )


def _finalize_with_totals(*args: Any, totals: Totals, **kwargs: Any) -> str:
    """``finalize_dataset`` with the English fallback copies taken from the records'
    :class:`Totals` (a singleton view)."""
    return finalize_dataset(*args, fallback_copies=totals.fallback_copies, **kwargs)


def _count_reject(reject: RejectRecord) -> RejectRecord:
    Metrics.counter(METRICS, f"rejected_{reject.reason}").inc()
    return reject


def _commit_tables(out_dir: str, subdir: str, infos: list[TableInfo]) -> list[TableInfo]:
    """Rename each group's files, in bucket order, to contiguous ``group-00000.ext``."""
    done = []
    for group in sorted({info.group for info in infos}):
        ordered = sorted((i for i in infos if i.group == group), key=lambda i: i.bucket)
        for index, info in enumerate(ordered):
            name = f"{group}-{index:05d}.{info.ext}"
            final = filesystem.join(out_dir, subdir, name)
            if filesystem.exists(info.temp):
                filesystem.commit(info.temp, final)
            elif not filesystem.exists(final):
                raise FileNotFoundError(f"table file {info.temp} vanished before finalize")
            done.append(dataclasses.replace(info, path=f"{subdir}/{name}"))
    return done


def _is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(filesystem.TEMP_SUFFIX)


def _remove_leftovers(out_dir: str, keep: set[str]) -> None:
    """Delete temp files and shard-named files of earlier runs that this run did not produce.

    Temporary files directly in ``out_dir`` (a manifest whose writer was killed
    before its rename) go too; folders below the language folders (``_work/``)
    are not touched.
    """
    filesystem.delete(
        [
            filesystem.join(out_dir, name)
            for name in filesystem.list_files(out_dir)
            if _is_temp(name)
        ]
    )
    for subdir in filesystem.list_dirs(out_dir):
        directory = filesystem.join(out_dir, subdir)
        stale = [
            filesystem.join(directory, name)
            for name in filesystem.list_files(directory)
            if f"{subdir}/{name}" not in keep and (_OUR_FILE.match(name) or _is_temp(name))
        ]
        filesystem.delete(stale)


def finalize_dataset(
    _: Any,
    shard_infos: list[ShardInfo],
    reject_infos: list[TableInfo],
    parallel_infos: list[TableInfo],
    reject_counts: list[tuple[tuple[str, str, str], int]],
    inputs: int | None,
    *,
    out_dir: str,
    config: dict[str, Any],
    writer: dict[str, Any],
    fallbacks: Iterable[tuple[str, int]] = (),
    fallback_copies: int = 0,
) -> str:
    """Single step after all writes: rename to contiguous names, clean up, manifest last.

    Also the merge of a chunked local run (``pipelines/chunks.py``), whose
    chunks' finished files are the "temporary" files renamed here.
    """
    filesystem.delete(
        [filesystem.join(out_dir, MANIFEST_NAME)]
    )  # an old marker must not vouch for new files
    shards: list[ShardInfo] = []
    for lang in sorted({info.lang for info in shard_infos}):
        ordered = sorted((i for i in shard_infos if i.lang == lang), key=lambda i: i.bucket)
        for index, info in enumerate(ordered):
            shards.append(commit_shard(info, filesystem.join(out_dir, lang), lang, index))
            crash_point("finalize")
    rejects = _commit_tables(out_dir, REJECTS_DIR, reject_infos)
    parallel = _commit_tables(out_dir, PARALLEL_DIR, parallel_infos)
    keep = {t.path for t in [*rejects, *parallel]}
    for shard in shards:
        stem = shard.path.removesuffix(".tar")
        keep |= {shard.path, f"{stem}.parquet", f"{stem}_stats.json"}
    _remove_leftovers(out_dir, keep)
    manifest = build_manifest(
        shards=shards,
        reject_counts=dict(reject_counts),
        reject_files=rejects,
        parallel_files=parallel,
        config=config,
        inputs=inputs,
        writer=writer,
        fallbacks=dict(fallbacks),
        fallback_copies=fallback_copies,
    )
    return write_manifest(out_dir, manifest)


def several(given: PCollection | tuple[PCollection, ...] | None) -> list[PCollection]:
    """An input given as one PCollection, several or none.

    The in-process runner holds and encodes every element a Flatten takes, so a
    job passes the parts of an input as they are and the writer flattens them
    once with its own (a Flatten of a Flatten would encode each element twice).
    """
    if given is None:
        return []
    return list(given) if isinstance(given, tuple | list) else [given]


class WriteDataset(beam.PTransform):
    """Write shards, sidecars, rejects, parallel text and the manifest under ``output_dir``.

    Input: ``{"records": ..., "rejects": ..., "parallel": ...}`` ("rejects" and
    "parallel" optional; "rejects" and "record_batches" may be tuples of PCollections,
    see :func:`several`). Output: a PCollection with the manifest's path.
    ``input_count`` is the number of inputs the pipeline accounted for (an int,
    a PCollection holding exactly one int, or a singleton view of one, such as
    ``CombineGlobally(sum).as_singleton_view()``); the manifest reports it next to
    ``written`` and ``rejected`` so ``inputs = written + rejected`` can be checked.
    ``table_rows`` is the target number of rows per rejects/parallel file. ``carrier``
    takes the records to their shard bucket (``pipelines/packing.py``; the one that
    made the ``record_batches``).
    """

    def __init__(
        self,
        output_dir: str,
        *,
        shard_size: int = 1000,
        config: dict[str, Any] | None = None,
        input_count: int | PCollection | AsSingleton | None = None,
        image_limits: ImageLimits | None = None,
        table_rows: int = 100_000,
        carrier: Carrier = PACKED,
    ) -> None:
        super().__init__()
        if shard_size < 1 or table_rows < 1:
            raise ValueError("shard_size and table_rows must be positive")
        self.output_dir = output_dir.rstrip("/") if len(output_dir) > 1 else output_dir
        self.shard_size = shard_size
        self.config = dict(config or {})
        self.input_count = input_count
        self.image_limits = image_limits or ImageLimits()
        self.table_rows = table_rows
        self.carrier = carrier

    def expand(self, inputs: dict[str, PCollection]) -> PCollection:
        unknown = set(inputs) - {"records", "record_batches", "rejects", "parallel"}
        if unknown or "records" not in inputs:
            raise ValueError(
                f"WriteDataset needs 'records' (+ 'record_batches', 'rejects', 'parallel'): "
                f"{unknown}"
            )
        records = inputs["records"]
        pipeline = records.pipeline
        filesystem.makedirs(self.output_dir)
        batches = [
            records
            | "BatchRecords"
            >> beam.BatchElements(min_batch_size=RECORD_BATCH, max_batch_size=RECORD_BATCH)
            | "EncodeDocs" >> beam.Map(pack_records, self.carrier)
        ]
        batches += several(inputs.get("record_batches"))
        packs = batches | "AllRecordBatches" >> beam.Flatten()
        totals = packs | "RecordTotals" >> beam.CombineGlobally(_BatchTotals()).as_singleton_view()
        shards, refused = self._write_shards(packs, totals)
        rejects = (*several(inputs.get("rejects")), *refused) | "AllRejects" >> beam.Flatten()
        reject_files, reject_counts = self._write_rejects(rejects)
        parallel = inputs.get("parallel")
        if parallel is None:
            parallel = pipeline | "NoParallel" >> beam.Create([])
        parallel_files = self._write_parallel(parallel)
        fallbacks = _fallback_counts(rejects)
        return self._write_manifest(
            pipeline, shards, reject_files, parallel_files, reject_counts, fallbacks, totals
        )

    def _write_shards(
        self, packs: PCollection, totals: AsSingleton
    ) -> tuple[PCollection, list[PCollection]]:
        """Shards and sidecars of every language from :class:`RecordBatch` es (``totals``:
        their :class:`Totals`): their ShardInfos, and the records refused.

        Each record's JSON is encoded first (fused with the step that made it) and each
        record sent by the carrier, so what the count's wait and the bucket shuffle hold
        is bytes (or, in one process, tickets).
        """
        assigned = packs | "AssignBucket" >> beam.ParDo(
            _AssignBucket(self.shard_size, self.carrier), totals=totals
        ).with_outputs("rejects", main="buckets")
        written = (
            assigned.buckets
            | "GroupBucket" >> beam.GroupByKey()
            | "WriteShard"
            >> beam.ParDo(
                _WriteShardBucket(self.output_dir, self.image_limits, self.carrier),
                totals=totals,
            ).with_outputs("rejects", main="infos")
        )
        return written.infos, [assigned.rejects, written.rejects]

    def _write_rejects(self, rejects: PCollection) -> tuple[PCollection, PCollection]:
        """The rejects as JSON Lines tables per language, and their counts by reason."""
        counted = rejects | "CountRejects" >> beam.Map(_count_reject)
        reject_counts = (
            counted
            | "RejectKey" >> beam.Map(lambda r: ((r.lang, r.stage, r.reason), 1))
            | "SumRejects" >> beam.CombinePerKey(sum)
        )
        directory = filesystem.join(self.output_dir, REJECTS_DIR)
        reject_files = (
            counted
            | "RejectItem" >> beam.Map(_reject_item)
            | "WriteRejects" >> _WriteTables(directory, "jsonl", self.table_rows, None)
        )
        return reject_files, reject_counts

    def _write_parallel(self, parallel: PCollection) -> PCollection:
        """The parallel text as Parquet tables per language pair."""
        leading = [(name, "string") for name in PARALLEL_FIELDS]
        directory = filesystem.join(self.output_dir, PARALLEL_DIR)
        return (
            parallel
            | "ParallelItem" >> beam.Map(_parallel_item)
            | "WriteParallel" >> _WriteTables(directory, "parquet", self.table_rows, leading)
        )

    def _write_manifest(
        self,
        pipeline: beam.Pipeline,
        shards: PCollection,
        reject_files: PCollection,
        parallel_files: PCollection,
        reject_counts: PCollection,
        fallbacks: PCollection,
        totals: AsSingleton,
    ) -> PCollection:
        """The last step: rename everything into place, then write ``manifest.json``
        (``fallbacks``: per language, see :func:`_fallback_counts`; ``totals``: the
        records' :class:`Totals`)."""
        if isinstance(self.input_count, PCollection):
            input_count: Any = AsSingleton(self.input_count)
        else:
            input_count = self.input_count
        writer = {
            "shard_size": self.shard_size,
            "shard_size_semantics": "target (mean per language <= shard_size)",
            "table_rows": self.table_rows,
            "image_limits": dataclasses.asdict(self.image_limits),
        }
        return (
            pipeline
            | "FinalizeSeed" >> beam.Create([None])
            | "Finalize"
            >> beam.Map(
                _finalize_with_totals,
                AsList(shards),
                AsList(reject_files),
                AsList(parallel_files),
                AsList(reject_counts),
                input_count,
                out_dir=self.output_dir,
                config=self.config,
                writer=writer,
                fallbacks=AsList(fallbacks),
                totals=totals,
            )
        )
