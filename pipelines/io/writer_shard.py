"""Write one WebDataset shard (tar + Parquet sidecar + stats) without Beam.

The Beam writer calls ``write_shard_files`` once per bucket and renames the
results later; a notebook or a test calls ``write_shard`` for a finished shard.
Both are deterministic: samples sorted by key, tar headers with a fixed mtime,
owner and mode, so the same records give byte-identical files.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.images import (
    IMAGE_BAD_EXT,
    ImageLimits,
    ImageLoader,
    ImageRejected,
    check_image_bytes,
    normalize_ext,
)
from babelshard.pipelines.io.writer_tables import (
    merge_kinds,
    parquet_bytes,
    row_kinds,
    table_schema,
    to_table,
)
from babelshard.schemas.keys import key_problem
from babelshard.schemas.reasons import DOC_NOT_JSON, DUPLICATE_KEY, INVALID_KEY, reject
from babelshard.schemas.records import RejectRecord, ShardRecord

TAR_MTIME = 0  # fixed header fields: same records, same bytes
TAR_MODE = 0o644
RESERVED_EXTS = frozenset({"json", "txt"})


def sidecar_schema(kinds: dict[str, Any]) -> pa.Schema:
    """The sidecar's schema: ``key`` first, then the records' flat columns sorted by name."""
    return table_schema(kinds, leading=[("key", pa.string())])


@dataclass
class ShardInfo:
    """What one shard holds; ``path`` is set (relative to the output dir) once it is final."""

    lang: str
    bucket: int
    samples: int
    bytes: int
    sha256: str
    first_key: str | None
    last_key: str | None
    tar_temp: str
    parquet_temp: str
    rejected: dict[str, int] = field(default_factory=dict)
    path: str = ""
    rejects: list[RejectRecord] = field(default_factory=list)


def reject_for(record: ShardRecord, reason: str, stage: str, detail: str = "") -> RejectRecord:
    """A ``RejectRecord`` for a record the writer refuses, keeping its doc and scores."""
    doc = record.doc if isinstance(record.doc, dict) else {}
    raw_scores = doc.get("scores")
    scores = (
        {k: float(v) for k, v in raw_scores.items() if isinstance(v, int | float)}
        if isinstance(raw_scores, dict)
        else {}
    )
    return reject(
        key=record.key,
        dataset=str(record.columns.get("dataset") or doc.get("dataset") or ""),
        source_id=str(record.columns.get("source_id") or doc.get("source_id") or ""),
        lang=record.lang,
        reason=reason,
        stage=stage,
        detail=detail,
        scores=scores,
        doc=doc,
    )


def _order(record: ShardRecord) -> tuple[str, str]:
    """Sort by key; ties (duplicate keys) broken by content so the kept one is stable."""
    image = record.image.uri if record.image else ""
    tie = json.dumps([record.doc, record.text, image], sort_keys=True, default=str)
    return record.key, tie


def _member(name: str, data: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = TAR_MTIME
    info.mode = TAR_MODE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info, io.BytesIO(data)


def _sample_members(record: ShardRecord, loader: ImageLoader) -> list[tuple[str, bytes]]:
    """The tar members of one sample; raises ImageRejected or ValueError (bad doc)."""
    try:
        doc = json.dumps(record.doc, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise ValueError(f"doc is not JSON-serialisable: {error}") from error
    members = [(f"{record.key}.json", doc)]
    if record.text is not None:
        members.append((f"{record.key}.txt", record.text.encode("utf-8")))
    image: bytes | None = None
    if record.image_bytes is not None:
        ext = normalize_ext(record.image_ext)
        image = record.image_bytes
        check_image_bytes(image, loader.limits)
    elif record.image is not None:
        ext = normalize_ext(record.image.ext)
        image = loader.load(record.image)
    if image is not None:
        if ext in RESERVED_EXTS:
            raise ImageRejected(IMAGE_BAD_EXT, f"image extension {ext!r} clashes with the sample's")
        members.append((f"{record.key}.{ext}", image))
    return members


def write_shard_files(
    records: Iterable[ShardRecord],
    tar_path: str,
    parquet_path: str,
    *,
    loader: ImageLoader,
    schema: pa.Schema | None = None,
    lang: str = "",
    bucket: int = 0,
) -> ShardInfo:
    """Write a shard's tar and Parquet sidecar to the given (temporary) paths.

    Records are sorted by key; a record with a bad key, a duplicate key, a doc
    that is not JSON or a bad image is not written but returned in
    ``ShardInfo.rejects``. The caller makes the files visible (``commit_shard``).
    """
    ordered = sorted(records, key=_order)
    rejects: list[RejectRecord] = []
    rows: list[dict[str, Any]] = []
    previous: str | None = None
    stream = filesystem.create(tar_path)
    try:
        out = filesystem.HashingWriter(stream)
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            for record in ordered:
                lang = lang or record.lang
                members = _members_or_reject(record, previous, loader)
                if isinstance(members, RejectRecord):
                    rejects.append(members)
                    continue
                previous = record.key
                for name, data in members:
                    archive.addfile(*_member(name, data))
                rows.append({**record.columns, "key": record.key})
        filesystem.finish(stream)
    except BaseException:
        stream.close()
        filesystem.delete([tar_path])
        raise
    if schema is None:
        schema = sidecar_schema(merge_kinds(row_kinds(r) for r in rows))
    filesystem.write_file(parquet_path, parquet_bytes(to_table(rows, schema)))
    keys = [row["key"] for row in rows]
    return ShardInfo(
        lang=lang,
        bucket=bucket,
        samples=len(rows),
        bytes=out.size,
        sha256=out.sha256,
        first_key=keys[0] if keys else None,
        last_key=keys[-1] if keys else None,
        tar_temp=tar_path,
        parquet_temp=parquet_path,
        rejected=dict(sorted(Counter(r.reason for r in rejects).items())),
        rejects=rejects,
    )


def _members_or_reject(
    record: ShardRecord, previous: str | None, loader: ImageLoader
) -> list[tuple[str, bytes]] | RejectRecord:
    """The tar members of ``record``, or why the writer refuses it."""
    problem = key_problem(record.key)
    if problem:
        return reject_for(record, INVALID_KEY, "write", problem)
    if record.key == previous:
        return reject_for(record, DUPLICATE_KEY, "write", record.key)
    try:
        return _sample_members(record, loader)
    except ImageRejected as error:
        return reject_for(record, error.reason, "image", error.detail)
    except ValueError as error:
        return reject_for(record, DOC_NOT_JSON, "write", str(error))


def shard_names(lang: str, index: int) -> tuple[str, str, str]:
    """File names of shard ``index`` of ``lang``: tar, Parquet sidecar, stats."""
    stem = f"{lang}-{index:05d}"
    return f"{stem}.tar", f"{stem}.parquet", f"{stem}_stats.json"


def shard_stats(info: ShardInfo) -> dict[str, Any]:
    """The ``_stats.json`` of a shard (img2dataset style); deterministic, no timestamps."""
    name = info.path.rsplit("/", 1)[-1]
    return {
        "shard": name,
        "lang": info.lang,
        "count": info.samples,
        "bytes": info.bytes,
        "sha256": info.sha256,
        "first_key": info.first_key,
        "last_key": info.last_key,
        "rejected": info.rejected,
        "parquet": name.removesuffix(".tar") + ".parquet",
    }


def commit_shard(info: ShardInfo, directory: str, relative_dir: str, index: int) -> ShardInfo:
    """Rename a written shard to its final names and write its stats file last.

    Idempotent, so a retried finalize step finds the already renamed files.
    """
    tar_name, parquet_name, stats_name = shard_names(info.lang, index)
    for temp, name in ((info.tar_temp, tar_name), (info.parquet_temp, parquet_name)):
        final = filesystem.join(directory, name)
        if filesystem.exists(temp):
            filesystem.commit(temp, final)
        elif not filesystem.exists(final):
            raise FileNotFoundError(f"shard file {temp} vanished before finalize")
    info.path = f"{relative_dir}/{tar_name}" if relative_dir else tar_name
    stats = json.dumps(shard_stats(info), ensure_ascii=False, indent=2, sort_keys=True)
    filesystem.write_atomic(filesystem.join(directory, stats_name), stats.encode("utf-8"))
    return info


def write_shard(
    records: Iterable[ShardRecord],
    path: str,
    *,
    limits: ImageLimits | None = None,
    schema: pa.Schema | None = None,
) -> ShardInfo:
    """Write one finished shard at ``path`` (``.../deu_Latn-00000.tar``) with its sidecars.

    The tar and sidecar appear atomically, then ``*_stats.json``, the shard's
    completion marker. Rejected records are in the returned ``ShardInfo.rejects``.
    """
    directory, name = filesystem.split(path)
    match = re.match(r"^(.+)-(\d+)\.tar$", name)
    if not match:
        raise ValueError(f"shard path must end in LANG-NNNNN.tar, got {name!r}")
    lang, index = match.group(1), int(match.group(2))
    filesystem.makedirs(directory)
    with ImageLoader(limits) as loader:
        info = write_shard_files(
            records,
            filesystem.temp_path(path),
            filesystem.temp_path(path.removesuffix(".tar") + ".parquet"),
            loader=loader,
            schema=schema,
            lang=lang,
        )
    return commit_shard(info, directory, "", index)
