"""The translation memory: every translation a job makes, kept for later jobs and resumes.

Translation is nearly all of a job's cost, so no job should pay twice for the
same sentence. Every unique piece a job translates (and back-translates, when
that is on) is appended to a memory folder::

    DIR/translations-<fingerprint>/part-<uuid>.jsonl

The address is content: ``<fingerprint>`` hashes everything that decides a
translation (model files, decoding options, device and compute type), and each
row is keyed by ``(source text, source language, target language)``, so a
memory made with another model or other settings is never used, and one
memory serves any number of corpora, chunks and jobs.

Files are append-only with unique names, each written atomically (a temporary
name, then a rename) after every ``flush_rows`` pieces and at the end of each
bundle: concurrent writers need no lock and a killed job leaves only whole
files. Two writers that translate the same piece both append it; readers take
any one copy, stably.

Where the memory lives:

* ``--translation-cache DIR`` (local or any Beam file system, e.g. ``gs://``):
  read by every job and never removed, so adding a language to a finished
  dataset, or translating a second corpus that shares prompts with the first,
  translates only what is new.
* otherwise ``OUT/_work/``: read only with ``--resume`` (an interrupted run
  picks up its own translations) and removed when the job completes.

Joining the memory makes the dedup step's ``GroupByKey`` keyed by the piece a
``CoGroupByKey`` with the memory's rows: pieces found there skip translation
(``memory_hits``), and back-translation and pair scoring where the row has them
(a piece that failed a cheap check is saved without a back-translation); the
rest are translated as usual (``memory_misses``); the job's manifest reports both.
Reading, filtering, reassembly and shard writing are cheap and deterministic, so
they are simply redone, and the writer's guarantees make a resumed run's output identical to
an uninterrupted run's.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.crash_test_hook import crash_point
from babelshard.pipelines.metrics import METRICS
from babelshard.schemas.records import Owners, Piece, TranslatedPiece
from babelshard.translators.factory import TranslatorConfig

WORK_DIR = "_work"
FLUSH_ROWS = 1000


def fingerprint(translator: TranslatorConfig, provenance: dict[str, Any]) -> str:
    """A short hash of everything that decides a segment's translation.

    The model is identified by its files' names, sizes and modification times
    (hashing gigabytes of weights would cost more than it saves); the device and
    compute type are the ones asked for (``auto`` as ``auto``), so the address
    never depends on the launcher's hardware; each row records where it ran.
    """
    model = translator.model or ""
    path = model.removeprefix("table:")
    files: list[tuple[str, int, int]] = []
    if os.path.isdir(path):
        for entry in sorted(os.scandir(path), key=lambda e: e.name):
            if entry.is_file():
                stat = entry.stat()
                files.append((entry.name, stat.st_size, stat.st_mtime_ns))
    elif os.path.isfile(path):
        stat = os.stat(path)
        files.append((os.path.basename(path), stat.st_size, stat.st_mtime_ns))
    identity = {
        "model": model,
        "files": files,
        "decoding": asdict(translator.decoding),
        "device": translator.device,
        "compute_type": translator.compute_type,
        "translator": provenance.get("translator"),
    }
    text = json.dumps(identity, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


HITS, MISSES = "memory_hits", "memory_misses"


def work_root(output: str) -> str:
    """The default memory of a job writing ``output`` (``OUT/_work``), kept only until it ends."""
    return filesystem.join(output, WORK_DIR)


def cache_dir(root: str, print_: str) -> str:
    """The memory folder under ``root`` for translation fingerprint ``print_``."""
    return filesystem.join(root, f"translations-{print_}")


def memory_folder(
    output: str, translation_cache: str | None, resume: bool, print_: str
) -> tuple[str, bool]:
    """Where a job keeps its translations, and whether it reads what is there already.

    A ``--translation-cache`` is always read; a job's own ``OUT/_work`` memory only
    when it resumes (a fresh run must not trust leftovers of another config).
    """
    root = translation_cache or work_root(output)
    return cache_dir(root, print_), bool(translation_cache) or resume


def remove_work(output: str) -> None:
    """Delete ``OUT/_work/`` (after a job has completed); a missing folder is fine."""
    filesystem.remove_tree(work_root(output))


# -- rows of the cache --------------------------------------------------------------


def cache_row(translated: TranslatedPiece) -> dict[str, Any]:
    """The cache line of one translated piece."""
    piece = translated.piece
    return {
        "text": piece.text,
        "src": piece.source_lang,
        "tgt": piece.target_lang,
        "hyp": translated.hypothesis,
        "score": translated.model_score,
        "back": translated.back_translation,
        "device": translated.device,
        "compute_type": translated.compute_type,
        "xent": translated.cross_entropy,
    }


def remembered_cross_entropy(row: dict[str, Any]) -> tuple[float, float] | None:
    """A row's (forward, backward) cross-entropies, or None (unscored, or an older row)."""
    pair = row.get("xent")
    if isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int | float) for x in pair):
        return float(pair[0]), float(pair[1])
    return None


