"""Filter speed, old against new, with every verdict checked equal.

The filters decide what data exists, so a faster filter must decide exactly
as the old one did. This benchmark evaluates the same segments with the
filters of a baseline git revision and with the working tree, each in its own
process pinned to one core, and reports:

- **equality**: every segment's verdict, reasons and scores (floats compared
  exactly, by ``repr``) of the two; any difference is listed and fails the run;
- **throughput**: CPU seconds of the first pass (caches cold, as a job meets
  its data) of ``evaluate_many``, per language as ``bench/quality.py`` batches
  (``--together`` runs both sides at once on the same core: on a loaded
  machine the ratio is then steady, the absolute figures lower);
- **per-check cost**: CPU µs per segment of each check called alone as the
  policy calls it, and of the whole policy, on a sample of every kind and
  language (best of three, each pass with the caches of texts empty);
- with ``--sacrebleu``, every ``bt_chrf`` of the new side against sacrebleu's
  ``CHRF(word_order=2)``;
- with ``--instructions``, the user-space instructions per segment of
  ``evaluate_many`` alone (``perf stat -e instructions:u``, counting only while
  it runs, with the numeric libraries and lingua on one thread): a figure the
  load of a shared machine does not move, unlike CPU seconds.

The segments are every case of ``bench/quality.py``'s corpus, both halves
(held out and calibration), genuine and broken, plus every
``TranslatedSegment`` the filter tests build (``--no-test-segments`` skips
running them).

Run: ``python bench/filter_speed.py --baseline main`` (the baseline's
``babelshard``, ``filters``, ``schemas`` and ``translators`` folders are
exported with ``git archive``; the segments are built once, by the working
tree).
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FOLDERS = ("filters", "schemas", "translators")
# --- the segments --------------------------------------------------------------------


def corpus_segments(per_language: int, seed: int) -> Iterator[tuple[str, Any]]:
    """(language, segment) of every case of ``bench/quality.py``'s corpus, both halves."""
    sys.path.insert(0, str(ROOT / "tests" / "filters"))
    sys.path.insert(0, str(ROOT / "bench"))
    import quality
    from gettext_catalogs import catalog_languages, messages, sentence_pairs

    all_messages = {code: messages(code) for code in catalog_languages()}
    for split in ("heldout", "calibration"):
        args = argparse.Namespace(per_language=per_language, min_words=3, split=split, seed=seed)
        for code in sorted(catalog_languages()):
            if code in quality.EXCLUDED or len(sentence_pairs(code, 3)) < 80:
                continue
            others = {c: m for c, m in all_messages.items() if c != code}
            for case in quality.language_cases(code, args, others):
                yield code, case.segment


class _SegmentRecorder:
    """A pytest plugin that keeps every ``TranslatedSegment`` the tests construct."""

    def __init__(self) -> None:
        self.segments: list[Any] = []

    def pytest_configure(self, config: Any) -> None:
        from babelshard.schemas.records import TranslatedSegment

        original = TranslatedSegment.__init__
        recorded = self.segments

        def recording_init(segment: Any, *args: Any, **kwargs: Any) -> None:
            original(segment, *args, **kwargs)
            recorded.append(segment)

        TranslatedSegment.__init__ = recording_init  # type: ignore[method-assign]


