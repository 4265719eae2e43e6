"""``babelshard export``: a finished output back in its input's own format, one file per language.

For training code that reads LLaVA, COCO, VQAv2 or mBLIP-style JSON rather than shards.
Each sample's ``record`` is already the input record in the target language; export
writes those records per language next to an ``images/`` folder (named by content
hash, so an image shared by several captions or languages is stored once) and points
each record's image field at its file. English passthrough samples are the
``eng_Latn`` file: the English share comes along. Every record gains a ``babelshard``
object (key, language, source language, measured scores, notes): JSON readers of all
four formats ignore keys they do not know.

    DEST/llava_instruct_deu_Latn.json   (--format llava: LLaVA records)
    DEST/coco_captions_deu_Latn.json    (--format coco: {"images", "annotations"})
    DEST/vqa_questions_deu_Latn.json    (--format vqa, VQAv2 input: questions
    DEST/vqa_annotations_deu_Latn.json   and annotations)
    DEST/mblip_deu_Latn.json            (--format vqa, mBLIP input: context/label records)
    DEST/deu_Latn.jsonl                 (--format jsonl: any input)
    DEST/images/<sha1>.<ext>
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest, shard_samples

EXPORT_FORMATS = ("llava", "coco", "vqa", "jsonl")
# Which input formats each export format can give back in their own shape.
_INPUTS = {"llava": ("llava",), "coco": ("coco",), "vqa": ("vqa", "mblip")}


class ExportError(ValueError):
    """An export that cannot be made; the message says what to do instead."""


@dataclass
class ExportedSample:
    """A written sample read back: its JSON document and the relative path of its image."""

    doc: dict[str, Any]
    image: str | None


@dataclass
class LanguageExport:
    """What one language's files hold."""

    lang: str
    files: list[str] = field(default_factory=list)
    samples: int = 0


