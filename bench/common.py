"""Helpers shared by the benchmarks: test models, machine facts, tables, result files.

Benchmarks compare engines side by side in one run (``BENCHMARKS.md`` says how
each figure was taken), so what they share is the scaffolding around a measurement: a
random-weight model built once and cached, a record of the machine and library
versions the figures came from, and Markdown/JSON output the lead can paste
into BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parent.parent
# Git-ignored (``/.cache/``): random-weight models are large and rebuilt on demand.
CACHE_ROOT = REPO_ROOT / ".cache" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"

T = TypeVar("T")


def relative(path: Path) -> str:
    """A path as it may appear in a committed file: relative to the repository if inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return path.name


def test_model(
    shape: str, quantization: str = "int8", *, rebuild: bool = False
) -> tuple[Path, Path]:
    """The random-weight NLLB-shaped model as (HF checkpoint, CTranslate2 dir), built once.

    Both directories appear atomically, so an interrupted build is rebuilt next
    time instead of being half-used.
    """
    from babelshard.translators.models import convert_checkpoint, is_ctranslate2_model
    from babelshard.translators.test_model import write_hf_test_model

    hf_dir = CACHE_ROOT / f"{shape}-hf"
    ct2_dir = CACHE_ROOT / f"{shape}-ct2-{quantization}"
    if rebuild:
        for path in (hf_dir, ct2_dir):
            shutil.rmtree(path, ignore_errors=True)
    if not (hf_dir / "model.safetensors").is_file():
        log(f"building the random-weight {shape} checkpoint in {relative(hf_dir)} …")
        CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{hf_dir.name}-", dir=CACHE_ROOT))
        try:
            write_hf_test_model(staging, shape=shape)
            shutil.rmtree(hf_dir, ignore_errors=True)
            staging.rename(hf_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if not is_ctranslate2_model(ct2_dir):
        log(f"converting it to CTranslate2 {quantization} in {relative(ct2_dir)} …")
        # Absolute paths: the converter resolves copied files against the checkpoint dir.
        convert_checkpoint(hf_dir.resolve(), ct2_dir.resolve(), quantization)
    return hf_dir, ct2_dir


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(function: Callable[[], T]) -> tuple[T, float, float]:
    """Run ``function`` once; return its result, wall seconds and process CPU seconds.

    CPU time (all threads) is the steadier figure on a shared machine: other
    processes stretch the wall time of a run far more than its CPU time.
    """
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - start_wall, time.process_time() - start_cpu


def machine_info() -> dict[str, Any]:
    """Where the figures came from; load average matters on a shared machine."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": _cpu_model() or platform.processor(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }
    if hasattr(os, "getloadavg"):
        info["load_average"] = [round(value, 2) for value in os.getloadavg()]
    return info


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def versions(*packages: str) -> dict[str, str]:
    found = {}
    for package in packages:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def command_line() -> str:
    """The command that produced a result, without this machine's absolute paths."""
    args = [relative(Path(arg)) if os.path.isabs(arg) else arg for arg in sys.argv[1:]]
    return shlex.join(["python", relative(Path(sys.argv[0])), *args])


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class CountingEngine:
    """Wraps a ``ctranslate2.Translator`` to count what each translation generated.

    It only reads results on their way back, so the code under test runs its real
    path while the benchmark checks every output's length. ``call_kwargs`` are
    added to every ``translate_batch`` call (e.g. ``suppress_sequences``).
    """

    def __init__(self, engine: Any, lengths: list[int] | None = None, **call_kwargs: Any) -> None:
        self.engine = engine
        self.lengths: list[int] = [] if lengths is None else lengths
        self.call_kwargs = call_kwargs

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        results = self.engine.translate_batch(*args, **self.call_kwargs, **kwargs)
        if kwargs.get("asynchronous"):
            return [_CountingFuture(result, self.lengths) for result in results]
        self.lengths += [len(result.hypotheses[0]) - 1 for result in results]
        return results

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


class _CountingFuture:
    def __init__(self, future: Any, lengths: list[int]) -> None:
        self.future = future
        self.lengths = lengths

    def result(self) -> Any:
        result = self.future.result()
        self.lengths.append(len(result.hypotheses[0]) - 1)  # minus the target language token
        return result

    def done(self) -> bool:
        return self.future.done()
