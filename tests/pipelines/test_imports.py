"""What a job's start imports: nothing heavy it does not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
import babelshard.pipelines.job
from babelshard.translators.run_inference import MODEL_MANAGER, RunInference
print("torch" in sys.modules, MODEL_MANAGER in sys.modules, RunInference.__name__)
"""


def test_the_translate_job_loads_run_inference_without_torch():
    """Beam's RunInference would import torch for a model manager the job never uses
    (``translators/run_inference.py``); the block is lifted once Beam's module is loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.split() == ["False", "False", "RunInference"]


LEAN_PROBE = """
import sys
{first_beam_import}
print(*(name in sys.modules for name in ("apache_beam", "pymongo", "bson")))
import pymongo
print(pymongo.ASCENDING)
"""
FIRST_BEAM_IMPORTS = {
    "the job": "import babelshard.pipelines.job",
    "the CLI's check of Beam's arguments": (
        "from babelshard.pipelines.cli_common import _beam_parser; _beam_parser()"
    ),
}


@pytest.mark.parametrize(
    "first_beam_import", FIRST_BEAM_IMPORTS.values(), ids=list(FIRST_BEAM_IMPORTS)
)
def test_a_job_start_leaves_out_pymongo_and_says_nothing(first_beam_import: str) -> None:
    """Beam's package imports pymongo inside ``try``; a job never uses it, so it is
    blocked while Beam loads (``translators/lean_beam.py``), without the warning Beam
    logs for a missing bson, and imports as usual afterwards."""
    probe = LEAN_PROBE.format(first_beam_import=first_beam_import)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.split() == ["True", "False", "False", "1"]
    assert "bson" not in done.stderr
