"""Cached glyph bitmaps: kept within a byte budget, oldest (font, size) dropped first; a run
FreeType cannot give as 8-bit grey bitmaps is drawn by Pillow."""

from __future__ import annotations

import freetype

from babelshard.renderers import glyphs
from babelshard.renderers.fonts import FontStack
from babelshard.renderers.glyphs import GlyphCache, NotGreyError
from babelshard.renderers.layout import Shaper
from babelshard.renderers.scripts import script_info


def test_glyph_cache_keeps_within_its_budget_dropping_the_oldest_size(registry):
    face = next(f for f in registry.candidates("Latn") if f.family == "NotoSans")
    cache = GlyphCache(budget=40_000)
    for size in (12, 24, 48):
        glyphs = cache.glyphs(face.path, face.index, size)
        for gid in range(36, 60):  # letters: a few hundred to two thousand bytes each
            glyphs.get(gid) or cache.add(face.path, face.index, size, gid)
    kept = [size for size in (12, 24, 48) if cache.glyphs(face.path, face.index, size)]
    assert 48 in kept and 12 not in kept  # the newest size stays, the oldest went first
    assert cache.held <= cache.budget
    image, _, top = cache.add(face.path, face.index, 48, 40)
    assert image is not None and image.mode == "L" and image.getbbox() is not None
    assert 0 < top <= 48  # a letter stands on the baseline


def test_a_run_whose_glyph_freetype_cannot_give_as_grey_is_drawn_by_pillow(registry, monkeypatch):
    def refuse(*args):
        raise NotGreyError(freetype.FT_PIXEL_MODE_MONO)

    monkeypatch.setattr(GlyphCache, "rasterise", staticmethod(refuse))
    monkeypatch.setattr(glyphs, "_CACHE", GlyphCache())  # nothing cached: every glyph asked
    info = script_info("eng_Latn")
    stack = FontStack((next(f for f in registry.candidates("Latn") if f.family == "NotoSans"),))
    line = Shaper(stack, 31, info).draw("Drawn all the same", words=True)
    assert line.ink is not None and [word for word, _ in line.words] == [
        "Drawn",
        "all",
        "the",
        "same",
    ]
