"""A corpus of broken inputs mixed into good data: the job completes, every bad sample is a
reject with its own specific reason, and ``inputs = written + rejected``.

Jobs translate into one language with ``--fallback-english``, so every readable
sample reaches the writer (where images are checked) and every good one is
written: the only rejects are the planted ones.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig

from .helpers import HUMAN, reject_rows, save_jpeg, shard_docs, write_jsonl

Expected = list[tuple[str, str]]  # (source_id, reason) of every planted bad input


def job_config(corpus: Path, output: Path, **overrides) -> RunConfig:
    values = {
        "input": str(corpus),
        "format": "jsonl",
        "output": str(output),
        "langs": "deu_Latn",
        "mix": "all",
        "fallback_english": True,
        "model": f"table:{HUMAN}",
        "image_root": str(corpus.parent / "images"),
        "dataset": "rel",
        "id_field": "id",
        "shard_size": 50,
    }
    values.update(overrides)
    return RunConfig(**values)


def noisy_jpeg(size: tuple[int, int]) -> bytes:
    noise = random.Random(7).randbytes(3 * size[0] * size[1])
    image = Image.frombytes("RGB", size, noise)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def bad_images(images: Path) -> None:
    """Files that are not safe, whole images, each broken in its own way."""
    (images / "truncated.jpg").write_bytes(noisy_jpeg((64, 64))[:1500])
    (images / "zero.jpg").write_bytes(b"")
    (images / "notimage.jpg").write_text("this is text, not a JPEG")
    (images / "folder.jpg").mkdir()
    # 10,000 x 10,000 pixels (over the default 89.5 M limit) in a few kilobytes of PNG.
    Image.new("1", (10_000, 10_000)).save(images / "bomb.png", optimize=True)


@pytest.fixture(scope="module")
def bad_corpus(
    tmp_path_factory: pytest.TempPathFactory, sources: list[str]
) -> tuple[Path, Expected, int]:
    """``(corpus, expected rejects, good samples)``: JSONL with 17 kinds of bad records."""
    root = tmp_path_factory.mktemp("bad")
    images = root / "images"
    good: list = []
    for index, text in enumerate(sources[:20]):
        record = {"id": f"g{index}", "text": text}
        if index % 3 == 0:
            record["image"] = save_jpeg(images / f"g{index}.jpg", index).name
        good.append(record)
    good.append({"id": "iso-lang", "text": sources[20], "lang": "en"})  # ISO code, mapped
    bad_images(images)
    text = sources[21]
    planted: list[tuple[object, str | None, str]] = [
        # (record or raw line, source id or None for "by line number", reason)
        (b'{"id": "cut", "text": "A dog runs acr', None, "malformed_json"),
        (b'{"id": "latin1", "text": "caf\xe9 au lait"}', None, "not_utf8"),
        ([1, 2, 3], None, "wrong_type"),
        ({"id": "number", "text": 42}, "number", "wrong_type"),
        ({"id": "nothing"}, "nothing", "missing_field"),
        ({"id": "blank", "text": "   "}, "blank", "empty_text"),
        ({"id": "huge", "text": "word " * 20_000}, "huge", "text_too_long"),
        ({"id": ["list"], "text": text}, None, "bad_id"),
        ({"id": "xx", "text": text, "lang": "xx_Fake"}, "xx", "unknown_lang"),
        ({"id": "g0", "text": text}, "g0", "duplicate_key"),
        ({"id": "exe", "text": text, "image": "picture.exe"}, "exe", "bad_image_ref"),
        ({"id": "gone", "text": text, "image": "missing.jpg"}, "gone", "image_missing"),
        ({"id": "cut-jpeg", "text": text, "image": "truncated.jpg"}, "cut-jpeg", "image_corrupt"),
        ({"id": "text-jpeg", "text": text, "image": "notimage.jpg"}, "text-jpeg", "image_corrupt"),
        ({"id": "empty-jpeg", "text": text, "image": "zero.jpg"}, "empty-jpeg", "image_empty"),
        ({"id": "bomb", "text": text, "image": "bomb.png"}, "bomb", "image_too_many_pixels"),
        ({"id": "dir", "text": text, "image": "folder.jpg"}, "dir", "image_unreadable"),
        ({"id": "escape", "text": text, "image": "a.tar#../x.jpg"}, "escape", "image_bad_member"),
    ]
    lines: list = []
    expected: Expected = []
    for position, (record, source_id, reason) in enumerate(planted):  # good, bad, good, bad...
        lines += [good[position], record]
        expected.append((source_id or f"corpus-L{len(lines)}", reason))
    lines += good[len(planted) :]
    corpus = write_jsonl(root / "corpus.jsonl", lines)
    return corpus, expected, len(good)


@pytest.fixture(scope="module")
def bad_run(bad_corpus, tmp_path_factory):
    corpus, expected, good = bad_corpus
    output = tmp_path_factory.mktemp("out") / "bad"
    manifest = run_translate(job_config(corpus, output, lang_field="lang"))
    return output, manifest, expected, good


def test_the_job_completes_and_accounts_for_every_input(bad_run):
    _, manifest, expected, good = bad_run
    totals = manifest["totals"]
    assert totals["inputs"] == good + len(expected)
    assert totals["written"] == good
    assert totals["rejected"] == len(expected)
    assert totals["unaccounted"] == 0


def test_every_bad_input_is_rejected_with_its_own_reason(bad_run):
    output, manifest, expected, _ = bad_run
    rows = reject_rows(output)
    got = Counter((row["source_id"], row["reason"]) for row in rows)
    assert got == Counter(expected)
    assert len({reason for _, reason in expected}) >= 12
    assert all(row["detail"] for row in rows)  # each says what exactly was wrong
    stages = {row["reason"]: row["stage"] for row in rows}
    assert stages["image_too_many_pixels"] == stages["image_corrupt"] == "image"
    assert stages["malformed_json"] == stages["duplicate_key"] == "read"
    assert manifest["rejects"]["by_reason"] == dict(sorted(Counter(r for _, r in expected).items()))


def test_good_samples_around_the_bad_ones_are_all_written(bad_run, sources):
    output, _, _, good = bad_run
    docs = shard_docs(output)
    assert len(docs) == good
    written = {doc["source_id"] for doc in docs}
    assert written == {f"g{i}" for i in range(20)} | {"iso-lang"}
    with_images = [doc for doc in docs if doc["image"]]
    assert len(with_images) == 7


def llava_record(record_id: str, first: str, answer: str, image: str | None) -> dict:
    record: dict = {
        "id": record_id,
        "conversations": [{"from": "human", "value": first}, {"from": "gpt", "value": answer}],
    }
    if image:
        record["image"] = image
    return record


def test_llava_image_placeholders_must_match_the_images(tmp_path, sources):
    save_jpeg(tmp_path / "images" / "a.jpg", 1)
    ask, answer = sources[0], sources[1]
    records = [
        llava_record("ok-image", f"<image>\n{ask}", answer, "a.jpg"),
        llava_record("ok-text", ask, answer, None),
        llava_record("no-token", ask, answer, "a.jpg"),
        llava_record("no-image", f"<image>\n{ask}", answer, None),
        llava_record("two-tokens", f"<image>\n{ask}", f"<image> {answer}", "a.jpg"),
    ]
    corpus = write_jsonl(tmp_path / "llava.jsonl", records)
    output = tmp_path / "out"
    manifest = run_translate(job_config(corpus, output, format="llava"))
    rows = reject_rows(output)
    assert sorted((row["source_id"], row["reason"]) for row in rows) == [
        ("no-image", "image_placeholder_mismatch"),
        ("no-token", "image_placeholder_mismatch"),
        ("two-tokens", "image_placeholder_mismatch"),
    ]
    assert {doc["source_id"] for doc in shard_docs(output)} == {"ok-image", "ok-text"}
    assert manifest["totals"]["inputs"] == 5 == manifest["totals"]["written"] + len(rows)


def test_limits_are_configurable_and_reported_as_reasons(tmp_path, sources):
    images = tmp_path / "images"
    save_jpeg(images / "small.jpg", 1, (8, 8))  # 64 pixels
    save_jpeg(images / "wide.jpg", 2, (40, 30))  # 1,200 pixels
    (images / "heavy.jpg").write_bytes(noisy_jpeg((48, 48)))  # several kB
    short = min(sources, key=len)
    records = [
        {"id": "fits", "text": short, "image": "small.jpg"},
        {"id": "long", "text": max(sources, key=len)},
        {"id": "pixels", "text": short, "image": "wide.jpg"},
        {"id": "bytes", "text": short, "image": "heavy.jpg"},
    ]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    limits = {"max_text_chars": len(short) + 5, "max_image_pixels": 1000, "max_image_bytes": 2000}
    manifest = run_translate(job_config(corpus, tmp_path / "out", **limits))
    rows = {row["source_id"]: row for row in reject_rows(tmp_path / "out")}
    assert {key: row["reason"] for key, row in rows.items()} == {
        "long": "text_too_long",
        "pixels": "image_too_many_pixels",
        "bytes": "image_too_large",
    }
    assert f"limit {len(short) + 5}" in rows["long"]["detail"]
    assert "1000" in rows["pixels"]["detail"] and "2000" in rows["bytes"]["detail"]
    assert manifest["writer"]["image_limits"]["max_pixels"] == 1000
    assert manifest["config"]["max_text_chars"] == len(short) + 5


def test_default_limits_are_safe():
    config = RunConfig()
    limits = config.image_limits()
    assert limits.decode  # truncated images are caught only by decoding them
    assert limits.max_pixels <= Image.MAX_IMAGE_PIXELS
    assert limits.max_bytes <= 64 * 1024 * 1024
    assert config.max_text_chars <= 20_000


@pytest.mark.parametrize("flag", ["--max-text-chars", "--max-image-bytes", "--max-image-pixels"])
def test_limit_flags_are_checked_before_any_work(tmp_path, flag):
    from typer.testing import CliRunner

    from babelshard.pipelines.cli import app

    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": "A line."}])
    out = tmp_path / "never"
    args = ["run", "--input", str(corpus), "--format", "jsonl", "--output", str(out), flag, "0"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert f"{flag} must be at least 1" in result.output
    assert not out.exists()


def test_reject_files_are_jsonl_with_the_doc_for_tracing(bad_run):
    output, _, _, _ = bad_run
    rows = reject_rows(output)
    cut = next(row for row in rows if row["reason"] == "malformed_json")
    assert cut["doc"]["file"].endswith("corpus.jsonl") and cut["doc"]["at"] >= 1
    json.dumps(rows)  # every row is plain JSON
