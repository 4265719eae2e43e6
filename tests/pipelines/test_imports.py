"""What a job's start imports: nothing heavy it does not use."""

from __future__ import annotations

import subprocess
import sys

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