def parse_rows(data: bytes) -> Iterator[tuple[Piece, dict[str, Any]]]:
    """``(piece, row)`` of every well-formed line of a cache file."""
    for line in data.splitlines():
        try:
            row = json.loads(line)
            key = (row["text"], row["src"], row["tgt"])
        except (ValueError, KeyError, TypeError):
            continue  # files are written whole; a line we cannot use is only a cache miss
        if all(isinstance(part, str) for part in key) and isinstance(row.get("hyp"), str):
            yield Piece(*key), row


class SaveTranslations(beam.DoFn):
    """Append translated segments to the work cache, one atomically written file per flush."""

    def __init__(self, directory: str, flush_rows: int = FLUSH_ROWS) -> None:
        self.directory = directory
        self.flush_rows = max(1, flush_rows)
        self.rows: list[dict[str, Any]] = []
        self.saved = Metrics.counter(METRICS, "memory_rows_saved")

    def start_bundle(self) -> None:
        self.rows = []

    def process(self, element: TranslatedPiece) -> Iterator[Any]:
        self.rows.append(cache_row(element))
        if len(self.rows) >= self.flush_rows:
            self._flush()
        return iter(())

    def finish_bundle(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in self.rows)
        path = filesystem.join(self.directory, f"part-{uuid.uuid4().hex}.jsonl")
        filesystem.makedirs(self.directory)
        filesystem.write_atomic(path, data.encode("utf-8"))
        self.saved.inc(len(self.rows))
        self.rows = []
        crash_point("translate")


def _read_cache_file(path: str) -> Iterator[tuple[Piece, dict]]:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        yield from parse_rows(handle.read())


class ReadTranslations(beam.PTransform):
    """``PBegin -> PCollection[(piece, row)]`` from the cache files of a folder (if any)."""

    def __init__(self, directory: str) -> None:
        super().__init__()
        self.directory = directory

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.PCollection:
        pattern = filesystem.join(self.directory, "part-*.jsonl")
        return (
            pbegin
            | "Match" >> fileio.MatchFiles(pattern, fileio.EmptyMatchTreatment.ALLOW)
            | "Parse" >> beam.FlatMap(lambda metadata: _read_cache_file(metadata.path))
        )


