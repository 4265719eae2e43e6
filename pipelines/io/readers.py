"""Corpus readers: every supported format in, ``Sample | RejectRecord`` out.

The public API, used by the pipelines::

    check_input(format, input, options)     # configuration errors, before any work
    read_samples(format, input, options)    # a plain iterator, in file order
    ReadSamples(format, input, options)     # the same as a Beam PTransform: Read(samples, rejects)

``input`` is a file, a glob, or a folder (every file of the format in it), on any
filesystem Beam knows. Keys are ``{dataset}-{sanitised id}``; when two records share
a key the one earlier in file order wins and the other is rejected (``duplicate_key``).
``limit`` keeps exactly the first N samples of the whole input in file order, whether
or not a run reads it in chunks (rejects met on the way are kept too, so inputs =
samples + rejects still holds for what was read).
"""

from __future__ import annotations

import json
import math
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from babelshard.pipelines.io.formats import FORMATS
from babelshard.pipelines.io.readers_common import (
    STAGE,
    FileContext,
    ReaderOptions,
    open_input,
    plain_name,
)
from babelshard.pipelines.io.readers_json import read_coco, read_llava, read_mblip, read_vqa
from babelshard.pipelines.io.readers_tabular import read_jsonl, read_parquet
from babelshard.pipelines.io.readers_wds import read_wds
from babelshard.pipelines.packing import Batch, packed, unpacked
from babelshard.schemas.keys import KEY_CHARS
from babelshard.schemas.reasons import (
    DUPLICATE_KEY,
    reject,
)
from babelshard.schemas.records import RejectRecord, Sample

__all__ = [
    "FORMATS",
    "InputError",
    "ReadSamples",
    "ReadTask",
    "ReaderOptions",
    "check_input",
    "dataset_name",
    "plan_reads",
    "read_samples",
    "read_task",
]

Item = Sample | RejectRecord

# The files a folder input contributes, per format.
_JSON_SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz")
_FOLDER_SUFFIXES = {
    "coco": (".json", ".json.gz"),
    "llava": _JSON_SUFFIXES,
    "mblip": _JSON_SUFFIXES,
    "jsonl": (".jsonl", ".jsonl.gz", ".ndjson"),
    "parquet": (".parquet",),
    "wds": (".tar", ".tar.gz", ".tgz"),
}
_GLOB_CHARS = re.compile(r"[*?\[]")
_DATASET_NAME = re.compile(f"^[{KEY_CHARS}]{{1,64}}$")


class InputError(ValueError):
    """A configuration error found before any work starts; the message says what to do."""


@dataclass(frozen=True)
class ReadTask:
    """One unit of parallel reading: a file (VQA: a questions file and its annotations)."""

    index: int
    path: str
    annotations: str | None = None


SNIFF_BYTES = 4096  # how much of the first file the checks look at

# --- planning and configuration checks ----------------------------------------------------


def dataset_name(format: str, input: str, options: ReaderOptions) -> str:
    """``options.dataset``, or ``{format}_{input name}`` (``coco_captions_train2017``)."""
    if options.dataset is not None:
        if not _DATASET_NAME.match(options.dataset):
            raise InputError(
                f"dataset name {options.dataset!r} may only use letters, digits, '_' and '-' "
                "(it starts every WebDataset key); pick a name such as 'coco_train'"
            )
        return options.dataset
    parts = [p for p in input.rstrip("/").split("/") if p and not p.endswith(":")]
    name = next((p for p in reversed(parts) if not _GLOB_CHARS.search(p)), "")
    stem = plain_name(name)[:40] if name else ""
    return f"{format}_{stem}" if stem and stem != format else format


def plan_reads(format: str, input: str, options: ReaderOptions) -> list[ReadTask]:
    """The files to read, in a stable order; raises InputError when there are none."""
    _check_format(format)
    if format == "vqa":
        return [_plan_vqa(input, options)]
    paths = _match_files(input, _FOLDER_SUFFIXES[format])
    if not paths:
        raise InputError(
            f"no {format} input files at {input!r}: check the path, or pass a file, "
            f"a glob such as 'data/*{_FOLDER_SUFFIXES[format][0]}', or a folder holding "
            f"{'/'.join(_FOLDER_SUFFIXES[format])} files"
        )
    return [ReadTask(index, path) for index, path in enumerate(paths)]


def check_input(format: str, input: str, options: ReaderOptions) -> None:
    """Raise InputError for anything that would make the whole job fail or read nothing.

    Checks the format name, the options, that the input matches files, and sniffs
    the first file (a few bytes) so that a wrong ``--format`` or text column fails
    now rather than as millions of rejects.
    """
    _prepare(format, input, options)


