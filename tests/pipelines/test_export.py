"""``babelshard export``: the translated records back in their input's own format.

Each input format is made from the English sentences of the human table (so the
German is real), translated into German with the English kept (``--mix all``),
exported, and read back with babelshard's own reader of that format: the same
texts, the same images, one file per language.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from human_table import HUMAN
from typer.testing import CliRunner
from vl_corpora import N, english, write_corpora

from babelshard.pipelines.cli import app
from babelshard.pipelines.export import ExportError, export_output
from babelshard.pipelines.io.manifest import read_manifest, shard_samples
from babelshard.pipelines.io.readers import ReaderOptions, read_samples
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.schemas.records import Sample

LANGS = ("deu_Latn", "eng_Latn")  # the manifest's order


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("export")
    made = {}
    for input_format, (path, extra) in write_corpora(root / "corpora").items():
        out = root / f"out-{input_format}"
        config = RunConfig(
            input=str(path),
            format=input_format,
            output=str(out),
            langs=",".join(LANGS),
            mix="all",
            model=f"table:{HUMAN}",
            image_root=str(root / "corpora" / "images"),
            **extra,
        )
        run_translate(config)
        made[input_format] = out
    return made


def written(out: Path, lang: str) -> list[tuple[tuple[str, ...], str | None]]:
    """Each written sample of ``lang``: its turn texts and its image's sha1, sorted."""
    found = []
    for shard in read_manifest(str(out))["shards"]:
        if shard["lang"] != lang:
            continue
        for members in shard_samples(str(out / shard["path"])):
            doc = json.loads(members.pop("json"))
            members.pop("txt")
            image = next(iter(members.values()), None)
            texts = tuple(turn["text"] for turn in doc["turns"])
            found.append((texts, hashlib.sha1(image).hexdigest() if image else None))
    return sorted(found)


def read_back(samples: list[Sample]) -> list[tuple[tuple[str, ...], str | None]]:
    found = []
    for sample in samples:
        assert isinstance(sample, Sample), sample
        image = Path(sample.image.uri).read_bytes() if sample.image else None
        texts = tuple(turn.text for turn in sample.turns)
        found.append((texts, hashlib.sha1(image).hexdigest() if image else None))
    return sorted(found)


CASES = [
    # (input format, --format, files per language, how babelshard's reader reads them back)
    (
        "llava",
        "llava",
        ["llava_instruct_{lang}.json"],
        ("llava", "llava_instruct_{lang}.json", None),
    ),
    ("coco", "coco", ["coco_captions_{lang}.json"], ("coco", "coco_captions_{lang}.json", None)),
    (
        "vqa",
        "vqa",
        ["vqa_questions_{lang}.json", "vqa_annotations_{lang}.json"],
        ("vqa", "vqa_questions_{lang}.json", "vqa_annotations_{lang}.json"),
    ),
    ("mblip", "vqa", ["mblip_{lang}.json"], ("mblip", "mblip_{lang}.json", None)),
]


@pytest.mark.parametrize(("input_format", "export_format", "names", "reader"), CASES)
def test_export_reads_back_with_the_inputs_own_reader(
    outputs, tmp_path, input_format, export_format, names, reader
):
    out = outputs[input_format]
    manifest = read_manifest(str(out))
    dest = tmp_path / "dest"
    exported = export_output(str(out), export_format, dest)
    assert [entry.lang for entry in exported] == list(LANGS)
    for entry in exported:
        lang = entry.lang
        assert entry.files == [name.format(lang=lang) for name in names]
        assert entry.samples == manifest["languages"][lang]["samples"]
        read_format, main, annotations = reader
        options = ReaderOptions(
            image_root=str(dest),
            annotations=str(dest / annotations.format(lang=lang)) if annotations else None,
        )
        samples = list(read_samples(read_format, str(dest / main.format(lang=lang)), options))
        assert read_back(samples) == written(out, lang)


def test_exported_records_carry_language_and_scores(outputs, tmp_path):
    dest = tmp_path / "dest"
    export_output(str(outputs["llava"]), "llava", dest)
    german = json.loads((dest / "llava_instruct_deu_Latn.json").read_text(encoding="utf-8"))
    english_records = json.loads(
        (dest / "llava_instruct_eng_Latn.json").read_text(encoding="utf-8")
    )
    assert {record["babelshard"]["lang"] for record in german} == {"deu_Latn"}
    assert all(record["babelshard"]["scores"]["bt_chrf"] == 100.0 for record in german)
    assert all(record["babelshard"]["translated"] for record in german)
    assert all(not record["babelshard"]["translated"] for record in english_records)
    assert all(record["babelshard"]["scores"] == {} for record in english_records)
    assert all(record["image"].startswith("images/") for record in german + english_records)
    # one stored image per picture, shared by the languages
    assert len(list((dest / "images").iterdir())) == N


def test_jsonl_export_works_for_any_input(outputs, tmp_path):
    dest = tmp_path / "dest"
    export_output(str(outputs["coco"]), "jsonl", dest, langs=["deu_Latn"])
    assert sorted(path.name for path in dest.glob("*.jsonl")) == ["deu_Latn.jsonl"]
    lines = [json.loads(line) for line in (dest / "deu_Latn.jsonl").read_text().splitlines()]
    texts = sorted((line["record"]["annotation"]["caption"],) for line in lines)
    assert texts == [texts for texts, _ in written(outputs["coco"], "deu_Latn")]
    assert all((dest / line["image"]).is_file() for line in lines)
    assert all(line["source_record"]["annotation"]["caption"] in english() for line in lines)


def test_export_refuses_a_format_the_input_was_not(outputs, tmp_path):
    with pytest.raises(ExportError, match="made from coco input; --format llava needs llava"):
        export_output(str(outputs["coco"]), "llava", tmp_path / "dest")
    assert not (tmp_path / "dest").exists()
    result = CliRunner().invoke(
        app, ["export", str(outputs["coco"]), str(tmp_path / "d"), "--format", "vqa"]
    )
    assert result.exit_code == 2
    assert "needs vqa or mblip input" in result.output
    with pytest.raises(ExportError, match="no language fra_Latn"):
        export_output(str(outputs["coco"]), "coco", tmp_path / "dest", langs=["fra_Latn"])


def test_the_export_command_lists_what_it_wrote(outputs, tmp_path):
    dest = tmp_path / "dest"
    result = CliRunner().invoke(
        app, ["export", str(outputs["llava"]), str(dest), "--format", "llava"]
    )
    assert result.exit_code == 0, result.output
    manifest = read_manifest(str(outputs["llava"]))
    for lang in LANGS:
        assert (
            f"{manifest['languages'][lang]['samples']}  llava_instruct_{lang}.json" in result.output
        )
