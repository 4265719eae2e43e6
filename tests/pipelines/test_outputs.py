"""What ML teams get: a finished output read back with the tools they use, without glue code.

Two outputs: the bundled COCO sample corpus kept in English (``--mix all``), and
real human translations into four languages where every sample has an image.
Each must load with ``webdataset.WebDataset(urls)`` and with Hugging Face
``load_dataset("webdataset", data_files=...)`` offline, the folder itself must
load with ``load_dataset(OUT)`` through the dataset card the job writes, and the Parquet
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
import yaml
from human_table import HUMAN
from PIL import Image

from babelshard.filters.policy import SCORE_NAMES
from babelshard.pipelines.io.dataset_card import CARD_NAME, run_command
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
def english_first(human_images_corpus, tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """English and French only: English passthrough shards sort first."""
    out = tmp_path_factory.mktemp("outputs") / "english-first"
    config = RunConfig(
        input=str(human_images_corpus),
        format="jsonl",
        output=str(out),
        langs="eng_Latn,fra_Latn",
        model=f"table:{HUMAN}",
        image_root=str(human_images_corpus.parent / "images"),
        english_share=0.5,
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


def test_hugging_face_keeps_scores_when_an_english_shard_comes_first(english_first, tmp_path):
    """English passthrough shards (null scores) first, translated ones after: the card's
    declared features keep every translated sample's scores (inference would have
    typed them null from the first English samples)."""
    from datasets import load_dataset

    out, manifest = english_first
    assert list(manifest["languages"]) == ["eng_Latn", "fra_Latn"]
    tars = all_tar_samples(out, manifest)
    dataset = load_dataset(str(out), split="train", cache_dir=str(tmp_path / "hf"))
    assert dataset[0]["json"]["lang"] == "eng_Latn"
    assert dataset[0]["json"]["scores"]["bt_chrf"] is None
    french = [row for row in dataset if row["json"]["lang"] == "fra_Latn"]
    assert len(french) == manifest["languages"]["fra_Latn"]["samples"]
    for row in french:
        doc = json.loads(tars[row["__key__"]]["json"])
        assert row["json"]["scores"] == doc["scores"]
        assert row["json"]["scores"]["bt_chrf"] == pytest.approx(100.0)
        assert [turn["scores"] for turn in row["json"]["turns"]] == [
            turn["scores"] for turn in doc["turns"]
        ]


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
    from datasets import load_dataset

    by_card = load_dataset(str(out), split="train", cache_dir=str(tmp_path / "hf"))
    images = [row["jpg"] for row in by_card]
    assert sum(image is None for image in images) == 4  # text-only samples: no image
    assert all(isinstance(image, Image.Image) for image in images if image is not None)


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


# -- the dataset card: the folder is a Hugging Face dataset -------------------------------


def card_of(out: Path) -> tuple[dict[str, Any], str]:
    """The card's YAML front matter and its Markdown body."""
    _, front, body = (out / CARD_NAME).read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_the_card_has_a_config_per_language_over_its_tars_only(output):
    out, manifest = output
    front, _ = card_of(out)
    configs = {config["config_name"]: config for config in front["configs"]}
    assert set(configs) == {"all", *manifest["languages"]}
    assert configs["all"]["default"] is True
    assert sum(bool(config.get("default")) for config in configs.values()) == 1
    listed = {shard["path"] for shard in manifest["shards"]}
    for name, config in configs.items():
        (entry,) = config["data_files"]
        assert entry["split"] == "train"
        matched = {str(p.relative_to(out)) for pattern in entry["path"] for p in out.glob(pattern)}
        expected = {s["path"] for s in manifest["shards"] if name in ("all", s["lang"])}
        assert matched == expected  # every tar of the config, no sidecar, no _parallel
    assert {str(p.relative_to(out)) for p in out.glob("*/*.tar")} == listed
    infos = {info["config_name"]: info for info in front["dataset_info"]}
    assert infos["all"]["splits"][0]["num_examples"] == manifest["totals"]["written"]
    for lang, entry in manifest["languages"].items():
        assert infos[lang]["splits"][0]["num_examples"] == entry["samples"]


def test_the_card_declares_every_score_as_a_nullable_float(output):
    """Read back with ``datasets``' own card parser: the features it will load with."""
    from datasets import Json, Value
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    out, manifest = output
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCard.load(out / CARD_NAME).data)
    assert set(infos) == {"all", *manifest["languages"]}
    features = infos["all"].features
    for scores in (features["json"]["scores"], features["json"]["turns"].feature["scores"]):
        assert set(scores) == {*SCORE_NAMES, "model_score"}
        assert all(value == Value("float64") for value in scores.values())
    assert features["json"]["record"] == Json()
    assert features["json"]["provenance"] == Json()
    assert set(features) == {"__key__", "__url__", "json", "txt", "jpg"}


def test_the_card_says_what_made_the_output(translated):
    out, manifest = translated
    front, body = card_of(out)
    assert front["license"] == "other"
    assert front["babelshard"]["provenance"] == manifest["config"]["provenance"]
    assert set(front["language"]) == {"en", "de", "fr", "ru", "ja"}
    command = run_command(manifest["config"])
    assert command.startswith("babelshard run --input ")
    assert f"--langs {HUMAN_LANGS}" in command and "--shard-size 6" in command
    assert command in body
    recorded = yaml.safe_load(body.split("```yaml\n", 1)[1].split("```", 1)[0])
    assert recorded == {k: v for k, v in manifest["config"].items() if k != "provenance"}
    for lang, entry in manifest["languages"].items():
        assert f"| `{lang}` |" in body and f"| {entry['samples']} |" in body


def test_the_cards_command_parses_back_into_the_same_config(translated):
    """The command in the card is one the CLI accepts, with the options of the run."""
    import shlex

    import typer

    from babelshard.pipelines.cli import app

    _, manifest = translated
    words = shlex.split(run_command(manifest["config"]))
    command = typer.main.get_command(app).commands["run"]
    context = command.make_context("run", words[2:])
    recorded = manifest["config"]
    for name in ("input", "format", "output", "langs", "english_share", "shard_size", "model"):
        assert context.params[name] == recorded[name], name


def test_load_dataset_of_the_folder_by_language_and_streaming(translated, tmp_path):
    from datasets import load_dataset

    out, manifest = translated
    everything = load_dataset(str(out), cache_dir=str(tmp_path / "hf"))
    assert list(everything) == ["train"]
    assert everything["train"].num_rows == manifest["totals"]["written"]
    for lang, entry in manifest["languages"].items():
        one = load_dataset(str(out), lang, split="train", cache_dir=str(tmp_path / "hf"))
        assert one.num_rows == entry["samples"]
        assert set(one["__key__"]) == {
            key for key in all_tar_samples(out, manifest) if key.endswith(lang)
        }
    streamed = list(load_dataset(str(out), streaming=True, split="train"))
    assert len(streamed) == manifest["totals"]["written"]
    assert all(isinstance(row["jpg"], Image.Image) for row in streamed)
    assert {row["json"]["lang"] for row in streamed} == set(manifest["languages"])


def test_webdataset_reads_the_cards_url_patterns(translated):
    out, manifest = translated
    _, body = card_of(out)
    for lang, entry in manifest["languages"].items():
        (row,) = [line for line in body.splitlines() if line.startswith(f"| `{lang}` |")]
        pattern = row.split("`")[-2]
        loaded = list(wds.WebDataset(str(out / pattern), shardshuffle=False).decode("pil"))
        assert len(loaded) == entry["samples"]
        assert {sample["json"]["lang"] for sample in loaded} == {lang}