def _prepare(format: str, input: str, options: ReaderOptions) -> tuple[str, list[ReadTask]]:
    """Check everything ``check_input`` promises; return the dataset name and the tasks."""
    _check_options(options)
    dataset = dataset_name(format, input, options)
    tasks = plan_reads(format, input, options)
    _sniff(format, tasks[0].path, options, only_file=len(tasks) == 1)
    if tasks[0].annotations is not None:
        _sniff("vqa", tasks[0].annotations, options, only_file=True)
    return dataset, tasks


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise InputError(f"unknown input format {format!r}; use one of {', '.join(FORMATS)}")


def _check_options(options: ReaderOptions) -> None:
    if options.max_text_chars < 1:
        raise InputError(f"max_text_chars must be positive, got {options.max_text_chars}")
    if options.limit is not None and options.limit < 0:
        raise InputError(f"limit must be 0 or more, got {options.limit}")
    root = options.image_root
    if root is not None and "://" not in root and not os.path.isdir(root):
        raise InputError(
            f"image_root {root!r} is not a folder: pass the folder the records' relative "
            "image paths start from"
        )
    if options.image_template is not None:
        try:
            options.image_template.format(image_id=1, subtype="train2014")
        except (KeyError, IndexError, ValueError) as err:
            raise InputError(
                f"image_template {options.image_template!r} is not a valid pattern ({err}); "
                "use the fields {image_id} and {subtype}, e.g. 'COCO_{subtype}_{image_id:012d}.jpg'"
            ) from None


def _match_files(input: str, folder_suffixes: tuple[str, ...]) -> list[str]:
    """Files matching a file name, glob or folder, sorted; folders list only their own files."""
    is_folder = input.endswith("/") or ("://" not in input and os.path.isdir(input))
    pattern = input.rstrip("/") + "/*" if is_folder else input
    try:
        metadata = FileSystems.match([pattern])[0].metadata_list
    except Exception as err:  # Beam raises BeamIOError or ValueError (no filesystem for the scheme)
        raise InputError(
            f"cannot list input {input!r}: {err}; check the path and that this machine can read it"
        ) from None
    paths = sorted(m.path for m in metadata if not os.path.isdir(m.path))
    if is_folder:
        paths = [p for p in paths if p.lower().endswith(folder_suffixes)]
    return paths


def _plan_vqa(input: str, options: ReaderOptions) -> ReadTask:
    if options.annotations is not None:
        questions = _single(input, "questions", "--input")
        return ReadTask(0, questions, _single(options.annotations, "annotations", "--annotations"))
    files = _match_files(input, (".json",))
    questions = [p for p in files if "question" in p.rsplit("/", 1)[-1].lower()]
    annotations = [p for p in files if "annotation" in p.rsplit("/", 1)[-1].lower()]
    if len(questions) == 1 and len(annotations) == 1:
        return ReadTask(0, questions[0], annotations[0])
    raise InputError(
        f"VQA needs one questions file and one annotations file; {input!r} gives "
        f"{len(questions)} questions and {len(annotations)} annotations files. Pass the questions "
        "file as input and the annotations file as annotations (--annotations), or a folder "
        "holding exactly one *questions*.json and one *annotations*.json"
    )


def _single(pattern: str, what: str, flag: str) -> str:
    paths = _match_files(pattern, (".json",))
    if len(paths) != 1:
        raise InputError(
            f"{flag} must name exactly one VQA {what} file; {pattern!r} matches {len(paths)}"
        )
    return paths[0]


def _sniff(format: str, path: str, options: ReaderOptions, only_file: bool = True) -> None:
    """Look at the start of the first file and fail early when it cannot be this format.

    An empty file is refused when it is the whole input (the job would write nothing);
    one empty part among several is read as the nothing it holds.
    """
    with open_input(path, raw=format in ("parquet", "wds")) as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        if only_file:
            raise InputError(f"{path!r} is empty: there is nothing to read; check --input")
        return
    if format == "parquet":
        if not head.startswith(b"PAR1"):
            raise InputError(f"{path!r} is not a Parquet file; check --format")
        _check_parquet_columns(path, options)
        return
    if format == "wds":
        if head[257:262] != b"ustar" and not head.startswith(b"\x1f\x8b"):
            raise InputError(f"{path!r} is not a tar file; check --format")
        return
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    allowed = (b"{",) if format in ("coco", "vqa", "jsonl") else (b"{", b"[")
    if first not in allowed:
        raise InputError(f"{path!r} does not look like {format} JSON; check --format")
    records = _complete_lines(head)
    if format == "jsonl" and len(records) >= 2 and not any(map(_is_json_object, records)):
        raise InputError(
            f"{path!r} is one JSON document spread over lines, not JSON Lines; "
            "use the --format of the document (coco, llava, mblip or vqa)"
        )
    documents_only = format in ("coco", "vqa")  # llava and mblip also read JSON Lines
    if documents_only and len(records) >= 2 and all(map(_is_json_object, records[:2])):
        raise InputError(
            f"{path!r} holds one JSON record per line (JSON Lines), not a {format} document; "
            "use --format jsonl"
        )
    if format == "jsonl":
        _check_jsonl_columns(path, head, options)


