"""The filters' fast paths give exactly what the plain definitions give.

Each shortcut (a prefilter, a cache, a count done in C) is checked against the
straightforward computation it replaces, on real text of many scripts and on
generated texts built to hit the edge cases (loops, repeats, empty text).
``bench/filter_speed.py`` checks the same on the whole quality corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from babelshard.filters.backtranslation import chrf_pp
from babelshard.filters.confusables import confusable_group
from babelshard.filters.heuristics import (
    char_unit_repeats,
    copy_similarity,
    loop_search,
    word_ngram_run,
)
from babelshard.filters.langid import lid_result, load_lid_model, mass
from babelshard.filters.scripts import letter_count, letter_scripts
from babelshard.filters.text import _NON_LINGUISTIC_RE, language_text, spaced_ideographs

_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def plain_word_ngram_run(text: str, max_n: int = 4) -> int:
    """Every start, every n: the definition."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    tokens = [t for t in (_NOT_ALNUM_RE.sub("", t) for t in folded.split()) if t]
    best = 1 if tokens else 0
    for n in range(1, max_n + 1):
        for start in range(len(tokens) - 2 * n + 1):
            gram, run, pos = tokens[start : start + n], 1, start + n
            while tokens[pos : pos + n] == gram:
                run, pos = run + 1, pos + n
            best = max(best, run)
    return best


def real_texts(pairs: dict[str, list[tuple[str, str]]]) -> list[str]:
    return [text for ps in pairs.values() for pair in ps for text in pair]


# Few distinct tokens and characters, so that repeats and loops are common.
token_texts = st.lists(st.sampled_from(["the", "cat", "Cat,", "of", "ha", "_", "x1"]), max_size=24)
char_texts = st.text(alphabet="ab ab.我的-", max_size=60)


@settings(max_examples=400, deadline=None)
@given(token_texts)
def test_word_ngram_run_is_the_definition(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert word_ngram_run(text) == plain_word_ngram_run(text)


@settings(max_examples=400, deadline=None)
@given(char_texts, st.integers(min_value=5, max_value=12))
def test_char_unit_repeats_prefilter_loses_no_loop(text: str, min_chars: int) -> None:
    assert char_unit_repeats(text, min_chars) == loop_search(text, min_chars)


def test_loop_helpers_on_real_text(pairs) -> None:
    for text in real_texts(pairs):
        for variant in (text, text + text[:5] * 6, " ".join([text] * 5)):
            assert word_ngram_run(variant) == plain_word_ngram_run(variant)
            assert char_unit_repeats(variant) == loop_search(variant)


def test_copy_similarity_bound_is_difflibs_quick_ratio(pairs) -> None:
    texts = real_texts(pairs)
    for source, hypothesis_text in zip(texts, texts[1:] + texts[:1], strict=True):
        for floor in (0.0, 0.5, 0.9, 1.0):
            ours = copy_similarity(source, hypothesis_text, floor)
            matcher = SequenceMatcher(None, *map(_normalise_like_copy, (source, hypothesis_text)))
            if matcher.a and matcher.b and matcher.a != matcher.b:
                length = 2 * min(len(matcher.a), len(matcher.b)) / (len(matcher.a) + len(matcher.b))
                quick = matcher.quick_ratio()
                expected = length if length < floor else quick if quick < floor else matcher.ratio()
                assert ours == expected


def _normalise_like_copy(text: str) -> str:
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def test_chrf_of_a_text_with_itself_and_of_empty_texts() -> None:
    from sacrebleu.metrics import CHRF

    metric = CHRF(word_order=2)
    for text in ("A brown dog.", "x", "我的猫", "a b"):
        assert chrf_pp(text, text) == metric.sentence_score(text, [text]).score == 100.0
    assert chrf_pp("", "") == metric.sentence_score("", [""]).score


def test_letter_scripts_counts_every_letter(pairs) -> None:
    for text in [*real_texts(pairs), "", "123 !?", "ʻokina ˈstress"]:
        letters = sum(1 for ch in text if unicodedata.category(ch).startswith("L"))
        assert letter_count(text) == letters == sum(letter_scripts(text).values())


def test_spaced_ideographs_skips_only_texts_without_ideographs() -> None:
    assert spaced_ideographs("  Hello   world ") == "Hello world"
    assert spaced_ideographs("") == ""
    assert spaced_ideographs("我的猫 cat") == "我 的 猫 cat"
    assert spaced_ideographs("𠀀x") == "𠀀 x"


def test_lid_masses_are_mass(pairs) -> None:
    model = load_lid_model()
    for code, ps in pairs.items():
        for _, translation in ps:
            probs = model.predict(translation)
            result = lid_result(probs, code, "eng_Latn", True)
            assert result.target_prob == mass(probs, frozenset({code}))
            assert result.group_prob == mass(probs, confusable_group(code))
            assert result.source_prob == mass(probs, frozenset({"eng_Latn"}))


def test_prediction_through_the_binding_is_the_wrappers(pairs) -> None:
    model = load_lid_model()
    for _, ps in pairs.items():
        for _, translation in ps:
            line = spaced_ideographs(translation.replace("\n", " "))
            labels, probs = model._model.predict(line, k=-1, threshold=1e-3)
            assert model._predict_pairs(line) == list(zip(probs, labels, strict=True))


def test_counter_of_characters_matches_the_loop() -> None:
    text = "aab我我"
    assert letter_scripts(text) == Counter({"LATIN": 3, "CJK": 2})


def test_language_text_prefilter_misses_no_token(pairs) -> None:
    tokens = ["<image>", "%s", "%1$d", "{name}", "http://x.org", "www.x.org", "a@b.cd"]
    tokens += ["--verbose", "-v", "pkg_name2", "x86", "camelCase", "٣", "plain"]
    texts = real_texts(pairs) + [f"word {token} word" for token in tokens]
    for text in texts:
        cleaned = " ".join(_NON_LINGUISTIC_RE.sub(" ", text).split())
        assert language_text(text) == (cleaned or " ".join(text.split()))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcdefghij .我", max_size=30),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz 的", min_size=1, max_size=25),
    st.integers(min_value=2, max_value=5),
    st.text(alphabet="klmnopqrst -", max_size=30),
)
def test_char_unit_repeats_prefilter_on_units_far_apart(
    head: str, unit: str, times: int, tail: str
) -> None:
    """Units up to 25 characters, 2-5 times: repeated windows near and beyond 20 apart."""
    text = head + unit * times + tail
    assert char_unit_repeats(text) == loop_search(text)
