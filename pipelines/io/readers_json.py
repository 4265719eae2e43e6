"""Readers for the JSON corpus formats: COCO captions, VQAv2, LLaVA and mBLIP instructions.

Each reader takes a :class:`FileContext` and yields ``Sample | RejectRecord``.
``meta["original"]`` keeps the raw record and ``meta["text_paths"]`` where each
turn's text sits in it, so the writer can rebuild the input's own shape.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from typing import Any

from babelshard.pipelines.io.readers_common import (
    FileContext,
    RecordError,
    file_reject,
    guarded,
    iter_json_lines,
    open_input,
    plain_name,
    read_id,
    text_paths_sample,
)
from babelshard.schemas.reasons import (
    BAD_IMAGE_REF,
    IMAGE_PLACEHOLDER_MISMATCH,
    MALFORMED_FILE,
    MISSING_FIELD,
    MISSING_IMAGE,
    NO_TEXTS,
    NOT_UTF8,
    TURN_MISMATCH,
    WRONG_TYPE,
)
from babelshard.schemas.records import ImageRef, RejectRecord, Sample, Turn

Item = Sample | RejectRecord
_BOM = b"\xef\xbb\xbf"
IMAGE_PLACEHOLDER = "<image>"


def load_json_file(ctx: FileContext) -> Any | RejectRecord:
    """Parse a whole JSON document; a broken file becomes one file-level reject."""
    with open_input(ctx.path) as handle:
        data = handle.read()
    return _parse_document(ctx, data.removeprefix(_BOM))


def _parse_document(ctx: FileContext, data: bytes) -> Any | RejectRecord:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return file_reject(ctx, NOT_UTF8, str(err))
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return file_reject(ctx, MALFORMED_FILE, f"not valid JSON: {err}")


def iter_records(ctx: FileContext) -> Iterator[tuple[int, Any | RejectRecord]]:
    """Records of a JSON array file or a JSONL file, told apart by the first byte.

    Yields ``(position, record)``: the array index, or the 1-based JSONL line number.
    """
    with open_input(ctx.path) as handle:
        lines = iter(handle.readline, b"")
        head = [next(lines, b"").removeprefix(_BOM)]
        while head[-1] and not head[-1].strip():  # blank lines before the first record
            head.append(next(lines, b""))
        if not head[-1].lstrip().startswith(b"["):
            yield from iter_json_lines(ctx, itertools.chain(head, lines))
            return
        document = _parse_document(ctx, b"".join(head) + handle.read())
    if isinstance(document, RejectRecord):
        yield 0, document
        return
    yield from enumerate(document)


def _mapping(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise RecordError(WRONG_TYPE, f"{what} must be an object, got {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list:
    if value is None:
        raise RecordError(MISSING_FIELD, f"{what} is missing")
    if not isinstance(value, list):
        raise RecordError(WRONG_TYPE, f"{what} must be a list, got {type(value).__name__}")
    return value


def _top_level_lists(ctx: FileContext, document: Any, *names: str) -> list[list] | RejectRecord:
    """The named top-level lists of a COCO/VQA file, or a reject naming what is wrong."""
    if not isinstance(document, dict):
        return file_reject(ctx, MALFORMED_FILE, "expected a JSON object at the top level")
    missing = [n for n in names if not isinstance(document.get(n), list)]
    if missing:
        return file_reject(
            ctx, MALFORMED_FILE, f"expected list field(s) {missing} at the top level"
        )
    return [document[n] for n in names]


# --- COCO captions ----------------------------------------------------------------------


def read_coco(ctx: FileContext) -> Iterator[Item]:
    """COCO ``captions_*.json``: one sample per caption, or per image with ``per_image``."""
    document = load_json_file(ctx)
    lists = (
        document
        if isinstance(document, RejectRecord)
        else _top_level_lists(ctx, document, "images", "annotations")
    )
    if isinstance(lists, RejectRecord):
        yield lists
        return
    images_list, annotations = lists
    images: dict[Any, dict] = {}
    for entry in images_list:
        if isinstance(entry, dict) and "id" in entry:
            images.setdefault(entry["id"], entry)
    if ctx.options.per_image:
        yield from _coco_per_image(ctx, images_list, images, annotations)
    else:
        yield from _coco_per_caption(ctx, images, annotations)


def _coco_image(ctx: FileContext, entry: dict) -> ImageRef:
    return ctx.image(entry.get("file_name"), "file_name")


def _coco_per_caption(
    ctx: FileContext, images: dict[Any, dict], annotations: list
) -> Iterator[Item]:
    prefix = plain_name(ctx.path)
    for index, ann in enumerate(annotations):
        ann_id = ann.get("id") if isinstance(ann, dict) else None
        source_id = read_id(ctx, ann_id, "annotation id", f"{prefix}-ann{index}", index)
        if isinstance(source_id, RejectRecord):
            yield source_id
        elif ctx.owns(source_id):
            yield guarded(ctx, source_id, index, _coco_caption, ctx, source_id, index, ann, images)


def _coco_caption(
    ctx: FileContext, source_id: str, index: int, ann: dict, images: dict[Any, dict]
) -> Sample:
    entry = images.get(ann.get("image_id"))
    if entry is None:
        raise RecordError(MISSING_IMAGE, f"image_id {ann.get('image_id')!r} not in images")
    return text_paths_sample(
        ctx,
        source_id=source_id,
        kind="caption",
        turns=[Turn("caption", ctx.text(ann.get("caption"), "caption"))],
        paths=[["annotation", "caption"]],
        original={"image": entry, "annotation": ann},
        image=_coco_image(ctx, entry),
        where=index,
    )


def _coco_per_image(
    ctx: FileContext, images_list: list, images: dict[Any, dict], annotations: list
) -> Iterator[Item]:
    """Captions grouped under their image, in annotation order.

    Annotations that name no known image are rejected on their own; a repeated image
    id yields a second sample that the de-duplication rejects as ``duplicate_key``.
    """
    prefix = plain_name(ctx.path)
    by_image: dict[Any, list[dict]] = {image_id: [] for image_id in images}
    for index, ann in enumerate(annotations):
        if not isinstance(ann, dict):
            yield ctx.reject(
                WRONG_TYPE, f"{prefix}-ann{index}", "annotation is not an object", index
            )
        elif ann.get("image_id") not in by_image:
            detail = f"image_id {ann.get('image_id')!r} not in images"
            yield ctx.reject(MISSING_IMAGE, f"{prefix}-ann{ann.get('id', index)}", detail, index)
        else:
            by_image[ann["image_id"]].append(ann)
    for index, entry in enumerate(images_list):
        image_id = entry.get("id") if isinstance(entry, dict) else None
        source_id = read_id(ctx, image_id, "image id", f"{prefix}-img{index}", index)
        if isinstance(source_id, RejectRecord):
            yield source_id
        elif ctx.owns(source_id):
            anns = by_image[image_id]
            yield guarded(
                ctx, source_id, index, _coco_image_sample, ctx, source_id, index, entry, anns
            )


def _coco_image_sample(
    ctx: FileContext, source_id: str, index: int, entry: dict, anns: list[dict]
) -> Sample:
    return text_paths_sample(
        ctx,
        source_id=source_id,
        kind="caption",
        turns=[Turn("caption", ctx.text(a.get("caption"), "caption")) for a in anns],
        paths=[["annotations", i, "caption"] for i in range(len(anns))],
        original={"image": entry, "annotations": anns},
        image=_coco_image(ctx, entry),
        where=index,
    )


# --- VQAv2 ------------------------------------------------------------------------------


def read_vqa(ctx: FileContext, annotations_path: str) -> Iterator[Item]:
    """VQAv2 questions + annotations: the question, then every answer as a short answer.

    Turn order: question, ``multiple_choice_answer``, then ``answers[i].answer``.
    """
    questions_doc = load_json_file(ctx)
    annotations_ctx = dataclasses.replace(ctx, path=annotations_path)
    annotations_doc = load_json_file(annotations_ctx)
    for doc, doc_ctx, name in (
        (questions_doc, ctx, "questions"),
        (annotations_doc, annotations_ctx, "annotations"),
    ):
        checked = doc if isinstance(doc, RejectRecord) else _top_level_lists(doc_ctx, doc, name)
        if isinstance(checked, RejectRecord):
            yield checked
            return
    subtype = questions_doc.get("data_subtype")
    template = ctx.options.image_template or (
        "COCO_{subtype}_{image_id:012d}.jpg" if subtype else "{image_id}"
    )
    answers_by_question = {
        a.get("question_id"): a for a in annotations_doc["annotations"] if isinstance(a, dict)
    }
    prefix = plain_name(ctx.path)
    for index, question in enumerate(questions_doc["questions"]):
        qid = question.get("question_id") if isinstance(question, dict) else None
        source_id = read_id(ctx, qid, "question_id", f"{prefix}-q{index}", index)
        if isinstance(source_id, RejectRecord):
            yield source_id
            continue
        if not ctx.owns(source_id):
            continue
        ann = answers_by_question.get(question["question_id"])
        args = (ctx, source_id, index, question, ann, template, subtype)
        yield guarded(ctx, source_id, index, _vqa_sample, *args)


def _vqa_sample(
    ctx: FileContext,
    source_id: str,
    index: int,
    question: dict,
    ann: dict | None,
    template: str,
    subtype: Any,
) -> Sample:
    if ann is None:
        raise RecordError(MISSING_FIELD, "no annotation for this question_id")
    answers = _list(ann.get("answers"), "answers")
    mc_answer = ctx.text(ann.get("multiple_choice_answer"), "multiple_choice_answer")
    turns = [
        Turn("question", ctx.text(question.get("question"), "question")),
        Turn("answer", mc_answer, short_answer=True),
    ]
    for i, answer in enumerate(answers):
        text = ctx.text(_mapping(answer, f"answers[{i}]").get("answer"), f"answers[{i}]")
        turns.append(Turn("answer", text, short_answer=True))
    paths: list[list[str | int]] = [
        ["question", "question"],
        ["annotation", "multiple_choice_answer"],
    ]
    paths += [["annotation", "answers", i, "answer"] for i in range(len(answers))]
    return text_paths_sample(
        ctx,
        source_id=source_id,
        kind="vqa",
        turns=turns,
        paths=paths,
        original={"question": question, "annotation": ann},
        image=_templated_image(ctx, question, template, subtype),
        where=index,
    )


def _templated_image(ctx: FileContext, record: dict, template: str, subtype: Any) -> ImageRef:
    if "image" in record:
        return ctx.image(record["image"], "image")
    if "image_id" not in record:
        raise RecordError(MISSING_FIELD, "image_id is missing")
    try:
        name = template.format(image_id=record["image_id"], subtype=subtype)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        detail = f"image_template does not fit {record['image_id']!r}: {err}"
        raise RecordError(BAD_IMAGE_REF, detail) from None
    return ctx.image(name, "image_id")


# --- LLaVA and mBLIP instructions -------------------------------------------------------


def _identified_records(ctx: FileContext) -> Iterator[tuple[int, str, Any] | RejectRecord]:
    """``(position, source_id, record)`` of an instruction file; ``id`` or the position.
    Records ``ctx`` does not own are left out."""
    prefix = plain_name(ctx.path)
    for where, record in iter_records(ctx):
        if isinstance(record, RejectRecord):
            yield record
            continue
        fallback = f"{prefix}-{where}"
        if not isinstance(record, dict):
            detail = f"expected an object, got {type(record).__name__}"
            yield ctx.reject(WRONG_TYPE, fallback, detail, where)
            continue
        source_id = read_id(ctx, record.get("id", fallback), "id", fallback, where)
        if isinstance(source_id, RejectRecord):
            yield source_id
        elif ctx.owns(source_id):
            yield where, source_id, record


def read_llava(ctx: FileContext) -> Iterator[Item]:
    """LLaVA ``[{"id", "image", "conversations": [{"from", "value"}]}]`` (array or JSONL).

    Roles stay ``human``/``gpt`` (whatever ``from`` says); ``<image>`` stays in the text
    for the segmenter to shield. Records without ``image`` are text-only conversations.
    """
    for entry in _identified_records(ctx):
        if isinstance(entry, RejectRecord):
            yield entry
        else:
            where, source_id, record = entry
            yield guarded(ctx, source_id, where, _llava_sample, ctx, source_id, where, record)


def _llava_sample(ctx: FileContext, source_id: str, where: int, record: dict) -> Sample:
    conversations = _list(record.get("conversations"), "conversations")
    turns = []
    for i, message in enumerate(conversations):
        role = _mapping(message, f"conversations[{i}]").get("from")
        if not isinstance(role, str) or not role:
            raise RecordError(WRONG_TYPE, f"conversations[{i}].from must be a role name")
        turns.append(Turn(role, ctx.text(message.get("value"), f"conversations[{i}].value")))
    image = record.get("image")
    _check_placeholders(turns, 0 if image is None else 1)
    return text_paths_sample(
        ctx,
        source_id=source_id,
        kind="conversation",
        turns=turns,
        paths=[["conversations", i, "value"] for i in range(len(turns))],
        original=record,
        image=None if image is None else ctx.image(image, "image"),
        where=where,
    )


def _check_placeholders(turns: list[Turn], images: int) -> None:
    """LLaVA puts each image where its ``<image>`` token is: the counts must agree.

    A record with an image but no token would train on a conversation that
    never shows the image; a token without an image, or two for one image,
    breaks the trainer's image/token alignment.
    """
    tokens = sum(turn.text.count(IMAGE_PLACEHOLDER) for turn in turns)
    if turns and tokens != images:  # no turns at all is reported as no_texts
        detail = f"{tokens} {IMAGE_PLACEHOLDER} placeholder(s) in the conversation"
        raise RecordError(IMAGE_PLACEHOLDER_MISMATCH, f"{detail} for {images} image(s)")


def read_mblip(ctx: FileContext) -> Iterator[Item]:
    """mBLIP / Centurio ``{"context", "label", "image_id"|"image"}`` (array or JSONL).

    ``context`` and ``label`` are both strings (one turn each) or equal-length lists
    (multi-turn, interleaved). Records without an ``id`` get their file position.
    ``image_id`` goes through ``image_template`` (default: it is the image's path).
    """
    template = ctx.options.image_template or "{image_id}"
    for entry in _identified_records(ctx):
        if isinstance(entry, RejectRecord):
            yield entry
        else:
            where, source_id, record = entry
            args = (ctx, source_id, where, record, template)
            yield guarded(ctx, source_id, where, _mblip_sample, *args)


def _mblip_sample(
    ctx: FileContext, source_id: str, where: int, record: dict, template: str
) -> Sample:
    turns, paths = _mblip_turns(ctx, record)
    has_image = "image" in record or "image_id" in record
    return text_paths_sample(
        ctx,
        source_id=source_id,
        kind="conversation",
        turns=turns,
        paths=paths,
        original=record,
        image=_templated_image(ctx, record, template, None) if has_image else None,
        where=where,
    )


def _mblip_turns(ctx: FileContext, record: dict) -> tuple[list[Turn], list[list[str | int]]]:
    context, label = record.get("context"), record.get("label")
    if isinstance(context, str) or isinstance(label, str) or context is None or label is None:
        return (
            [
                Turn("context", ctx.text(context, "context")),
                Turn("label", ctx.text(label, "label")),
            ],
            [["context"], ["label"]],
        )
    if not isinstance(context, list) or not isinstance(label, list):
        raise RecordError(WRONG_TYPE, "context and label must both be strings or both be lists")
    if len(context) != len(label):
        raise RecordError(TURN_MISMATCH, f"{len(context)} contexts but {len(label)} labels")
    if not context:
        raise RecordError(NO_TEXTS, "context and label are empty lists")
    turns: list[Turn] = []
    paths: list[list[str | int]] = []
    for i, (ask, answer) in enumerate(zip(context, label, strict=True)):
        turns += [
            Turn("context", ctx.text(ask, f"context[{i}]")),
            Turn("label", ctx.text(answer, f"label[{i}]")),
        ]
        paths += [["context", i], ["label", i]]
    return turns, paths
