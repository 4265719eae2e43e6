"""Fixtures of the writer tests."""

from __future__ import annotations

import pytest

from .data import image_bytes


@pytest.fixture
def jpeg() -> bytes:
    return image_bytes()
