"""Fonts: every drawn character has a glyph in the face that draws it; no tofu."""

from __future__ import annotations

import random
import shutil

import pytest
from fontTools.ttLib import TTFont
from PIL import ImageFont

from babelshard.renderers.errors import RenderError
from babelshard.renderers.fonts import (
    FontRegistry,
    MissingGlyphsError,
    coverage,
    load_font,
    needs_glyph,
    unhinted,
)
from babelshard.renderers.glyphs import line_metrics
from babelshard.renderers.layout import Shaper
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scripts import script_info


@pytest.mark.parametrize("lang", sorted(SAMPLE_TEXTS))
def test_every_piece_is_drawn_by_a_face_that_has_its_glyphs(registry, lang):
    info = script_info(lang)
    text = SAMPLE_TEXTS[lang] + " 2024 (1/2)."
    stack = registry.pick(text, info.script, random.Random(0), info.lang)
    shaper = Shaper(stack, 24, info)
    for piece in shaper.pieces(text):
        cmap = coverage(stack.faces[piece.face])
        chunk = text[piece.start : piece.end]
        assert all(ord(c) in cmap for c in chunk if needs_glyph(c)), (lang, chunk)


def test_thai_digits_and_punctuation_come_from_the_companion(registry):
    info = script_info("tha_Thai")
    text = "ราคา 120.50 บาท!"
    stack = registry.pick(text, "Thai", random.Random(1), info.lang)
    assert "Thai" in stack.primary.family and len(stack.faces) == 2
    pieces = Shaper(stack, 24, info).pieces(text)
    faces = {text[p.start : p.end].strip(): p.face for p in pieces}
    assert faces["ราคา"] == 0
    assert any(face == 1 and "120.50" in chunk for chunk, face in faces.items())


def test_missing_glyph_is_rejected_with_reason(registry):
    # Ethiopic letters inside a Thai text: no Thai font (nor its companion) has them.
    with pytest.raises(MissingGlyphsError) as err:
        registry.pick("ภาษาไทย ሀለሐ", "Thai", random.Random(0), "tha_Thai")
    assert isinstance(err.value, RenderError)
    assert err.value.reason == "missing_glyphs"
    assert set(err.value.missing) == set("ሀለሐ")
    assert "U+1200" in str(err.value)


def test_private_use_character_is_never_drawn(registry):
    with pytest.raises(MissingGlyphsError):
        registry.pick("hello \ue000", "Latn", random.Random(0), "eng_Latn")


def test_font_dir_adds_fonts_by_cmap(registry, tmp_path):
    thai = next(f for f in registry.candidates("Thai") if f.family == "NotoSansThai")
    shutil.copy(thai.path, tmp_path / "MyThai-Regular.ttf")
    reg = FontRegistry([tmp_path], system_dirs=())
    faces = reg.candidates("Thai")
    assert [f.family for f in faces] == ["MyThai"]
    assert reg.candidates("Hebr") == []
    stack = reg.pick("ภาษาไทย", "Thai", random.Random(0))
    assert stack.primary.name == "MyThai-Regular.ttf"


def test_missing_font_dir_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="font-dir"):
        FontRegistry([tmp_path / "nope"])


def test_unhinted_copy_runs_no_hinting_and_keeps_the_advances(registry, tmp_path, monkeypatch):
    # FreeType auto-hints a TrueType font without fpgm whose prep has <= 7 bytes (half the
    # cost of drawing); the copy's prep only switches glyph programs off (INSTCTRL).
    monkeypatch.setenv("BABELSHARD_FONT_CACHE", str(tmp_path))
    face = next(f for f in registry.candidates("Latn") if f.path.endswith(".ttf"))
    copy = unhinted.__wrapped__(face.path)
    assert copy.startswith(str(tmp_path))
    with TTFont(copy) as font:
        assert "fpgm" not in font and "cvt " not in font
        prep = font["prep"].program
        assert len(prep.getBytecode()) > 7
        assert "INSTCTRL[ ]" in [op.split("\t")[0] for op in prep.getAssembly()]
        glyf = font["glyf"]
        programs = (getattr(glyf[name], "program", None) for name in font.getGlyphOrder())
        assert not any(program and program.getBytecode() for program in programs)
    text = "Hinting moves outlines, never advances: 0123 (AVAWAY)."
    for size in (11, 20, 37):
        original = ImageFont.truetype(face.path, size).getlength(text)
        assert ImageFont.truetype(copy, size).getlength(text) == original


def test_line_metrics_are_pillow_s(registry):
    """Shapers take ascent and descent from FreeType directly (no Pillow font per size):
    the same whole pixels as Pillow's ``getmetrics``, for every face the samples use."""
    faces = set()
    for lang in SAMPLE_TEXTS:
        info = script_info(lang)
        for face in registry.candidates(info.script, info.lang):
            faces |= {face, registry.companion(face) or face}
    for face in sorted(faces):
        for size in (9, 17, 24, 41):
            pillow = load_font(face.path, face.index, size).getmetrics()
            assert line_metrics(face.path, face.index, size) == pillow, (face.name, size)