def test_segments() -> list[tuple[str, Any]]:
    """Every segment the filter tests build, in test order (run in a child process)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "segments.pkl"
        subprocess.run(
            [sys.executable, __file__, "--record-test-segments", str(out)], check=True, cwd=ROOT
        )
        segments = pickle.loads(out.read_bytes())
    return [(segment.target_lang, segment) for segment in segments]


def record_test_segments(out: Path) -> None:
    import pytest

    recorder = _SegmentRecorder()
    args = ["-q", "-p", "no:cacheprovider", "-x", str(ROOT / "tests" / "filters")]
    code = pytest.main(args, plugins=[recorder])
    if code != 0:
        raise SystemExit(f"the filter tests failed ({code}): fix them before timing")
    texts = [s for s in recorder.segments if isinstance(s.source, str)]
    out.write_bytes(pickle.dumps([s for s in texts if isinstance(s.hypothesis, str)]))


# --- one side: a child process with one tree's filters ---------------------------------


def verdict_line(verdict: Any) -> str:
    """A verdict as text that differs whenever any decision, reason or score bit differs."""
    scores = sorted((name, repr(value)) for name, value in verdict.scores.items())
    return repr((verdict.accepted, tuple(verdict.reasons), scores))


# perf stat's control and acknowledgement FIFOs (``--instructions``), "CTL,ACK".
PERF_CONTROL_ENV = "FILTER_SPEED_PERF_CONTROL"
# One thread each for the libraries that spin worker threads (py3langid's NumPy,
# lingua): their idle spinning moves an instruction count from run to run.
ONE_THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}


class PerfCounting:
    """Turns the ``perf stat`` around this process on and off (a no-op without it)."""

    def __init__(self) -> None:
        fifos = os.environ.get(PERF_CONTROL_ENV)
        self._ctl = self._ack = None
        if fifos:
            ctl, ack = fifos.split(",")
            self._ctl, self._ack = open(ctl, "w"), open(ack)  # noqa: SIM115 (held for the process)

    def _say(self, command: str) -> None:
        if self._ctl is not None and self._ack is not None:
            self._ctl.write(command + "\n")
            self._ctl.flush()
            self._ack.readline()

    def __enter__(self) -> None:
        self._say("enable")

    def __exit__(self, *_: object) -> None:
        self._say("disable")


def run_side(segments_path: Path, out: Path, sample_every: int, costs: bool) -> None:
    """Evaluate every segment (timed, first pass) and write verdicts and timings."""
    from babelshard.filters import langid, policy
    from babelshard.filters.policy import FilterConfig, evaluate_many

    batches: list[tuple[str, list[Any]]] = pickle.loads(segments_path.read_bytes())
    config = FilterConfig()
    model = langid.load_lid_model()
    model.predict("warm up the model")
    cpu = 0.0
    count = 0
    sample: list[Any] = []
    counting = PerfCounting()
    with gzip.open(out.with_suffix(".verdicts.gz"), "wt", encoding="utf-8") as fh:
        for _, batch in batches:
            started = time.process_time()
            with counting:
                verdicts = evaluate_many(batch, config, model)
            cpu += time.process_time() - started
            count += len(batch)
            sample += batch[::sample_every]
            fh.writelines(verdict_line(v) + "\n" for v in verdicts)
    result: dict[str, Any] = {"segments": count, "cpu_s": cpu, "policy": policy.__file__}
    if costs:
        result["costs"] = check_costs(sample, config, model)
    out.write_bytes(pickle.dumps(result))


def clear_text_caches() -> None:
    """Empty the filters' caches of texts (first parameter ``text`` or ``source``).

    Per-language and per-label constants (the model's labels, a language's
    script, zhconv's tables) stay: a job pays for them once.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("babelshard.filters"):
            continue
        for value in vars(module).values():
            if not hasattr(value, "cache_clear"):
                continue
            parameters = list(inspect.signature(value).parameters)
            if parameters and parameters[0] in ("text", "source"):
                value.cache_clear()


def check_calls(model: Any) -> dict[str, Any]:
    """Each check as ``evaluate`` calls it, by name: segment -> its verdict."""
    from babelshard import filters
    from babelshard.filters.policy import target_script  # imports every check's module

    heuristics, scripts, coverage = filters.heuristics, filters.scripts, filters.coverage

    def script(s: Any) -> str:
        return target_script(s.target_lang)

    def langid_decision(s: Any) -> Any:
        letters, probs = scripts.letter_count(s.hypothesis), model.predict(s.hypothesis)
        return filters.langid.check_langid(s, model, script(s), letters, probs=probs)

    return {
        "check_copy": heuristics.check_copy,
        "check_repetition": heuristics.check_repetition,
        "check_length": lambda s: heuristics.check_length_ratio(s, script(s)),
        "check_placeholders": heuristics.check_placeholders,
        "check_digits": heuristics.check_digits,
        "check_script": lambda s: scripts.check_script(s, script(s)),
        "lid: fastText predict": lambda s: model.predict(s.hypothesis),
        "check_langid (predict, CLD2, decision)": langid_decision,
        "check_coverage": lambda s: coverage.check_coverage(
            s,
            heuristics.length_ratio(s.source, s.hypothesis, script(s)),
            coverage.length_norm(s.target_lang),
        ),
        "check_untranslated": filters.untranslated.check_untranslated,
        "check_variant": filters.variants.check_variant,
        "check_structure": filters.structure.check_structure,
        "backtranslation (chrF++)": filters.backtranslation.check_backtranslation,
    }


def check_costs(segments: list[Any], config: Any, model: Any) -> dict[str, float]:
    """µs per segment of the whole policy and of each check called alone.

    Every pass starts with the caches of texts empty (``clear_text_caches``), so
    cached work counts as a job's first sight of a text pays it, and a check
    called alone also pays for the text cleaning it shares with others (the
    checks add up to more than the whole). Best of three passes.
    """
    from common import timed

    from babelshard.filters.policy import evaluate_many

    def per_segment(run: Any) -> float:
        cpu = []
        for _ in range(3):
            clear_text_caches()
            cpu.append(timed(run)[2])
        return 1e6 * min(cpu) / len(segments)

    evaluate_many(segments, config, model)  # what a job loads once (tables, labels)
    costs = {
        "sample size": float(len(segments)),
        "all checks (evaluate_many)": per_segment(lambda: evaluate_many(segments, config, model)),
    }
    for name, check in check_calls(model).items():
        costs[name] = per_segment(lambda check=check: [check(s) for s in segments])
    return costs


# --- the baseline tree ----------------------------------------------------------------


def export_baseline(ref: str, into: Path) -> Path:
    """``ref``'s package folders under ``into``, importable as ``babelshard`` first on the path."""
    tree = into / "tree"
    tree.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "babelshard", *PACKAGE_FOLDERS],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    root = into / "root"
    (root / "babelshard").mkdir(parents=True)
    (root / "babelshard" / "__init__.py").write_bytes(
        (tree / "babelshard" / "__init__.py").read_bytes()
    )
    for folder in PACKAGE_FOLDERS:
        (root / "babelshard" / folder).symlink_to(tree / folder, target_is_directory=True)
    # schemas/data and the like are package data: the tree holds them as committed.
    return root


