"""Every format of the sample corpus reads into samples that match the raw files."""

from __future__ import annotations

import json
import re
import tarfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from babelshard.pipelines.io.readers import FORMATS, read_samples
from babelshard.pipelines.sample_corpus import SampleCorpus

from .helpers import at_path, split

KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def expected_count(corpus: SampleCorpus, format: str) -> int:
    """How many records the raw file holds, counted independently of the readers."""
    if format == "coco":
        return len(json.loads(corpus.coco.read_text())["annotations"])
    if format in ("llava", "mblip"):
        return len(json.loads(getattr(corpus, format).read_text()))
    if format == "vqa":
        return len(json.loads(corpus.vqa_questions.read_text())["questions"])
    if format == "jsonl":
        return len(corpus.jsonl.read_text().splitlines())
    if format == "parquet":
        return pq.read_metadata(corpus.parquet).num_rows
    with tarfile.open(corpus.wds) as tar:
        return sum(name.endswith(".txt") for name in tar.getnames())


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_reads_without_rejects(corpus: SampleCorpus, format: str) -> None:
    items = list(read_samples(format, *corpus.reader_args(format)))
    samples, rejects = split(items)
    assert rejects == []
    assert len(samples) == expected_count(corpus, format)
    keys = [s.key for s in samples]
    assert len(set(keys)) == len(keys)
    assert all(KEY.match(k) for k in keys)
    assert keys == [s.key for s in read_samples(format, *corpus.reader_args(format))]


@pytest.mark.parametrize("format", FORMATS)
def test_text_paths_point_at_each_turn_in_the_original(corpus: SampleCorpus, format: str) -> None:
    for sample in read_samples(format, *corpus.reader_args(format)):
        assert len(sample.meta["text_paths"]) == len(sample.turns)
        for turn, path in zip(sample.turns, sample.meta["text_paths"], strict=True):
            assert at_path(sample.meta["original"], path) == turn.text
            assert turn.text.strip()


@pytest.mark.parametrize("format", [f for f in FORMATS if f != "wds"])
def test_image_references_resolve_to_existing_files(corpus: SampleCorpus, format: str) -> None:
    images = [s.image for s in read_samples(format, *corpus.reader_args(format)) if s.image]
    assert images
    for image in images:
        assert Path(image.uri).is_file()
        assert image.ext == "jpg"


def test_wds_images_are_tar_member_references(corpus: SampleCorpus) -> None:
    samples = list(read_samples("wds", *corpus.reader_args("wds")))
    with tarfile.open(corpus.wds) as tar:
        members = set(tar.getnames())
    for sample in samples:
        tar_path, member = sample.image.uri.split("#", 1)
        assert tar_path == str(corpus.wds)
        assert member in members
        assert member == f"{sample.source_id}.jpg"
        assert sample.turns[0].text == sample.meta["original"]["json"]["caption"]


def test_coco_per_image_groups_all_captions(corpus: SampleCorpus) -> None:
    raw = json.loads(corpus.coco.read_text())
    per_image = list(read_samples("coco", *corpus.reader_args("coco", per_image=True)))
    per_caption = list(read_samples("coco", *corpus.reader_args("coco")))
    assert len(per_image) == len(raw["images"])
    assert sum(len(s.turns) for s in per_image) == len(per_caption) == len(raw["annotations"])
    captions_of = Counter(a["image_id"] for a in raw["annotations"])
    for sample in per_image:
        assert len(sample.turns) == captions_of[int(sample.source_id)]
        assert {t.role for t in sample.turns} == {"caption"}


def test_vqa_turns_are_question_then_short_answers(corpus: SampleCorpus) -> None:
    for sample in read_samples("vqa", *corpus.reader_args("vqa")):
        question, mc_answer, *answers = sample.turns
        assert (question.role, question.short_answer) == ("question", False)
        assert all(t.role == "answer" and t.short_answer for t in [mc_answer, *answers])
        assert len(answers) == len(sample.meta["original"]["annotation"]["answers"])
        majority = Counter(t.text for t in answers).most_common(1)[0][0]
        assert mc_answer.text == majority
        assert sample.kind == "vqa"


def test_llava_keeps_roles_placeholders_and_text_only_records(corpus: SampleCorpus) -> None:
    samples = list(read_samples("llava", *corpus.reader_args("llava")))
    for sample in samples:
        assert [t.role for t in sample.turns][:2] == ["human", "gpt"]
        assert sample.kind == "conversation"
        if sample.image is not None:
            assert "<image>" in sample.turns[0].text
    text_only = [s for s in samples if s.image is None]
    assert len(text_only) == 1
    assert "<image>" not in text_only[0].turns[0].text


def test_mblip_single_and_multi_turn(corpus: SampleCorpus) -> None:
    samples = list(read_samples("mblip", *corpus.reader_args("mblip")))
    shapes = Counter(len(s.turns) for s in samples)
    assert set(shapes) == {2, 4}
    for sample in samples:
        assert [t.role for t in sample.turns] == ["context", "label"] * (len(sample.turns) // 2)


def test_generic_columns_are_configurable(corpus: SampleCorpus) -> None:
    samples = list(read_samples("jsonl", *corpus.reader_args("jsonl", id_field="id")))
    raw = [json.loads(line) for line in corpus.jsonl.read_text().splitlines()]
    assert [s.source_id for s in samples] == [r["id"] for r in raw]
    assert all(s.lang == "eng_Latn" for s in samples)
    args = corpus.reader_args("parquet", text_field="image", image_field="no_such_column")
    parquet = list(read_samples("parquet", *args))
    assert [s.turns[0].text for s in parquet] == [r["image"] for r in raw]
    assert {(s.turns[0].role, s.kind, s.image) for s in parquet} == {("image", "text", None)}
