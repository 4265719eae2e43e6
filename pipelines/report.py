"""Human-readable views of a finished output: ``inspect`` tables and the dry-run preview page."""

from __future__ import annotations

import base64
import html
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babelshard.pipelines.io.manifest import REJECTS_DIR, read_manifest

PREVIEW_NAME = "preview.html"
_THUMBNAIL = (160, 160)


def format_inspect(out_dir: str) -> str:
    """Per-language counts, pass rates and reject reasons from ``OUT/manifest.json``."""
    manifest = read_manifest(out_dir)
    totals = manifest["totals"]
    lines = [
        f"{out_dir}: {totals['written']} written, {totals['rejected']} rejected "
        f"of {totals['inputs']} inputs in {totals['shards']} shards "
        f"({totals['bytes'] / 1e6:.1f} MB)",
    ]
    if totals.get("unaccounted"):
        lines.append(f"WARNING: {totals['unaccounted']} inputs are neither written nor rejected")
    lines.append("")
    lines.append(
        f"{'language':<10} {'written':>8} {'rejected':>9} {'pass':>6} {'shards':>7}  reasons"
    )
    by_lang = manifest["rejects"].get("by_lang", {})
    for lang, entry in manifest["languages"].items():
        written, rejected = entry["samples"], entry.get("rejected", 0)
        rate = written / (written + rejected) if written + rejected else 0.0
        reasons = ", ".join(
            f"{reason} {count}"
            for reason, count in sorted(by_lang.get(lang, {}).items(), key=lambda kv: -kv[1])
        )
        lines.append(
            f"{lang:<10} {written:>8} {rejected:>9} {rate:>6.0%} {entry['shards']:>7}  {reasons}"
        )
    by_reason = manifest["rejects"].get("by_reason", {})
    if by_reason:
        lines.append("")
        lines.append("rejects by reason:")
        for reason, count in sorted(by_reason.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {reason:<28} {count}")
    return "\n".join(lines)


def _shard_samples(out_dir: Path, manifest: dict[str, Any]) -> Iterator[tuple[dict, bytes | None]]:
    for shard in manifest["shards"]:
        with tarfile.open(out_dir / shard["path"]) as tar:
            members: dict[str, dict[str, bytes]] = {}
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                key, _, ext = member.name.partition(".")
                handle = tar.extractfile(member)
                if handle is not None:
                    members.setdefault(key, {})[ext] = handle.read()
            for parts in members.values():
                doc = json.loads(parts.pop("json"))
                parts.pop("txt", None)
                image = next(iter(parts.values()), None)
                yield doc, image


def _rejected(out_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((out_dir / REJECTS_DIR).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def _thumbnail(image: bytes | None) -> str:
    if not image:
        return ""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as img:
            img.thumbnail(_THUMBNAIL)
            buffer = io.BytesIO()
            img.convert("RGB").save(buffer, "JPEG", quality=80)
    except OSError:
        return "(unreadable image)"
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img src="data:image/jpeg;base64,{data}" alt="">'


def _turn_rows(turns: list[dict[str, Any]]) -> str:
    rows = []
    for turn in turns:
        measured = sorted((k, v) for k, v in turn.get("scores", {}).items() if v is not None)
        scores = ", ".join(f"{k}={v:.2f}" for k, v in measured)
        rows.append(
            "<tr><td>{role}</td><td>{src}</td><td dir=auto>{text}</td><td>{bt}</td>"
            "<td class=s>{scores}{note}</td></tr>".format(
                role=html.escape(turn.get("role", "")),
                src=html.escape(turn.get("source", "")),
                text=html.escape(turn.get("text", "")),
                bt=html.escape(turn.get("back_translation") or ""),
                scores=html.escape(scores),
                note=f"<br><b>{html.escape(turn['note'])}</b>" if turn.get("note") else "",
            )
        )
    return "".join(rows)


def write_preview(out_dir: str, limit: int = 200) -> Path:
    """Write ``OUT/preview.html``: image, source, translation, back-translation, scores."""
    root = Path(out_dir)
    manifest = read_manifest(out_dir)
    blocks = []
    for index, (doc, image) in enumerate(_shard_samples(root, manifest)):
        if index >= limit:
            break
        blocks.append(
            f"<section class=ok><h3>{html.escape(doc['key'])} — {doc['lang']} ✓</h3>"
            f"<div class=img>{_thumbnail(image)}</div><table><tr><th>role</th><th>source</th>"
            f"<th>translation</th><th>back-translation</th><th>scores</th></tr>"
            f"{_turn_rows(doc.get('turns', []))}</table></section>"
        )
    for index, reject in enumerate(_rejected(root)):
        if index >= limit:
            break
        turns = reject.get("doc", {}).get("turns", [])
        blocks.append(
            f"<section class=rej><h3>{html.escape(reject['key'])} — rejected: "
            f"{html.escape(reject['reason'])}</h3><p>{html.escape(reject.get('detail', ''))}</p>"
            f"<table><tr><th>role</th><th>source</th><th>translation</th>"
            f"<th>back-translation</th><th>scores</th></tr>{_turn_rows(turns)}</table></section>"
        )
    totals = manifest["totals"]
    page = f"""<!doctype html><meta charset=utf-8><title>babelshard preview</title>
<style>body{{font-family:sans-serif;margin:2em}} section{{border:1px solid #ccc;margin:1em 0;
padding:.5em}} .ok h3{{color:#060}} .rej h3{{color:#a00}} td{{vertical-align:top;padding:2px 6px}}
.s{{font-size:80%;color:#555}} .img{{float:right}}</style>
<h1>babelshard preview</h1><p>{totals["written"]} written, {totals["rejected"]} rejected of
{totals["inputs"]} inputs.</p>{"".join(blocks)}"""
    path = root / PREVIEW_NAME
    path.write_text(page, encoding="utf-8")
    return path
