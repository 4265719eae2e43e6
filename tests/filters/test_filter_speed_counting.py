"""bench/filter_speed.py's instruction count: read from perf's log, off without perf."""

from __future__ import annotations

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
    assert filter_speed.perf_instructions(out) == 1929987797


def test_a_log_without_a_count_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "old0.pkl"
    out.with_suffix(".perf").write_text("Events disabled\n")
    with pytest.raises(RuntimeError, match="no instruction count"):
        filter_speed.perf_instructions(out)


def test_counting_is_a_no_op_outside_perf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(filter_speed.PERF_CONTROL_ENV, raising=False)
    counting = filter_speed.PerfCounting()
    with counting:
        pass
    assert counting._ctl is None and counting._ack is None
