"""Properties of segmentation on generated text: nothing is lost, layout never moves."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("hypothesis")  # in the venv; add to the `test` extra

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from babelshard.translators.segment import (
    estimate_tokens,
    segment_text,
    sentence_spans,
)

LANGS = ["eng_Latn", "deu_Latn", "rus_Cyrl", "zho_Hans", "hin_Deva", "arb_Arab", "tha_Thai"]

# Building blocks that hit every rule: words in several scripts, sentence and
# clause punctuation, abbreviations, list markers, table separators, fences,
# tags, URLs, e-mails, code spans, odd whitespace and line endings.
WORDS = st.sampled_from(
    [
        "cat", "The", "Dr.", "e.g.", "3.5", "U.S.", "...", "Ünïcödé", "Кошка", "сидит",
        "猫", "在桌子上", "。", "！", "नमस्ते", "है।", "القطة", "؟", "،", "แมว", "ครับ",
        ".", ",", ";", ":", "?", "!", " - ", "—", "(", ")", "\"", "'", "|", "\t", "#", "##",
        "1.", "2)", "-", "*", ">", "a)", "```", "~~~", "`x`", "``a`b``", "<image>",
        "</video>", "<ocr>", "https://ex.org/a.b?c=d", "www.ex.com.", "me@ex.org",
        "[1]", "［2］", "  ", "\n", "\n\n", "\r\n", " ", " ", " ", "\u00a0", "\u2028",
    ]
)  # fmt: skip
SPACED = st.lists(WORDS, max_size=60).map(" ".join)
# Glued tokens ("cathttps://", "me@ex.orgwww.") stress the layout, not the detectors.
TEXTS = SPACED | st.lists(WORDS, max_size=60).map("".join)
SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from(LANGS), shield=st.sampled_from(["placeholder", "split"]))
def test_identity_translation_rebuilds_the_text(text, lang, shield):
    seg = segment_text(text, lang=lang, shield=shield)
    assert seg.reassemble(seg.pieces) == text


@SETTINGS
@given(text=SPACED, lang=st.sampled_from(LANGS), max_tokens=st.integers(2, 12))
def test_pieces_fit_the_budget_and_are_clean(text, lang, max_tokens):
    seg = segment_text(text, lang=lang, max_tokens=max_tokens)
    assert seg.reassemble(seg.pieces) == text
    for piece in seg.pieces:
        assert estimate_tokens(piece) <= max_tokens, piece
        assert piece == piece.strip() and piece
        assert not re.search(r"[\n\r\u2028]", piece)
        assert "<image>" not in piece and "://" not in piece and "@" not in piece
        assert any(ch.isalpha() for ch in re.sub(r"\[\d+\]", "", piece))


@SETTINGS
@given(text=SPACED, lang=st.sampled_from(LANGS))
def test_a_translation_changes_only_the_pieces(text, lang):
    """Swap-case every piece: the layout keeps every other character in place."""
    seg = segment_text(text, lang=lang)
    translated = seg.reassemble([p.swapcase() for p in seg.pieces])
    assert len(translated) == len(text)
    for before, after in zip(text, translated, strict=True):
        assert after == before or after == before.swapcase()
    for url in ("https://ex.org/a.b?c=d", "me@ex.org", "<image>", "`x`"):
        assert translated.count(url) == text.count(url)


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from(LANGS), max_tokens=st.integers(2, 12))
def test_glued_text_still_fits_and_rebuilds(text, lang, max_tokens):
    seg = segment_text(text, lang=lang, max_tokens=max_tokens)
    assert seg.reassemble(seg.pieces) == text
    assert all(estimate_tokens(p) <= max_tokens for p in seg.pieces)


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from(LANGS))
def test_sentence_spans_tile_the_text(text, lang):
    spans = sentence_spans(text, lang)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans)
