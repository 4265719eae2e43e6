"""The translate job on the runners it ships for, beyond the in-process DirectRunner.

The portable test submits to Beam's own local job service with an external
worker pool, both started here as separate processes: the same submission path
(job API, artifact staging, SDK harness in another process) that a Flink job
server takes, without Java. Every run must account for each input and write
byte-identical shards, rejects and parallel text, and the same manifest (apart
from its creation time and output folder), as an in-process DirectRunner run of
the same config.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from human_table import HUMAN
from PIL import Image

from babelshard.pipelines.io.manifest import verify_output
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig

LANGS = "eng_Latn,deu_Latn,rus_Cyrl"
STARTUP_WAIT_S = 60.0

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten sentences with real human translations, one the table lacks, one missing image.

    Small on purpose: the multi-process and portable runs pay per bundle, not per sample.
    """
    root = tmp_path_factory.mktemp("runner-corpus")
    (root / "images").mkdir()
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        sources = sorted({row["source"] for row in rows})[:10]
    lines = []
    for index, text in enumerate(sources):
        Image.new("RGB", (16, 12), (index * 20, 90, 150)).save(root / "images" / f"{index}.png")
        lines.append({"id": f"r{index}", "text": text, "image": f"{index}.png"})
    lines.append({"id": "unknown", "text": "The table has no translation of this sentence."})
    lines.append({"id": "missing", "text": sources[0], "image": "missing.png"})
    path = root / "corpus.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def job_config(corpus: Path, output: Path) -> RunConfig:
    """Every sample planned for one of three languages (English passes through), by seed."""
    return RunConfig(
        input=str(corpus),
        format="jsonl",
        output=str(output),
        langs=LANGS,
        model=f"table:{HUMAN}",
        image_root=str(corpus.parent / "images"),
        english_share=0.2,
        shard_size=3,
        model_in_image=True,  # the worker pool runs on this machine: it sees the table
    )


@dataclass(frozen=True)
class BeamServices:
    job_port: int
    pool_port: int
    job_log: Path
    pool_log: Path
    worker_cache: Path  # the workers' BABELSHARD_CACHE: their machine's model cache


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all bound at once, so no two are the same)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("localhost", 0))
        return [sock.getsockname()[1] for sock in sockets]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Return once ``port`` accepts connections; fail if the process dies or the wait runs out."""
    deadline = time.monotonic() + STARTUP_WAIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("localhost", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{process.args} did not listen on port {port}:\n{log.read_text()}")


def start_service(
    args: list[str], log: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    """A Beam service in its own process group, so stopping it also stops the workers it forks.

    The worker pool starts SDK harnesses as plain ``python``: put this interpreter's
    directory first on PATH so they run in this environment even when it is not activated.
    """
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        **(extra_env or {}),
    }
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def stop_service(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@pytest.fixture(scope="module")
def portable_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BeamServices]:
    """Beam's local job service and an external worker pool, stopped after the module."""
    root = tmp_path_factory.mktemp("beam-services")
    job_port, pool_port = free_ports(2)
    processes: list[subprocess.Popen] = []
    try:
        job_log, pool_log = root / "job_service.log", root / "worker_pool.log"
        processes.append(
            start_service(
                [
                    "apache_beam.runners.portability.local_job_service_main",
                    f"--port={job_port}",
                    f"--staging_dir={root / 'staging'}",
                ],
                job_log,
            )
        )
        worker_cache = root / "worker-cache"
        processes.append(
            start_service(
                ["apache_beam.runners.worker.worker_pool_main", f"--service_port={pool_port}"],
                pool_log,
                {"BABELSHARD_CACHE": str(worker_cache)},
            )
        )
        wait_for_port(job_port, processes[0], job_log)
        wait_for_port(pool_port, processes[1], pool_log)
        yield BeamServices(job_port, pool_port, job_log, pool_log, worker_cache)
    finally:
        for process in processes:
            stop_service(process)
    assert all(process.returncode is not None for process in processes)


