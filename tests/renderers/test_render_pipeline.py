"""The render-ocr job end to end: quotas, shards per language, rejects with reasons."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from babelshard.pipelines.cli_render import register
from babelshard.pipelines.options import ConfigError
from babelshard.pipelines.render_ocr import (
    RenderConfig,
    RenderRequest,
    SmallestPerLanguage,
    default_quota,
)
from babelshard.schemas.languages import get_language

ROWS = [
    {"lang": "de", "text": "Alle Menschen sind frei und gleich an Würde und Rechten geboren."},
    {"lang": "deu_Latn", "text": "Sie sind mit Vernunft und Gewissen begabt."},
    {"lang": "deu_Latn", "text": "Sie sollen einander im Geist der Brüderlichkeit begegnen."},
    {"lang": "th", "text": "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกัน"},
    {"lang": "tha_Thai", "text": "ภาษาไทย ሀለሐ"},  # Ethiopic letters: no Thai font has them
    {"lang": "ar", "text": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق."},
    {"lang": "xx", "text": "an unknown language"},
    {"lang": "fr", "text": "Tous les êtres humains naissent libres."},  # not asked for
]


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    return app


def _texts(tmp_path: Path) -> Path:
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", "utf-8")
    return path


def _members(tar_path: Path) -> dict[str, bytes]:
    with tarfile.open(tar_path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def test_render_ocr_command_writes_shards_and_rejects(tmp_path):
    out = tmp_path / "out"
    args = ["render-ocr", "--texts", str(_texts(tmp_path)), "--output", str(out)]
    args += ["--langs", "deu_Latn,tha_Thai,arb_Arab,ita_Latn", "--per-lang", "2", "--size", "256"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    # The per-language table `run` prints; a read error has its own row, not English's.
    table = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert table["tha_Thai"].split()[1:3] == ["1", "1"] and "missing_glyphs 1" in table["tha_Thai"]
    assert "unknown_lang 1" in table["(read)"] and "eng_Latn" not in table
    assert "no text for 1 of 4 requested languages (no input row in them): ita_Latn" in (
        result.output
    )
    manifest = json.loads((out / "manifest.json").read_text())
    totals = manifest["totals"]
    # 2 German (quota), 2 Thai, 1 Arabic used + the unknown-language row; French unused.
    assert totals["inputs"] == 6 and totals["unaccounted"] == 0
    assert totals["written"] == 4 and totals["rejected"] == 2
    reasons = manifest["rejects"]["by_reason"]
    assert reasons == {"missing_glyphs": 1, "unknown_lang": 1}
    samples = {lang: info["samples"] for lang, info in manifest["languages"].items()}
    assert samples["deu_Latn"] == 2 and samples["tha_Thai"] == 1 and samples["arb_Arab"] == 1

    members = _members(out / "tha_Thai" / "tha_Thai-00000.tar")
    key = next(name for name in members if name.endswith(".json")).removesuffix(".json")
    doc = json.loads(members[f"{key}.json"])
    assert doc["kind"] == "scene" and doc["background"] == "generated"  # no input images
    # The title, table cells and running text are all cut from the row's text (a 256-pixel
    # scene may not hold all of it); list markers are the only additions.
    parts = doc["gt_parse"]["text_sequence"].split()
    assert parts and doc["text"]
    assert all(p in ROWS[3]["text"] for p in parts if p not in "•–" and not p[:-1].isdigit())
    assert doc["script"] == "Thai" and doc["lang"] == "tha_Thai"
    assert members[f"{key}.txt"].decode() == "\n".join(line["text"] for line in doc["lines"])
    image = Image.open(io.BytesIO(members[f"{key}.jpg"]))
    assert image.size == (256, 256)

    rejects = (out / "_rejects" / "tha_Thai-00000.jsonl").read_text().splitlines()
    reject = json.loads(rejects[0])
    assert reject["stage"] == "render" and reject["reason"] == "missing_glyphs"

    # Same seed, same bytes.
    again = tmp_path / "again"
    args[args.index(str(out))] = str(again)
    assert CliRunner().invoke(_app(), args).exit_code == 0
    shas = [s["sha256"] for s in manifest["shards"]]
    assert shas == [
        s["sha256"] for s in json.loads((again / "manifest.json").read_text())["shards"]
    ]


def test_default_quotas_follow_centurio():
    assert default_quota(get_language("eng_Latn")) == 500_000
    assert default_quota(get_language("deu_Latn")) == 5_000
    assert default_quota(get_language("tha_Thai")) == 10_000
    assert default_quota(get_language("arb_Arab"), scale=0.01) == 100


def test_quota_keeps_the_smallest_ranks_per_language():
    combine = SmallestPerLanguage({"deu_Latn": 3})
    requests = [RenderRequest(f"k{i}", "deu_Latn", "t", "d", str(i)) for i in range(10)]
    accs = [combine.create_accumulator(), combine.create_accumulator()]
    for i, request in enumerate(requests):
        accs[i % 2] = combine.add_input(accs[i % 2], ((i * 7) % 10, request))
    kept = combine.extract_output(combine.merge_accumulators(accs))
    assert [r.key for r in kept] == ["k0", "k3", "k6"]  # ranks 0, 1, 2


def test_config_errors_come_before_work(tmp_path):
    texts = _texts(tmp_path)
    with pytest.raises(ConfigError, match="--model"):
        RenderConfig(texts=str(texts), output="o", langs="deu_Latn", charts=0.5).validate()
    with pytest.raises(ConfigError, match="unknown language"):
        RenderConfig(texts=str(texts), output="o", langs="xx_Nope").validate()
    with pytest.raises(ConfigError, match="font-dir"):
        RenderConfig(
            texts=str(texts), output="o", langs="deu_Latn", font_dirs=("/nope",)
        ).validate()
    config = RenderConfig(texts=str(texts), output="o", langs="deu_Latn,eng_Latn", scale=0.001)
    config.validate()
    assert config.quotas == {"deu_Latn": 5, "eng_Latn": 500}


def test_render_sheet_command_writes_a_png(tmp_path):
    out = tmp_path / "sheet.png"
    result = CliRunner().invoke(_app(), ["render-sheet", str(out), "--langs", "hin_Deva,kor_Hang"])
    assert result.exit_code == 0, result.output
    sheet = Image.open(out)
    assert sheet.width > sheet.height > 0


def test_render_ocr_reads_a_translate_jobs_shards(tmp_path):
    shard = tmp_path / "deu_Latn-00000.tar"
    docs = {
        "s1": {"lang": "deu_Latn", "turns": [{"role": "caption", "text": "Ein Hund im Park."}]},
        "s2": {"lang": "tha_Thai", "turns": [{"role": "caption", "text": "สุนัขในสวน"}]},
    }
    with tarfile.open(shard, "w") as tar:
        for key, doc in docs.items():
            for name, data in ((f"{key}.json", json.dumps(doc)), (f"{key}.txt", "A dog.")):
                info = tarfile.TarInfo(name)
                payload = data.encode()
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
    out = tmp_path / "out"
    args = ["render-ocr", "--texts", str(shard), "--format", "wds", "--output", str(out)]
    args += ["--langs", "deu_Latn,tha_Thai", "--size", "256"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert {lang: v["samples"] for lang, v in manifest["languages"].items()} == {
        "deu_Latn": 1,
        "tha_Thai": 1,
    }
    members = _members(out / "tha_Thai" / "tha_Thai-00000.tar")
    doc = json.loads(next(v for k, v in members.items() if k.endswith(".json")))
    assert "สุนัขในสวน" in doc["gt_parse"]["text_sequence"]


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return path


def test_scenes_stand_on_the_inputs_own_photos(tmp_path):
    """A translate job's shards carry its corpus's photos: scenes are placed on them."""
    photo = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 160, 40)).save(photo, "JPEG")
    doc = {"lang": "deu_Latn", "turns": [{"role": "caption", "text": "Ein Hund im Park."}]}
    shard = _tar(
        tmp_path / "deu_Latn-00000.tar",
        {"s1.json": json.dumps(doc).encode(), "s1.txt": b"A dog.", "s1.jpg": photo.getvalue()},
    )
    out = tmp_path / "out"
    args = ["render-ocr", "--texts", str(shard), "--format", "wds", "--output", str(out)]
    args += ["--langs", "deu_Latn", "--size", "256"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    members = _members(out / "deu_Latn" / "deu_Latn-00000.tar")
    rendered = json.loads(next(v for k, v in members.items() if k.endswith(".json")))
    assert rendered["kind"] == "scene" and rendered["background"] == "image"


def test_corpus_script_quotas_and_flat_pages(tmp_path):
    corpus = tmp_path / "wiki.jsonl"
    rows = [{"lang": "deu_Latn", "text": f"Satz Nummer {i} steht hier."} for i in range(6)]
    rows += [{"lang": "arb_Arab", "text": f"هذه الجملة رقم {i}."} for i in range(6)]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    out = tmp_path / "out"
    args = ["render-ocr", "--texts", str(_texts(tmp_path)), "--corpus", str(corpus)]
    args += ["--output", str(out), "--langs", "deu_Latn,arb_Arab", "--per-lang", "4"]
    args += ["--script-quota", "Latn=2", "--documents", "page", "--size", "256"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    samples = {lang: v["samples"] for lang, v in manifest["languages"].items() if v["samples"]}
    assert samples == {"deu_Latn": 2, "arb_Arab": 4}  # Latin down, the rest from the corpus
    assert manifest["totals"]["unaccounted"] == 0
    members = _members(out / "arb_Arab" / "arb_Arab-00000.tar")
    docs = [json.loads(v) for k, v in members.items() if k.endswith(".json")]
    assert all(d["kind"] == "document" for d in docs)


def test_bad_script_quota_and_corpus_fail_before_work(tmp_path):
    base = ["render-ocr", "--texts", str(_texts(tmp_path)), "--output", str(tmp_path / "o")]
    result = CliRunner().invoke(_app(), [*base, "--script-quota", "Latn"])
    assert result.exit_code == 2 and "SCRIPT=N" in result.output
    result = CliRunner().invoke(_app(), [*base, "--corpus", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and ".jsonl or .parquet" in result.output
    assert not (tmp_path / "o").exists()
