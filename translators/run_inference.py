"""Beam's RunInference API, imported without its optional ``ModelManager`` (and torch).

``apache_beam.ml.inference.base`` tries to import ``model_manager`` when it is
loaded, and that imports torch (and scipy) first: about 5 G instructions and
seconds of every job's start, for a manager the job never asks for
(``use_model_manager`` stays off). Beam expects that import to fail where torch
or scipy is missing (its ``ModelManager`` is then None) and imports the manager
itself on first use, so the import is blocked only while ``base`` loads.
"""

from __future__ import annotations

import sys

MODEL_MANAGER = "apache_beam.ml.inference.model_manager"

_blocked = MODEL_MANAGER not in sys.modules
if _blocked:
    sys.modules[MODEL_MANAGER] = None  # type: ignore[assignment]  # an ImportError, as Beam expects
try:
    from apache_beam.ml.inference.base import (
        KeyedModelHandler,
        ModelHandler,
        PredictionResult,
        RunInference,
    )
finally:
    if _blocked and sys.modules.get(MODEL_MANAGER, False) is None:
        del sys.modules[MODEL_MANAGER]  # a later import (Beam's, on first use) loads it

__all__ = ["KeyedModelHandler", "ModelHandler", "PredictionResult", "RunInference"]
