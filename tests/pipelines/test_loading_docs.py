"""Every Python block of ``docs/loading.md`` runs, as written, on small real outputs.

The blocks are read from the Markdown file itself, so the documentation and this
test cannot drift apart: the only change made to a block is the output folder it
names (``out/sample-run`` and friends) pointing at the outputs made here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from human_table import HUMAN
from typer.testing import CliRunner
from vl_corpora import write_corpora

from babelshard.pipelines.cli import app
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig

DOC = Path(__file__).resolve().parents[2] / "docs" / "loading.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The folders the blocks name, longest first (one is inside another).
OCR_FOLDER, LLAVA_FOLDER, RUN_FOLDER = "out/sample-run/_ocr", "out/llava-run", "out/sample-run"
PRINTED_LINES = (3, 1, 2, 1)  # at least: each example prints what it loaded


def python_blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folders(human_corpus, tmp_path_factory) -> dict[str, Path]:
    """The outputs the blocks read: a translated run with its OCR stage, a LLaVA run."""
    root = tmp_path_factory.mktemp("docs")
    sample_run = root / "sample-run"
    result = CliRunner().invoke(
        app,
        [
            "run", "--input", str(human_corpus), "--format", "jsonl",
            "--output", str(sample_run), "--langs", "eng_Latn,deu_Latn", "--mix", "all",
            "--model", f"table:{HUMAN}", "--image-root", str(human_corpus.parent / "images"),
            "--limit", "12", "--shard-size", "4", "--render-ocr", "2",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path, _ = write_corpora(root / "corpora")["llava"]
    llava_run = root / "llava-run"
    run_translate(
        RunConfig(
            input=str(path),
            format="llava",
            output=str(llava_run),
            langs="eng_Latn,deu_Latn",
            mix="all",
            model=f"table:{HUMAN}",
            image_root=str(root / "corpora" / "images"),
        )
    )
    return {OCR_FOLDER: sample_run / "_ocr", LLAVA_FOLDER: llava_run, RUN_FOLDER: sample_run}


def test_the_guide_has_the_four_examples():
    blocks = python_blocks()
    assert len(blocks) == 4
    assert "load_dataset(OUT" in blocks[0]
    assert "DataLoader" in blocks[1]
    assert "conversations" in blocks[2]
    assert "gt_parse" in blocks[3]


@pytest.mark.parametrize("index", range(4))
def test_each_example_runs(folders, index, tmp_path, monkeypatch, capsys):
    import datasets

    monkeypatch.chdir(tmp_path)  # the Donut example writes donut-ocr/ where it runs
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "hf-cache"))
    code = python_blocks()[index]
    named = [folder for folder in folders if f'"{folder}"' in code]
    assert named, "every example names the output folder it reads"
    for folder in named:  # longest first: out/sample-run/_ocr before out/sample-run
        code = code.replace(f'"{folder}"', repr(str(folders[folder])))
    assert '"out/' not in code
    exec(compile(code, f"{DOC.name} example {index + 1}", "exec"), {"__name__": "__docs__"})
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) >= PRINTED_LINES[index], printed
