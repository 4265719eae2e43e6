"""Turn a sample and its translated turns into the record that lands in a shard.

The output keeps the input's own shape: readers store the raw record in
``meta["original"]`` and where each turn's text sits in ``meta["text_paths"]``,
so a LLaVA conversation comes back as a LLaVA conversation, a COCO caption as
a COCO annotation, in the target language. Next to it the JSON carries the
English source, every filter score and the provenance.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babelshard.filters.backtranslation import short_answer_matches
from babelshard.filters.policy import SCORE_NAMES
from babelshard.schemas.keys import output_key
from babelshard.schemas.reasons import ENGINE_ERROR, PLACEHOLDER_LOST, reject
from babelshard.schemas.records import RejectRecord, Sample, ScoredPiece, ShardRecord
from babelshard.translators.documents import reassemble
from babelshard.translators.segment import SegmentedText

# Every sample's JSON carries the same score fields (null where a check did not
# run): Hugging Face's webdataset loader infers one schema from the first samples,
# and would silently drop fields that an English passthrough sample lacks.
ALL_SCORES = (*SCORE_NAMES, "model_score")


@dataclass
class TurnResult:
    """What happened to one turn: its text in the target language and its scores."""

    text: str
    translated: bool
    scores: dict[str, float] = field(default_factory=dict)
    note: str | None = None  # e.g. SHORT_ANSWER_KEPT_ENGLISH
    back_translation: str | None = None


SHORT_ANSWER_KEPT_ENGLISH = "short_answer_kept_english"
"""A turn's note (not a reject): a VQA short answer left in English by mBLIP's rule."""


@dataclass
class SegmentedSample:
    """A sample bound for one language, with each turn cut into pieces (None: untranslated)."""

    key: str
    sample: Sample
    lang: str
    segmented: list[SegmentedText | None]


_PLAIN_CONTAINERS = (dict, list)  # copied by their own method, without ``copy``'s dispatch


def replaced_at(record: Any, path: Sequence[str | int], value: str) -> Any:
    """A copy of ``record`` with ``value`` at ``path`` (keys and list indices).

    Only the containers on the path are copied; the rest is shared with
    ``record``, which stays as it was (a deep copy of every record cost more
    than the rest of reassembly).
    """
    if not path:
        return value
    top = container = _shallow_copy(record)
    for step in path[:-1]:  # each container on the path: a copy of the one it holds
        container[step] = container = _shallow_copy(container[step])
    container[path[-1]] = value
    return top


def _shallow_copy(container: Any) -> Any:
    """A dict or list copied by its own method, without ``copy``'s dispatch."""
    return container.copy() if type(container) in _PLAIN_CONTAINERS else copy.copy(container)


def rebuild_record(sample: Sample, texts: list[str]) -> Any:
    """The input record with each turn's text replaced, or a plain dict if there is none."""
    original = sample.meta.get("original")
    paths = sample.meta.get("text_paths")
    if original is None or not paths or len(paths) != len(texts):
        return {
            "turns": [{"role": t.role, "text": x} for t, x in zip(sample.turns, texts, strict=True)]
        }
    record = original
    for path, text in zip(paths, texts, strict=True):
        if path:
            record = replaced_at(record, path, text)
    return record if record is not original else copy.deepcopy(original)


def complete_scores(scores: dict[str, float]) -> dict[str, float | None]:
    """``scores`` with every known score name present (None where it was not measured).

    The known names first, in ``ALL_SCORES`` order, then any others in ``scores``'s."""
    complete = _UNMEASURED.copy()
    complete.update(scores)
    return complete


_UNMEASURED: dict[str, float | None] = dict.fromkeys(ALL_SCORES)  # copied, never changed
_NUMBERS = (int, float)
_PLAIN_NUMBERS = frozenset((float, int, bool))


def min_scores(score_sets: Iterable[Mapping[str, float | None]]) -> dict[str, float]:
    """The weakest value of each score over several pieces or turns: one number per
    filter. Unmeasured (None) scores are left out."""
    sets = score_sets if isinstance(score_sets, list) else list(score_sets)
    if len(sets) == 1:  # one piece or turn: its numbers as they are, in its order
        (scores,) = sets
        if _PLAIN_NUMBERS.issuperset(map(type, scores.values())):  # as a whole, in C
            return dict(scores)
        return {name: value for name, value in scores.items() if isinstance(value, _NUMBERS)}
    summary: dict[str, float] = {}
    for scores in sets:
        for name, value in scores.items():
            if isinstance(value, _NUMBERS):
                kept = summary.get(name)
                if kept is None or value < kept:  # as min(kept, value), without the call
                    summary[name] = value
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
    scores = min_scores([result.scores for result in results])
    summary = complete_scores(scores)
    # One turn whose scores were all numbers: its complete set is the summary itself.
    alone = len(results) == 1 and len(scores) == len(results[0].scores)
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
                "scores": summary if alone else complete_scores(result.scores),
                "back_translation": result.back_translation,
                "note": result.note,
            }
            for turn, result in zip(sample.turns, results, strict=True)
        ],
        "scores": summary,
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
    return reject(
        key=output_key(sample.key, lang),
        dataset=sample.dataset,
        source_id=sample.source_id,
        lang=lang,
        reason=reason,
        stage=stage,
        detail=detail,
        scores=scores,
        doc=doc,
    )


