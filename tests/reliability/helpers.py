"""Helpers of the reliability suite: corpora built from real translations, output checks.

Jobs here translate with the ``table:`` backend over the repository's human
translations, so they run in seconds, make real accept/reject decisions and
are fully deterministic, which is what comparing a killed-and-resumed run with
an uninterrupted one needs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from PIL import Image

DATA = Path(__file__).resolve().parents[1] / "data"
HUMAN = DATA / "human_translations.tsv"
CLI = [sys.executable, "-c", "from babelshard.pipelines.cli import app; app()"]


def human_sources() -> list[str]:
    """The English sentences that have human translations, in a stable order."""
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return sorted({row["source"] for row in rows})


def save_jpeg(path: Path, seed: int, size: tuple[int, int] = (32, 24)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (seed * 37 % 256, 90, 200 - seed % 150)).save(path, "JPEG")
    return path


def caption_records(root: Path, texts: list[str]) -> list[dict]:
    """Caption records of ``texts`` (every other one with an image) and three to reject."""
    records = []
    for index, text in enumerate(texts):
        record = {"id": f"s{index:03d}", "text": text}
        if index % 2 == 0:
            record["image"] = save_jpeg(root / "images" / f"{index}.jpg", index).name
        records.append(record)
    unknown = "The table has no translation for this sentence at all."
    return [
        *records,
        {"id": "unknown", "text": unknown},
        {"id": "noimage", "text": texts[1], "image": "missing.jpg"},
        {"id": "notext", "text": ""},
    ]


def caption_job(root: Path) -> dict[str, Any]:
    """The job options of the corpus ``root/corpus.jsonl``: four languages, table backend."""
    return {
        "input": str(root / "corpus.jsonl"),
        "format": "jsonl",
        "langs": "eng_Latn,deu_Latn,fra_Latn,spa_Latn",
        "english_share": 0.2,
        "model": f"table:{HUMAN}",
        "image_root": str(root / "images"),
        "shard_size": 4,
        "extra": {"work_flush_rows": 4},  # several memory files, so kills land mid-way
    }


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """One JSON value per line; ``bytes`` entries are written as raw lines (broken on purpose)."""
    with path.open("wb") as handle:
        for record in records:
            line = record if isinstance(record, bytes) else json.dumps(record).encode("utf-8")
            handle.write(line + b"\n")
    return path


def run_cli(args: list[str], crash_at: str | None = None) -> subprocess.CompletedProcess:
    """``babelshard run ARGS`` in a fresh process, optionally killed at a crash point."""
    env = {k: v for k, v in os.environ.items() if k != "BABELSHARD_TEST_CRASH_AT"}
    if crash_at:
        env["BABELSHARD_TEST_CRASH_AT"] = crash_at
    return subprocess.run(
        [*CLI, "run", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


# -- reading an output back ---------------------------------------------------------------


def shard_docs(output: Path) -> list[dict]:
    """Every sample's JSON in every shard the manifest lists."""
    manifest = json.loads((output / "manifest.json").read_text())
    docs = []
    for shard in manifest["shards"]:
        with tarfile.open(output / shard["path"]) as tar:
            for member in tar.getmembers():
                if member.name.endswith(".json"):
                    docs.append(json.loads(tar.extractfile(member).read()))
    return docs


def reject_rows(output: Path) -> list[dict]:
    manifest = json.loads((output / "manifest.json").read_text())
    rows = []
    for entry in manifest["rejects"]["files"]:
        rows += [json.loads(line) for line in (output / entry["path"]).read_text().splitlines()]
    return rows


def listed_files(output: Path) -> set[str]:
    """Every file a finished output may hold: the manifest, what it lists, and the dataset
    card and run report written from them."""
    manifest = json.loads((output / "manifest.json").read_text())
    files = {"manifest.json", "README.md", "report.html"}
    for shard in manifest["shards"]:
        files |= {shard["path"], shard["parquet"], shard["stats"]}
    for entry in [*manifest["rejects"]["files"], *manifest["parallel"]["files"]]:
        files.add(entry["path"])
    return files


def all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir()}


def summary(output: Path) -> dict[str, Any]:
    """What must not differ between two runs of one config (timestamps aside)."""
    manifest = json.loads((output / "manifest.json").read_text())
    keep = ("path", "samples", "bytes", "sha256", "first_key", "last_key")
    return {
        "totals": manifest["totals"],
        "shards": [{k: shard[k] for k in keep} for shard in manifest["shards"]],
        "rejects": manifest["rejects"],
        "parallel": manifest["parallel"],
        "config": {k: v for k, v in manifest["config"].items() if k != "output"},
    }


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()