def _complete_lines(head: bytes) -> list[bytes]:
    """The non-blank lines of a file's first bytes that end within them."""
    lines = head.removeprefix(b"\xef\xbb\xbf").split(b"\n")[:-1]
    return [line for line in lines if line.strip()]


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _check_jsonl_columns(path: str, head: bytes, options: ReaderOptions) -> None:
    line = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return  # a bad first line is a per-record reject, not a configuration error
    if isinstance(record, dict):
        _require_columns(path, list(record), options)


def _check_parquet_columns(path: str, options: ReaderOptions) -> None:
    import pyarrow.parquet as pq

    with open_input(path, raw=True) as handle:
        _require_columns(path, pq.read_schema(handle).names, options)


def _require_columns(path: str, columns: list[str], options: ReaderOptions) -> None:
    wanted = {"text_field": options.text_field, "id_field": options.id_field}
    for option, column in wanted.items():
        if column is not None and column not in columns:
            raise InputError(
                f"{path!r} has no column {column!r} ({option}); its columns are {columns}: "
                f"set {option} (--{option.replace('_', '-')}) to one of them"
            )


# --- reading ------------------------------------------------------------------------------

_READERS = {
    "coco": read_coco,
    "llava": read_llava,
    "mblip": read_mblip,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "wds": read_wds,
}