@pytest.fixture(scope="module")
def direct_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The reference: the same job in-process on DirectRunner."""
    return run_translate(job_config(corpus, tmp_path_factory.mktemp("direct") / "out"))


def shard_digests(manifest: dict) -> dict[str, str]:
    return {shard["path"]: shard["sha256"] for shard in manifest["shards"]}


def file_digests(manifest: dict) -> dict[str, str]:
    """Every file the manifest lists (shards, rejects, parallel text) and its sha256."""
    files = [*manifest["shards"], *manifest["rejects"]["files"], *manifest["parallel"]["files"]]
    return {entry["path"]: entry["sha256"] for entry in files}


def comparable(manifest: dict) -> dict:
    """The manifest apart from what must differ: its creation time and the output folder."""
    config = {key: value for key, value in manifest["config"].items() if key != "output"}
    return {**manifest, "created": None, "config": config}


def assert_same_output(manifest: dict, reference: dict, output: Path) -> None:
    totals = manifest["totals"]
    assert totals["inputs"] == 12
    assert totals["inputs"] == totals["written"] + totals["rejected"]
    assert totals["unaccounted"] == 0
    assert totals["rejected"] >= 1  # the missing image is rejected on every runner
    assert manifest["parallel"]["pairs"] >= 5 and manifest["rejects"]["files"]
    assert shard_digests(manifest) == shard_digests(reference)
    # Byte-identical rejects and parallel text too, and the same manifest otherwise.
    assert file_digests(manifest) == file_digests(reference)
    assert comparable(manifest) == comparable(reference)
    assert verify_output(str(output)) == []


def test_direct_runner_reference_is_complete(direct_run):
    assert direct_run["totals"]["written"] >= 9
    assert len(direct_run["languages"]) == 3
    assert direct_run["totals"]["shards"] > len(
        direct_run["languages"]
    )  # several shards a language


def test_direct_runner_multi_threading_packs_what_crosses_stages(corpus, direct_run, tmp_path):
    """Threads are not the in-memory run: samples and records cross the stages packed
    (``packing.PACKED``), as on a remote runner, and give the same output as the
    in-process run, which hands them over as they are (``packing.InProcess``)."""
    output = tmp_path / "threads"
    manifest = run_translate(
        job_config(corpus, output),
        ["--direct_running_mode=multi_threading", "--direct_num_workers=2"],
    )
    assert_same_output(manifest, direct_run, output)


def test_direct_runner_multi_processing(corpus, direct_run, tmp_path):
    output = tmp_path / "mp"
    manifest = run_translate(
        job_config(corpus, output),
        ["--direct_running_mode=multi_processing", "--direct_num_workers=2"],
    )
    assert_same_output(manifest, direct_run, output)


def test_portable_runner_with_external_worker_pool(corpus, direct_run, portable_services, tmp_path):
    services = portable_services
    output = tmp_path / "portable"
    manifest = run_translate(
        job_config(corpus, output),
        [
            "--runner=PortableRunner",
            f"--job_endpoint=localhost:{services.job_port}",
            "--environment_type=EXTERNAL",
            f"--environment_config=localhost:{services.pool_port}",
        ],
    )
    assert_same_output(manifest, direct_run, output)
    # The job really went through the job service and ran in the pool's SDK harnesses.
    assert "Running job" in services.job_log.read_text()
    assert "Starting worker" in services.pool_log.read_text()
    assert manifest["config"]["output"] == str(output)


def test_worker_pool_loads_the_model_from_a_bucket_once_per_machine(
    corpus, portable_services, tiny_model, tmp_path, monkeypatch
):
    """The model reaches the workers from a ``file://`` "bucket", never from a launcher path.

    The launcher checks the bucket's small files and fingerprints them; the pool's
    workers copy the folder into their own cache (once: one copy however many
    bundles and processes) and translate with it.
    """
    import shutil

    from babelshard.translators.model_store import local_fingerprint

    services = portable_services
    bucket = tmp_path / "bucket" / "tiny-int8"
    shutil.copytree(tiny_model, bucket)
    monkeypatch.setenv("BABELSHARD_CACHE", str(tmp_path / "launcher-cache"))
    config = dataclasses.replace(
        job_config(corpus, tmp_path / "out"),
        model=bucket.as_uri(),
        model_in_image=False,
        device="cpu",
        langs="deu_Latn,fra_Latn",
        back_translation=False,
    )
    manifest = run_translate(
        config,
        [
            "--runner=PortableRunner",
            f"--job_endpoint=localhost:{services.job_port}",
            "--environment_type=EXTERNAL",
            f"--environment_config=localhost:{services.pool_port}",
        ],
    )
    totals = manifest["totals"]
    assert totals["inputs"] == 12 == totals["written"] + totals["rejected"]
    provenance = manifest["config"]["provenance"]
    assert provenance["model"] == bucket.as_uri()
    assert provenance["model_fingerprint"] == local_fingerprint(tiny_model)
    copies = list((services.worker_cache / "models" / "remote").glob("tiny-int8-*/model.bin"))
    assert len(copies) == 1
    assert copies[0].read_bytes() == (tiny_model / "model.bin").read_bytes()
    assert not (tmp_path / "launcher-cache").exists()  # the launcher copied no weights
