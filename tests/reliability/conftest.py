"""Fixtures of the reliability suite (helpers live in ``helpers.py``)."""

from __future__ import annotations

import pytest

from .helpers import human_sources


@pytest.fixture(scope="session")
def sources() -> list[str]:
    return human_sources()
