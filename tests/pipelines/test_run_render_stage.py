"""``babelshard run --render-ocr N``: rendering as an optional stage of the translate job."""

from __future__ import annotations

import json
import tarfile

from human_table import HUMAN
from typer.testing import CliRunner

from babelshard.pipelines.cli import app


def test_run_renders_from_its_own_translations(human_corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "run", "--input", str(human_corpus), "--format", "jsonl", "--output", str(out),
            "--langs", "deu_Latn,rus_Cyrl", "--mix", "all", "--model", f"table:{HUMAN}",
            "--limit", "6", "--render-ocr", "2",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    translated = json.loads((out / "manifest.json").read_text())
    rendered = json.loads((out / "_ocr" / "manifest.json").read_text())
    assert set(rendered["languages"]) == {"deu_Latn", "rus_Cyrl"}
    assert all(entry["samples"] == 2 for entry in rendered["languages"].values())
    assert rendered["totals"]["unaccounted"] == 0
    assert translated["totals"]["unaccounted"] == 0  # the render stage is a dataset of its own
    with tarfile.open(next((out / "_ocr" / "rus_Cyrl").glob("*.tar"))) as tar:
        docs = [json.load(tar.extractfile(m)) for m in tar.getmembers() if m.name.endswith(".json")]
    assert docs and all(doc["kind"] == "scene" for doc in docs)
    for doc in docs:  # questions in Russian where the table translated the template
        for qa in doc["qa"]:
            assert qa["question_lang"] in ("rus_Cyrl", "eng_Latn") and qa["answer"]


def test_render_stage_options_fail_before_the_job(human_corpus, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "run", "--input", str(human_corpus), "--format", "jsonl",
            "--output", str(tmp_path / "o"), "--langs", "deu_Latn", "--model", f"table:{HUMAN}",
            "--render-ocr", "0",
        ],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--per-lang" in result.output
    assert not (tmp_path / "o").exists()
