"""Session-wide fixtures: the tiny random-weight NLLB model, built once, offline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never touch the network: make any accidental hub access fail fast.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_hf_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Hugging Face checkpoint with NLLB's architecture, random weights and a real tokenizer."""
    from babelshard.translators.test_model import write_hf_test_model

    return write_hf_test_model(tmp_path_factory.mktemp("models") / "tiny-hf", shape="tiny")


@pytest.fixture(scope="session")
def tiny_model(tiny_hf_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny checkpoint converted to CTranslate2 int8 through the real conversion code."""
    from babelshard.translators.models import convert_checkpoint

    target = tmp_path_factory.mktemp("models") / "tiny-ct2-int8"
    return convert_checkpoint(tiny_hf_model, target, "int8")
