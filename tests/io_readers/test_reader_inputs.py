"""Input resolution, configuration errors, keys, de-duplication across files, and ``limit``."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from babelshard.pipelines.io.readers import (
    InputError,
    ReaderOptions,
    check_input,
    dataset_name,
    plan_reads,
    read_samples,
)
from babelshard.pipelines.io.readers_common import make_key, sanitize_id
from babelshard.pipelines.sample_corpus import SampleCorpus

from .helpers import split


def split_jsonl(corpus: SampleCorpus, folder: Path, parts: int) -> list[Path]:
    """The corpus JSONL cut into ``parts`` files, in order."""
    lines = corpus.jsonl.read_text().splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(lines) // parts)
    paths = []
    for i in range(parts):
        path = folder / f"part-{i:02d}.jsonl"
        path.write_text("".join(lines[i * size : (i + 1) * size]))
        paths.append(path)
    return paths


def test_sanitize_keeps_distinct_ids_distinct() -> None:
    ids = ["a.b", "a_b", "a/b", "a b", "x" * 200, "x" * 201, "plain-id_1", "ünïcode", "0001"]
    clean = [sanitize_id(i) for i in ids]
    assert len(set(clean)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", c) for c in clean)
    assert sanitize_id("plain-id_1") == "plain-id_1"  # nothing lost, nothing added
    assert clean == [sanitize_id(i) for i in ids]  # stable
    assert "." not in make_key("coco_train", "a.b.c")


def test_dataset_names() -> None:
    opts = ReaderOptions()
    assert dataset_name("coco", "data/annotations/captions_train2017.json", opts) == (
        "coco_captions_train2017"
    )
    assert dataset_name("wds", "gs://bucket/laion/*.tar", opts) == "wds_laion"
    assert dataset_name("jsonl", "corpora/jsonl/", opts) == "jsonl"
    assert dataset_name("jsonl", "x.jsonl", ReaderOptions(dataset="mine")) == "mine"
    with pytest.raises(InputError, match="letters, digits"):
        dataset_name("jsonl", "x.jsonl", ReaderOptions(dataset="my.data"))


def test_glob_and_folder_inputs_read_every_file_in_order(
    corpus: SampleCorpus, tmp_path: Path
) -> None:
    paths = split_jsonl(corpus, tmp_path / "parts", 3)
    (tmp_path / "parts" / "notes.txt").write_text("not a jsonl file")
    options = ReaderOptions(image_root=str(corpus.images), id_field="id", dataset="shapes")
    whole = list(read_samples("jsonl", str(corpus.jsonl), options))
    by_glob = list(read_samples("jsonl", str(tmp_path / "parts" / "*.jsonl"), options))
    by_folder = list(read_samples("jsonl", str(tmp_path / "parts"), options))
    assert [s.key for s in by_glob] == [s.key for s in whole]
    assert [s.key for s in by_folder] == [s.key for s in whole]
    assert [t.path for t in plan_reads("jsonl", str(tmp_path / "parts"), options)] == [
        str(p) for p in paths
    ]


def test_duplicates_across_files_reject_the_later_one(corpus: SampleCorpus, tmp_path: Path) -> None:
    first, second = split_jsonl(corpus, tmp_path / "dup", 2)
    repeated = first.read_text().splitlines()[0]
    second.write_text(second.read_text() + repeated + "\n")
    options = ReaderOptions(id_field="id", image_root=str(corpus.images))
    samples, rejects = split(list(read_samples("jsonl", str(tmp_path / "dup"), options)))
    assert [r.reason for r in rejects] == ["duplicate_key"]
    assert rejects[0].key == samples[0].key
    assert rejects[0].doc["file"] == str(second)


def test_keys_without_id_field_are_stable_and_unique(corpus: SampleCorpus, tmp_path: Path) -> None:
    split_jsonl(corpus, tmp_path / "parts", 2)
    options = ReaderOptions(image_root=str(corpus.images))
    keys = [s.key for s in read_samples("jsonl", str(tmp_path / "parts"), options)]
    assert len(set(keys)) == len(keys) == corpus.n_images
    assert keys == [s.key for s in read_samples("jsonl", str(tmp_path / "parts"), options)]


@pytest.mark.parametrize("limit", [0, 1, 5])
def test_limit_keeps_the_first_samples_in_file_order(
    corpus: SampleCorpus, tmp_path: Path, limit: int
) -> None:
    split_jsonl(corpus, tmp_path / "parts", 4)  # 3 lines a file: a limit of 5 spans files
    options = ReaderOptions(image_root=str(corpus.images))
    everything = [s.key for s in read_samples("jsonl", str(tmp_path / "parts"), options)]
    limited = read_samples("jsonl", str(tmp_path / "parts"), ReaderOptions(limit=limit))
    assert [s.key for s in limited] == everything[:limit]


def test_limit_counts_samples_and_keeps_rejects_met_on_the_way(write_lines) -> None:
    lines = ['{"text": "one"}', "{broken", '{"text": "two"}', '{"text": ""}', '{"text": "three"}']
    path = write_lines("mixed.jsonl", lines)
    items = list(read_samples("jsonl", str(path), ReaderOptions(limit=2)))
    samples, rejects = split(items)
    assert [s.turns[0].text for s in samples] == ["one", "two"]
    assert [r.reason for r in rejects] == ["malformed_json"]


def test_configuration_errors_name_the_problem(corpus: SampleCorpus, tmp_path: Path) -> None:
    opts = ReaderOptions()
    with pytest.raises(InputError, match="unknown input format 'csv'"):
        check_input("csv", str(corpus.jsonl), opts)
    missing = str(tmp_path / "nowhere" / "data.jsonl")
    with pytest.raises(InputError, match=re.escape(missing)):
        check_input("jsonl", missing, opts)
    with pytest.raises(InputError, match="no jsonl input files"):
        check_input("jsonl", str(tmp_path / "*.jsonl"), opts)
    with pytest.raises(InputError, match="not a Parquet file"):
        check_input("parquet", str(corpus.jsonl), opts)
    with pytest.raises(InputError, match="not a tar file"):
        check_input("wds", str(corpus.jsonl), opts)
    with pytest.raises(InputError, match="does not look like coco JSON"):
        check_input("coco", str(corpus.llava), opts)
    with pytest.raises(InputError, match="no column 'caption'"):
        check_input("jsonl", str(corpus.jsonl), ReaderOptions(text_field="caption"))
    with pytest.raises(InputError, match="no column 'caption'"):
        check_input("parquet", str(corpus.parquet), ReaderOptions(text_field="caption"))
    with pytest.raises(InputError, match="annotations"):
        check_input("vqa", str(corpus.vqa_questions), opts)
    with pytest.raises(InputError, match="image_root"):
        check_input("coco", str(corpus.coco), ReaderOptions(image_root=str(tmp_path / "none")))
    with pytest.raises(InputError, match="image_template"):
        check_input("vqa", *corpus.reader_args("vqa", image_template="{img}.jpg"))
    with pytest.raises(InputError, match="limit"):
        check_input("jsonl", str(corpus.jsonl), ReaderOptions(limit=-1))


def test_a_file_of_another_format_or_an_empty_input_is_refused(
    corpus: SampleCorpus, tmp_path: Path
) -> None:
    opts = ReaderOptions()
    with pytest.raises(InputError, match=r"JSON Lines.*--format jsonl"):
        check_input("coco", str(corpus.jsonl), opts)
    pretty = tmp_path / "captions_pretty.json"
    pretty.write_text(json.dumps(json.loads(corpus.coco.read_text()), indent=2))
    with pytest.raises(InputError, match="one JSON document spread over lines"):
        check_input("jsonl", str(pretty), opts)
    check_input("coco", str(pretty), opts)  # the same file under its own format
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(InputError, match="is empty"):
        check_input("jsonl", str(empty), opts)
    first, _ = split_jsonl(corpus, tmp_path / "parts", 2)
    first.write_text("")  # one empty part among several is no configuration error
    check_input("jsonl", str(tmp_path / "parts"), opts)


def test_vqa_folder_finds_questions_and_annotations(corpus: SampleCorpus) -> None:
    folder = str(corpus.vqa_questions.parent)
    options = ReaderOptions(image_root=str(corpus.images))
    (task,) = plan_reads("vqa", folder, options)
    assert (task.path, task.annotations) == (str(corpus.vqa_questions), str(corpus.vqa_annotations))
    samples = list(read_samples("vqa", folder, options))
    questions = json.loads(corpus.vqa_questions.read_text())["questions"]
    assert len(samples) == len(questions)


def test_relative_images_default_to_the_input_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "rows.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps({"text": "a cat", "image": "img/cat.PNG"}) + "\n")
    (sample,) = read_samples("jsonl", str(path), ReaderOptions())
    assert sample.image.uri == str(tmp_path / "data" / "img" / "cat.PNG")
    assert sample.image.ext == "png"
    remote = ReaderOptions(image_root="gs://bucket/images/")
    (sample,) = read_samples("jsonl", str(path), remote)
    assert sample.image.uri == "gs://bucket/images/img/cat.PNG"


def test_gzipped_jsonl_reads_like_the_plain_file(corpus: SampleCorpus, tmp_path: Path) -> None:
    packed = tmp_path / "captions.jsonl.gz"
    packed.write_bytes(gzip.compress(corpus.jsonl.read_bytes()))
    options = ReaderOptions(image_root=str(corpus.images), dataset="shapes")
    plain = [s.turns for s in read_samples("jsonl", str(corpus.jsonl), options)]
    assert [s.turns for s in read_samples("jsonl", str(packed), options)] == plain


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_instruction_files_may_start_with_blank_lines(tmp_path: Path, suffix: str) -> None:
    record = {"id": "a", "conversations": [{"from": "human", "value": "Hi"}]}
    body = json.dumps([record], indent=2) if suffix == ".json" else json.dumps(record)
    path = tmp_path / f"chat{suffix}"
    path.write_text("\n\n" + body + "\n")
    (sample,) = read_samples("llava", str(path), ReaderOptions())
    assert (sample.source_id, sample.turns[0].text) == ("a", "Hi")