@dataclass(frozen=True)
class PerfCount:
    """The ``perf stat`` that counts one side: its command prefix, the FIFOs its
    ``--control`` reads (``PerfCounting`` writes them) and the file for its own log."""

    prefix: list[str]
    fifos: str  # "CTL,ACK", what PERF_CONTROL_ENV carries to the side
    log: Path
    count: Path  # where perf stat writes the count (perf_instructions reads it)


def perf_count(out: Path) -> PerfCount:
    """``perf stat`` counting user-space instructions into ``out.perf``, off until the
    side turns it on (``PerfCounting``) through FIFOs beside ``out``."""
    ctl, ack = out.with_suffix(".ctl"), out.with_suffix(".ack")
    for fifo in (ctl, ack):
        os.mkfifo(fifo)
    count = out.with_suffix(".perf")
    prefix = [
        *("perf", "stat", "-e", "instructions:u", "-x,", "-o", str(count)),
        *("--delay=-1", f"--control=fifo:{ctl},{ack}"),
    ]
    return PerfCount(prefix, f"{ctl},{ack}", count.with_suffix(".perf.log"), count)


def perf_instructions(count: Path) -> int:
    """The instruction count in ``count``, the file ``perf_count``'s ``perf stat`` wrote."""
    for line in count.read_text().splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("instructions"):
            if not fields[0].isdigit():  # "<not supported>": a VM without hardware counters
                raise RuntimeError(f"perf counted no instructions here ({fields[0]})")
            return int(fields[0])
    raise RuntimeError(f"no instruction count in {count}")


@dataclass(frozen=True)
class SideCommand:
    """How to start one side: its command and, with ``--instructions``, its ``perf stat``."""

    command: list[str]
    pythonpath: Path | None  # the baseline's tree, first on the path; None: the working tree
    perf: PerfCount | None = None


