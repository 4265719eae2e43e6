"""The million-sample job on one machine: memory, speed and the translation memory at scale.

One command runs, for each input size, two fresh processes on the default
local runner (chunked, ``--chunk-size`` as the job's default unless given),
back-translation off (``--back-translation``: on), one JSONL caption corpus
cycling through the distinct English sentences of
``tests/data/human_translations.tsv``:

1. the corpus into German, writing its translations to a fresh
   ``--translation-cache``: peak RSS, wall, samples/s, CPU ms per sample;
2. the same corpus into German and French with the same memory: the memory's
   hit rate (every German piece should be a hit, only French is translated).

Engines: ``table`` (``translators/table.py`` over the same human translations:
translation costs nothing, so the pipeline's own cost is measured) or
``tiny`` (the random-weight tiny NLLB model on CTranslate2). ``--profile``
also runs run 1 under cProfile and prints where the CPU time goes.

    python bench/scale.py --sizes 100000 --engine table --profile
    python bench/scale.py --sizes 1000000 --engine table
    python bench/scale.py --sizes 100000 1000000 --first-only  # memory flatness only
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import (
    REPO_ROOT,
    RESULTS_DIR,
    command_line,
    log,
    machine_info,
    markdown_table,
    test_model,
    timed,
    write_json,
)
from pipeline import peak_rss_mib

HUMAN = REPO_ROOT / "tests" / "data" / "human_translations.tsv"


def captions() -> list[str]:
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return sorted({row["source"] for row in rows})


def write_corpus(path: Path, size: int) -> Path:
    texts = captions()
    with path.open("w", encoding="utf-8") as out:
        for index in range(size):
            out.write(json.dumps({"id": f"c{index:08d}", "text": texts[index % len(texts)]}))
            out.write("\n")
    return path


def child(spec_path: str) -> None:
    """One job in this fresh process; prints its figures as JSON."""
    from babelshard.pipelines.job import run_translate
    from babelshard.pipelines.options import RunConfig

    spec = json.loads(Path(spec_path).read_text())
    config = RunConfig(**spec["config"])
    profiler = cProfile.Profile() if spec["profile"] else None
    if profiler:
        profiler.enable()
    manifest, seconds, cpu = timed(lambda: run_translate(config))
    if profiler:
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        Path(spec["profile"]).write_text(text.getvalue())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_rss_mib": peak_rss_mib(),
                "totals": manifest["totals"],
                "translation_memory": manifest.get("translation_memory"),
            }
        )
    )


def run_child(config: dict[str, Any], work: Path, name: str, profile: Path | None) -> dict:
    spec = work / f"{name}.json"
    spec.write_text(json.dumps({"config": config, "profile": str(profile) if profile else None}))
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(spec)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures.get("translation_memory"):  # no path of this machine in bench/results
        figures["translation_memory"]["folder"] = "(a temporary folder)"
    return figures


def measure(size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus = write_corpus(work / f"corpus-{size}.jsonl", size)
    model = f"table:{HUMAN}" if args.engine == "table" else str(test_model("tiny")[1])
    base = {
        "input": str(corpus),
        "format": "jsonl",
        "mix": "all",
        "model": model,
        "back_translation": args.back_translation,
        "translation_cache": str(work / f"memory-{size}"),
        "chunk_size": args.chunk_size,
    }
    runs = {}
    profile = RESULTS_DIR / f"scale-profile-{args.engine}-{size}.txt" if args.profile else None
    plans = (("first", "deu_Latn"), ("one_more_language", "deu_Latn,fra_Latn"))
    for name, langs in plans[:1] if args.first_only else plans:
        config = {**base, "langs": langs, "output": str(work / f"out-{size}-{name}")}
        log(f"{size:,} samples, {langs}: running …")
        runs[name] = run_child(config, work, f"{size}-{name}", None)
        log(f"  {json.dumps(runs[name])}")
    if profile:
        config = {**base, "langs": "deu_Latn", "output": str(work / f"out-{size}-profile")}
        config["translation_cache"] = str(work / f"memory-{size}-profile")
        log(f"{size:,} samples under cProfile …")
        runs["profiled"] = run_child(config, work, f"{size}-profile", profile)
    return runs


def row(size: int, runs: dict[str, Any]) -> list[Any]:
    first, second = runs["first"], runs.get("one_more_language")
    inputs = first["totals"]["inputs"]
    return [
        f"{size:,}",
        f"{first['peak_rss_mib']:,.0f}",
        f"{first['seconds']:,.0f}",
        f"{inputs / first['seconds']:,.0f}",
        f"{1000 * first['cpu_seconds'] / inputs:.3f}",
        f"{second['translation_memory']['hit_rate']:.3f}" if second else "not run",
        f"{second['peak_rss_mib']:,.0f}" if second else "not run",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engine", choices=("table", "tiny"), default="table")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile run 1 of each size")
    parser.add_argument(
        "--first-only", action="store_true", help="skip run 2 (one more language, same memory)"
    )
    parser.add_argument(
        "--back-translation", action="store_true", help="back-translate too (default: off)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results: dict[str, Any] = {"command": command_line(), "machine": machine_info(), "runs": {}}
    name = args.engine + ("-bt" if args.back_translation else "")
    rows = []
    with tempfile.TemporaryDirectory(prefix="babelshard-scale-") as tmp:
        for size in args.sizes:
            runs = measure(size, args, Path(tmp))
            results["runs"][str(size)] = runs
            rows.append(row(size, runs))
            write_json(RESULTS_DIR / f"scale-{name}.json", results)
    headers = [
        "samples",
        "peak RSS MiB",
        "wall s",
        "samples/s",
        "CPU ms/sample",
        "memory hit rate, +1 language",
        "peak RSS MiB, +1 language",
    ]
    table = markdown_table(headers, rows)
    print(f"{results['command']}\n\n{table}")
    (RESULTS_DIR / f"scale-{name}.md").write_text(f"`{results['command']}`\n\n{table}\n")


if __name__ == "__main__":
    main()
