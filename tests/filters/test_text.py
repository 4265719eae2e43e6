"""Words of a text: each whole with its combining marks, in every script."""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata

import pytest
from gettext_catalogs import catalog_languages, sentence_pairs

from babelshard.filters.scripts import SCRIPT_NAME_PREFIXES
from babelshard.filters.text import COMBINING_MARKS, language_text, words
from babelshard.schemas.languages import all_languages, get_language

# Scripts whose vowel signs, viramas or points are combining marks (Mn, Mc).
MARKED_SCRIPTS = ("Deva", "Beng", "Taml", "Telu", "Gujr", "Knda", "Mlym", "Sinh", "Thai")
MARKED_SCRIPTS += ("Khmr", "Mymr", "Tibt", "Orya", "Guru", "Hebr", "Arab")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def _marks(text: str) -> list[str]:
    return [ch for ch in text if _is_mark(ch)]


def _space_separated_words(text: str) -> list[str]:
    """The tokens of ``text`` between spaces that are letters and marks alone."""
    return [
        token
        for token in unicodedata.normalize("NFKC", language_text(text)).split()
        if token[0].isalpha() and all(ch.isalpha() or _is_mark(ch) for ch in token)
    ]


def _attached_marks(text: str) -> int:
    """The marks of ``text`` that follow a letter, digit or mark: those of a word.

    A mark after a space or punctuation is a typo (Sinhala "ොබගේ" in a catalog) that
    starts no word.
    """
    return sum(
        1
        for before, ch in itertools.pairwise(text)
        if _is_mark(ch) and (before.isalnum() or _is_mark(before))
    )


def assert_whole_words(text: str) -> None:
    """Every mark of ``text`` that follows a letter stays in its word, and a token of
    letters and marks is one word."""
    found = words(text)
    assert len(_marks(" ".join(found))) == _attached_marks(
        unicodedata.normalize("NFKC", language_text(text))
    ), found
    for token in _space_separated_words(text):
        assert token in found, (token, found)


def test_devanagari_words_keep_their_vowel_signs_and_viramas() -> None:
    assert words("हिन्दी भाषा में लिखा गया") == ("हिन्दी", "भाषा", "में", "लिखा", "गया")


@pytest.mark.parametrize(
    "text",
    [
        "தமிழ் மொழியில் எழுதப்பட்டது",  # Tamil: vowel signs and the pulli (virama)
        "ফাইল খোলা যায়নি",  # Bengali
        "ไม่สามารถเปิดแฟ้มได้",  # Thai: above and below vowels, tone marks
        "שָׁלוֹם עוֹלָם",  # Hebrew with points
        "e\u0301te\u0301 de\u0301ja\u0300",  # Latin with accents left decomposed
    ],
)
def test_marks_stay_inside_their_words(text: str) -> None:
    assert_whole_words(text)


def test_the_shipped_real_translations_keep_their_words_whole(pairs) -> None:
    checked = 0
    for code, code_pairs in pairs.items():
        if get_language(code).script in MARKED_SCRIPTS:
            for _, translation in code_pairs:
                assert_whole_words(translation)
                checked += 1
    assert checked >= 8  # Hindi, Thai, Arabic


@pytest.mark.parametrize("script", MARKED_SCRIPTS)
def test_system_catalogs_keep_their_words_whole(script: str) -> None:
    """Every marked script of this machine's catalogs, where present."""
    codes = [code for code in catalog_languages() if get_language(code).script == script]
    if not codes:
        pytest.skip(f"no gettext catalogs in {script} on this machine")
    for code in codes:
        for _, translation in sentence_pairs(code, min_words=3)[:40]:
            assert_whole_words(translation)


def test_the_mark_class_is_every_combining_mark_of_the_basic_multilingual_plane() -> None:
    mark_re = re.compile(f"[{COMBINING_MARKS}]")
    for code in range(0x10000):
        is_mark = unicodedata.category(chr(code))[0] == "M"
        assert (mark_re.fullmatch(chr(code)) is not None) == is_mark, hex(code)


def test_the_marks_beyond_the_plane_are_of_no_registry_script() -> None:
    """The class leaves them out (a class beyond the BMP is slow to match): Brahmi,
    Chakma, musical symbols … none is a script of an NLLB language."""
    beyond = {
        unicodedata.name(chr(code), "").split(" ")[0]
        for code in range(0x10000, sys.maxunicode + 1)
        if unicodedata.category(chr(code))[0] == "M"
    }
    ours = {prefix for lang in all_languages() for prefix in SCRIPT_NAME_PREFIXES[lang.script]}
    assert beyond and not beyond & ours
