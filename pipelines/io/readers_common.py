"""Shared pieces of the corpus readers: options, keys, text and image checks, rejects.

Every format reader turns one input file into ``Sample`` records or ``RejectRecord``
(stage ``"read"``). Per-record problems raise :class:`RecordError` inside a record
builder and become a reject with a specific reason; they never stop the job.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from babelshard.schemas.keys import safe_key
from babelshard.schemas.languages import UnknownLanguageError, get_language
from babelshard.schemas.reasons import (
    BAD_ID,
    BAD_IMAGE_REF,
    EMPTY_TEXT,
    MALFORMED_JSON,
    MISSING_FIELD,
    NO_TEXTS,
    NOT_UTF8,
    TEXT_TOO_LONG,
    UNKNOWN_LANG,
    WRONG_TYPE,
    reject,
)
from babelshard.schemas.records import ENGLISH, ImageRef, RejectRecord, Sample, Turn

STAGE = "read"
IMAGE_EXTS = frozenset({"jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_ID_CHARS = 80


@dataclass(frozen=True)
class ReaderOptions:
    """How to read one corpus; every field has a default that suits the common case.

    ``image_template`` is a ``str.format`` pattern that turns an ``image_id`` into an
    image path (fields ``{image_id}`` and, for VQA, ``{subtype}``); VQA questions
    carry only image ids, so it defaults to COCO 2014's ``COCO_{subtype}_{image_id:012d}.jpg``.
    ``lang_field`` names a per-record source-language column for the generic JSONL /
    Parquet readers (NLLB codes, or ISO codes the language registry maps to one).
    """

    image_root: str | None = None
    text_field: str = "text"
    image_field: str = "image"
    id_field: str | None = None
    annotations: str | None = None
    per_image: bool = False
    limit: int | None = None
    max_text_chars: int = 10_000
    dataset: str | None = None
    image_template: str | None = None
    lang_field: str | None = None


class RecordError(Exception):
    """A per-record problem; becomes a RejectRecord with ``reason``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def sanitize_id(raw: str) -> str:
    """Map an id onto ``[A-Za-z0-9_-]``; add a short hash where that lost information.

    The hash keeps ``a.b`` and ``a_b`` apart and is stable across runs and machines.
    """
    clean = safe_key(raw)[:MAX_ID_CHARS]
    if clean == raw and clean:
        return clean
    digest = hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return f"{clean}-{digest}" if clean else digest


def make_key(dataset: str, source_id: str) -> str:
    """WebDataset key: no dots, unique within the dataset, stable across re-runs."""
    return f"{dataset}-{sanitize_id(source_id)}"


def plain_name(path: str) -> str:
    """A file's base name without extensions, made key-safe (``train.jsonl.gz`` -> ``train``)."""
    base = path.rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
    stem = base.split(".", 1)[0] or base
    return safe_key(stem) or "input"


def parent_dir(path: str) -> str:
    """The folder holding ``path`` (works for local paths and ``scheme://`` URIs)."""
    return path.rstrip("/").rsplit("/", 1)[0] if "/" in path else "."


def join_uri(root: str, rel: str) -> str:
    """Join an image root and a relative path without touching the filesystem."""
    if _SCHEME.match(root):
        return root.rstrip("/") + "/" + rel.lstrip("/")
    return os.path.normpath(os.path.join(root, rel))


def is_absolute_uri(ref: str) -> bool:
    return bool(_SCHEME.match(ref)) or os.path.isabs(ref)