def read_task(
    format: str,
    task: ReadTask,
    dataset: str,
    options: ReaderOptions,
    part: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """Read one file (no de-duplication or limit: those need the whole input).

    ``part``: the samples of other keys are skipped unbuilt (``FileContext.owns``), so
    every sample read is one of ``part``; rejects of any key may still come."""
    ctx = FileContext(dataset, task.path, options, part)
    if format == "vqa":
        assert task.annotations is not None, "plan_reads pairs every VQA task"
        return read_vqa(ctx, task.annotations)
    return _READERS[format](ctx)


def duplicate_reject(sample: Sample) -> RejectRecord:
    return reject(
        key=sample.key,
        dataset=sample.dataset,
        source_id=sample.source_id,
        lang=sample.lang,
        reason=DUPLICATE_KEY,
        stage=STAGE,
        detail=f"key {sample.key} was already read earlier in file order",
        doc={"file": sample.meta.get("source_file"), "at": sample.meta.get("source_at")},
    )


def read_samples(format: str, input: str, options: ReaderOptions | None = None) -> Iterator[Item]:
    """Every sample and reject of the input, in file order, de-duplicated, up to ``limit``.

    Configuration errors are raised by this call itself, before anything is read.
    """
    options = options or ReaderOptions()
    dataset, tasks = _prepare(format, input, options)
    return _read_in_order(format, tasks, dataset, options)


def _read_in_order(
    format: str,
    tasks: list[ReadTask],
    dataset: str,
    options: ReaderOptions,
    part: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """Every item of ``tasks`` in file order, de-duplicated, up to ``limit``, then those of
    ``part``. The limit keeps the first N samples of the whole input, so a chunk sees
    every key until the limit is reached, and the chunks of a run keep together what an
    unchunked run keeps; without a limit, ``read_task`` skips other parts' samples
    unbuilt (de-duplication is unchanged: all copies of a key share a part)."""
    unbuilt = part if options.limit is None else None
    items = (item for task in tasks for item in read_task(format, task, dataset, options, unbuilt))
    return _items_in_part(_first_samples(items, options.limit), part, unbuilt is not None)


def _items_in_part(
    items: Iterable[Item], part: Callable[[str], bool] | None, samples_in_part: bool
) -> Iterable[Item]:
    """The ``items`` whose key ``part`` keeps (all of them without a part): ``read_task``
    skips most other records unbuilt, and the few it still makes are dropped here.

    ``samples_in_part``: ``read_task`` was given ``part``, so it built only samples
    of ``part``; only rejects are asked about (the chunk's hash once per sample, not
    twice)."""
    if part is None:
        return items
    if samples_in_part:
        return (item for item in items if isinstance(item, Sample) or part(item.key))
    return (item for item in items if part(item.key))


def _first_samples(items: Iterable[Item], limit: int | None) -> Iterator[Item]:
    seen: set[str] = set()
    kept = 0
    if limit == 0:
        return
    for item in items:
        if isinstance(item, Sample):
            if item.key in seen:
                yield duplicate_reject(item)
                continue
            seen.add(item.key)
            kept += 1
        yield item
        if limit is not None and kept >= limit:
            return


# --- Beam ---------------------------------------------------------------------------------


REJECTS = "rejects"
BATCH_SIZE = 256  # samples per element of ReadSamples(batched=True)
_READ_BLOCK = 4096  # samples a reader groups by bucket before sending them on
_BUCKET_BYTES = 16 << 20  # input bytes per de-duplication bucket


def dedup_buckets(tasks: list[ReadTask]) -> int:
    """How many buckets the de-duplication shuffle uses: one per 16 MiB of input, so a
    bucket's samples fit a worker's memory whatever the input size."""
    paths = [path for task in tasks for path in (task.path, task.annotations) if path]
    sizes = [
        meta.size_in_bytes for result in FileSystems.match(paths) for meta in result.metadata_list
    ]
    return max(1, math.ceil(sum(sizes) / _BUCKET_BYTES))


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % buckets


class _ReadCounts:
    """The reading DoFns' counters: samples read, and rejects (also by reason)."""

    def __init__(self) -> None:
        self.samples = Metrics.counter("babelshard.read", "samples_read")
        self.rejects = Metrics.counter("babelshard.read", "rejects")

    def rejected(self, item: RejectRecord) -> TaggedOutput:
        """``item`` counted, for the ``rejects`` output."""
        self.rejects.inc()
        Metrics.counter("babelshard.read.rejects", item.reason).inc()
        return TaggedOutput(REJECTS, item)


class _ReadTaskFn(beam.DoFn):
    """Reads one file; samples go out for de-duplication as ``(bucket, packed [(key,
    place in file order, sample), ...])`` (one element per bucket and block of the file,
    not per sample), rejects to their own output. ``part``: keep only its keys."""

    def __init__(
        self,
        format: str,
        dataset: str,
        options: ReaderOptions,
        buckets: int,
        part: Callable[[str], bool] | None,
    ) -> None:
        self._format, self._dataset, self._options = format, dataset, options
        self._buckets, self._part = buckets, part
        self._counts = _ReadCounts()

    def process(self, task: ReadTask) -> Iterator[Any]:
        block: dict[int, list[tuple[str, tuple[int, int], Sample]]] = {}
        in_block = 0
        items = read_task(self._format, task, self._dataset, self._options, self._part)
        for position, item in enumerate(_items_in_part(items, self._part, True)):
            if isinstance(item, RejectRecord):
                yield self._counts.rejected(item)
                continue
            self._counts.samples.inc()
            entry = (item.key, (task.index, position), item)
            block.setdefault(_bucket(item.key, self._buckets), []).append(entry)
            in_block += 1
            if in_block == _READ_BLOCK:
                yield from _sent(block)
                block, in_block = {}, 0
        yield from _sent(block)


def _sent(block: dict[int, list]) -> Iterator[tuple[int, bytes]]:
    for bucket, entries in block.items():
        yield bucket, packed(entries)


class _KeepFirst(beam.DoFn):
    """Of the samples sharing a key, keep the first in file order; reject the others.

    Input: a bucket and its packed blocks; output: batches of kept samples (lists of
    ``BATCH_SIZE``).
    """

    def __init__(self) -> None:
        self._duplicates = Metrics.counter("babelshard.read.rejects", DUPLICATE_KEY)

    def process(self, bucket: tuple[int, Iterable[bytes]]) -> Iterator[Any]:
        first: dict[str, tuple[tuple[int, int], Sample]] = {}
        for block in bucket[1]:
            for key, place, sample in unpacked(block):
                seen = first.get(key)
                if seen is None:
                    first[key] = (place, sample)
                    continue
                later = sample
                if place < seen[0]:  # blocks come in any order: the earlier copy wins
                    first[key], later = (place, sample), seen[1]
                self._duplicates.inc()
                yield TaggedOutput(REJECTS, duplicate_reject(later))
        kept = [sample for _, sample in first.values()]
        for start in range(0, len(kept), BATCH_SIZE):
            yield Batch(kept[start : start + BATCH_SIZE])


class _ReadInOrderFn(beam.DoFn):
    """Reads every file in order in this one process and keeps the first sample of each
    key (``_first_samples``): a local run's de-duplication without a shuffle, and any
    run's ``limit`` (``_read_in_order``). Output:
    batches of up to ``BATCH_SIZE`` samples (or samples one by one), rejects to their own
    output. ``part``: keep only its keys."""

    def __init__(
        self,
        format: str,
        tasks: list[ReadTask],
        dataset: str,
        options: ReaderOptions,
        part: Callable[[str], bool] | None,
        batched: bool,
    ) -> None:
        self._args = (format, tasks, dataset, options, part)
        self._batched = batched
        self._counts = _ReadCounts()

    def process(self, _: Any) -> Iterator[Any]:
        batch = Batch()
        for item in _read_in_order(*self._args):
            if isinstance(item, RejectRecord):
                yield self._counts.rejected(item)
                continue
            self._counts.samples.inc()
            if not self._batched:
                yield item
                continue
            batch.append(item)
            if len(batch) == BATCH_SIZE:
                yield batch
                batch = Batch()
        if batch:
            yield batch


class Read(NamedTuple):
    """What ``ReadSamples`` gives: the samples, and the records it could not read."""

    samples: beam.PCollection
    rejects: beam.PCollection


class ReadSamples(beam.PTransform):
    """``PBegin -> Read(samples, rejects)``, reading files in parallel.

    One element per file, spread over workers with a Reshuffle, read in a DoFn; the
    GroupByKey that de-duplicates keys (by buckets of keys, a block of samples per
    element: the in-process runner's cost is per element) also redistributes the
    samples (it is the reshuffle after reading). With ``limit`` the first N samples
    of the whole input are read in order by one worker, exact and cheap for the small
    N a limit is for, as a local run reads (``in_order``; a remote runner then
    reshuffles them). Configuration errors are raised here, when the pipeline is
    built. ``part`` keeps only the samples and rejects whose key it accepts (one
    chunk of a chunked local run); every record with one key lands in the same
    part, so de-duplication is unchanged. ``batched``: the samples come as lists of
    up to ``BATCH_SIZE``, the way the translate job carries them. ``in_order``: the
    run is local (one process), so the files are read in order by one DoFn that
    de-duplicates as it goes, as ``read_samples`` does, with no shuffle to pay for.
    """

    def __init__(
        self,
        format: str,
        input: str,
        options: ReaderOptions | None = None,
        part: Callable[[str], bool] | None = None,
        batched: bool = False,
        in_order: bool = False,
    ) -> None:
        super().__init__()
        self._format = format
        self._options = options or ReaderOptions()
        self._dataset, self._tasks = _prepare(format, input, self._options)
        self._part = part
        self._batched = batched
        self._in_order = in_order

    def expand(self, pbegin: beam.pvalue.PBegin) -> Read:
        if self._in_order or self._options.limit is not None:
            read_all = _ReadInOrderFn(
                self._format, self._tasks, self._dataset, self._options, self._part, self._batched
            )
            read_in_order = beam.ParDo(read_all)
            if self._batched:
                read_in_order = read_in_order.with_output_types(Batch)
            read = (
                pbegin
                | "Start" >> beam.Create([None])
                | "ReadInOrder" >> read_in_order.with_outputs(REJECTS, main="samples")
            )
            samples = read.samples
            if not self._in_order:  # a limit on a remote runner: spread what one worker read
                samples = samples | "Reshuffle" >> beam.Reshuffle()
            return Read(samples, read[REJECTS])
        # The part is kept while reading, so only this part is held by the GroupByKey.
        read_file = _ReadTaskFn(
            self._format, self._dataset, self._options, dedup_buckets(self._tasks), self._part
        )
        read = (
            pbegin
            | "Files" >> beam.Create(self._tasks)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles" >> beam.ParDo(read_file).with_outputs(REJECTS, main="samples")
        )
        kept = (
            read.samples
            | "GroupByKey" >> beam.GroupByKey()
            | "KeepFirst"
            >> beam.ParDo(_KeepFirst())
            .with_output_types(Batch)
            .with_outputs(REJECTS, main="samples")
        )
        rejects = (read[REJECTS], kept[REJECTS]) | "Rejects" >> beam.Flatten()
        samples = kept.samples
        if not self._batched:
            samples = samples | "OneByOne" >> beam.FlatMap(lambda batch: batch)
        return Read(samples, rejects)
