"""Write one WebDataset shard (tar + Parquet sidecar + stats) without Beam.

The Beam writer calls ``write_shard_files`` once per bucket and renames the
results later; a notebook or a test calls ``write_shard`` for a finished shard.
Both are deterministic: samples sorted by key, tar headers with a fixed mtime,
owner and mode, so the same records give byte-identical files.

The Beam writer encodes each record's JSON document once, before its
shuffle (:func:`encode_record`): an :class:`EncodedRecord` crosses the
shuffle as bytes instead of a pickled nested dict, and the shard writer
writes those bytes as they are.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson
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
    json_text,
    parquet_bytes,
    rows_kinds,
    table_schema,
    to_table,
)
from babelshard.schemas.keys import key_problem
from babelshard.schemas.reasons import DOC_NOT_JSON, DUPLICATE_KEY, INVALID_KEY, reject
from babelshard.schemas.records import ImageRef, RejectRecord, ShardRecord

TAR_MTIME = 0  # fixed header fields: same records, same bytes
TAR_MODE = 0o644
RESERVED_EXTS = frozenset({"json", "txt"})
WRITE_BLOCK = 1 << 20
"""A shard's members go to its stream (and its hash) in blocks of about this many bytes,
not one write per sample (a text sample is a few KB)."""


class EncodedRecord(NamedTuple):
    """A :class:`ShardRecord` whose doc is already its JSON member's bytes.

    ``doc_json`` is None when the doc is not JSON; then ``doc`` keeps it and
    ``doc_error`` says why, for the reject. The image stays a reference.
    """

    key: str
    lang: str
    doc_json: bytes | None
    text: str | None
    image: ImageRef | None
    image_bytes: bytes | None
    image_ext: str
    columns: dict[str, Any]
    doc: Any = None
    doc_error: str = ""


_DOC_OPTIONS = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
"""Values ``json`` refuses (dates, dataclasses) orjson refuses too, as do subclasses of
``str``, ``int``, ``dict`` and ``list``, which :func:`_json_fallback` writes as ``json`` does."""


def doc_json(doc: Any) -> bytes:
    """The bytes of a doc's ``KEY.json`` member: compact JSON (no spaces) in UTF-8, keys in
    the doc's order, NaN and infinities written as ``null`` (strict readers refuse ``NaN``).

    orjson writes a doc several times faster than ``json``; what it refuses (an integer
    beyond 64 bits, a key that is not a string, a subclass of a plain type, a nesting
    deeper than 254) ``json`` writes in the same format. Raises TypeError or ValueError
    where ``json`` cannot write the doc either (a set, a lone surrogate, a cycle).
    """
    try:
        written = orjson.dumps(doc, option=_DOC_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError
        return _json_fallback(doc)
    # A copy of exactly its size: the block orjson grew the bytes in stays behind them
    # otherwise (20,000 docs held until their shard is written: +250 MiB peak RSS).
    return bytes(memoryview(written))


def _json_fallback(doc: Any) -> bytes:
    """:func:`doc_json`'s format written by ``json`` (the rare doc orjson refuses)."""
    return json_text(doc, separators=(",", ":")).encode("utf-8")


def encode_record(record: ShardRecord | EncodedRecord) -> EncodedRecord:
    """``record`` with its doc JSON-encoded (once: the bytes the shard's ``KEY.json``
    holds, :func:`doc_json`)."""
    if isinstance(record, EncodedRecord):
        return record
    try:
        encoded, doc, error = doc_json(record.doc), None, ""
    except (TypeError, ValueError, RecursionError) as exc:
        encoded, doc, error = None, record.doc, f"doc is not JSON-serialisable: {exc}"
    return EncodedRecord(
        record.key,
        record.lang,
        encoded,
        record.text,
        record.image,
        record.image_bytes,
        record.image_ext,
        record.columns,
        doc,
        error,
    )


def record_doc(record: ShardRecord | EncodedRecord) -> Any:
    """The record's doc as a Python value (decoded again for the rare reject or tie)."""
    if isinstance(record, EncodedRecord) and record.doc_json is not None:
        return json.loads(record.doc_json)
    return record.doc


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


def reject_for(
    record: ShardRecord | EncodedRecord, reason: str, stage: str, detail: str = ""
) -> RejectRecord:
    """A ``RejectRecord`` for a record the writer refuses, keeping its doc and scores."""
    doc = record_doc(record)
    doc = doc if isinstance(doc, dict) else {}
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


def _tie(record: EncodedRecord) -> str:
    """Between records of one key (duplicates), content decides, so the kept one is stable."""
    image = record.image.uri if record.image else ""
    return json.dumps([record_doc(record), record.text, image], sort_keys=True, default=str)


def in_key_order(records: Iterable[EncodedRecord]) -> list[EncodedRecord]:
    """Sorted by key, then duplicates by content (:func:`_tie`, only computed for them)."""
    ordered = sorted(records, key=lambda record: record.key)
    start = 0
    for end in range(1, len(ordered) + 1):
        if end == len(ordered) or ordered[end].key != ordered[start].key:
            if end - start > 1:
                ordered[start:end] = sorted(ordered[start:end], key=_tie)
            start = end
    return ordered


