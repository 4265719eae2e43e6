"""The filters' fast paths give exactly what the plain definitions give.

Each shortcut (a prefilter, a cache, a count done in C) is checked against the
straightforward computation it replaces, on real text of many scripts and on
generated texts built to hit the edge cases (loops, repeats, empty text).
``bench/filter_speed.py`` checks the same on the whole quality corpus.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from babelshard.filters import (
    alphabets,
    franc_lid,
    lid_calibration,
    lingua_lid,
    py3langid_lid,
    reasons,
)
from babelshard.filters.backtranslation import _words, chrf_pp, ngram_matches
from babelshard.filters.confusables import confusable_group
from babelshard.filters.coverage import (
    check_coverage,
    content_words,
    round_trip_length,
    word_coverage,
    word_stems,
    words_appended,
    words_cut,
)
from babelshard.filters.heuristics import (
    _ORDINAL_RE,
    _near_window_re,
    char_unit_repeats,
    check_digits,
    check_placeholders,
    copy_similarity,
    loop_search,
    non_space_chars,
    numbers,
    placeholders,
    word_ngram_run,
)
from babelshard.filters.langid import lid_result, load_lid_model, mass
from babelshard.filters.scripts import char_script_word, letter_count, letter_scripts
from babelshard.filters.text import (
    _NON_LINGUISTIC_RE,
    language_text,
    may_have_ideographs,
    shared_count,
    spaced_ideographs,
    words,
)
from babelshard.filters.trigram_lid import _grams, _word_parts, _word_rows, load_profiles
from babelshard.schemas.records import TranslatedSegment, Verdict

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


def test_letter_scripts_is_the_per_character_definition(pairs) -> None:
    """The count over distinct characters is what ``char_script_word`` says of each
    character, in the order each script first appears (fullwidth, modifier letters,
    private-use and supplementary-plane characters included)."""
    every_ascii = "".join(map(chr, range(128)))  # the ASCII path: letters counted in C
    texts = [
        *real_texts(pairs),
        "",
        "Ａｂc 中文",
        "ʻokina",
        "\U000f0000\ue000 a",
        "𠀀 x ᐁ",
        every_ascii,
    ]
    for text in texts:
        expected: Counter[str] = Counter()
        for char in text:
            word = char_script_word(char)
            if word is not None:
                expected[word] += 1
        assert list(letter_scripts(text).items()) == list(expected.items()), text


def test_spaced_ideographs_skips_only_texts_without_ideographs() -> None:
    assert spaced_ideographs("  Hello   world ") == "Hello world"
    assert spaced_ideographs("") == ""
    assert spaced_ideographs("我的猫 cat") == "我 的 猫 cat"
    assert spaced_ideographs("𠀀x") == "𠀀 x"


def test_the_model_reads_what_spaced_ideographs_makes_of_the_cleaned_text(pairs) -> None:
    """``LidModel.predict`` spaces only texts with an ideograph: ``language_text`` leaves
    single spaces, so ``spaced_ideographs`` would give the same text back."""
    texts = [*real_texts(pairs), " a\u00a0 b\t", "我的猫 cat", "<b>x</b>", "", "   "]
    for text in texts:
        cleaned = language_text(text)
        if not may_have_ideographs(cleaned):
            assert spaced_ideographs(cleaned) == cleaned, text


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


def plain_ngram_matches(hypothesis: str, reference: str) -> list[tuple[int, int, int]]:
    """chrF++'s n-gram matches by the definition: every n-gram sliced out and counted,
    the smaller count of each shared one summed."""
    sides = []
    for text in (hypothesis, reference):
        chars = "".join(text.split())
        grams = [[chars[i : i + n] for i in range(len(chars) - n + 1)] for n in range(1, 7)]
        words = _words(text)  # sacrebleu's word split (test_backtranslation checks it)
        grams += [words, [f"{a} {b}" for a, b in pairwise(words)]]
        sides.append([Counter(g) for g in grams])
    return [
        (sum(min(count, ref[gram]) for gram, count in hyp.items()), hyp.total(), ref.total())
        for hyp, ref in zip(*sides, strict=True)
    ]


def test_chrf_counts_are_the_definitions(pairs) -> None:
    """Real sentences of many scripts against each other, truncated, with a sentence
    appended and with repeats, so both the all-once and the counted n-grams are met."""
    texts = real_texts(pairs)
    for hyp, ref in zip(texts, texts[1:] + texts[:1], strict=True):
        for variant in (hyp, hyp[: len(hyp) // 2], f"{ref} {hyp}", f"{hyp} {hyp}", ref):
            expected = plain_ngram_matches(variant, ref)
            assert ngram_matches(variant, ref) == expected, (variant, ref)
    assert ngram_matches("ha ha ha ha", "ha ha") == plain_ngram_matches("ha ha ha ha", "ha ha")


def near_window_repeat(text: str, width: int, distance: int = 20) -> bool:
    """Whether any ``width``-character window occurs again 1 to ``distance`` positions on."""
    windows = [text[i : i + width] for i in range(len(text) - width + 1)]
    return any(
        windows[i] == windows[j]
        for i in range(len(windows))
        for j in range(i + 1, min(i + distance + 1, len(windows)))
    )


@settings(max_examples=400, deadline=None)
@given(char_texts, st.integers(min_value=4, max_value=6))
def test_near_window_search_is_the_definition(text: str, width: int) -> None:
    assert bool(_near_window_re(width).search(text)) == near_window_repeat(text, width)


def test_near_window_search_at_the_distance_bound() -> None:
    """A window again exactly 20 positions on counts, 21 on does not; overlaps count."""
    filler = "ghijklmnopqrstuvwxyz"  # no repeats of its own
    for width in (4, 5, 6):
        window = "abcdef"[:width]
        assert _near_window_re(width).search(window + filler[: 20 - width] + window)
        assert not _near_window_re(width).search(window + filler[: 21 - width] + window)
        assert _near_window_re(width).search("a" * (width + 1))


def test_near_window_search_on_real_text(pairs) -> None:
    for text in real_texts(pairs):
        for variant in (text, text + text[:7] * 3, text[:9] + "\n" + text[:9]):
            for width in (4, 5, 6):
                expected = near_window_repeat(variant, width)
                assert bool(_near_window_re(width).search(variant)) == expected, variant


def test_cached_lingua_confidence_is_a_fresh_calls(pairs) -> None:
    """Asked again, a text gets the value lingua gives it anew (rounded the same way)."""
    allowed, _ = lid_calibration.LINGUA_CONFIRM["xho_Latn"]
    for _, text in pairs["xho_Latn"] + pairs["deu_Latn"]:
        first = lingua_lid.allowed_confidence(text, allowed)
        fresh = lingua_lid.confidences(text)
        assert first == round(sum(p for code, p in fresh.items() if code in allowed), 6)
        assert lingua_lid.allowed_confidence(text, allowed) == first


def test_is_name_skips_the_digit_scan_only_where_no_digit_can_be() -> None:
    """No code point is both a letter and a digit (what lets ``is_name`` skip words of
    letters), and on real words and edge cases it is the plain definition."""
    assert not any(chr(c).isalpha() and chr(c).isdigit() for c in range(sys.maxunicode + 1))
    samples = ["gnome", "GNOME", "x11", "mp3-Datei", "l’été", "٣د", "Ⅻ", "ab²", "১০টি"]
    for word in samples + [
        w for text in ("Öffnen Sie 3 Dateien", "x86_64 ядра") for w in words(text)
    ]:
        assert alphabets.is_name(word) == (word[0].isupper() or any(map(str.isdigit, word)))


def _franc_distance(counts: Counter[str], ranks: dict[str, int]) -> int:
    """franc's own distance of a text's trigram counts to one language's profile (its loop)."""
    total = 0
    for trigram, count in counts.items():
        rank = ranks.get(trigram)
        total += franc_lid.MAX_DIFFERENCE if rank is None else abs(count - rank - 1)
    return total


