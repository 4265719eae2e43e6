"""A translation that loses a shielded URL is translated again with the URL cut out of
the sentences (``shield="split"``): in the job as in ``translate_documents``, which
share one segment -> translate -> reassemble implementation."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.translators.documents import translate_documents
from babelshard.translators.table import TableTranslator

TEXT = "The guide is at https://example.org/guide for everyone. Read it before you start."
URL = "https://example.org/guide"
ROWS = [
    ("The guide is at [1] for everyone.", "Die Anleitung ist für alle da."),  # loses [1]
    ("Read it before you start.", "Lies sie, bevor du anfängst."),
    ("The guide is at", "Die Anleitung findest du unter"),
    ("for everyone.", "für alle."),
]


def table(tmp_path: Path) -> Path:
    path = tmp_path / "table.tsv"
    lines = ["source\ttarget_lang\ttranslation", *(f"{s}\tdeu_Latn\t{t}" for s, t in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_job_retries_a_lost_placeholder_like_translate_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": TEXT}) + "\n", encoding="utf-8")
    config = RunConfig(
        input=str(corpus),
        format="jsonl",
        output=str(tmp_path / "out"),
        langs="deu_Latn",
        mix="all",
        model=f"table:{table(tmp_path)}",
        back_translation=False,
        lid_threshold=0.0,
    )
    manifest = run_translate(config)
    assert manifest["totals"]["written"] == 1, manifest["rejects"]
    (shard,) = (tmp_path / "out" / "deu_Latn").glob("*.tar")
    with tarfile.open(shard) as archive:
        (member,) = [m for m in archive.getmembers() if m.name.endswith(".json")]
        doc = json.loads(archive.extractfile(member).read())
    (in_process,) = translate_documents(
        TableTranslator(table(tmp_path)), [TEXT], "eng_Latn", "deu_Latn"
    )
    assert URL in in_process
    assert doc["turns"][0]["text"] == in_process