def _member_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = TAR_MTIME
    info.mode = TAR_MODE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


# A member header as ``tarfile`` writes it in PAX format with the fixed fields
# above, when no pax record is needed: a plain ustar block that differs from
# member to member only in its name, size and checksum. The other fields are
# taken from ``tarfile``'s own header of an empty member, so the bytes are
# those of this Python's ``tarfile``.
_UST_NAME, _UST_SIZE, _UST_CHKSUM = slice(0, 100), slice(124, 136), slice(148, 156)
_UST_MAX_SIZE = 8**11


def _template() -> tuple[bytes, bytes, bytes]:
    block = _member_info("", 0).tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING)
    assert len(block) == tarfile.BLOCKSIZE, "an empty member needs no pax record"
    return (
        block[_UST_NAME.stop : _UST_SIZE.start],
        block[_UST_SIZE.stop : _UST_CHKSUM.start],
        block[_UST_CHKSUM.stop :],
    )


_UST_IDS, _UST_MTIME, _UST_REST = _template()
# The checksum is the sum of the header's bytes, its own field counted as spaces: the
# fixed fields' part is summed once here, a member's name and size field each time.
_UST_FIXED_SUM = sum(_UST_IDS) + sum(_UST_MTIME) + sum(b" " * 8) + sum(_UST_REST)


def tar_header(name: str, size: int) -> bytes:
    """The header ``tarfile`` writes for a member ``name`` of ``size`` bytes (same bytes).

    An ASCII name of at most 100 bytes and a size below 8 GiB need no pax
    record; anything else goes through ``tarfile`` itself.
    """
    if not name.isascii() or len(name) > _UST_NAME.stop or size >= _UST_MAX_SIZE:
        return _member_info(name, size).tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING)
    name_field, size_field = name.encode("ascii"), b"%011o\0" % size
    checksum = _UST_FIXED_SUM + sum(name_field) + sum(size_field)
    return b"".join(
        (
            name_field.ljust(_UST_NAME.stop, tarfile.NUL),
            _UST_IDS,
            size_field,
            _UST_MTIME,
            b"%06o\0 " % checksum,  # as tarfile writes it: six digits, NUL, a space
            _UST_REST,
        )
    )


def tar_member(name: str, data: bytes) -> bytes:
    """One member of a tar stream: header, data, zero padding to the block size."""
    return b"".join(tar_member_parts(name, data))


_PADDINGS = [tarfile.NUL * size for size in range(tarfile.BLOCKSIZE)]


def tar_member_parts(name: str, data: bytes) -> tuple[bytes, bytes, bytes]:
    """:func:`tar_member`'s three parts, for a stream that joins many members at once
    (the data is copied once, into the block, not into a member first)."""
    return tar_header(name, len(data)), data, _PADDINGS[-len(data) % tarfile.BLOCKSIZE]


def tar_end(size: int) -> bytes:
    """What closes a tar stream of ``size`` bytes: two zero blocks, then zeros to a full
    record (as ``tarfile`` does)."""
    end = 2 * tarfile.BLOCKSIZE
    return tarfile.NUL * (end + (-(size + end) % tarfile.RECORDSIZE))


def _sample_members(record: EncodedRecord, loader: ImageLoader) -> list[tuple[str, bytes]]:
    """The tar members of one sample; raises ImageRejected or ValueError (bad doc)."""
    if record.doc_json is None:
        raise ValueError(record.doc_error)
    members = [(f"{record.key}.json", record.doc_json)]
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
    records: Iterable[ShardRecord | EncodedRecord],
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
    ordered = in_key_order(encode_record(record) for record in records)
    rejects: list[RejectRecord] = []
    rows: list[dict[str, Any]] = []
    previous: str | None = None
    stream = filesystem.create(tar_path)
    try:
        out = filesystem.HashingWriter(stream)
        pending: list[bytes] = []  # members written in blocks of WRITE_BLOCK bytes or more
        pending_size = 0
        for record in ordered:
            lang = lang or record.lang
            members = _members_or_reject(record, previous, loader)
            if isinstance(members, RejectRecord):
                rejects.append(members)
                continue
            previous = record.key
            for name, data in members:
                parts = tar_member_parts(name, data)
                pending += parts
                pending_size += len(parts[0]) + len(data) + len(parts[2])
            if pending_size >= WRITE_BLOCK:
                out.write(b"".join(pending))
                pending, pending_size = [], 0
            rows.append({**record.columns, "key": record.key})
        out.write(b"".join(pending))
        out.write(tar_end(out.size))
        filesystem.finish(stream)
    except BaseException:
        stream.close()
        filesystem.delete([tar_path])
        raise
    if schema is None:
        schema = sidecar_schema(rows_kinds(rows))
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
    record: EncodedRecord, previous: str | None, loader: ImageLoader
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
