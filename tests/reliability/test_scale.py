"""The million-sample job in small: a translation memory across jobs, and chunked local runs.

Jobs translate with the ``table:`` backend over the repository's human
translations; a counting wrapper around the table engine (the in-process
runner shares this process) shows which pieces reached the engine at all.
"""

from __future__ import annotations

import json
import signal
import tarfile
import threading
from collections import Counter
from pathlib import Path

import pytest

from babelshard.pipelines import chunks
from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.io.manifest import verify_output
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.schemas.records import Piece, TranslatedPiece
from babelshard.translators.table import TableTranslator, expand_targets

from .helpers import (
    HUMAN,
    all_files,
    caption_job,
    caption_records,
    listed_files,
    reject_rows,
    run_cli,
    write_jsonl,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, sources: list[str]) -> Path:
    """40 real sentences (half with images), some repeated, plus a few rejects."""
    root = tmp_path_factory.mktemp("corpus")
    records = caption_records(root, sources[:40] + sources[:8])
    write_jsonl(root / "corpus.jsonl", [*records, b'{"id": "broken", "text": '])
    return root


def config(corpus: Path, output: Path, **overrides) -> RunConfig:
    return RunConfig(**{**caption_job(corpus), "output": str(output), **overrides})


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Pieces the table engine translates, by target language (forward direction only)."""
    calls: Counter[str] = Counter()
    original = TableTranslator.translate

    def counting(self, texts, source_lang, target_langs):
        for target in expand_targets(texts, target_langs):
            if target != "eng_Latn":  # back-translations are not counted
                calls[target] += 1
        return original(self, texts, source_lang, target_langs)

    monkeypatch.setattr(TableTranslator, "translate", counting)
    return calls


# -- the translation memory ----------------------------------------------------------------


def test_memory_hits_skip_the_engine_and_give_the_same_output(corpus, tmp_path, engine_calls):
    cache = tmp_path / "memory"
    first = run_translate(config(corpus, tmp_path / "a", translation_cache=str(cache)))
    translated = sum(engine_calls.values())
    assert translated > 0
    assert first["translation_memory"]["misses"] == translated
    assert first["translation_memory"]["hits"] == 0
    assert list(cache.glob("translations-*/part-*.jsonl"))

    engine_calls.clear()
    second = run_translate(config(corpus, tmp_path / "b", translation_cache=str(cache)))
    assert sum(engine_calls.values()) == 0
    assert second["translation_memory"] == {
        "hits": translated,
        "misses": 0,
        "hit_rate": 1.0,
        "folder": str(cache),
    }
    assert members(tmp_path / "a") == members(tmp_path / "b")
    assert second["totals"] == first["totals"]
    assert cache.exists() and not (tmp_path / "b" / "_work").exists()


def test_one_more_language_translates_only_the_new_language(corpus, tmp_path, engine_calls):
    cache = str(tmp_path / "memory")
    langs = "deu_Latn,fra_Latn"
    first = run_translate(
        config(corpus, tmp_path / "two", mix="all", langs=langs, translation_cache=cache)
    )
    assert set(engine_calls) == {"deu_Latn", "fra_Latn"}
    before = dict(engine_calls)

    engine_calls.clear()
    langs += ",spa_Latn"
    second = run_translate(
        config(corpus, tmp_path / "three", mix="all", langs=langs, translation_cache=cache)
    )
    assert dict(engine_calls) == {"spa_Latn": before["deu_Latn"]}  # same pieces, new language
    assert second["translation_memory"]["hits"] == first["translation_memory"]["misses"]
    assert second["translation_memory"]["misses"] == before["deu_Latn"]


def test_concurrent_writers_lose_nothing(tmp_path):
    folder = str(tmp_path / "translations-x")
    writers, rows_each = 8, 50

    def write(writer: int) -> None:
        save = memory.SaveTranslations(folder, flush_rows=7)
        save.start_bundle()
        for index in range(rows_each):
            piece = Piece(f"w{writer} s{index}", "eng_Latn", "deu_Latn")
            save.process(TranslatedPiece(piece, (), f"hyp {writer} {index}", None, None))
        save.finish_bundle()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = [
        piece.text
        for path in Path(folder).glob("part-*.jsonl")
        for piece, _ in memory.parse_rows(path.read_bytes())
    ]
    assert sorted(rows) == sorted(f"w{w} s{i}" for w in range(writers) for i in range(rows_each))
    assert not [p for p in Path(folder).iterdir() if not p.name.startswith("part-")]


# -- chunked local runs --------------------------------------------------------------------


def members(output: Path) -> dict[str, bytes]:
    """Every shard member, by name, with its bytes."""
    manifest = json.loads((output / "manifest.json").read_text())
    found: dict[str, bytes] = {}
    for shard in manifest["shards"]:
        with tarfile.open(output / shard["path"]) as tar:
            for member in tar.getmembers():
                assert member.name not in found
                found[member.name] = tar.extractfile(member).read()
    return found


def parallel_rows(output: Path) -> list[tuple]:
    import pyarrow.parquet as pq

    manifest = json.loads((output / "manifest.json").read_text())
    rows = []
    for entry in manifest["parallel"]["files"]:
        for row in pq.read_table(output / entry["path"]).to_pylist():
            rows.append((row["source"], row["target_lang"], row["target"], row["occurrences"]))
    return sorted(rows)


def same_dataset(chunked: Path, whole: Path) -> None:
    """Sample for sample; only the cut into shards differs (each chunk ends its own shards)."""
    a, b = (json.loads((p / "manifest.json").read_text()) for p in (chunked, whole))
    counts = ("inputs", "written", "rejected", "unaccounted")
    assert [a["totals"][k] for k in counts] == [b["totals"][k] for k in counts]
    assert a["totals"]["unaccounted"] == 0
    per_lang = ("samples", "rejected")
    assert {lang: [v[k] for k in per_lang] for lang, v in a["languages"].items()} == {
        lang: [v[k] for k in per_lang] for lang, v in b["languages"].items()
    }
    assert a["rejects"]["by_lang"] == b["rejects"]["by_lang"]
    how = ("output", "extra")  # where it was written; the CLI run has no test-only extras
    assert {k: v for k, v in a["config"].items() if k not in how} == {
        k: v for k, v in b["config"].items() if k not in how
    }
    assert members(chunked) == members(whole)
    key = json.dumps
    assert sorted(map(key, reject_rows(chunked))) == sorted(map(key, reject_rows(whole)))
    assert parallel_rows(chunked) == parallel_rows(whole)
    assert verify_output(str(chunked)) == []
    assert all_files(chunked) == listed_files(chunked)
    for lang, entry in a["languages"].items():  # contiguous shard names per language
        names = sorted(s["path"] for s in a["shards"] if s["lang"] == lang)
        assert names == [f"{lang}/{lang}-{i:05d}.tar" for i in range(entry["shards"])]


@pytest.fixture(scope="module")
def whole(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("whole") / "out"
    run_translate(config(corpus, output))
    return output


def test_a_chunked_run_equals_an_unchunked_one(corpus, whole, tmp_path):
    output = tmp_path / "chunked"
    run_translate(config(corpus, output, chunk_size=10))
    same_dataset(output, whole)
    assert not (output / "_chunks").exists() and not (output / "_work").exists()


@pytest.mark.parametrize("killed_in", ["second chunk", "merge"])
def test_a_killed_chunked_run_rerun_equals_a_clean_run(corpus, whole, tmp_path, killed_in):
    output = tmp_path / "chunked"
    n_chunks = len(chunks.plan_chunks(config(corpus, output, chunk_size=10), "fnapi"))
    assert n_chunks > 2
    args = [
        *("--input", str(corpus / "corpus.jsonl"), "--format", "jsonl", "--output", str(output)),
        *("--langs", "eng_Latn,deu_Latn,fra_Latn,spa_Latn", "--english-share", "0.2"),
        *("--model", f"table:{HUMAN}", "--image-root", str(corpus / "images")),
        *("--shard-size", "4", "--chunk-size", "10"),
    ]
    # Each chunk writes a manifest, then the merge writes the run's own.
    crash_at = "manifest:2" if killed_in == "second chunk" else f"manifest:{n_chunks + 1}"
    killed = run_cli(args, crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    done = list(output.glob("_chunks/*/manifest.json"))
    assert len(done) == (1 if killed_in == "second chunk" else n_chunks)
    again = run_cli([*args, "--resume"])
    assert again.returncode == 0, again.stderr[-3000:]
    same_dataset(output, whole)