def test_franc_distances_at_once_are_each_languages_distance(pairs) -> None:
    """``ScriptRanks.distances`` is franc's distance to each of the script's profiles,
    integer for integer, on real text of every script franc reads and on a trigram
    repeated far beyond any rank."""
    texts = [*real_texts(pairs), "aaa " * 600, "ཀཀཀ " * 200, "?!"]
    for script in ("Latn", "Cyrl", "Tibt"):
        table = franc_lid.script_ranks(script)
        for text in texts:
            counts = franc_lid.trigram_counts(language_text(text))
            if not counts:
                continue
            expected = [_franc_distance(counts, ranks) for _, ranks in franc_lid.candidates(script)]
            assert table.distances(counts).tolist() == expected, text


def test_py3langid_scores_sum_one_ranking_in_rank_order(pairs) -> None:
    """``probability`` and ``agreed_log_ratio`` read one cached ranking of a text and sum
    their labels in rank order: the plain sums over a fresh ranking, bit for bit."""
    target, agreed = "fao_Latn", frozenset({"dan_Latn", "afr_Latn"})
    own = py3langid_lid.group_labels(target)
    others = frozenset().union(*(py3langid_lid.group_labels(code) for code in agreed))
    for _, text in pairs["dan_Latn"] + pairs["afr_Latn"] + pairs["deu_Latn"][:5]:
        fresh = py3langid_lid.identifier().rank(language_text(text))
        own_prob = float(sum(p for label, p in fresh if label in own))
        other_prob = float(sum(p for label, p in fresh if label in others))
        assert py3langid_lid.probability(text, own) == own_prob
        expected = round(math.log((other_prob + 1e-9) / (own_prob + 1e-9)), 6)
        assert py3langid_lid.agreed_log_ratio(text, target, agreed) == expected
        assert py3langid_lid.ranked(text) == tuple(fresh)  # cached, unchanged by its readers


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcab你"), max_size=20),
    st.lists(st.sampled_from("abd你"), max_size=20),
)
def test_shared_count_is_the_counter_intersection(a: list[str], b: list[str]) -> None:
    assert shared_count(Counter(a), Counter(b)) == (Counter(a) & Counter(b)).total()


