"""The CTranslate2 NLLB translator, driven through the tiny random-weight model."""

from __future__ import annotations

import logging
import shutil

import pytest

from babelshard.translators.base import Translator
from babelshard.translators.nllb import (
    DecodingOptions,
    LanguageNotInModelError,
    NllbTranslator,
    _last_word_start,
    token_batches,
)
from babelshard.translators.test_model import build_tokenizer_json

TEXTS = [
    "A dog runs in the park with a red ball.",
    "Two people.",
    "The table has a bowl of fruit, a vase of flowers and two glasses of water on it.",
    "What is the color of the bus?",
]
TARGETS = ["deu_Latn", "fra_Latn", "zho_Hans", "swh_Latn"]


@pytest.fixture(scope="module")
def translator(tiny_model):
    return NllbTranslator(tiny_model, device="cpu", options=DecodingOptions(beam_size=1))


def test_is_a_translator(translator):
    assert isinstance(translator, Translator)
    assert translator.compute_type == "int8"
    assert translator.describe()["device"] == "cpu"


def test_loading_says_nothing_misleading_about_the_tokenizer(tiny_model, tmp_path):
    # transformers 5 takes a CTranslate2 folder whose tokenizer has over 100k pieces
    # (NLLB's has 256k) for an old Mistral tokenizer and warns of "incorrect
    # tokenization" on every load, unless told that the fix does not apply.
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    (model / "tokenizer.json").write_text(build_tokenizer_json(100_500), encoding="utf-8")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    library = logging.getLogger("transformers")  # it does not propagate to the root
    library.addHandler(handler)
    try:
        NllbTranslator(model, device="cpu")
    finally:
        library.removeHandler(handler)
    assert [r.getMessage() for r in records if "regex" in r.getMessage()] == []


def test_mixed_targets_come_back_in_input_order(translator):
    batch = translator.translate(TEXTS, "eng_Latn", TARGETS)
    assert len(batch) == len(TEXTS)
    assert all(r.text and r.score is not None for r in batch)
    # Inputs are sorted by length internally, so any permutation of the same batch
    # decodes identically; results must follow their inputs back to their places.
    order = [2, 0, 3, 1]
    permuted = translator.translate(
        [TEXTS[i] for i in order], "eng_Latn", [TARGETS[i] for i in order]
    )
    assert [r.text for r in permuted] == [batch[i].text for i in order]
    # A different target language token changes the output: targets are honoured per input.
    assert translator.translate([TEXTS[0]], "eng_Latn", "fra_Latn")[0].text != batch[0].text


def test_empty_inputs_come_back_empty(translator):
    results = translator.translate(["", "Hello there.", "   "], "eng_Latn", "deu_Latn")
    assert results[0].text == "" and results[2].text == ""
    assert results[1].text


def test_unknown_language_is_a_clear_error(translator):
    with pytest.raises(LanguageNotInModelError, match="babelshard languages"):
        translator.translate(["Hello"], "eng_Latn", "xxx_Latn")
    with pytest.raises(ValueError, match="2 texts but 1 target"):
        translator.translate(["a", "b"], "eng_Latn", ["deu_Latn"])


def test_output_length_is_bounded_relative_to_input(tiny_model):
    pinned = NllbTranslator(
        tiny_model,
        device="cpu",
        options=DecodingOptions(
            beam_size=1,
            min_decoding_length=9,
            max_length_ratio=0.0,
            max_length_extra=9,
            no_repeat_ngram_size=0,
        ),
    )
    tokens = pinned.encode(["A short sentence."], "eng_Latn")
    result = pinned.engine.translate_batch(
        tokens,
        target_prefix=[["deu_Latn"]],
        max_decoding_length=pinned.options.decoding_limit(5) + 1,
        **pinned.translate_batch_kwargs(),
    )[0]
    assert len(result.hypotheses[0]) - 1 == 9  # language token dropped


def test_long_inputs_are_windowed_not_truncated(tiny_model):
    small = NllbTranslator(
        tiny_model, device="cpu", options=DecodingOptions(beam_size=1, max_input_tokens=16)
    )
    text = " ".join(["the quick brown fox jumps over the lazy dog"] * 6)
    sources = small.encode([text], "eng_Latn")
    windows, owners = small._windows(sources)
    assert len(windows) > 2 and set(owners) == {0}
    assert all(len(w) <= 16 for w in windows)
    body = [piece for window in windows for piece in window[1:-1]]
    assert body == sources[0][1:-1]  # every source piece is translated exactly once
    assert all(window[1].startswith("▁") for window in windows)
    assert len(small.translate([text], "eng_Latn", "deu_Latn")) == 1


def test_token_batches_respect_the_budget():
    sources = [["x"] * n for n in (3, 5, 5, 8, 20, 40)]
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    batches = list(token_batches(order, sources, budget=40))
    assert [i for batch in batches for i in batch] == order
    for batch in batches:
        assert len(batch) * max(len(sources[i]) for i in batch) <= 40 or len(batch) == 1


def test_window_cut_prefers_word_starts():
    pieces = ["▁a", "b", "c", "▁d", "e", "▁f", "g", "h"]
    assert _last_word_start(pieces, 7) == 5
    assert _last_word_start(["▁a"] + ["b"] * 9, 8) == 8  # no word start late enough: hard cut


def test_cross_entropy_scores_each_pair_in_both_directions(translator):
    from babelshard.filters.dual_xent import dual_xent_scores

    sources = ["The cat sleeps on the sofa.", "Open the file."]
    targets = ["Le chat dort sur le canapé.", "Ouvrez le fichier."]
    forward = translator.cross_entropy(sources, targets, "eng_Latn", "fra_Latn")
    backward = translator.cross_entropy(targets, sources, "fra_Latn", "eng_Latn")
    assert len(forward) == len(backward) == 2
    assert all(value > 0 for value in forward + backward)  # nats per token of a real model
    scores = dual_xent_scores(forward[0], backward[0])
    assert scores["dual_xent"] >= max(forward[0], backward[0])
    with pytest.raises(LanguageNotInModelError):
        translator.cross_entropy(sources, targets, "eng_Latn", "xxx_Latn")