def babelshard_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The extra object every exported record carries: key, languages, scores, notes."""
    return {
        "key": doc["key"],
        "lang": doc["lang"],
        "source_lang": doc.get("source_lang"),
        "translated": any(turn.get("translated") for turn in doc.get("turns", [])),
        "scores": {k: v for k, v in (doc.get("scores") or {}).items() if v is not None},
        "notes": doc.get("notes", []),
        "fallback_from": doc.get("fallback_from"),
    }


def _image_ext(members: Mapping[str, bytes]) -> str | None:
    return next((ext for ext in members if ext not in ("json", "txt")), None)


def samples_of(out_dir: str, lang: str, images_dir: Path) -> Iterator[ExportedSample]:
    """The written samples of ``lang`` in key order, their images saved under ``images_dir``."""
    manifest = read_manifest(out_dir)
    for shard in manifest["shards"]:
        if shard["lang"] != lang:
            continue
        for members in shard_samples(filesystem.join(out_dir, shard["path"])):
            doc = json.loads(members["json"])
            ext = _image_ext(members)
            relative = None
            if ext is not None:
                data = members[ext]
                name = f"{hashlib.sha1(data).hexdigest()}.{ext}"
                target = images_dir / name
                if not target.exists():
                    target.write_bytes(data)
                relative = f"{images_dir.name}/{name}"
            yield ExportedSample(doc, relative)


# -- one writer per format ----------------------------------------------------------


def _flat_records(samples: list[ExportedSample]) -> list[dict[str, Any]]:
    """Records with an ``image`` field (LLaVA, mBLIP): pointed at the exported image."""
    records = []
    for sample in samples:
        record = copy.deepcopy(sample.doc["record"])
        if sample.image is not None:
            record["image"] = sample.image
        record["babelshard"] = babelshard_fields(sample.doc)
        records.append(record)
    return records


def _llava(samples: list[ExportedSample], lang: str) -> dict[str, Any]:
    return {f"llava_instruct_{lang}.json": _flat_records(samples)}


def _coco(samples: list[ExportedSample], lang: str) -> dict[str, Any]:
    """COCO captions: each image once (its ``file_name`` pointing into ``images/``)."""
    images: dict[Any, dict[str, Any]] = {}
    annotations = []
    for sample in samples:
        record = sample.doc["record"]
        entry = dict(record["image"])
        if sample.image is not None:
            entry["file_name"] = sample.image
        images.setdefault(entry.get("id"), entry)
        anns = record["annotations"] if "annotations" in record else [record["annotation"]]
        for ann in anns:
            annotations.append({**ann, "babelshard": babelshard_fields(sample.doc)})
    document = {
        "info": {"description": f"babelshard translation into {lang}"},
        "images": list(images.values()),
        "annotations": annotations,
    }
    return {f"coco_captions_{lang}.json": document}


def _vqa(samples: list[ExportedSample], lang: str) -> dict[str, Any]:
    """VQAv2 input: questions + annotations files; mBLIP input: a list of its records."""
    if samples and "question" not in samples[0].doc["record"]:
        return {f"mblip_{lang}.json": _flat_records(samples)}
    questions, annotations = [], []
    for sample in samples:
        question = dict(sample.doc["record"]["question"])
        if sample.image is not None:
            question["image"] = sample.image
        questions.append(question)
        annotation = sample.doc["record"]["annotation"]
        annotations.append({**annotation, "babelshard": babelshard_fields(sample.doc)})
    return {
        f"vqa_questions_{lang}.json": {"questions": questions},
        f"vqa_annotations_{lang}.json": {"annotations": annotations},
    }


def _jsonl(samples: list[ExportedSample], lang: str) -> dict[str, Any]:
    lines = []
    for sample in samples:
        doc = sample.doc
        lines.append(
            {
                "record": doc["record"],
                "source_record": doc["source_record"],
                "image": sample.image,
                "kind": doc.get("kind"),
                **babelshard_fields(doc),
            }
        )
    return {f"{lang}.jsonl": lines}


_WRITERS: dict[str, Callable[[list[ExportedSample], str], dict[str, Any]]] = {
    "llava": _llava,
    "coco": _coco,
    "vqa": _vqa,
    "jsonl": _jsonl,
}


def check_export(manifest: Mapping[str, Any], export_format: str) -> None:
    """Fail before any work when the output cannot be given back in ``export_format``."""
    if export_format not in EXPORT_FORMATS:
        raise ExportError(
            f"unknown --format {export_format!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    input_format = manifest.get("config", {}).get("format")
    allowed = _INPUTS.get(export_format)
    if allowed is not None and input_format not in allowed:
        raise ExportError(
            f"this output was made from {input_format or 'unknown'} input; --format "
            f"{export_format} needs {' or '.join(allowed)} input (--format jsonl exports any)"
        )


def _write(path: Path, content: Any) -> None:
    if path.suffix == ".jsonl":
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in content)
    else:
        text = json.dumps(content, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")


def export_output(
    out_dir: str, export_format: str, dest: str | Path, langs: list[str] | None = None
) -> list[LanguageExport]:
    """Write ``out_dir``'s samples as ``export_format`` files under ``dest``, one per language."""
    manifest = read_manifest(out_dir)
    check_export(manifest, export_format)
    unknown = sorted(set(langs or []) - set(manifest["languages"]))
    if unknown:
        raise ExportError(
            f"no language {', '.join(unknown)} in this output; it has "
            f"{', '.join(manifest['languages'])}"
        )
    root = Path(dest)
    images = root / "images"
    images.mkdir(parents=True, exist_ok=True)
    exported = []
    for lang, entry in manifest["languages"].items():
        if (langs and lang not in langs) or not entry["samples"]:
            continue
        samples = list(samples_of(out_dir, lang, images))
        result = LanguageExport(lang, samples=len(samples))
        for name, content in _WRITERS[export_format](samples, lang).items():
            _write(root / name, content)
            result.files.append(name)
        exported.append(result)
    return exported