class SplitCached(beam.DoFn):
    """After the dedup join: cached pieces go straight on, the others to translation.

    Input ``(piece, {"owners": [packed owner tuples...], "cached": [...]})``; main output
    ``(piece, Owners)`` as :func:`merged_owners` gives it, output ``"hits"``
    the :class:`TranslatedPiece` the translate stages would have made.
    """

    HITS = "hits"

    def __init__(self, back_translation: bool) -> None:
        self.back_translation = back_translation
        self.hits = Metrics.counter(METRICS, HITS)
        self.misses = Metrics.counter(METRICS, MISSES)

    def process(self, element: tuple[Piece, dict[str, Iterable]]) -> Iterator[Any]:
        piece, groups = element
        owners = Owners(tuple(groups["owners"]))
        cached = list(groups["cached"])
        if owners and not cached:
            self.misses.inc()
            yield piece, owners
        elif owners:  # (a cached piece without owners is one this job no longer needs)
            row = min(cached, key=self.preference)
            self.hits.inc()
            back = row.get("back") if self.back_translation else None
            hit = TranslatedPiece(
                Piece(*piece),
                owners,
                row["hyp"],
                row.get("score"),
                back if isinstance(back, str) else None,
                device=row.get("device"),
                compute_type=row.get("compute_type"),
                cross_entropy=remembered_cross_entropy(row),
            )
            yield TaggedOutput(self.HITS, hit)

    def preference(self, row: dict[str, Any]) -> tuple[bool, bool, str]:
        """The copy to use: one with a back-translation (when wanted), then one with
        cross-entropies, then any, stably. A row without them (a piece that failed a
        cheap check, or one of a run without back-translation) is still a hit: the job
        checks it again and completes it by a round trip if it passes."""
        missing_back = self.back_translation and not isinstance(row.get("back"), str)
        return missing_back, remembered_cross_entropy(row) is None, json.dumps(row, sort_keys=True)


def merged_owners(element: tuple[Piece, Iterable[bytes]]) -> tuple[Piece, Owners]:
    """A unique piece that no memory answered (a job without a memory to read), with the
    owners of every batch that met it (packed tuples, ``pipelines/packing.py``) as one
    :class:`Owners`, still packed."""
    Metrics.counter(METRICS, MISSES).inc()
    piece, groups = element
    return piece, Owners(tuple(groups))


class JobMemory(NamedTuple):
    """A job's translation memory: the folder it saves to, and the rows it reads
    (``None`` when it reads none: a fresh run without ``--translation-cache``)."""

    folder: str
    remembered: beam.PCollection | None


def job_memory(
    pipeline: beam.Pipeline, output: str, translation_cache: str | None, resume: bool, print_: str
) -> JobMemory:
    """The memory of a job (see :func:`memory_folder`), its rows read once for the whole job.

    Every stage that looks the memory up (the main translate stage and the split
    retry's) joins these same rows: the memory as it was when the job started.
    The main stage's dedup join cannot finish before they are read, and nothing is
    saved before it finishes, so no lookup sees this job's own rows, whatever
    order a runner gives stages that do not depend on each other (a retry that read
    the folder itself might, or might not, find what the main stage saved).
    """
    folder, recall = memory_folder(output, translation_cache, resume, print_)
    remembered = pipeline | "ReadMemory" >> ReadTranslations(folder) if recall else None
    return JobMemory(folder, remembered)


class DedupWithMemory(beam.PTransform):
    """``(piece, packed owners)`` (each batch's owners of a piece) -> ``(piece, all its Owners)``
    to translate, and the memory's hits.

    Without a memory to read, a plain ``GroupByKey``; with one (``remembered``,
    :attr:`JobMemory.remembered`), a ``CoGroupByKey`` with its rows, whose hits
    skip translation. Returns ``(misses, hits)``; ``hits`` is None when there is no
    memory to read.
    """

    def __init__(self, remembered: beam.PCollection | None, back_translation: bool) -> None:
        super().__init__()
        self.remembered = remembered
        self.back_translation = back_translation

    def expand(self, pieces: beam.PCollection) -> tuple[beam.PCollection, Any]:
        if self.remembered is None:
            unique = (
                pieces | "Dedup" >> beam.GroupByKey() | "CountMisses" >> beam.Map(merged_owners)
            )
            return unique, None
        split = (
            {"owners": pieces, "cached": self.remembered}
            | "Dedup" >> beam.CoGroupByKey()
            | "SplitCached"
            >> beam.ParDo(SplitCached(self.back_translation)).with_outputs(
                SplitCached.HITS, main="misses"
            )
        )
        return split.misses, split[SplitCached.HITS]
