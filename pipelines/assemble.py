"""Turn a sample and its translated turns into the record that lands in a shard.

The output keeps the input's own shape: readers store the raw record in
``meta["original"]`` and where each turn's text sits in ``meta["text_paths"]``,
so a LLaVA conversation comes back as a LLaVA conversation, a COCO caption as
a COCO annotation, in the target language. Next to it the JSON carries the
English source, every filter score and the provenance.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babelshard.filters.policy import SCORE_NAMES
from babelshard.schemas.records import RejectRecord, Sample, ShardRecord

# Every sample's JSON carries the same score fields (null where a check did not
# run): Hugging Face's webdataset loader infers one schema from the first samples,
# and would silently drop fields that an English passthrough sample lacks.
ALL_SCORES = (*SCORE_NAMES, "model_score")

_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class TurnResult:
    """What happened to one turn: its text in the target language and its scores."""

    text: str
    translated: bool
    scores: dict[str, float] = field(default_factory=dict)
    note: str | None = None  # e.g. "short_answer_kept_english"
    back_translation: str | None = None


def output_key(sample_key: str, lang: str) -> str:
    """A dataset-wide unique, dot-free key for a sample in one language."""
    return _KEY_UNSAFE.sub("_", f"{sample_key}-{lang}")


def set_at_path(record: Any, path: list[str | int], value: str) -> None:
    """Write ``value`` at ``path`` (keys and list indices) inside ``record``."""
    target = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def rebuild_record(sample: Sample, texts: list[str]) -> Any:
    """The input record with each turn's text replaced, or a plain dict if there is none."""
    original = sample.meta.get("original")
    paths = sample.meta.get("text_paths")
    if original is None or not paths or len(paths) != len(texts):
        return {
            "turns": [{"role": t.role, "text": x} for t, x in zip(sample.turns, texts, strict=True)]
        }
    record = copy.deepcopy(original)
    for path, text in zip(paths, texts, strict=True):
        if path:
            set_at_path(record, list(path), text)
    return record


def complete_scores(scores: dict[str, float]) -> dict[str, float | None]:
    """``scores`` with every known score name present (None where it was not measured)."""
    return {name: scores.get(name) for name in ALL_SCORES} | scores


def min_scores(score_sets: Iterable[Mapping[str, float | None]]) -> dict[str, float]:
    """The weakest value of each score over several pieces or turns: one number per
    filter. Unmeasured (None) scores are left out."""
    summary: dict[str, float] = {}
    for scores in score_sets:
        for name, value in scores.items():
            if isinstance(value, int | float):
                summary[name] = min(summary.get(name, value), value)
    return summary


def build_record(
    sample: Sample,
    lang: str,
    results: list[TurnResult],
    provenance: dict[str, Any],
    *,
    key: str | None = None,
    fallback_from: str | None = None,
) -> ShardRecord:
    """Assemble the WebDataset record: JSON doc, caption text, image ref, sidecar columns."""
    key = key or output_key(sample.key, lang)
    texts = [result.text for result in results]
    scores = min_scores(result.scores for result in results)
    notes = sorted({result.note for result in results if result.note})
    doc: dict[str, Any] = {
        "key": key,
        "lang": lang,
        "source_lang": sample.lang,
        "kind": sample.kind,
        "dataset": sample.dataset,
        "source_id": sample.source_id,
        "record": rebuild_record(sample, texts),
        "source_record": rebuild_record(sample, [turn.text for turn in sample.turns]),
        "turns": [
            {
                "role": turn.role,
                "source": turn.text,
                "text": result.text,
                "translated": result.translated,
                "scores": complete_scores(result.scores),
                "back_translation": result.back_translation,
                "note": result.note,
            }
            for turn, result in zip(sample.turns, results, strict=True)
        ],
        "scores": complete_scores(scores),
        "notes": notes,
        "fallback_from": fallback_from,
        "image": sample.image.uri if sample.image else None,
        "provenance": provenance,
    }
    # Every sample gets a .txt (captions: the caption), so all samples of a dataset
    # have the same fields, which Hugging Face's webdataset loader requires.
    plain_text = "\n".join(texts)
    columns: dict[str, Any] = {
        "lang": lang,
        "dataset": sample.dataset,
        "source_id": sample.source_id,
        "kind": sample.kind,
        "image": sample.image.uri if sample.image else None,
        "turns": len(results),
        "translated_turns": sum(result.translated for result in results),
        "lid_group_prob": scores.get("lid_group_prob"),
        "bt_chrf": scores.get("bt_chrf"),
        "fallback_from": fallback_from,
        "text": texts[0] if texts else None,
    }
    return ShardRecord(
        key=key, lang=lang, doc=doc, image=sample.image, text=plain_text, columns=columns
    )


def reject_record(
    sample: Sample,
    lang: str,
    reason: str,
    stage: str,
    *,
    detail: str = "",
    scores: dict[str, float] | None = None,
    results: list[TurnResult] | None = None,
) -> RejectRecord:
    doc: dict[str, Any] = {"source_record": rebuild_record(sample, [t.text for t in sample.turns])}
    doc["image"] = sample.image.uri if sample.image else None  # the run report shows it
    if results:
        doc["turns"] = [
            {
                "role": t.role,
                "source": t.text,
                "text": r.text,
                "back_translation": r.back_translation,
                "scores": r.scores,
            }
            for t, r in zip(sample.turns, results, strict=True)
        ]
    return RejectRecord(
        key=output_key(sample.key, lang),
        dataset=sample.dataset,
        source_id=sample.source_id,
        lang=lang,
        reason=reason,
        stage=stage,
        detail=detail,
        scores=scores or {},
        doc=doc,
    )
