"""Shaping is on: raqm joins Arabic, forms Devanagari conjuncts and orders RTL lines."""

from __future__ import annotations

import random

import numpy as np
import pytest

from babelshard.renderers import layout
from babelshard.renderers.document import DocumentConfig, DocumentRenderer
from babelshard.renderers.fonts import FontStack, load_font
from babelshard.renderers.layout import Shaper, TextFlow
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scripts import ShapingUnavailableError, require_shaping, script_info


def _face(registry, script, family):
    return next(f for f in registry.candidates(script) if f.family == family)


def _mask(font, text, **kwargs) -> np.ndarray:
    return np.asarray(font.getmask(text, **kwargs), dtype=np.uint8).reshape(
        font.getmask(text, **kwargs).size[::-1]
    )


def test_arabic_word_shaped_differs_from_unshaped(registry):
    face = _face(registry, "Arab", "NotoSansArabic")
    word = "العربية"
    shaped = load_font(face.path, face.index, 48, raqm=True)
    plain = load_font(face.path, face.index, 48, raqm=False)
    a = _mask(shaped, word, direction="rtl", language="ar")
    b = _mask(plain, word)
    # Joined letters use contextual (initial/medial/final) forms: a different drawing.
    assert a.shape != b.shape or np.mean(a != b) > 0.05
    assert shaped.getlength(word, direction="rtl") != plain.getlength(word)


def test_devanagari_conjunct_forms(registry):
    face = _face(registry, "Deva", "NotoSansDevanagari")
    shaped = load_font(face.path, face.index, 48, raqm=True)
    plain = load_font(face.path, face.index, 48, raqm=False)
    conjunct = "क्ष"  # ka + virama + ssa -> one ligature glyph
    # Unshaped, the virama and both full consonants are drawn side by side.
    assert shaped.getlength(conjunct, language="hi") < plain.getlength(conjunct) * 0.8
    # Shaped, the conjunct is narrower than "क्" followed by "ष" drawn apart.
    apart = shaped.getlength("क्", language="hi") + shaped.getlength("ष", language="hi")
    assert shaped.getlength(conjunct, language="hi") < apart


def test_rtl_line_places_first_word_rightmost_and_digits_ltr(registry):
    info = script_info("heb_Hebr")
    stack = FontStack((_face(registry, "Hebr", "NotoSansHebrew"),))
    stack = FontStack((stack.primary, registry.companion(stack.primary)))
    line = Shaper(stack, 32, info).draw("שלום 123 עולם", words=True)
    boxes = {word: box for word, box in line.words}
    # Reading right to left: שלום, then 123, then עולם.
    assert boxes["שלום"][0] > boxes["123"][2] > boxes["123"][0] > boxes["עולם"][2]


def test_complex_scripts_refused_without_raqm():
    with pytest.raises(ShapingUnavailableError, match="raqm"):
        require_shaping(script_info("arb_Arab"), have_raqm=False)
    with pytest.raises(ShapingUnavailableError):
        require_shaping(script_info("tha_Thai"), have_raqm=False)
    require_shaping(script_info("rus_Cyrl"), have_raqm=False)  # simple scripts still draw


def test_renderer_without_raqm_refuses_arabic_but_draws_latin(registry):
    renderer = DocumentRenderer(registry, DocumentConfig(size=(256, 256)), raqm=False)
    with pytest.raises(ShapingUnavailableError):
        renderer.render("مرحبا بالعالم", "arb_Arab", seed=1)
    sample = renderer.render("Hello world", "eng_Latn", seed=1)
    assert sample.doc["lines"][0]["text"] == "Hello world"


@pytest.mark.parametrize("lang", sorted(SAMPLE_TEXTS))
def test_harfbuzz_widths_agree_with_what_pillow_draws(registry, lang):
    """Lines are measured with HarfBuzz directly and drawn by Pillow through raqm: every
    run's width (words and whole lines, each font and direction) agrees to 1/32 px."""
    info = script_info(lang)
    text = SAMPLE_TEXTS[lang]
    rng = random.Random(lang)
    for size in (13, 27, 40):
        stack = registry.pick(text + "•–", info.script, rng, info.lang)
        shaper = Shaper(stack, size, info)
        flow = TextFlow([text], info.bcp47)
        lines = [line.text for line in flow.take(shaper, 300, 100)]
        words = [w for line in lines for w in line.split()]
        for piece, sample in ((p, t) for t in lines + words for p in shaper.pieces(t)):
            font = shaper.fonts[piece.face]
            direction = "rtl" if piece.rtl else "ltr"
            drawn = font.getlength(
                sample[piece.start : piece.end], direction=direction, language=info.bcp47
            )
            assert piece.width == pytest.approx(drawn, abs=1 / 32), (lang, size, sample)


@pytest.mark.parametrize("lang", sorted(SAMPLE_TEXTS))
def test_lines_from_cached_glyphs_are_pillow_s_pixels(registry, lang, monkeypatch):
    """Lines drawn from HarfBuzz positions and cached FreeType bitmaps are the lines
    Pillow draws (marks, joins and conjuncts placed alike): pixel for pixel, except
    that a glyph may sit one pixel apart where raqm's pen and HarfBuzz's differ by
    1/64 px at a rounding edge (their advances come from FreeType and from HarfBuzz)."""
    info = script_info(lang)
    text = SAMPLE_TEXTS[lang]
    rng = random.Random(f"draw:{lang}")
    drawn, pillow = [], []
    for size in (11, 23, 38):
        stack = registry.pick(text + "•–", info.script, rng, info.lang)
        shaper = Shaper(stack, size, info)
        lines = [line.text for line in TextFlow([text], info.bcp47).take(shaper, 300, 100)]
        drawn += [shaper.draw(line) for line in lines]
        with monkeypatch.context() as patched:
            patched.setattr(layout, "draw_run", lambda *args: False)  # Pillow's ImageDraw.text
            pillow += [shaper.draw(line) for line in lines]
    same = 0
    for ours, theirs in zip(drawn, pillow, strict=True):
        a, b = np.asarray(ours.mask, dtype=int), np.asarray(theirs.mask, dtype=int)
        assert a.shape == b.shape
        assert np.abs(np.subtract(ours.ink, theirs.ink)).max() <= 1, (lang, ours.text)
        assert abs(a.sum() - b.sum()) <= 0.01 * b.sum(), (lang, ours.text)
        if (a == b).all():
            same += 1
        else:  # the difference is one glyph's width: a glyph one pixel apart
            columns = np.nonzero((a != b).any(axis=0))[0]
            assert columns.max() - columns.min() <= 2 * shaper.size, (lang, ours.text)
    assert same >= 0.75 * len(drawn), (lang, same, len(drawn))
