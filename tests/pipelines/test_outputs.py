"""What ML teams get: a finished output read back with the tools they use, without glue code.

Two outputs: the bundled COCO sample corpus kept in English (``--mix all``), and
real human translations into four languages where every sample has an image.
Each must load with ``webdataset.WebDataset(urls)`` and with Hugging Face
``load_dataset("webdataset", data_files=...)`` offline, and the Parquet
sidecars, ``_stats.json`` files and manifest must agree with the tar files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import webdataset as wds
from human_table import HUMAN
from PIL import Image

from babelshard.pipelines.io.manifest import read_manifest, shard_urls, verify_output
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig

HUMAN_LANGS = "eng_Latn,deu_Latn,fra_Latn,rus_Cyrl,jpn_Jpan"


def tar_samples(path: Path) -> dict[str, dict[str, bytes]]:
    """``{key: {ext: bytes}}`` of a shard, in tar order, read with nothing but tarfile."""
    samples: dict[str, dict[str, bytes]] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            key, _, ext = member.name.partition(".")
            samples.setdefault(key, {})[ext] = tar.extractfile(member).read()
    return samples


def all_tar_samples(out: Path, manifest: dict[str, Any]) -> dict[str, dict[str, bytes]]:
    samples: dict[str, dict[str, bytes]] = {}
    for shard in manifest["shards"]:
        samples.update(tar_samples(out / shard["path"]))
    return samples


@pytest.fixture(scope="module")
def human_images_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every English sentence of the human table, each with its own image."""
    root = tmp_path_factory.mktemp("human-images")
    (root / "images").mkdir()
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        sources = sorted({row["source"] for row in rows})
    lines = []
    for index, text in enumerate(sources):
        Image.new("RGB", (20 + index, 12), (index * 6, 90, 150)).save(
            root / "images" / f"{index}.jpg"
        )
        lines.append({"id": f"h{index:03d}", "text": text, "image": f"{index}.jpg"})
    path = root / "corpus.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def translated(human_images_corpus, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("outputs") / "translated"
    config = RunConfig(
        input=str(human_images_corpus),
        format="jsonl",
        output=str(out),
        langs=HUMAN_LANGS,
        model=f"table:{HUMAN}",
        image_root=str(human_images_corpus.parent / "images"),
        english_share=0.2,
        shard_size=6,
    )
    return out, run_translate(config)