def test_round_trip_equal_to_its_source_scores_as_the_general_path(pairs) -> None:
    """``check_coverage``'s shortcut for a round trip that is its source, against
    ``word_coverage``, ``words_appended``, ``words_cut`` and ``round_trip_length`` (and the
    source without content words)."""
    sources = [english for ps in pairs.values() for english, _ in ps] + ["", "the of a", "42"]
    for source in sources:
        segment = TranslatedSegment(source, source, "deu_Latn", back_translation=source)
        scores = check_coverage(segment, 1.0).scores
        found = word_coverage(content_words(source), content_words(source))
        assert (scores["bt_recall"], scores["bt_precision"]) == (found.recall, found.precision)
        assert (found.lost, found.extra) == (0, 0)
        assert scores["bt_appended"] == words_appended(content_words(source), content_words(source))
        assert scores["bt_end_dangling"] == 0.0
        assert scores["bt_cut_tail"] == words_cut(word_stems(source), word_stems(source))
        assert scores["bt_length_ratio"] == round_trip_length(source, source)


def test_digits_and_placeholders_without_any_verdict_as_the_general_path(pairs) -> None:
    """Texts with no number or placeholder on either side take a shortcut: same verdict."""
    texts = [*real_texts(pairs), "", "50% off", "{", "<", "%"]
    for source, hypothesis_text in zip(texts, texts[1:] + texts[:1], strict=True):
        segment = TranslatedSegment(source, hypothesis_text, "deu_Latn")
        src, hyp = numbers(source), numbers(hypothesis_text)
        missing = src - hyp
        ordinals = Counter(m.group(1).lstrip("0") or "0" for m in _ORDINAL_RE.finditer(source))
        same = not hyp - src and (not missing or missing <= ordinals)
        assert check_digits(segment) == Verdict(
            accepted=same,
            scores={"numbers_src": float(src.total())},
            reasons=() if same else (reasons.DIGITS_MISMATCH,),
        )
        src, hyp = placeholders(source), placeholders(hypothesis_text)
        assert check_placeholders(segment) == Verdict(
            accepted=src == hyp,
            scores={"placeholders_src": float(src.total()), "placeholders_hyp": float(hyp.total())},
            reasons=() if src == hyp else (reasons.PLACEHOLDER_MISMATCH,),
        )


def test_combine_keeps_every_score_and_reason_in_order() -> None:
    parts = [
        Verdict(True, {"a": 1.0}),
        Verdict(False, {"b": 2.0}, ("first",)),
        Verdict(True, {"a": 3.0}),
        Verdict(False, {}, ["second", "third"]),  # type: ignore[arg-type]
    ]
    assert Verdict.combine(parts) == Verdict(
        False, {"a": 3.0, "b": 2.0}, ("first", "second", "third")
    )
    assert Verdict.combine(parts[:1] + parts[2:3]) == Verdict(True, {"a": 3.0}, ())
    assert Verdict.combine([]) == Verdict(True, {}, ())


def test_non_space_chars_is_the_regular_expressions_count(pairs) -> None:
    """``str.split`` drops exactly the characters ``\\s`` matches, every one of them."""
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c)))
    assert spaces == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    for text in [*real_texts(pairs), spaces, f"a{spaces}b\u200bc", ""]:
        assert non_space_chars(text) == len(re.sub(r"\s+", "", text))


def test_trigram_word_parts_of_a_letters_only_word_are_the_split(pairs) -> None:
    """A word of letters alone is one part: no joint nor digit, nor in its casefolding."""
    letters = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalpha()]
    for word in [*(w for text in real_texts(pairs) for w in words(text)), *letters, "İstanbul"]:
        split = [p for p in re.split(r"[-'’]", word.casefold()) if p and not re.search(r"\d", p)]
        assert _word_parts(word) == split


def test_trigram_word_rows_are_the_tables_rows_as_intp(pairs) -> None:
    """A word's rows, built as an ``array``, read back as the NumPy index array of its
    trigrams' rows (the zero row for a trigram not kept)."""
    table = load_profiles().tables["Latn"]
    for word in [w for text in real_texts(pairs) for w in words(text)][:2000]:
        for part, rows in _word_rows(table, word, False):
            expected = [table.rows.get(gram, len(table.rows)) for gram in _grams(part)]
            assert np.frombuffer(rows, np.intp).tolist() == expected