def side_command(
    out: Path, segments: Path, args: argparse.Namespace, costs: bool, pythonpath: Path | None
) -> SideCommand:
    pin = ["taskset", "-c", str(args.core)] if args.core is not None else []
    side = [
        *pin,
        sys.executable,
        __file__,
        "--side",
        str(segments),
        str(out),
        "--sample-every",
        str(args.sample_every),
        *(["--costs"] if costs else []),
    ]
    return SideCommand(side, pythonpath, perf_count(out) if args.instructions else None)


def start_child(side: SideCommand) -> subprocess.Popen:
    env = dict(os.environ)
    if side.pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(side.pythonpath), env.get("PYTHONPATH")])
        )
    if side.perf is None:
        return subprocess.Popen(side.command, env=env, cwd=ROOT)
    env |= ONE_THREAD_ENV | {PERF_CONTROL_ENV: side.perf.fifos}
    # perf prints "Events enabled/disabled" on its standard error at every switch:
    # that goes to a file beside the count, the side's own errors to ours.
    ours = os.dup(sys.stderr.fileno())
    command = [*side.perf.prefix, "sh", "-c", f'exec "$@" 2>&{ours}', "sh", *side.command]
    try:
        with open(side.perf.log, "wb") as log:
            return subprocess.Popen(command, env=env, cwd=ROOT, stderr=log, pass_fds=[ours])
    finally:
        os.close(ours)


def run_children(children: list[SideCommand], together: bool) -> None:
    """Run each side one after another, or all at once with ``together``.

    Together, both sides share the pinned core for the whole run: a loaded
    machine slows both alike, so their ratio holds where sequential runs drift.
    """
    started: list[subprocess.Popen] = []
    for side in children:
        started.append(start_child(side))
        if not together:
            started[-1].wait()
    for child in started:
        if child.wait() != 0:
            raise subprocess.CalledProcessError(child.returncode, child.args)


def compare(old: Path, new: Path, labels: list[tuple[str, Any]], shown: int = 10) -> int:
    """Number of segments whose verdict lines differ; the first ``shown`` are printed."""
    differences = 0
    with gzip.open(old, "rt", encoding="utf-8") as a, gzip.open(new, "rt", encoding="utf-8") as b:
        for (code, segment), line_a, line_b in zip(labels, a, b, strict=True):
            if line_a != line_b:
                differences += 1
                if differences <= shown:
                    print(f"DIFFERENT {code} {segment!r}\n  old {line_a}  new {line_b}")
    return differences


def sacrebleu_differences(labels: list[tuple[str, Any]], verdicts: Path) -> tuple[int, int]:
    """(bt_chrf scores checked against sacrebleu, how many differ beyond 1e-9 relative)."""
    import ast

    from sacrebleu.metrics import CHRF

    metric = CHRF(word_order=2)
    checked = differing = 0
    with gzip.open(verdicts, "rt", encoding="utf-8") as fh:
        for (_, segment), line in zip(labels, fh, strict=True):
            scores = dict(ast.literal_eval(line)[2])
            if "bt_chrf" not in scores:
                continue
            ours = float(scores["bt_chrf"])
            theirs = metric.sentence_score(segment.back_translation, [segment.source]).score
            checked += 1
            differing += abs(ours - theirs) > 1e-9 * max(1.0, abs(theirs))
    return checked, differing