# -- reassembly ---------------------------------------------------------------------


def keep_short_answer(
    source: str, back_translation: str | None, pieces: list[ScoredPiece], checked: bool
) -> bool:
    """mBLIP's rule: a short answer stays translated only if it translates back to the
    English answer (``checked``: back-translation ran); without back-translation,
    only if every piece passed the filters."""
    if checked:
        return short_answer_matches(source, back_translation or "")
    return all(piece.verdict.accepted for piece in pieces)


def reassemble_turn(
    source: str,
    short_answer: bool,
    layout: SegmentedText,
    pieces: list[ScoredPiece],
    back_translation_checked: bool,
) -> tuple[TurnResult, tuple[str, ...]]:
    """One turn put back together from its scored pieces, and its reject reasons (if any)."""
    scores = min_scores([piece.verdict.scores for piece in pieces])
    backs = (piece.translated.back_translation for piece in pieces)
    back = " ".join(b for b in backs if b) or None
    text = reassemble(layout, [piece.translated.hypothesis for piece in pieces])
    if text is None:
        lost = TurnResult(source, translated=False, scores=scores, back_translation=back)
        return lost, (PLACEHOLDER_LOST,)
    if short_answer:
        keep = keep_short_answer(source, back, pieces, back_translation_checked)
        scores["short_answer_match"] = float(keep)
        if keep:
            return TurnResult(text, True, scores, back_translation=back), ()
        return TurnResult(source, False, scores, SHORT_ANSWER_KEPT_ENGLISH, back), ()
    reasons = tuple(reason for piece in pieces for reason in piece.verdict.reasons)
    return TurnResult(text, True, scores, back_translation=back), reasons


def reassemble_sample(
    segmented: SegmentedSample,
    pieces: Mapping[tuple[int, int], ScoredPiece],
    provenance: dict[str, Any],
    *,
    back_translation_checked: bool,
    retry_lost: bool = False,
) -> ShardRecord | RejectRecord | None:
    """A sample in its target language from its scored pieces (keyed ``(turn, index)``),
    or, if a turn failed, a reject with the reason of the first failed turn (with
    ``--fallback-english`` the job adds one English copy per sample: ``fallback_record``).

    None (only with ``retry_lost``): a translation lost a shielded span; the caller
    translates the sample again with the spans cut out (``shield="split"``), as
    ``translators.documents.translate_documents`` does.
    """
    sample, lang, key = segmented.sample, segmented.lang, segmented.key
    results: list[TurnResult] = []
    failures: list[tuple[int, tuple[str, ...]]] = []
    layouts = zip(sample.turns, segmented.segmented, strict=True)
    for turn_index, (turn, layout) in enumerate(layouts):
        if layout is None:
            results.append(TurnResult(turn.text, translated=False))
            continue
        scored = [pieces[turn_index, i] for i in range(len(layout.pieces))]
        result, reasons = reassemble_turn(
            turn.text, turn.short_answer, layout, scored, back_translation_checked
        )
        results.append(result)
        if reasons:
            failures.append((turn_index, reasons))
    if not failures:
        return build_record(sample, lang, results, provenance, key=key)
    if retry_lost and any(PLACEHOLDER_LOST in reasons for _, reasons in failures):
        return None
    detail = "; ".join(f"turn {i}: {', '.join(reasons)}" for i, reasons in failures)
    errors = sorted({piece.translated.error for piece in pieces.values() if piece.translated.error})
    detail = "; ".join([detail, *errors])
    scores = {name: value for result in results for name, value in result.scores.items()}
    reason = failures[0][1][0]
    stage = "translate" if reason == ENGINE_ERROR else "filter"
    return reject_record(sample, lang, reason, stage, detail=detail, scores=scores, results=results)


def fallback_record(
    sample: Sample, failed_langs: Iterable[str], provenance: dict[str, Any]
) -> ShardRecord:
    """The one English copy of a sample whose translations failed (``--fallback-english``),
    however many languages failed; ``fallback_from`` lists them (comma-separated).

    Its key is the sample's own-language key, the one a passthrough sample has, so
    a sample also planned in English is never written twice.
    """
    return untranslated_record(
        sample,
        sample.lang,
        provenance,
        output_key(sample.key, sample.lang),
        fallback_from=",".join(sorted(set(failed_langs))),
    )


def mark_fallback(rejected: RejectRecord, sample: Sample) -> RejectRecord:
    """A failed language's reject, naming the English copy that stands in for it."""
    doc = {**rejected.doc, "fallback_to": output_key(sample.key, sample.lang)}
    return dataclasses.replace(rejected, doc=doc)


def untranslated_record(
    sample: Sample,
    lang: str,
    provenance: dict[str, Any],
    key: str,
    fallback_from: str | None = None,
) -> ShardRecord:
    """A sample written as it is (its target language is its own, or a fallback copy)."""
    results = [TurnResult(turn.text, translated=False) for turn in sample.turns]
    return build_record(sample, lang, results, provenance, key=key, fallback_from=fallback_from)
