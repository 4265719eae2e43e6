"""Shaped runs drawn from cached glyph bitmaps: HarfBuzz places, FreeType draws each glyph once.

Pillow's ``ImageDraw.text`` sets raqm up anew, loads every glyph three times and
rasterises it twice per call: three quarters of drawing a scene's text. Here a run is
shaped by HarfBuzz (:func:`~babelshard.renderers.fonts.shape`, the shaping raqm does),
and each glyph's bitmap is rasterised once per font and size by FreeType and kept; a
glyph is pasted through its bitmap as Pillow composites it (``ink + under * (1 - ink)``)
at the pen position rounded as Pillow rounds it, so a line comes out as Pillow draws
it, pixel for pixel but for a rare glyph one pixel apart where raqm's pen (advances
from FreeType) and HarfBuzz's own differ by 1/64 px at a rounding edge (tested). The
widths line breaking measures are HarfBuzz's own, so what is drawn is what was measured.
Bitmaps that are not 8-bit grey (embedded monochrome or colour strikes) are not drawn
here: the caller falls back to Pillow.
"""

from __future__ import annotations

import ctypes
import threading
from collections import OrderedDict
from functools import lru_cache

import freetype
import uharfbuzz as hb
from PIL import Image

from babelshard.renderers import fonts

# One glyph: its bitmap (None for an empty one, e.g. a space), left and top bearings.
Glyph = tuple[Image.Image | None, int, int]

# Bitmaps kept, in bytes (pixels plus ~200 bytes a glyph): a worker meets a few dozen
# (font, size) pairs, a CJK one a few thousand glyphs in each.
_BUDGET = 48 << 20
_GLYPH_OVERHEAD = 200


class NotGreyError(Exception):
    """A glyph's bitmap is not 8-bit grey."""


@lru_cache(maxsize=256)
def _face(path: str, index: int) -> tuple[freetype.Face, threading.Lock]:
    # FreeType faces are not thread-safe: rasterising holds the face's lock.
    return freetype.Face(fonts.unhinted(path), index), threading.Lock()


class GlyphCache:
    """Glyph bitmaps per (font file, face index, pixel size), within a byte budget: the
    least recently drawn (font, size) goes first."""

    def __init__(self, budget: int = _BUDGET) -> None:
        self.budget = budget
        self._sizes: OrderedDict[tuple[str, int, int], dict[int, Glyph]] = OrderedDict()
        self._bytes: dict[tuple[str, int, int], int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def glyphs(self, path: str, index: int, size: int) -> dict[int, Glyph]:
        """The cached glyphs of one font at one size (read it; add with :meth:`add`)."""
        key = (path, index, size)
        with self._lock:
            found = self._sizes.get(key)
            if found is None:
                found = self._sizes[key] = {}
                self._bytes[key] = 0
            else:
                self._sizes.move_to_end(key)
            return found

    def add(self, path: str, index: int, size: int, gid: int) -> Glyph:
        """Rasterise glyph ``gid`` and keep it, making room by dropping whole (font, size)
        sets, oldest first."""
        glyph = self.rasterise(path, index, size, gid)
        key = (path, index, size)
        cost = _GLYPH_OVERHEAD + (glyph[0].width * glyph[0].height if glyph[0] else 0)
        with self._lock:
            found = self._sizes.get(key)
            if found is None:
                return glyph
            found[gid] = glyph
            self._bytes[key] += cost
            self._total += cost
            while self._total > self.budget and len(self._sizes) > 1:
                oldest, _ = self._sizes.popitem(last=False)
                self._total -= self._bytes.pop(oldest)
        return glyph

    @property
    def held(self) -> int:
        """Bytes held (as counted against the budget)."""
        return self._total

    def clear(self) -> None:
        with self._lock:
            self._sizes.clear()
            self._bytes.clear()
            self._total = 0

    @staticmethod
    def rasterise(path: str, index: int, size: int, gid: int) -> Glyph:
        """Glyph ``gid`` drawn by FreeType with Pillow's load flags (hinting as the font
        has it, anti-aliased)."""
        face, lock = _face(path, index)
        with lock:
            face.set_char_size(size * 64)
            face.load_glyph(gid, freetype.FT_LOAD_DEFAULT | freetype.FT_LOAD_RENDER)
            slot = face.glyph
            bitmap = slot.bitmap
            width, rows, pitch = bitmap.width, bitmap.rows, bitmap.pitch
            if not width or not rows:
                return None, slot.bitmap_left, slot.bitmap_top
            if bitmap.pixel_mode != freetype.FT_PIXEL_MODE_GRAY or pitch < width:
                raise NotGreyError(bitmap.pixel_mode)
            # The C buffer itself: freetype-py's ``Bitmap.buffer`` copies it into a
            # Python list byte by byte.
            data = ctypes.string_at(bitmap._FT_Bitmap.buffer, pitch * rows)
            image = Image.frombytes("L", (width, rows), data, "raw", "L", pitch, 1)
            return image, slot.bitmap_left, slot.bitmap_top


_CACHE = GlyphCache()


def forget_fonts() -> None:
    """Drop every opened font, HarfBuzz font and glyph bitmap, so that fonts are opened
    anew (``bench/render.py`` draws once with the fonts as shipped, hinted)."""
    for cached in (fonts.load_font, fonts.harfbuzz_font, fonts.harfbuzz_face, _face, line_metrics):
        cached.cache_clear()
    _CACHE.clear()


@lru_cache(maxsize=4096)
def line_metrics(path: str, index: int, size: int) -> tuple[int, int]:
    """``(ascent, descent)`` in whole pixels, as Pillow's ``getmetrics`` gives them (tested),
    without opening a Pillow font per size."""
    face, lock = _face(path, index)
    with lock:
        face.set_char_size(size * 64)
        metrics = face.size
        return (metrics.ascender + 32) >> 6, -((metrics.descender + 32) >> 6)


def draw_run(
    mask: Image.Image,
    font: hb.Font,
    path: str,
    index: int,
    size: int,
    text: str,
    rtl: bool,
    language: str,
    origin: tuple[float, float],
) -> bool:
    """Ink one run (one font, one direction) into the 8-bit ``mask`` with its pen starting
    at ``origin`` on the baseline; ``False`` (nothing drawn) where a glyph's bitmap is
    not 8-bit grey or FreeType cannot load it. ``font`` is :func:`fonts.harfbuzz_font` of
    ``path``, ``index`` and ``size``, which also key the glyph cache."""
    buf = fonts.shape(font, text, rtl, language)
    glyphs = _CACHE.glyphs(path, index, size)
    placed = []
    # The pen in 26.6 units, rounded half up to whole pixels as Pillow's PIXEL() does;
    # y counts up, as HarfBuzz's offsets do, from the baseline's row.
    x, y = round(origin[0] * 64), 0
    baseline = round(origin[1])
    for info, position in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        glyph = glyphs.get(gid)
        if glyph is None:
            try:
                glyph = _CACHE.add(path, index, size, gid)
            except (NotGreyError, freetype.FT_Exception):
                return False  # Pillow draws the run (and reports a glyph it cannot load)
        image, left, top = glyph
        if image is not None:
            px = ((x + position.x_offset + 32) >> 6) + left
            py = baseline - ((y + position.y_offset + 32) >> 6) - top
            placed.append((image, px, py))
        x += position.x_advance
        y += position.y_advance
    for image, px, py in placed:
        mask.paste(255, (px, py, px + image.width, py + image.height), image)
    return True
