"""Corpora for the pipeline tests: real human translations and the bundled sample corpus."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from human_table import HUMAN
from PIL import Image


def human_rows() -> list[dict[str, str]]:
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="session")
def human_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL corpus of the English sentences that have real human translations.

    Every other line has an image. Three extra lines have no translation in the
    table (their translation comes back empty and must be rejected), one names a
    missing image.
    """
    root = tmp_path_factory.mktemp("human")
    images = root / "images"
    images.mkdir()
    sources = sorted({row["source"] for row in human_rows()})
    lines = []
    for index, text in enumerate(sources):
        record: dict[str, str] = {"id": f"h{index:03d}", "text": text}
        if index % 2 == 0:
            Image.new("RGB", (32, 24), (index * 5 % 255, 80, 160)).save(images / f"{index}.jpg")
            record["image"] = f"{index}.jpg"
        lines.append(record)
    lines += [
        {"id": "u1", "text": "This sentence has no human translation anywhere."},
        {"id": "u2", "text": "Neither does this one, which is a second untranslated line."},
        {"id": "u3", "text": "A third sentence that the table does not know at all."},
        {"id": "m1", "text": sources[0], "image": "missing.jpg"},
    ]
    corpus = root / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return corpus


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from babelshard.pipelines.sample_corpus import write_sample_corpus

    root = tmp_path_factory.mktemp("sample")
    write_sample_corpus(root)
    return root
