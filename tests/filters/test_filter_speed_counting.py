"""bench/filter_speed.py's instruction count: read from perf's log, off without perf."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import filter_speed  # bench/ is a folder of scripts, not a package


def test_instructions_are_read_between_perfs_control_lines(tmp_path: Path) -> None:
    out = tmp_path / "new0.pkl"
    out.with_suffix(".perf").write_text(
        "Events disabled\nEvents enabled\nEvents disabled\n"
        "# started on Sat Nov 28 02:05:11 2026\n\n"
        "1929987797,,instructions:u,279036167,100.00,,\n"
    )
    assert filter_speed.perf_instructions(out.with_suffix(".perf")) == 1929987797


def test_a_log_without_a_count_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "old0.pkl"
    out.with_suffix(".perf").write_text("Events disabled\n")
    with pytest.raises(RuntimeError, match="no instruction count"):
        filter_speed.perf_instructions(out.with_suffix(".perf"))


def test_counting_is_a_no_op_outside_perf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(filter_speed.PERF_CONTROL_ENV, raising=False)
    counting = filter_speed.PerfCounting()
    with counting:
        pass
    assert counting._ctl is None and counting._ack is None


def test_a_count_perf_cannot_make_is_named(tmp_path: Path) -> None:
    out = tmp_path / "old0.pkl"
    out.with_suffix(".perf").write_text("<not supported>,,instructions:u,0,100.00,,\n")
    with pytest.raises(RuntimeError, match="counted no instructions"):
        filter_speed.perf_instructions(out.with_suffix(".perf"))


def test_a_counted_side_carries_its_fifos_and_log(tmp_path: Path) -> None:
    args = argparse.Namespace(core=0, instructions=True, sample_every=40)
    out = tmp_path / "new0.pkl"
    side = filter_speed.side_command(out, tmp_path / "segments.pkl", args, False, None)
    assert side.perf is not None
    ctl, ack = side.perf.fifos.split(",")
    assert Path(ctl).exists() and Path(ack).exists()
    assert f"--control=fifo:{ctl},{ack}" in side.perf.prefix
    assert side.perf.log == out.with_suffix(".perf.log")
    assert side.perf.count == out.with_suffix(".perf")
    assert side.command[:3] == ["taskset", "-c", "0"]
    uncounted = argparse.Namespace(core=None, instructions=False, sample_every=40)
    assert filter_speed.side_command(out, out, uncounted, True, tmp_path).perf is None
