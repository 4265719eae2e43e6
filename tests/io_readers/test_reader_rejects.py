"""Bad records become rejects with specific reasons; the good ones around them still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from babelshard.pipelines.io.readers import ReaderOptions, read_samples

from .helpers import split

GOOD = {"id": "ok", "text": "a red circle", "image": "a.jpg"}

# (line, expected reason); ids are unique so only the intended problem applies.
JSONL_CASES: list[tuple[bytes | str, str]] = [
    ('{"id": "m1", "text": "a red circle"', "malformed_json"),
    (b'{"id": "u1", "text": "caf\xe9"}', "not_utf8"),
    ('["not", "an", "object"]', "wrong_type"),
    ('{"id": "t1", "text": 42}', "wrong_type"),
    ('{"id": "t2"}', "missing_field"),
    ('{"id": "e1", "text": "   "}', "empty_text"),
    ('{"id": "e2", "text": []}', "no_texts"),
    (json.dumps({"id": "l1", "text": "x" * 61}), "text_too_long"),
    ('{"id": "ok", "text": "the same id again"}', "duplicate_key"),
    ('{"id": "g1", "text": "a blue square", "lang": "xx-klingon"}', "unknown_lang"),
    ('{"id": "i1", "text": "a blue square", "image": "picture.txt"}', "bad_image_ref"),
    ('{"id": "i2", "text": "a blue square", "image": 7}', "wrong_type"),
    ('{"id": true, "text": "a blue square"}', "bad_id"),
    ('{"text": "no id at all"}', "missing_field"),
]


def test_each_bad_jsonl_line_gets_its_reason(write_lines) -> None:
    lines = [
        json.dumps(GOOD),
        *(line for line, _ in JSONL_CASES),
        json.dumps({**GOOD, "id": "ok2"}),
    ]
    path = write_lines("bad.jsonl", lines)
    options = ReaderOptions(id_field="id", lang_field="lang", max_text_chars=60)
    items = list(read_samples("jsonl", str(path), options))
    assert len(items) == len(lines)  # inputs = samples + rejects, in file order
    samples, rejects = split(items)
    assert [s.source_id for s in samples] == ["ok", "ok2"]
    assert [r.reason for r in rejects] == [reason for _, reason in JSONL_CASES]
    assert all(r.stage == "read" and r.detail for r in rejects)
    duplicate = next(r for r in rejects if r.reason == "duplicate_key")
    assert duplicate.key == samples[0].key


def test_lang_field_sets_the_sample_language(write_lines) -> None:
    rows = [
        {"text": "Hallo Welt", "lang": "deu_Latn"},
        {"text": "Bonjour", "lang": "fr"},
        {"text": "Hi"},
    ]
    path = write_lines("langs.jsonl", [json.dumps(row) for row in rows])
    samples = read_samples("jsonl", str(path), ReaderOptions(lang_field="lang"))
    assert [s.lang for s in samples] == ["deu_Latn", "fra_Latn", "eng_Latn"]


def write_json(tmp_path: Path, name: str, value: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value))
    return path


def test_coco_rejects(tmp_path: Path) -> None:
    coco = {
        "images": [{"id": 1, "file_name": "one.jpg"}, {"id": 2, "file_name": "two"}],
        "annotations": [
            {"id": 10, "image_id": 1, "caption": "a red circle"},
            {"id": 11, "image_id": 99, "caption": "an image nobody listed"},
            {"image_id": 1, "caption": "no annotation id"},
            {"id": 12, "image_id": 1, "caption": ""},
            {"id": 13, "image_id": 2, "caption": "an image without an extension"},
            {"id": 10, "image_id": 1, "caption": "a repeated annotation id"},
        ],
    }
    path = write_json(tmp_path, "captions_bad.json", coco)
    samples, rejects = split(list(read_samples("coco", str(path), ReaderOptions())))
    assert [s.source_id for s in samples] == ["10"]
    reasons = ["missing_image", "bad_id", "empty_text", "bad_image_ref", "duplicate_key"]
    assert [r.reason for r in rejects] == reasons
    per_image = list(read_samples("coco", str(path), ReaderOptions(per_image=True)))
    _, image_rejects = split(per_image)
    # image 1 fails on its empty caption, image 2 on its name, annotation 11 on its image
    assert sorted(r.reason for r in image_rejects) == [
        "bad_image_ref",
        "empty_text",
        "missing_image",
    ]


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"images": []}, "malformed_file"),
        ({"images": [], "annotations": {"1": "a dict, not a list"}}, "malformed_file"),
    ],
)
def test_coco_file_level_problems_are_one_reject(tmp_path: Path, document, reason) -> None:
    path = write_json(tmp_path, "captions_x.json", document)
    (reject,) = read_samples("coco", str(path), ReaderOptions())
    assert reject.reason == reason


def test_truncated_json_file_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "captions_cut.json"
    path.write_text('{"images": [{"id": 1, "file_name": "a.jpg"}], "annot')
    (reject,) = read_samples("coco", str(path), ReaderOptions())
    assert reject.reason == "malformed_file"


def test_llava_rejects(tmp_path: Path) -> None:
    turn = {"from": "human", "value": "<image>\nWhat is this?"}
    records = [
        {"id": "a", "image": "a.jpg", "conversations": [turn, {"from": "gpt", "value": "A cat."}]},
        {"id": "b", "image": "b.jpg", "conversations": "not a list"},
        {"id": "c", "image": "c.jpg"},
        {"id": "d", "image": "d.jpg", "conversations": [{"value": "who said this?"}]},
        {"id": "e", "image": "e.jpg", "conversations": []},
        {"id": "f", "image": ["f.jpg", "g.jpg"], "conversations": [turn]},
        "not an object",
    ]
    path = write_json(tmp_path, "llava.json", records)
    samples, rejects = split(list(read_samples("llava", str(path), ReaderOptions())))
    assert [s.source_id for s in samples] == ["a"]
    reasons = ["wrong_type", "missing_field", "wrong_type", "no_texts", "wrong_type", "wrong_type"]
    assert [r.reason for r in rejects] == reasons


def test_llava_jsonl_matches_the_array_form(tmp_path: Path, corpus) -> None:
    records = json.loads(corpus.llava.read_text())
    path = tmp_path / "instructions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    options = ReaderOptions(image_root=str(corpus.images), dataset="llava")
    from_jsonl = list(read_samples("llava", str(path), options))
    from_array = list(read_samples("llava", str(corpus.llava), options))
    assert [s.key for s in from_jsonl] == [s.key for s in from_array]
    assert [s.turns for s in from_jsonl] == [s.turns for s in from_array]


def test_mblip_rejects(tmp_path: Path) -> None:
    records = [
        {"context": ["Q1?", "Q2?"], "label": ["A1.", "A2."], "image_id": "x.jpg"},
        {"context": ["Q1?", "Q2?"], "label": ["A1."], "image_id": "x.jpg"},
        {"context": "Q?", "label": ["A."], "image_id": "x.jpg"},
        {"context": "Q?", "image_id": "x.jpg"},
        {"context": "Q?", "label": "A.", "image_id": 5},
    ]
    path = write_json(tmp_path, "mix.json", records)
    samples, rejects = split(list(read_samples("mblip", str(path), ReaderOptions())))
    assert len(samples) == 1 and len(samples[0].turns) == 4
    assert [r.reason for r in rejects] == [
        "turn_mismatch",
        "wrong_type",
        "missing_field",
        "bad_image_ref",
    ]


def test_vqa_question_without_annotation(tmp_path: Path) -> None:
    questions = {
        "data_subtype": "val2014",
        "questions": [
            {"image_id": 3, "question": "What color?", "question_id": 30},
            {"image_id": 4, "question": "How many?", "question_id": 40},
        ],
    }
    answers = [{"answer": "red", "answer_confidence": "yes", "answer_id": 1}]
    annotations = {
        "annotations": [{"question_id": 30, "multiple_choice_answer": "red", "answers": answers}]
    }
    q = write_json(tmp_path, "q.json", questions)
    a = write_json(tmp_path, "a.json", annotations)
    samples, rejects = split(list(read_samples("vqa", str(q), ReaderOptions(annotations=str(a)))))
    assert [r.reason for r in rejects] == ["missing_field"]
    assert samples[0].image.uri.endswith("COCO_val2014_000000000003.jpg")
    custom = ReaderOptions(annotations=str(a), image_template="{image_id}.png")
    (sample, _) = read_samples("vqa", str(q), custom)
    assert sample.image.uri.endswith("/3.png") and sample.image.ext == "png"
