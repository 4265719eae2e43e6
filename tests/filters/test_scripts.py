"""Script check: the hypothesis is written in the target language's script."""

from __future__ import annotations

import pytest

from babelshard.filters import reasons
from babelshard.filters.scripts import (
    SCRIPT_NAME_PREFIXES,
    char_script_word,
    check_script,
    script_ratio,
)
from babelshard.filters.text import language_text, spaced_ideographs
from babelshard.schemas.languages import all_languages, get_language
from babelshard.schemas.records import TranslatedSegment


def test_every_registry_script_is_known() -> None:
    assert {lang.script for lang in all_languages()} <= set(SCRIPT_NAME_PREFIXES)


def test_char_scripts() -> None:
    assert char_script_word("a") == "LATIN"
    assert char_script_word("ж") == "CYRILLIC"
    assert char_script_word("क") == "DEVANAGARI"
    assert char_script_word("中") == "CJK"
    assert char_script_word("Ａ") == "LATIN"  # fullwidth
    assert char_script_word("5") is None
    assert char_script_word(",") is None


def test_real_translations_are_in_their_script(pairs) -> None:
    for code, code_pairs in pairs.items():
        script = get_language(code).script
        for en, tr in code_pairs:
            verdict = check_script(TranslatedSegment(en, tr, code), script)
            assert verdict.accepted, (code, tr, verdict.scores)
        english = TranslatedSegment(code_pairs[0][0], code_pairs[0][0], code)
        assert check_script(english, script).accepted == (script == "Latn")


def test_other_script_is_rejected(pairs) -> None:
    en, arabic = pairs["arb_Arab"][0]
    verdict = check_script(TranslatedSegment(en, arabic, "hin_Deva"), "Deva")
    assert verdict.reasons == (reasons.SCRIPT_MISMATCH,)
    assert verdict.scores["script_ratio"] == 0.0
    serbian_latin = "Ime datoteke teme za učitavanje"  # Serbian is Cyrillic in NLLB
    assert not check_script(TranslatedSegment(en, serbian_latin, "srp_Cyrl"), "Cyrl").accepted


def test_dense_scripts_are_weighted_and_identifiers_ignored() -> None:
    # Real gettext translation: product names in Latin next to Japanese.
    text = "DNSSEC Negative Trust Anchorsを設定するには認証が必要です。"
    assert script_ratio(language_text(text), "Jpan")[0] >= 0.5
    assert script_ratio(language_text("Open <image> now"), "Latn") == (1.0, 7)
    assert script_ratio("1234 !!", "Thai") == (1.0, 0)
    with pytest.raises(KeyError):
        script_ratio("abc", "Xxxx")


def test_language_text_drops_non_linguistic_tokens() -> None:
    text = "See <image> at https://x.org/a or --verbose, pkg_name2 and getValue %s {0} now"
    assert language_text(text) == "See at or , and now"
    assert language_text("%s") == "%s"  # nothing left: keep the text
    assert language_text("我有3只猫") == "我有3只猫"
    assert spaced_ideographs("用来通知值") == "用 来 通 知 值"
    assert spaced_ideographs("ファイル を") == "ファイル を"


def test_names_kept_from_the_source_do_not_count_against_the_script() -> None:
    """Real catalog translations: Bulgarian and Arabic around the source's product names."""
    kept = [
        ("Drawing — Corel Draw", "Чертеж — Corel Draw", "bul_Cyrl", "Cyrl"),
        ("Doom WAD file", "ملف Doom WAD", "arb_Arab", "Arab"),
    ]
    for en, text, code, script in kept:
        assert check_script(TranslatedSegment(en, text, code), script).accepted, text
    # Common words are no names: an English copy still fails.
    copy = "Open the file now please"
    assert not check_script(TranslatedSegment(copy, copy, "rus_Cyrl"), "Cyrl").accepted
    # English left around the names is a partial translation, judged whole.
    partial = TranslatedSegment(
        "Unexpected end of PNM image data", "Край на PNM image data", "bul_Cyrl"
    )
    assert not check_script(partial, "Cyrl").accepted
    # Latin text that does not come from the source still counts.
    other = TranslatedSegment("Drawing — Corel Draw", "Dessin — Corel Draw", "bul_Cyrl")
    assert not check_script(other, "Cyrl").accepted
