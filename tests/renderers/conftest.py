"""Shared fixtures: one font registry per session (cmaps and fonts are cached in it)."""

from __future__ import annotations

import pytest

from babelshard.renderers.fonts import FontRegistry
from babelshard.renderers.scripts import raqm_available


@pytest.fixture(scope="session")
def registry() -> FontRegistry:
    reg = FontRegistry(styles=("Regular", "Bold"))
    if not reg.candidates("Latn") or not reg.candidates("Thai"):
        pytest.fail(
            "Noto fonts not found: apt-get install fonts-noto-core fonts-noto-extra fonts-noto-cjk"
        )
    if not raqm_available():
        pytest.fail("Pillow has no raqm: apt-get install libraqm0 libfribidi0")
    return reg