def source_id_of(value: Any, field: str) -> str:
    """A record's id as a string; ints and strings only (``True`` is not an id)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RecordError(
            BAD_ID, f"{field} must be a string or integer, got {type(value).__name__}"
        )
    text = str(value)
    if not text.strip():
        raise RecordError(BAD_ID, f"{field} is empty")
    return text


def json_safe(value: Any) -> Any:
    """Make a parsed row JSON-serialisable for ``meta["original"]`` (bytes are left out)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return {"omitted_bytes": len(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass(frozen=True)
class FileContext:
    """Everything a format reader needs to turn one file's records into samples.

    ``part`` (one chunk of a chunked local run) accepts the keys this read keeps:
    a reader skips the records of other keys before building them (:meth:`owns`),
    since a chunk that built every sample of the input only to drop most of them
    would read the input once per chunk.
    """

    dataset: str
    path: str
    options: ReaderOptions
    part: Callable[[str], bool] | None = None
    # The last ``(source_id, key)`` made: a reader asks ``owns`` and then builds the
    # record, so each owned record's key would otherwise be made twice.
    _last_key: list[str] = field(
        default_factory=lambda: ["", ""], init=False, repr=False, compare=False
    )

    def key(self, source_id: str) -> str:
        last = self._last_key
        if source_id != last[0] or not source_id:
            last[:] = source_id, make_key(self.dataset, source_id)
        return last[1]

    @cached_property
    def file_name(self) -> str:
        """``plain_name`` of the file: the prefix of its records' fallback ids (made once)."""
        return plain_name(self.path)

    def owns(self, source_id: str) -> bool:
        """Whether the record of ``source_id`` belongs to this read (always without a part).

        Only a skip: rejects whose key is not the record's own (a bad id, a broken
        line) are still made, and the caller keeps its part of them."""
        return self.part is None or self.part(self.key(source_id))

    def reject(
        self, reason: str, source_id: str, detail: str = "", where: Any = None
    ) -> RejectRecord:
        """A read-stage reject; ``where`` (line, index, member) goes into ``doc`` for tracing."""
        doc: dict[str, Any] = {"file": self.path}
        if where is not None:
            doc["at"] = where
        return reject(
            key=self.key(source_id),
            dataset=self.dataset,
            source_id=source_id,
            lang=ENGLISH,
            reason=reason,
            stage=STAGE,
            detail=detail[:500],
            doc=doc,
        )

    def text(self, value: Any, field: str) -> str:
        """A translatable text: a non-empty string no longer than ``max_text_chars``."""
        if value is None:
            raise RecordError(MISSING_FIELD, f"{field} is missing")
        if not isinstance(value, str):
            raise RecordError(WRONG_TYPE, f"{field} must be a string, got {type(value).__name__}")
        if not value.strip():
            raise RecordError(EMPTY_TEXT, f"{field} is empty")
        if len(value) > self.options.max_text_chars:
            raise RecordError(
                TEXT_TOO_LONG,
                f"{field} has {len(value)} characters (limit {self.options.max_text_chars})",
            )
        return value

    def image(self, value: Any, field: str) -> ImageRef:
        """An image reference: relative paths resolve against ``image_root``.

        Without ``image_root`` they resolve against the input file's folder, so a
        corpus whose records name their images relative to itself needs no option.
        """
        if not isinstance(value, str):
            raise RecordError(
                WRONG_TYPE, f"{field} must be a string path, got {type(value).__name__}"
            )
        ref = value.strip()
        if not ref:
            raise RecordError(MISSING_FIELD, f"{field} is empty")
        ext = image_ext(ref)
        if not is_absolute_uri(ref):
            ref = join_uri(self.options.image_root or parent_dir(self.path), ref)
        return ImageRef(uri=ref, ext=ext)

    def lang(self, value: Any, field: str) -> str:
        """A per-record source language as an NLLB code; ISO codes are mapped by the registry."""
        if value is None:
            return ENGLISH
        if not isinstance(value, str):
            raise RecordError(UNKNOWN_LANG, f"{field} must be a language code, got {value!r}")
        try:
            return get_language(value).code
        except UnknownLanguageError as err:
            raise RecordError(UNKNOWN_LANG, f"{field}: {err}") from None


def image_ext(ref: str) -> str:
    """The image type from its name (``a/b.JPG`` -> ``jpg``); unknown types are rejected."""
    name = ref.split("?", 1)[0].rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in IMAGE_EXTS:
        raise RecordError(BAD_IMAGE_REF, f"cannot tell the image type of {ref!r}")
    return ext


def guarded(
    ctx: FileContext, source_id: str, where: Any, build: Callable[..., Sample], *args: Any
) -> Sample | RejectRecord:
    """Run one record builder, ``build(*args)``; a RecordError becomes a reject, not a crash."""
    try:
        return build(*args)
    except RecordError as err:
        return ctx.reject(err.reason, source_id, err.detail, where)


def text_paths_sample(
    ctx: FileContext,
    *,
    source_id: str,
    kind: str,
    turns: list[Turn],
    paths: list[list[str | int]],
    original: Any,
    image: ImageRef | None,
    lang: str = ENGLISH,
    where: Any = None,
) -> Sample:
    """Build a Sample whose ``meta`` lets the writer rebuild the input record.

    ``meta["original"]`` is the raw record itself and ``meta["text_paths"][i]`` the
    JSON path (keys and list indices) of ``turns[i].text`` inside it: the writer
    deep-copies the original and writes each translated turn back at its path.
    """
    if not turns:
        raise RecordError(NO_TEXTS, "record has no texts")
    meta: dict[str, Any] = {"original": original, "text_paths": paths, "source_file": ctx.path}
    if where is not None:
        meta["source_at"] = where
    return Sample(
        key=ctx.key(source_id),
        dataset=ctx.dataset,
        source_id=source_id,
        kind=kind,
        turns=turns,
        image=image,
        lang=lang,
        meta=meta,
    )


_SCAN_JSON = json.JSONDecoder().scan_once  # json.loads's own C scanner, without its wrapper
_JSON_SPACE = " \t\n\r"


def parse_json_line(line: str) -> Any:
    """``json.loads(line)``, the same value or the same error, a third cheaper per line.

    ``json.loads`` wraps its C scanner in Python (a decoder call and two regular
    expressions for the whitespace around the value); a JSON line is one value and its
    newline, so the scanner is asked directly. Anything else (leading whitespace, extra
    data, a malformed value) goes to ``json.loads`` itself, for its exact error."""
    try:
        value, end = _SCAN_JSON(line, 0)
    except StopIteration:
        return json.loads(line)
    if end != len(line) and line[end:].strip(_JSON_SPACE):
        return json.loads(line)
    return value


def iter_json_lines(
    ctx: FileContext, raw_lines: Iterator[bytes], keyed_by_line: bool = False
) -> Iterator[tuple[int, Any | RejectRecord]]:
    """Decode JSONL lines one at a time: ``(line_no, parsed)`` or ``(line_no, reject)``.

    Blank lines are not records and are skipped; a bad line never spoils its neighbours.
    ``keyed_by_line``: every line's key is its line number's (``{file}-L{n}``, records
    without an id), so a line ``ctx`` does not own is skipped before it is decoded.
    """
    prefix = ctx.file_name
    for line_no, raw in enumerate(raw_lines, start=1):
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw or raw.isspace():  # bytes.strip's whitespace, without the copy
            continue
        fallback_id = f"{prefix}-L{line_no}"
        if keyed_by_line and not ctx.owns(fallback_id):
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield line_no, ctx.reject(NOT_UTF8, fallback_id, str(err), line_no)
            continue
        try:
            yield line_no, parse_json_line(line)
        except json.JSONDecodeError as err:
            yield (
                line_no,
                ctx.reject(MALFORMED_JSON, fallback_id, f"{err}: {line[:200]!r}", line_no),
            )


def open_input(path: str, *, raw: bool = False):
    """Open any file Beam's FileSystems knows (local, gs://, s3://) for binary reading.

    ``.gz``/``.bz2`` JSON and JSONL are decompressed on the fly; ``raw`` keeps the bytes
    as stored (Parquet and tar need a seekable file and handle compression themselves).
    """
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    kind = CompressionTypes.UNCOMPRESSED if raw else CompressionTypes.AUTO
    return FileSystems.open(path, compression_type=kind)


def file_reject(ctx: FileContext, reason: str, detail: str) -> RejectRecord:
    """One reject standing for a whole file that could not be parsed."""
    return ctx.reject(reason, f"{plain_name(ctx.path)}-file", detail)


def read_id(
    ctx: FileContext, value: Any, field: str, fallback: str, where: Any
) -> str | RejectRecord:
    """A record's source id, or a ``bad_id`` reject keyed by the record's position."""
    try:
        return source_id_of(value, field)
    except RecordError as err:
        return ctx.reject(err.reason, fallback, err.detail, where)
