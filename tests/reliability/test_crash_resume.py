"""Kill a running job with SIGKILL at known points; the same command run again must finish it.

"The same" means: the re-run's manifest lists the same shards (same samples,
same bytes), the same rejects and totals as an uninterrupted run, no partial
or orphan file is left anywhere in the output, and no sample appears twice.
The kills come from the job itself (``BABELSHARD_TEST_CRASH_AT``, see
``pipelines/io/crash_test_hook.py``), so each lands at the intended moment.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
import yaml

from babelshard.pipelines.io.manifest import verify_output
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig

from .helpers import (
    all_files,
    caption_job,
    caption_records,
    listed_files,
    reject_rows,
    run_cli,
    shard_docs,
    summary,
    write_jsonl,
)

MARK = "XQZMARK"


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory, sources: list[str]) -> Path:
    """A YAML job over 40 real sentences (half with images) plus a few that must be rejected."""
    root = tmp_path_factory.mktemp("job")
    write_jsonl(root / "corpus.jsonl", caption_records(root, sources))
    path = root / "job.yaml"
    path.write_text(yaml.safe_dump(caption_job(root)))
    return path


@pytest.fixture(scope="module")
def reference(job: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The uninterrupted run every interrupted one is compared with."""
    output = tmp_path_factory.mktemp("reference") / "out"
    run_translate(RunConfig.from_yaml(job, output=str(output)))
    return output


def args_for(job: Path, output: Path, *extra: str) -> list[str]:
    return ["--config", str(job), "--output", str(output), *extra]


def evidence(point: str, output: Path) -> None:
    """What a kill at ``point`` leaves behind: proof that it struck where intended."""
    files = all_files(output)
    assert "manifest.json" not in files
    final_tars = [f for f in files if f.endswith(".tar") and not f.startswith("_")]
    hidden = [f for f in files if Path(f).name.startswith(".") and f.endswith(".partial")]
    cache = [f for f in files if f.startswith("_work/")]
    if point == "translate":
        assert cache and not final_tars
    elif point == "write":
        assert any(".tar." in f for f in hidden) and not final_tars
    elif point == "finalize":
        assert final_tars
    else:
        assert any(Path(f).name.startswith(".manifest.json") for f in hidden)


@pytest.mark.parametrize(
    ("crash_at", "rerun"),
    [
        ("translate:2", "cli --resume"),
        ("write:2", "same config"),
        ("finalize:2", "same config, resume"),
        ("manifest", "same config"),
    ],
)
def test_killed_job_finishes_on_rerun(job, reference, tmp_path, crash_at, rerun):
    output = tmp_path / "out"
    killed = run_cli(args_for(job, output), crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    evidence(crash_at.split(":")[0], output)

    if rerun.startswith("cli"):  # the command line itself, once; in-process is faster
        again = run_cli(args_for(job, output, "--resume"))
        assert again.returncode == 0, again.stderr[-3000:]
    else:
        run_translate(RunConfig.from_yaml(job, output=str(output), resume="resume" in rerun))
    assert summary(output) == summary(reference)
    assert all_files(output) == listed_files(output)  # no partial, orphan or work file left
    assert verify_output(str(output)) == []
    keys = [doc["key"] for doc in shard_docs(output)]
    assert len(keys) == len(set(keys)) == summary(reference)["totals"]["written"]


def test_resume_takes_finished_translations_from_the_work_cache(job, tmp_path):
    """Mark the cached translations of a killed run: exactly those must reappear."""
    output = tmp_path / "out"
    killed = run_cli(args_for(job, output), crash_at="translate:3")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    marked: set[tuple[str, str]] = set()
    for path in output.glob("_work/translations-*/part-*.jsonl"):
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        for row in rows:
            row["hyp"] = f"{MARK} {row['hyp']}"
            marked.add((row["text"], row["tgt"]))
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert len(marked) >= 8  # three flushes of four segments, maybe fewer per bundle end

    manifest = run_translate(RunConfig.from_yaml(job, output=str(output), resume=True))
    assert manifest["totals"]["unaccounted"] == 0
    turns = [
        (turn, doc["lang"])
        for doc in shard_docs(output)
        for turn in doc["turns"]
        if turn.get("translated")
    ]
    turns += [
        (turn, row["lang"]) for row in reject_rows(output) for turn in row["doc"].get("turns", [])
    ]
    assert turns
    seen: set[tuple[str, str]] = set()
    for turn, lang in turns:
        cached = {(text, tgt) for text, tgt in marked if text in turn["source"] and tgt == lang}
        assert (MARK in turn["text"]) == bool(cached), turn
        seen |= cached
    assert seen == marked  # every cached translation reached its samples (a turn may hold two)
    assert not (output / "_work").exists()


def test_resume_of_a_finished_job_does_nothing(job, tmp_path):
    output = tmp_path / "out"
    first = run_translate(RunConfig.from_yaml(job, output=str(output)))
    stamp = (output / "manifest.json").stat().st_mtime_ns
    again = run_translate(RunConfig.from_yaml(job, output=str(output), resume=True))
    assert again == first
    assert (output / "manifest.json").stat().st_mtime_ns == stamp

    # Another config over the same folder is a new job: it runs and replaces the output.
    bigger = RunConfig.from_yaml(job, output=str(output), shard_size=100, resume=True)
    changed = run_translate(bigger)
    assert changed["config"]["shard_size"] == 100
    counts = ("inputs", "written", "rejected")
    assert [changed["totals"][k] for k in counts] == [first["totals"][k] for k in counts]
    assert len(changed["shards"]) < len(first["shards"])
    assert all_files(output) == listed_files(output)