@pytest.fixture(scope="module")
def coco_english(sample_corpus, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("outputs") / "coco"
    config = RunConfig(
        input=str(sample_corpus / "coco" / "captions_sample.json"),
        format="coco",
        output=str(out),
        image_root=str(sample_corpus / "images"),
        langs="eng_Latn",
        mix="all",
        model=f"table:{HUMAN}",  # never called: nothing is translated, but a job needs one
        limit=24,
        shard_size=10,
    )
    return out, run_translate(config)


@pytest.fixture(params=["translated", "coco_english"])
def output(request) -> tuple[Path, dict[str, Any]]:
    return request.getfixturevalue(request.param)


def load_hf(urls: list[str], cache: Path):
    from datasets import load_dataset

    return load_dataset(
        "webdataset", data_files={"train": urls}, split="train", cache_dir=str(cache)
    )


def test_the_translated_output_has_several_languages_and_shards(translated):
    _, manifest = translated
    totals = manifest["totals"]
    assert totals["inputs"] == totals["written"] + totals["rejected"] == 40
    assert totals["written"] >= 35
    assert len(manifest["languages"]) == 5
    assert totals["shards"] > 5


def test_loads_with_webdataset(output):
    out, manifest = output
    tars = all_tar_samples(out, manifest)
    loaded = list(wds.WebDataset(shard_urls(str(out)), shardshuffle=False).decode("pil"))
    assert len(loaded) == manifest["totals"]["written"] == len(tars)
    for sample in loaded:
        raw = tars[sample["__key__"]]
        assert sample["json"] == json.loads(raw["json"])
        assert sample["json"]["key"] == sample["__key__"]
        assert sample["txt"] == raw["txt"].decode("utf-8")
        assert isinstance(sample["jpg"], Image.Image)
        assert sample["jpg"].size == Image.open(io.BytesIO(raw["jpg"])).size


def test_loads_with_hugging_face_datasets_offline(output, tmp_path):
    import datasets

    assert datasets.config.HF_HUB_OFFLINE  # conftest: no network, so this load is local
    out, manifest = output
    tars = all_tar_samples(out, manifest)
    dataset = load_hf(shard_urls(str(out)), tmp_path / "hf")
    assert dataset.num_rows == manifest["totals"]["written"]
    assert sorted(dataset["__key__"]) == sorted(tars)
    for row in dataset:
        raw = tars[row["__key__"]]
        doc = json.loads(raw["json"])
        assert row["txt"] == raw["txt"].decode("utf-8")
        assert row["jpg"].size == Image.open(io.BytesIO(raw["jpg"])).size
        assert row["json"]["lang"] == doc["lang"]
        assert row["json"]["provenance"] == doc["provenance"]
        assert [turn["text"] for turn in row["json"]["turns"]] == [
            turn["text"] for turn in doc["turns"]
        ]


def test_one_language_loads_with_hugging_face_datasets(translated, tmp_path):
    out, manifest = translated
    lang = "deu_Latn"
    dataset = load_hf(shard_urls(str(out), lang), tmp_path / "hf")
    assert dataset.num_rows == manifest["languages"][lang]["samples"]
    assert set(dataset["__key__"]) == {
        key for key in all_tar_samples(out, manifest) if key.endswith(lang)
    }
    for row in dataset:
        assert row["json"]["lang"] == lang
        assert row["json"]["scores"]["bt_chrf"] == pytest.approx(100.0)
        assert row["json"]["turns"][0]["back_translation"] == row["json"]["turns"][0]["source"]


@pytest.mark.xfail(
    strict=True,
    reason="every doc has the same score keys, but English passthrough docs hold null "
    "scores; HF infers type null from the first shard's first samples and then cannot cast "
    "the translated samples' doubles (NaN would load but is not strict JSON). Load with "
    "translated shards first, per language, or pass `features`.",
)
def test_hugging_face_keeps_scores_when_an_english_shard_comes_first(translated, tmp_path):
    out, manifest = translated
    urls = shard_urls(str(out), "eng_Latn") + shard_urls(str(out), "fra_Latn")
    tars = all_tar_samples(out, manifest)
    dataset = load_hf(urls, tmp_path / "hf")
    french = [row for row in dataset if row["json"]["lang"] == "fra_Latn"]
    assert french
    for row in french:
        doc = json.loads(tars[row["__key__"]]["json"])
        assert row["json"]["scores"] == doc["scores"]


def test_hugging_face_loads_a_corpus_where_only_some_samples_have_images(human_corpus, tmp_path):
    out = tmp_path / "mixed"
    config = RunConfig(
        input=str(human_corpus),
        format="jsonl",
        output=str(out),
        langs="deu_Latn",
        mix="all",
        model=f"table:{HUMAN}",
        image_root=str(human_corpus.parent / "images"),
        limit=8,  # every other line of the human corpus has an image
    )
    manifest = run_translate(config)
    assert len(list(wds.WebDataset(shard_urls(str(out)), shardshuffle=False))) == 8
    dataset = load_hf(shard_urls(str(out)), tmp_path / "hf")
    assert dataset.num_rows == manifest["totals"]["written"] == 8


def test_sidecars_agree_with_the_tar_files(output):
    out, manifest = output
    for shard in manifest["shards"]:
        samples = tar_samples(out / shard["path"])
        table = pq.read_table(out / shard["parquet"]).to_pylist()
        assert [row["key"] for row in table] == list(samples)
        for row in table:
            doc = json.loads(samples[row["key"]]["json"])
            assert row["lang"] == doc["lang"] == shard["lang"]
            assert row["source_id"] == doc["source_id"]
            assert row["image"] == doc["image"]
            assert row["text"] == samples[row["key"]]["txt"].decode("utf-8")
            assert row["bt_chrf"] == doc["scores"].get("bt_chrf")


def test_stats_files_agree_with_the_tar_files_and_the_manifest(output):
    out, manifest = output
    for shard in manifest["shards"]:
        data = (out / shard["path"]).read_bytes()
        keys = list(tar_samples(out / shard["path"]))
        stats = json.loads((out / shard["stats"]).read_text(encoding="utf-8"))
        assert stats["count"] == len(keys) == shard["samples"]
        assert stats["bytes"] == len(data) == shard["bytes"]
        assert stats["sha256"] == hashlib.sha256(data).hexdigest() == shard["sha256"]
        assert stats["first_key"] == keys[0] == shard["first_key"]
        assert stats["last_key"] == keys[-1] == shard["last_key"]
        assert stats["lang"] == shard["lang"]
        assert (out / shard["path"]).parent / stats["shard"] == out / shard["path"]
        assert (out / shard["path"]).parent / stats["parquet"] == out / shard["parquet"]
    by_lang: dict[str, int] = {}
    for shard in manifest["shards"]:
        by_lang[shard["lang"]] = by_lang.get(shard["lang"], 0) + shard["samples"]
    assert by_lang == {lang: entry["samples"] for lang, entry in manifest["languages"].items()}


def test_manifest_hashes_verify_and_catch_a_changed_shard(output, tmp_path):
    out, manifest = output
    assert verify_output(str(out)) == []
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    victim = copy / manifest["shards"][0]["path"]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    problems = verify_output(str(copy))
    assert problems == [
        f"{manifest['shards'][0]['path']}: size or sha256 differs from the manifest"
    ]
    assert read_manifest(str(copy)) == manifest