def build_batches(args: argparse.Namespace) -> list[tuple[str, list[Any]]]:
    """(language, segments) per corpus language and half, then ("tests", test segments)."""
    grouped: dict[str, list[Any]] = {}
    for code, segment in corpus_segments(args.per_language, args.seed):
        grouped.setdefault(code, []).append(segment)
    batches = list(grouped.items())
    if not args.no_test_segments:
        batches.append(("tests", [segment for _, segment in test_segments()]))
    return batches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare against")
    parser.add_argument("--per-language", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--every", type=int, help="only every Nth language (a quick check)")
    parser.add_argument("--core", type=int, default=0, help="CPU core to pin each side to")
    parser.add_argument("--rounds", type=int, default=1, help="old/new timing rounds")
    parser.add_argument(
        "--together",
        action="store_true",
        help="run old and new at the same time on the pinned core (a steadier ratio under load)",
    )
    parser.add_argument("--sample-every", type=int, default=40)
    parser.add_argument("--no-costs", action="store_true")
    parser.add_argument("--no-test-segments", action="store_true")
    parser.add_argument("--sacrebleu", action="store_true", help="check bt_chrf on sacrebleu")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count evaluate_many's user-space instructions with perf stat (needs perf)",
    )
    parser.add_argument(
        "--segments", type=Path, help="keep the built segments in this file and reuse them"
    )
    parser.add_argument("--side", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--costs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--record-test-segments", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.side:
        run_side(*args.side, args.sample_every, args.costs)
        return 0
    if args.record_test_segments:
        record_test_segments(args.record_test_segments)
        return 0

    if args.instructions and shutil.which("perf") is None:
        parser.error("--instructions counts with perf: install it (Debian: linux-perf)")
    if args.segments and args.segments.is_file():
        batches = pickle.loads(args.segments.read_bytes())
    else:
        batches = build_batches(args)
        if args.segments:
            args.segments.write_bytes(pickle.dumps(batches))
    if args.every:
        batches = batches[:: args.every] + [b for b in batches if b[0] == "tests"]
    labels = [(code, segment) for code, batch in batches for segment in batch]
    print(f"{len(labels)} segments in {len(batches)} batches", flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        segments = tmp / "segments.pkl"
        segments.write_bytes(pickle.dumps(batches))
        baseline = export_baseline(args.baseline, tmp / "baseline")
        timings: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
        for round_ in range(args.rounds):
            sides = (("old", baseline), ("new", None))
            costs = round_ == 0 and not args.no_costs
            commands = [
                side_command(tmp / f"{side}{round_}.pkl", segments, args, costs, path)
                for side, path in sides
            ]
            run_children(commands, args.together)
            for (side, _), command in zip(sides, commands, strict=True):
                timings[side].append(pickle.loads((tmp / f"{side}{round_}.pkl").read_bytes()))
                done = timings[side][-1]
                if command.perf is not None:
                    done["instructions"] = perf_instructions(command.perf.count)
                rate = done["segments"] / done["cpu_s"]
                print(f"round {round_} {side} ({done['policy']}): {rate:.0f} segments/s per core")
        differences = compare(tmp / "old0.verdicts.gz", tmp / "new0.verdicts.gz", labels)
        report(timings, args, len(labels), differences)
        if args.sacrebleu:
            checked, differing = sacrebleu_differences(labels, tmp / "new0.verdicts.gz")
            print(f"bt_chrf against sacrebleu: {checked} checked, {differing} different")
            differences += differing
    return 1 if differences else 0


def report(
    timings: dict[str, list[dict[str, Any]]], args: argparse.Namespace, n: int, differences: int
) -> None:
    def best_rate(side: str) -> float:
        return max(t["segments"] / t["cpu_s"] for t in timings[side])

    old, new = best_rate("old"), best_rate("new")
    print(f"baseline {args.baseline}; load average {os.getloadavg()[0]:.1f}")
    print(f"verdicts: {n} segments, {differences} different")
    print(
        f"first pass (caches cold), best of {args.rounds}: old {old:.0f}, new {new:.0f} "
        f"segments/s per core ({new / old:.2f}x)"
    )
    if "instructions" in timings["new"][0]:
        old_i, new_i = (timings[side][0]["instructions"] / n / 1e6 for side in ("old", "new"))
        print(
            f"instructions of evaluate_many (perf stat -e instructions:u): old {old_i:.3f} M, "
            f"new {new_i:.3f} M per segment ({100 * (new_i / old_i - 1):+.1f}%)"
        )
    old_costs, new_costs = timings["old"][0].get("costs"), timings["new"][0].get("costs")
    if old_costs and new_costs:
        print(f"\n| µs per segment ({int(new_costs['sample size'])} segments) | old | new |")
        print("|---|---|---|")
        for name in [name for name in new_costs if name != "sample size"]:
            print(f"| {name} | {old_costs[name]:.0f} | {new_costs[name]:.0f} |")


if __name__ == "__main__":
    raise SystemExit(main())
