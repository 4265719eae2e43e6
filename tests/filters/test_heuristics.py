"""Heuristics: empty, copies, loops, length ratio, placeholders, digits."""

from __future__ import annotations

from babelshard.filters import reasons
from babelshard.filters.heuristics import (
    char_unit_repeats,
    check_copy,
    check_digits,
    check_empty,
    check_length_ratio,
    check_placeholders,
    check_repetition,
    numbers,
    placeholders,
    word_ngram_run,
)
from babelshard.filters.policy import evaluate
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment


def seg(source: str, hypothesis: str, target: str = "deu_Latn") -> TranslatedSegment:
    return TranslatedSegment(source, hypothesis, target)


def test_empty() -> None:
    assert check_empty(seg("A cat.", "  ")).reasons == (reasons.EMPTY,)
    assert check_empty(seg("", "")).accepted
    assert check_empty(seg("A cat.", "Eine Katze.")).accepted


def test_copy() -> None:
    source = "A brown dog runs across the green field."
    assert check_copy(seg(source, source)).reasons == (reasons.SOURCE_COPY,)
    near = check_copy(seg(source, "A brown dog runs across the green field"))
    assert not near.accepted and near.scores["copy_similarity"] >= 0.9
    # A changed word makes it no copy; the policy's LID and span checks still reject it.
    changed = seg(source, "A brown dog runs across the green fields")
    assert check_copy(changed).accepted and check_copy(changed).scores["copy_new_words"] == 1
    assert reasons.LID_SOURCE_LANGUAGE in evaluate(changed).reasons
    assert check_copy(seg("Bluetooth", "Bluetooth")).accepted  # too short to call a copy
    assert check_copy(seg(source, source, target="eng_Latn")).accepted
    assert check_copy(seg(source, "Ein brauner Hund rennt über das grüne Feld.")).accepted


def test_real_translations_pass_every_heuristic(pairs) -> None:
    for code, code_pairs in pairs.items():
        script = get_language(code).script
        for en, tr in code_pairs:
            segment = seg(en, tr, code)
            for verdict in (
                check_copy(segment),
                check_repetition(segment),
                check_length_ratio(segment, script),
                check_placeholders(segment),
                check_digits(segment),
            ):
                assert verdict.accepted, (code, tr, verdict)


def test_word_loops_are_rejected(pairs) -> None:
    en, de = pairs["deu_Latn"][0]
    words = de.split()
    loop = " ".join(words[:3] + words[1:3] * 6)
    verdict = check_repetition(seg(en, loop))
    assert verdict.reasons == (reasons.REPEATED_NGRAM,)
    assert verdict.scores["repeat_word_run"] >= 6
    assert word_ngram_run("the cat sat on the mat") == 1


def test_character_loops_are_rejected(pairs) -> None:
    en, zh = pairs["zho_Hans"][0]
    loop = zh + zh[2:4] * 6
    assert check_repetition(seg(en, loop, "zho_Hans")).reasons == (reasons.REPEATED_NGRAM,)
    en, th = pairs["tha_Thai"][0]
    assert not check_repetition(seg(en, th + th[:3] * 8, "tha_Thai")).accepted
    assert char_unit_repeats("......----") == 0  # layout, not a loop


def test_repetition_the_source_has_is_allowed() -> None:
    assert check_repetition(seg("ha ha ha ha ha", "ha ha ha ha ha")).accepted
    assert check_repetition(
        seg("Written by %s, %s, %s, %s, %s", "由 %s、%s、%s、%s、%s 编写")
    ).accepted


def test_length_ratio_per_script(pairs) -> None:
    en, zh = pairs["zho_Hans"][0]
    assert check_length_ratio(seg(en, zh, "zho_Hans"), "Hans").accepted
    # The same characters judged as Latin text are far too short.
    long_source = en + " " + en + " " + en
    assert not check_length_ratio(seg(long_source, zh, "zho_Hans"), "Latn").accepted
    en, de = pairs["deu_Latn"][0]
    truncated = check_length_ratio(seg(en * 3, de.split()[0]), "Latn")
    assert truncated.reasons == (reasons.LENGTH_RATIO,)
    assert not check_length_ratio(seg(en, de * 5), "Latn").accepted


def test_placeholders() -> None:
    src = "<image>\nWhat is %s doing with {name}?"
    assert check_placeholders(seg(src, "<image>\nWas macht %s mit {name}?")).accepted
    lost = check_placeholders(seg(src, "Was macht %s mit {name}?"))
    assert lost.reasons == (reasons.PLACEHOLDER_MISMATCH,)
    assert not check_placeholders(seg(src, "<image> <image> Was macht %s mit {name}?")).accepted
    assert check_placeholders(seg("%s of %d", "%2$d von %1$s")).accepted  # reordered is fine
    assert placeholders("50% off, 100% of it") == {}


def test_digits_are_normalised_across_numeral_systems() -> None:
    src = "There are 3 cats and 1,250 birds."
    assert check_digits(seg(src, "Es gibt 3 Katzen und 1.250 Vögel.")).accepted
    assert check_digits(seg(src, "هناك ٣ قطط و ١٬٢٥٠ طائر.", "arb_Arab")).accepted
    assert check_digits(seg(src, "३ बिल्लियाँ और १,२५० पक्षी हैं।", "hin_Deva")).accepted
    assert check_digits(seg(src, "৩টি বিড়াল এবং ১২৫০টি পাখি আছে।", "ben_Beng")).accepted
    assert check_digits(seg(src, "มีแมว ๓ ตัว และนก ๑,๒๕๐ ตัว", "tha_Thai")).accepted
    changed = check_digits(seg(src, "Es gibt 4 Katzen und 1.250 Vögel."))
    assert changed.reasons == (reasons.DIGITS_MISMATCH,)
    assert not check_digits(seg(src, "Es gibt drei Katzen und 1.250 Vögel.")).accepted
    assert numbers("Page %1$s of 12 <h1>") == {"12": 1}
