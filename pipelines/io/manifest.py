"""The dataset manifest: ``OUT/manifest.json``, written last, the completion marker.

A reader that finds the manifest knows every file it lists is complete; one
that does not find it must treat the directory as unfinished. The manifest
also answers the questions people ask of a finished job without opening a
shard: how many samples per language, how many rejected and why, with which
config and babelshard version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tarfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from babelshard import __version__
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.crash_test_hook import crash_point
from babelshard.pipelines.io.writer_shard import ShardInfo
from babelshard.pipelines.io.writer_tables import TableInfo

MANIFEST_NAME = "manifest.json"
REJECTS_DIR = "_rejects"
PARALLEL_DIR = "_parallel"
FORMAT = "babelshard-webdataset"
FORMAT_VERSION = 1


def _table_entry(info: TableInfo, group_name: str) -> dict[str, Any]:
    return {
        group_name: info.group,
        "path": info.path,
        "rows": info.rows,
        "bytes": info.bytes,
        "sha256": info.sha256,
    }


def _shard_entry(s: ShardInfo) -> dict[str, Any]:
    return {
        "lang": s.lang,
        "path": s.path,
        "samples": s.samples,
        "bytes": s.bytes,
        "sha256": s.sha256,
        "first_key": s.first_key,
        "last_key": s.last_key,
        "parquet": s.path.removesuffix(".tar") + ".parquet",
        "stats": s.path.removesuffix(".tar") + "_stats.json",
    }


def _languages(
    shards: list[ShardInfo],
    rejects_by_lang: Mapping[str, Counter[str]],
    fallbacks: Mapping[str, int],
) -> dict[str, dict[str, Any]]:
    """Shards, samples, bytes and rejects of every language that has any; ``fallback``:
    its rejected samples that were written in English instead (``--fallback-english``)."""
    languages: dict[str, dict[str, Any]] = {}
    for shard in shards:
        lang = languages.setdefault(shard.lang, {"shards": 0, "samples": 0, "bytes": 0})
        lang["shards"] += 1
        lang["samples"] += shard.samples
        lang["bytes"] += shard.bytes
    for lang_code, reasons in rejects_by_lang.items():
        entry = languages.setdefault(lang_code, {"shards": 0, "samples": 0, "bytes": 0})
        entry["rejected"] = sum(reasons.values())
    for lang_code, entry in languages.items():
        entry.setdefault("rejected", 0)
        entry["fallback"] = fallbacks.get(lang_code, 0)
    return languages


def build_manifest(
    *,
    shards: Iterable[ShardInfo],
    reject_counts: Mapping[tuple[str, str, str], int],
    reject_files: Iterable[TableInfo] = (),
    parallel_files: Iterable[TableInfo] = (),
    config: Mapping[str, Any] | None = None,
    inputs: int | None = None,
    writer: Mapping[str, Any] | None = None,
    fallbacks: Mapping[str, int] | None = None,
    fallback_copies: int = 0,
) -> dict[str, Any]:
    """The manifest dict. ``reject_counts`` maps ``(lang, stage, reason)`` to a count.

    ``inputs`` is what the pipeline read (it knows, the writer does not); when
    it is None the manifest records ``written + rejected`` and says so.
    ``fallbacks`` counts, by language, rejects that have an English copy, and
    ``fallback_copies`` the copies (one per sample): each copy is an input the
    fallback added, written (or rejected) like any other.
    """
    shard_list = sorted((s for s in shards if s.samples), key=lambda s: s.path)
    by_reason: Counter[str] = Counter()
    by_stage: Counter[str] = Counter()
    by_lang: dict[str, Counter[str]] = {}
    by_stage_lang: dict[str, dict[str, Counter[str]]] = {}
    for (lang_code, stage, reason), count in reject_counts.items():
        by_reason[reason] += count
        by_stage[stage] += count
        by_lang.setdefault(lang_code, Counter())[reason] += count
        by_stage_lang.setdefault(stage, {}).setdefault(lang_code, Counter())[reason] += count
    languages = _languages(shard_list, by_lang, fallbacks or {})
    written = sum(s.samples for s in shard_list)
    rejected = sum(by_reason.values())
    parallel = sorted(parallel_files, key=lambda t: t.path)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "babelshard_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "totals": {
            "inputs": written + rejected if inputs is None else inputs,
            "inputs_reported": inputs is not None,
            "written": written,
            "rejected": rejected,
            "unaccounted": 0 if inputs is None else inputs - written - rejected,
            "fallback_copies": fallback_copies,
            "shards": len(shard_list),
            "bytes": sum(s.bytes for s in shard_list),
        },
        "languages": dict(sorted(languages.items())),
        "shards": [_shard_entry(s) for s in shard_list],
        "rejects": {
            "total": rejected,
            "by_reason": dict(sorted(by_reason.items())),
            "by_stage": dict(sorted(by_stage.items())),
            "by_lang": {k: dict(sorted(v.items())) for k, v in sorted(by_lang.items())},
            "by_stage_lang": {
                stage: {k: dict(sorted(v.items())) for k, v in sorted(langs.items())}
                for stage, langs in sorted(by_stage_lang.items())
            },
            "files": [_table_entry(t, "lang") for t in sorted(reject_files, key=lambda t: t.path)],
        },
        "parallel": {
            "pairs": sum(t.rows for t in parallel),
            "files": [_table_entry(t, "langs") for t in parallel],
        },
        "writer": dict(writer or {}),
        "config": dict(config or {}),
    }


def write_manifest(out_dir: str, manifest: Mapping[str, Any]) -> str:
    """Write ``OUT/manifest.json`` atomically; returns its path."""
    path = filesystem.join(out_dir, MANIFEST_NAME)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
    with filesystem.atomic_writer(path) as out:
        out.write(text.encode("utf-8") + b"\n")
        out.flush()
        crash_point("manifest")
    return path


def read_manifest(out_dir: str) -> dict[str, Any]:
    """The manifest of a finished output; FileNotFoundError if the job did not finish."""
    path = filesystem.join(out_dir, MANIFEST_NAME)
    if not filesystem.exists(path):
        raise FileNotFoundError(
            f"{path} not found: the job writing {out_dir} has not finished (or it is not a "
            "babelshard output); its shards may be incomplete"
        )
    return json.loads(filesystem.read_bytes(path).decode("utf-8"))


def shard_urls(out_dir: str, lang: str | None = None) -> list[str]:
    """Full paths of the shards listed in the manifest, optionally of one language.

    Feed them to ``webdataset.WebDataset(urls)`` or ``load_dataset("webdataset",
    data_files=urls)``.
    """
    shards = read_manifest(out_dir)["shards"]
    return [
        filesystem.join(out_dir, s["path"]) for s in shards if lang is None or s["lang"] == lang
    ]


def verify_output(out_dir: str) -> list[str]:
    """Problems found by re-reading every file the manifest lists (empty list: all good)."""
    manifest = read_manifest(out_dir)
    entries = [*manifest["shards"], *manifest["rejects"]["files"], *manifest["parallel"]["files"]]
    problems = []
    for entry in entries:
        path = filesystem.join(out_dir, entry["path"])
        if not filesystem.exists(path):
            problems.append(f"{entry['path']}: missing")
            continue
        data = filesystem.read_bytes(path)
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['path']}: size or sha256 differs from the manifest")
    return problems


def reject_rows(folder: str, files: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows of a dataset's reject files (``manifest["rejects"]["files"]``), in order."""
    for entry in files:
        with filesystem.open_read(filesystem.join(folder, entry["path"])) as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def shard_samples(path: str) -> Iterator[dict[str, bytes]]:
    """The members of each sample of a shard, in tar order."""
    current: dict[str, bytes] = {}
    current_key = None
    with filesystem.open_read(path) as stream, tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            key, _, ext = member.name.partition(".")
            if current and key != current_key:
                yield current
                current = {}
            current_key = key
            handle = tar.extractfile(member)
            if handle is not None:
                current[ext] = handle.read()
    if current:
        yield current
