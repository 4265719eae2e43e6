"""Cheap checks first: a piece that fails a cheap check (copy, LID, script, loops, length)
is never back-translated, keeps the reason it would have had, and the manifest counts
the back-translations saved. Outputs are otherwise those of a job that back-translates
every piece.

Jobs run in-process with the ``table:`` backend over real human translations; a
counting wrapper around the table engine sees every request.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import threading
from collections import Counter
from pathlib import Path

import pytest

from babelshard.filters.langid import load_lid_model
from babelshard.filters.policy import FilterConfig, evaluate, split_checks
from babelshard.pipelines import translate
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.pipelines.translation_memory import parse_rows
from babelshard.schemas.records import TranslatedSegment
from babelshard.translators.table import TableTranslator, expand_targets

from .helpers import HUMAN, caption_job, caption_records, reject_rows, write_jsonl
from .test_scale import members, parallel_rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, sources: list[str]) -> Path:
    """60 real sentences and a table of their human translations in which every fourth
    sentence is broken as NLLB breaks translations: the German is another language's
    translation (LID), the French a copy of the English, the Spanish a loop; each comes
    back from the table as its English source. One sentence the table lacks comes
    back empty."""
    root = tmp_path_factory.mktemp("corpus")
    write_jsonl(root / "corpus.jsonl", caption_records(root, sources[:60]))
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_source: dict[str, dict[str, str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], {})[row["target_lang"]] = row["translation"]
    broken = {source for index, source in enumerate(sources[:60]) if index % 4 == 1}
    with (root / "table.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("source\ttarget_lang\ttranslation\n")
        for source, translations in by_source.items():
            for lang, translation in translations.items():
                if source in broken:
                    translation = {
                        "deu_Latn": translations["spa_Latn"],
                        "fra_Latn": source,
                        "spa_Latn": " ".join([translation.split()[0]] * 8),
                    }.get(lang, translation)
                handle.write(f"{source}\t{lang}\t{translation}\n")
    return root


def config(corpus: Path, output: Path, **overrides) -> RunConfig:
    job = {**caption_job(corpus), "model": f"table:{corpus / 'table.tsv'}"}
    return RunConfig(**{**job, "output": str(output), **overrides})


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """Every request the table engine answers: ``forward`` (source, target, hypothesis)
    and ``back`` (the hypotheses translated back into English)."""
    seen: dict[str, list] = {"forward": [], "back": [], "threads": []}
    original = TableTranslator.translate

    def counting(self, texts, source_lang, target_langs):
        results = original(self, texts, source_lang, target_langs)
        targets = expand_targets(texts, target_langs)
        for text, target, result in zip(texts, targets, results, strict=True):
            if target == "eng_Latn":
                seen["back"].append((text, source_lang))
            else:
                seen["forward"].append((text, target, result.text))
            # The thread of each call: this counter sees every table translation in the
            # process, and a stray one (a failure once, unexplained) then names its thread.
            seen["threads"].append((threading.current_thread().name, text))
        return results

    monkeypatch.setattr(TableTranslator, "translate", counting)
    return seen


ALL_OFF = FilterConfig(
    **{f.name: False for f in dataclasses.fields(FilterConfig) if f.name.startswith("check_")},
    backtranslation=False,
)


def reject_reasons(output: Path) -> list[tuple[str, str]]:
    return sorted((row["key"], row["reason"]) for row in reject_rows(output))


def test_failing_pieces_are_never_back_translated(corpus, tmp_path, engine):
    manifest = run_translate(config(corpus, tmp_path / "out"))
    cheap, _ = split_checks(FilterConfig())
    lid = load_lid_model()
    failing = [
        (source, target, hypothesis)
        for source, target, hypothesis in engine["forward"]
        if not evaluate(TranslatedSegment(source, hypothesis, target), cheap, lid).accepted
    ]
    assert len(failing) >= 10
    backs = Counter(engine["back"])
    assert not any((hypothesis, target) in backs for _, target, hypothesis in failing)
    unique = len(engine["forward"])
    assert sum(backs.values()) == unique - len(failing)
    assert manifest["back_translations_saved"] == len(failing)
    reasons = manifest["rejects"]["by_reason"]
    assert {"lid_wrong_language", "source_copy", "repeated_ngram", "empty"} <= set(reasons)
    assert manifest["translation_memory"]["misses"] == unique


def test_outputs_equal_back_translating_every_piece(corpus, tmp_path, monkeypatch):
    after = run_translate(config(corpus, tmp_path / "after"))
    # The job as it was before: no check before the round trip, every piece back-translated.
    monkeypatch.setattr(translate, "split_checks", lambda config: (ALL_OFF, config))
    before = run_translate(config(corpus, tmp_path / "before"))
    assert before["back_translations_saved"] == 0 < after["back_translations_saved"]
    assert members(tmp_path / "before") == members(tmp_path / "after")
    assert parallel_rows(tmp_path / "before") == parallel_rows(tmp_path / "after")
    assert reject_reasons(tmp_path / "before") == reject_reasons(tmp_path / "after")
    assert before["rejects"]["by_reason"] == after["rejects"]["by_reason"]
    assert before["totals"] == after["totals"]


def test_remembered_pieces_without_a_back_translation(corpus, tmp_path, engine):
    """A memory filled without back-translation: its rows lack one. A later job with it on
    back-translates only the remembered pieces that pass the cheap checks, and writes
    what a job without the memory writes."""
    cache = str(tmp_path / "memory")
    first = run_translate(
        config(corpus, tmp_path / "first", back_translation=False, translation_cache=cache)
    )
    assert "engine_error" not in first["rejects"]["by_reason"]  # so every piece was saved
    translated = len(engine["forward"])
    engine["forward"].clear()
    engine["threads"].clear()
    second = run_translate(config(corpus, tmp_path / "second", translation_cache=cache))
    # Every piece remembered; a failure names each piece sent and whether the memory has it.
    rows = {(piece.text, piece.target_lang) for piece, _ in remembered_rows(Path(cache))}
    sent = [(s, t, (s, t) in rows) for s, t, _ in engine["forward"]]
    assert engine["forward"] == [], (sent, engine["threads"])
    assert second["translation_memory"]["hits"] == translated
    saved = second["back_translations_saved"]
    assert saved > 0 and len(engine["back"]) == translated - saved

    engine["back"].clear()
    engine["threads"].clear()
    third = run_translate(config(corpus, tmp_path / "third", translation_cache=cache))
    # The second job remembered its round trips.
    assert engine["forward"] == engine["back"] == [], engine["threads"]
    assert third["back_translations_saved"] == saved  # the failures failed again, unasked

    fresh = run_translate(config(corpus, tmp_path / "fresh"))
    for output in (tmp_path / "second", tmp_path / "third"):
        assert members(output) == members(tmp_path / "fresh")
        assert reject_reasons(output) == reject_reasons(tmp_path / "fresh")
    assert json.dumps(fresh["totals"]) == json.dumps(second["totals"])


def remembered_rows(cache: Path) -> list:
    """Every ``(piece, row)`` of the memory files under ``cache``."""
    files = sorted(cache.rglob("part-*.jsonl"))
    return [row for path in files for row in parse_rows(path.read_bytes())]


def test_a_short_answer_is_back_translated_even_if_a_cheap_check_fails():
    """mBLIP's rule keeps or drops a VQA short answer by its back-translation alone."""
    from babelshard.pipelines.translate import CheckBatch, FinishPieces, PieceChecks
    from babelshard.schemas.records import Piece, PieceOwner, ScoredPiece, TranslatedPiece

    checks = PieceChecks(FilterConfig(), back_translation=True, score_pairs=False)
    step = CheckBatch(checks)
    step.setup()
    piece = Piece("Two dogs are playing in the snow.", "eng_Latn", "deu_Latn")
    loop = "Hunde " * 8  # a loop: fails a cheap check
    caption = TranslatedPiece(piece, (PieceOwner("a-deu_Latn", 0, 0),), loop)
    answer = TranslatedPiece(piece, (PieceOwner("b-deu_Latn", 1, 0, short_answer=True),), loop)
    out = list(step.process([caption, answer]))
    (rejected,) = [o for o in out if isinstance(o, ScoredPiece)]
    assert rejected.translated == caption and "repeated_ngram" in rejected.verdict.reasons
    (routed,) = [o.value for o in out if getattr(o, "tag", None) == CheckBatch.ROUND_TRIP]
    assert routed[1] == answer and not routed[0].accepted

    # Back from the round trip it gets the whole policy's verdict, as if never split.
    finish = FinishPieces(checks)
    finish.setup()
    back = dataclasses.replace(answer, back_translation=piece.text)
    (scored,) = finish.process([(routed[0], back)])
    assert scored.verdict == evaluate(back.segment(), FilterConfig(), load_lid_model())
