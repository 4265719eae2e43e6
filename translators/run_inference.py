"""Beam's RunInference API, imported without its optional ``ModelManager`` (and torch).

``apache_beam.ml.inference.base`` tries to import ``model_manager`` when it is
loaded, and that imports torch (and scipy) first: about 5 G instructions and
seconds of every job's start, for a manager the job never asks for
(``use_model_manager`` stays off). Beam expects that import to fail where torch
or scipy is missing (its ``ModelManager`` is then None) and imports the manager
itself on first use, so the import is blocked only while ``base`` loads
(``lean_beam.blocked``; importing ``lean_beam`` first also leaves out pymongo).
"""

from __future__ import annotations

from babelshard.translators.lean_beam import blocked

MODEL_MANAGER = "apache_beam.ml.inference.model_manager"

with blocked(MODEL_MANAGER):  # Beam's own import on first use of a manager still works
    from apache_beam.ml.inference.base import (
        KeyedModelHandler,
        ModelHandler,
        PredictionResult,
        RunInference,
    )

__all__ = ["KeyedModelHandler", "ModelHandler", "PredictionResult", "RunInference"]
