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


LEAN_PROBE = """
import sys
import babelshard.pipelines.job
print(*(name in sys.modules for name in ("pandas", "pymongo", "bson")))
import pandas, pymongo
print(pandas.DataFrame({"a": [1]}).shape[0], pymongo.ASCENDING)
"""


def test_a_job_start_leaves_out_pandas_and_pymongo_and_says_nothing():
    """Beam's package imports pandas and pymongo inside ``try``; a job uses neither, so
    they are blocked while Beam loads (``translators/lean_beam.py``), without the
    warning Beam logs for a missing bson, and import as usual afterwards."""
    done = subprocess.run(
        [sys.executable, "-c", LEAN_PROBE], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.split() == ["False", "False", "False", "1", "1"]
    assert "bson" not in done.stderr
