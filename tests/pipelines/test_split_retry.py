"""A translation that loses a shielded URL is translated again with the URL cut out of
the sentences (``shield="split"``): in the job as in ``translate_documents``, which
share one segment -> translate -> reassemble implementation."""

from __future__ import annotations

import json
import tarfile
import threading
from pathlib import Path

from apache_beam.io.filesystems import FileSystems
from test_translate_job import samples_of

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


def german_job(corpus: Path, output: Path, model: str, **overrides) -> RunConfig:
    """``corpus`` (JSONL) into German on ``model``, every translation kept by the checks
    that read no model (back-translation off, no LID threshold)."""
    values = {"back_translation": False, "lid_threshold": 0.0, **overrides}
    return RunConfig(
        input=str(corpus),
        format="jsonl",
        output=str(output),
        langs="deu_Latn",
        mix="all",
        model=model,
        **values,
    )


def test_the_job_retries_a_lost_placeholder_like_translate_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": TEXT}) + "\n", encoding="utf-8")
    config = german_job(corpus, tmp_path / "out", f"table:{table(tmp_path)}")
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


def test_the_retry_looks_up_the_memory_as_the_job_started(tmp_path: Path, monkeypatch) -> None:
    """Both translate stages join the memory's rows read once, when the job starts: the
    retry never finds what the main stage saved a moment earlier (whether it would
    depended on the order a runner gave stages that do not depend on each other), so the
    counters are the same in every run. Here the retry translates "Read it before you
    start." again, as a job without a memory does."""
    forward: list[str] = []
    # The thread of each call: the counter sees every table translation in the process,
    # and a stray one (this test has failed once on a text only another test translates)
    # then names the thread that made it.
    callers: list[tuple[str, str]] = []
    original = TableTranslator.translate

    def counting(self, texts, source_lang, target_langs):
        if source_lang == "eng_Latn":
            forward.extend(texts)
            callers.extend((threading.current_thread().name, text) for text in texts)
        return original(self, texts, source_lang, target_langs)

    monkeypatch.setattr(TableTranslator, "translate", counting)
    read: list[str] = []
    open_file = FileSystems.open
    cache = tmp_path / "memory"

    def opening(path: str, *args, **kwargs):
        if path.startswith(str(cache)):
            read.append(path)
        return open_file(path, *args, **kwargs)

    monkeypatch.setattr(FileSystems, "open", opening)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": TEXT}) + "\n", encoding="utf-8")
    model = f"table:{table(tmp_path)}"  # written once: the memory's address holds its mtime

    def job(name: str, back_translation: bool) -> dict:
        config = german_job(
            corpus,
            tmp_path / name,
            model,
            back_translation=back_translation,
            translation_cache=str(cache),
        )
        return run_translate(config)

    first = job("first", back_translation=False)
    main_pieces = ["The guide is at [1] for everyone.", "Read it before you start."]
    split_pieces = ["The guide is at", "for everyone.", "Read it before you start."]
    assert sorted(forward) == sorted(main_pieces + split_pieces), callers
    assert (first["translation_memory"]["hits"], first["translation_memory"]["misses"]) == (0, 5)
    assert read == []

    # With back-translation on, every remembered piece is completed by a round trip and
    # saved again; the lookups still read only the files there when the job started, once.
    files = sorted(str(path) for path in cache.rglob("part-*.jsonl"))
    forward.clear()
    callers.clear()
    second = job("second", back_translation=True)
    assert forward == [], callers
    assert (second["translation_memory"]["hits"], second["translation_memory"]["misses"]) == (5, 0)
    assert sorted(read) == files
    assert len(list(cache.rglob("part-*.jsonl"))) > len(files)
    (first_doc,), (second_doc,) = samples_of(tmp_path / "first"), samples_of(tmp_path / "second")
    assert first_doc["turns"][0]["text"] == second_doc["turns"][0]["text"]


def test_an_engine_fault_in_the_retry_rejects_only_its_own_samples(tmp_path: Path, monkeypatch):
    """The retry's batches come straight from reassembly (no batching stage of their own):
    a piece the engine fails on there still becomes an ``engine_error`` reject of the
    samples that own it, and every other retried sample is written."""
    from babelshard.translators import handler

    rows = [
        *ROWS,
        ("The map is at [1] today.", "Die Karte ist heute da."),  # loses [1] too
        ("The map is at", "Die Karte ist unter"),
        ("today.", "heute."),
    ]
    path = tmp_path / "table.tsv"
    lines = ["source\ttarget_lang\ttranslation", *(f"{s}\tdeu_Latn\t{t}" for s, t in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    poison = "The map is at"  # only the retry asks for it alone

    class PoisonedTable(TableTranslator):
        def translate(self, texts, source_lang, target_langs):
            if poison in texts:
                raise ValueError(f"cannot tokenize {poison!r}")
            return super().translate(texts, source_lang, target_langs)

    monkeypatch.setattr(handler, "load_translator", lambda config: PoisonedTable(path))
    texts = [TEXT, "The map is at https://example.org/map today.", "Read it before you start."]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), "utf-8")
    # beam_size: a config of its own, since Beam keeps a loaded model by its tag.
    config = german_job(corpus, tmp_path / "out", f"table:{path}", beam_size=7)
    manifest = run_translate(config)
    totals = manifest["totals"]
    assert (totals["inputs"], totals["written"], totals["rejected"]) == (3, 2, 1)
    assert manifest["rejects"]["by_reason"] == {"engine_error": 1}
    assert manifest["rejects"]["by_stage"] == {"translate": 1}
    docs = samples_of(tmp_path / "out")
    assert sorted(doc["source_id"] for doc in docs) == ["corpus-L1", "corpus-L3"]
    assert any(URL in doc["turns"][0]["text"] for doc in docs)
