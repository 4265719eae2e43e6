"""Reader for WebDataset tars such as img2dataset's output (``key.jpg`` + ``key.txt``/``key.json``).

Members are grouped by key as WebDataset does (the name up to the first dot of its
base name). Only ``.txt`` and ``.json`` members are read, in memory; images are
referenced as ``TAR_PATH#MEMBER`` for the writer, never read here, and nothing is
ever extracted to disk. Members with absolute paths, ``..``, links or device files
are refused with reason ``unsafe_tar_member``.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from babelshard.pipelines.io.readers_common import (
    IMAGE_EXTS,
    FileContext,
    RecordError,
    file_reject,
    guarded,
    open_input,
    text_paths_sample,
)
from babelshard.schemas.reasons import (
    MALFORMED_FILE,
    MALFORMED_JSON,
    MISSING_FIELD,
    NOT_UTF8,
    TEXT_TOO_LONG,
    UNKNOWN_TAR_MEMBER,
    UNSAFE_TAR_MEMBER,
    WRONG_TYPE,
)
from babelshard.schemas.records import ImageRef, RejectRecord, Sample, Turn

Item = Sample | RejectRecord
MAX_JSON_BYTES = 1 << 20
_BASE_PLUS_EXT = re.compile(r"^((?:.*/|)[^./]+)[.]([^/]*)$")  # webdataset's key/extension split
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_reason(member: tarfile.TarInfo) -> str | None:
    """Why a member must not be touched, or ``None`` when it is a plain, contained file."""
    name = member.name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return "absolute path"
    if ".." in PurePosixPath(name).parts:
        return "parent-directory reference"
    if member.issym() or member.islnk():
        return "link"
    if member.ischr() or member.isblk() or member.isfifo():
        return "device or fifo"
    if not (member.isreg() or member.isdir()):
        return "unsupported member type"
    return None


def read_wds(ctx: FileContext) -> Iterator[Item]:
    """One sample per key group of a tar shard, in member order."""
    with open_input(ctx.path, raw=True) as handle:
        try:
            with tarfile.open(fileobj=handle, mode="r:*") as tar:
                yield from _read_members(ctx, tar)
        except (tarfile.TarError, EOFError) as err:
            yield file_reject(ctx, MALFORMED_FILE, f"unreadable tar: {err}")


def _read_members(ctx: FileContext, tar: tarfile.TarFile) -> Iterator[Item]:
    group_key: str | None = None
    group: dict[str, tarfile.TarInfo] = {}
    for member in tar:
        reason = unsafe_reason(member)
        if reason is not None:
            yield ctx.reject(
                UNSAFE_TAR_MEMBER, member.name, f"{member.name!r}: {reason}", member.name
            )
            continue
        if member.isdir():
            continue
        match = _BASE_PLUS_EXT.match(member.name)
        if match is None:
            yield ctx.reject(UNKNOWN_TAR_MEMBER, member.name, "no key.extension name", member.name)
            continue
        key, ext = match.groups()
        if key != group_key:
            if group_key is not None and ctx.owns(group_key):
                yield _sample(ctx, tar, group_key, group)
            group_key, group = key, {}
        group.setdefault(ext.lower(), member)
    if group_key is not None and ctx.owns(group_key):
        yield _sample(ctx, tar, group_key, group)


def _sample(
    ctx: FileContext, tar: tarfile.TarFile, key: str, group: dict[str, tarfile.TarInfo]
) -> Item:
    def build() -> Sample:
        meta_json = _json_member(ctx, tar, group["json"]) if "json" in group else None
        field = ctx.options.text_field
        original: dict[str, Any] = {}
        if "txt" in group:
            role, path = "txt", ["txt"]
            text = original["txt"] = _text_member(ctx, tar, group["txt"])
        elif isinstance(meta_json, dict) and field in meta_json:
            role, path = field, ["json", field]
            text = ctx.text(meta_json[field], f"json.{field}")
        else:
            raise RecordError(MISSING_FIELD, f"no .txt member and no {field!r} in .json")
        if meta_json is not None:
            original["json"] = meta_json
        image_ext = next((ext for ext in group if ext in IMAGE_EXTS), None)
        image = None
        if image_ext is not None:
            image = ImageRef(uri=f"{ctx.path}#{group[image_ext].name}", ext=image_ext)
        return text_paths_sample(
            ctx,
            source_id=key,
            kind="caption" if image else "text",
            turns=[Turn(role, text)],
            paths=[path],
            original=original,
            image=image,
            where=key,
        )

    return guarded(ctx, key, key, build)


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)  # an in-memory view of a regular member, not extraction
    return handle.read() if handle is not None else b""


def _text_member(ctx: FileContext, tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    # UTF-8 needs at most 4 bytes a character: a bigger member cannot fit the limit.
    if member.size > 4 * ctx.options.max_text_chars:
        raise RecordError(TEXT_TOO_LONG, f"{member.name} has {member.size} bytes")
    try:
        text = _member_bytes(tar, member).decode("utf-8")
    except UnicodeDecodeError as err:
        raise RecordError(NOT_UTF8, f"{member.name}: {err}") from None
    return ctx.text(text.removeprefix("\ufeff"), member.name)


def _json_member(ctx: FileContext, tar: tarfile.TarFile, member: tarfile.TarInfo) -> Any:
    if member.size > MAX_JSON_BYTES:
        raise RecordError(WRONG_TYPE, f"{member.name} has {member.size} bytes")
    try:
        return json.loads(_member_bytes(tar, member).decode("utf-8"))
    except UnicodeDecodeError as err:
        raise RecordError(NOT_UTF8, f"{member.name}: {err}") from None
    except json.JSONDecodeError as err:
        raise RecordError(MALFORMED_JSON, f"{member.name}: {err}") from None
