"""The language registry: the 202 NLLB codes, lookups in every code system, errors."""

from __future__ import annotations

import pytest

from babelshard.schemas.languages import (
    LID176_LABELS,
    AmbiguousLanguageError,
    Language,
    UnknownLanguageError,
    all_languages,
    find_language,
    format_languages,
    from_lid176,
    get_language,
)


def codes(langs: list[Language]) -> list[str]:
    return [lang.code for lang in langs]


def test_registry_has_exactly_the_nllb_codes_of_transformers() -> None:
    nllb = pytest.importorskip("transformers.models.nllb.tokenization_nllb")
    assert sorted(nllb.FAIRSEQ_LANGUAGE_CODES) == codes(all_languages())
    assert len(all_languages()) == 202


def test_registry_is_sorted_and_consistent() -> None:
    langs = all_languages()
    assert codes(langs) == sorted(codes(langs))
    for lang in langs:
        assert lang.code == f"{lang.iso639_3}_{lang.script}"
        assert len(lang.iso639_3) == 3 and len(lang.script) == 4
        assert lang.name and lang.name == lang.name.strip()
        assert lang.iso639_1 is None or len(lang.iso639_1) == 2


def test_registry_does_not_import_transformers_at_run_time() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; import babelshard.schemas.languages as m; m.resolve_languages('mblip-95'); "
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('transformers', 'fasttext')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("lang", all_languages(), ids=lambda lang: lang.code)
def test_round_trip_by_nllb_code(lang: Language) -> None:
    assert get_language(lang.code) is lang
    assert get_language(lang.code.lower()) is lang
    assert get_language(lang.code.replace("_", "-")) is lang


def test_round_trip_by_iso639_3_where_unique() -> None:
    by_iso3: dict[str, list[Language]] = {}
    for lang in all_languages():
        by_iso3.setdefault(lang.iso639_3, []).append(lang)
    for iso3, langs in by_iso3.items():
        if len(langs) == 1:
            assert get_language(iso3) is langs[0]
            assert get_language(iso3.upper()) is langs[0]
        else:  # one language in two scripts: the caller must choose
            with pytest.raises(AmbiguousLanguageError) as err:
                get_language(iso3)
            assert set(err.value.suggestions) == set(codes(langs))
    multi_script = {iso3 for iso3, langs in by_iso3.items() if len(langs) > 1}
    assert multi_script == {"ace", "bjn", "kas", "knc", "taq", "zho"}


def test_round_trip_by_iso639_1_where_unique() -> None:
    by_iso1: dict[str, list[Language]] = {}
    for lang in all_languages():
        if lang.iso639_1:
            by_iso1.setdefault(lang.iso639_1, []).append(lang)
    shared = {iso1 for iso1, langs in by_iso1.items() if len(langs) > 1}
    assert shared == {"zh", "ks", "kr"}
    for iso1, langs in by_iso1.items():
        if iso1 not in shared:
            assert get_language(iso1) is langs[0]


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        ("de", "deu_Latn"),
        ("DEU", "deu_Latn"),
        ("german", "deu_Latn"),
        ("__label__de", "deu_Latn"),
        ("ar", "arb_Arab"),
        ("ara", "arb_Arab"),
        ("Arabic", "arb_Arab"),
        ("ar-EG", "arz_Arab"),
        ("arz", "arz_Arab"),
        ("fa", "pes_Arab"),
        ("Persian", "pes_Arab"),
        ("ms", "zsm_Latn"),
        ("sw", "swh_Latn"),
        ("no", "nob_Latn"),
        ("nb", "nob_Latn"),
        ("nn", "nno_Latn"),
        ("et", "est_Latn"),
        ("lv", "lvs_Latn"),
        ("mn", "khk_Cyrl"),
        ("uz", "uzn_Latn"),
        ("sq", "als_Latn"),
        ("als", "als_Latn"),  # ISO 639-3 Tosk Albanian, not lid.176's Alemannic "als"
        ("ps", "pbt_Arab"),
        ("az", "azj_Latn"),
        ("azb", "azb_Arab"),
        ("qu", "quy_Latn"),
        ("mg", "plt_Latn"),
        ("ku", "kmr_Latn"),
        ("ckb", "ckb_Arab"),
        ("om", "gaz_Latn"),
        ("ne", "npi_Deva"),
        ("yi", "ydd_Hebr"),
        ("iw", "heb_Hebr"),
        ("he", "heb_Hebr"),
        ("fil", "tgl_Latn"),
        ("bh", "bho_Deva"),
        ("yue", "yue_Hant"),
        ("zh-Hans", "zho_Hans"),
        ("zh_tw", "zho_Hant"),
        ("sr", "srp_Cyrl"),
        ("eo", "epo_Latn"),
        ("sc", "srd_Latn"),
    ],
)
def test_lookup_in_any_code_system(spec: str, code: str) -> None:
    assert get_language(spec).code == code


@pytest.mark.parametrize(
    ("spec", "candidates"),
    [
        ("zh", {"zho_Hans", "zho_Hant"}),
        ("zho", {"zho_Hans", "zho_Hant"}),
        ("Chinese", {"zho_Hans", "zho_Hant"}),
        ("sh", {"bos_Latn", "hrv_Latn", "srp_Cyrl"}),
        ("Kashmiri", {"kas_Arab", "kas_Deva"}),
    ],
)
def test_ambiguous_codes_list_candidates(spec: str, candidates: set[str]) -> None:
    with pytest.raises(AmbiguousLanguageError) as err:
        get_language(spec)
    assert set(err.value.suggestions) == candidates
    for code in candidates:
        assert code in str(err.value)
    assert isinstance(err.value, UnknownLanguageError)  # config validation catches both


def test_unknown_code_error_names_code_suggestions_and_fix() -> None:
    with pytest.raises(UnknownLanguageError) as err:
        get_language("deu_Latm")
    assert err.value.code == "deu_Latm"
    assert err.value.suggestions[0] == "deu_Latn"
    message = str(err.value)
    assert "'deu_Latm'" in message and "did you mean deu_Latn" in message
    assert "babelshard languages" in message
    assert isinstance(err.value, ValueError)


def test_unknown_name_gets_suggestions() -> None:
    with pytest.raises(UnknownLanguageError) as err:
        get_language("Germn")
    assert "deu_Latn" in err.value.suggestions


def test_lid_label_of_a_language_nllb_lacks_says_so() -> None:
    with pytest.raises(UnknownLanguageError, match="not an NLLB-200 language") as err:
        get_language("la")
    assert not isinstance(err.value, AmbiguousLanguageError)
    assert find_language("la") is None
    assert find_language("swh_Latn") == get_language("sw")


@pytest.mark.parametrize("bad", ["", "   ", "xx_Yyyy"])
def test_garbage_raises_unknown(bad: str) -> None:
    with pytest.raises(UnknownLanguageError):
        get_language(bad)


def test_rtl_for_arabic_and_hebrew_scripts_only() -> None:
    rtl = {lang.code for lang in all_languages() if lang.rtl}
    assert rtl == {lang.code for lang in all_languages() if lang.script in ("Arab", "Hebr")}
    for code in ("arb_Arab", "pes_Arab", "urd_Arab", "heb_Hebr", "ydd_Hebr", "ckb_Arab"):
        assert get_language(code).rtl
    for code in ("eng_Latn", "zho_Hans", "hin_Deva", "taq_Tfng", "amh_Ethi"):
        assert not get_language(code).rtl


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("__label__hr", ["hrv_Latn"]),
        ("sh", ["bos_Latn", "hrv_Latn", "srp_Cyrl"]),
        ("fa", ["pes_Arab", "prs_Arab"]),
        ("zh", ["zho_Hans", "zho_Hant", "yue_Hant"]),
        ("yue", ["yue_Hant"]),
        ("no", ["nob_Latn", "nno_Latn"]),
        ("nn", ["nno_Latn"]),
        ("arz", ["arz_Arab"]),
        ("ku", ["kmr_Latn"]),
        ("ckb", ["ckb_Arab"]),
        ("lv", ["lvs_Latn", "ltg_Latn"]),
        ("als", []),  # Alemannic: lid.176 knows it, NLLB-200 does not
        ("la", []),
    ],
)
def test_from_lid176(label: str, expected: list[str]) -> None:
    assert codes(from_lid176(label)) == expected


def test_from_lid176_arabic_covers_msa_and_dialects() -> None:
    covered = codes(from_lid176("ar"))
    assert covered[0] != "arz_Arab"  # own-label languages come before related ones
    assert covered[-1] == "arz_Arab"
    assert set(covered) == {
        "acm_Arab", "acq_Arab", "aeb_Arab", "ajp_Arab", "apc_Arab",
        "arb_Arab", "ars_Arab", "ary_Arab", "arz_Arab",
    }  # fmt: skip


def test_from_lid176_rejects_unknown_labels() -> None:
    with pytest.raises(ValueError, match=r"not a lid\.176 label"):
        from_lid176("deu")


def test_every_recorded_lid_label_is_a_lid176_label() -> None:
    assert len(LID176_LABELS) == 176
    for lang in all_languages():
        for label in lang.lid176_labels:
            assert label in LID176_LABELS, (lang.code, label)


def test_format_languages_table() -> None:
    langs = [get_language("deu_Latn"), get_language("arb_Arab"), get_language("aka_Latn")]
    lines = format_languages(langs).splitlines()
    assert lines[0].split() == ["code", "name", "script", "iso639-1", "rtl", "lid176"]
    assert len(lines) == 4
    assert lines[1].split() == ["deu_Latn", "German", "Latn", "de", "no", "de"]
    assert lines[2].split() == [
        "arb_Arab",
        "Modern",
        "Standard",
        "Arabic",
        "Arab",
        "ar",
        "yes",
        "ar",
    ]
    assert lines[3].split() == ["aka_Latn", "Akan", "Latn", "ak", "no", "-"]
    # columns line up: every row starts its script column at the same offset
    offset = lines[0].index("script")
    assert all(line[offset : offset + 4] in ("scri", "Latn", "Arab") for line in lines)


# -- ISO 639-2/B codes and locale tags -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ger", "deu_Latn"),
        ("fre", "fra_Latn"),
        ("dut", "nld_Latn"),
        ("GER", "deu_Latn"),
        ("de-DE", "deu_Latn"),
        ("de_DE", "deu_Latn"),
        ("pt-BR", "por_Latn"),
        ("zh-TW", "zho_Hant"),
        ("zh_CN", "zho_Hans"),
        ("zh-Hant", "zho_Hant"),
        ("zh-Hans-SG", "zho_Hans"),
    ],
)
def test_bibliographic_codes_and_locale_tags_resolve(code, expected):
    assert get_language(code).code == expected


def test_an_ambiguous_bibliographic_code_lists_its_candidates():
    with pytest.raises(AmbiguousLanguageError) as error:
        get_language("chi")
    assert {lang.code for lang in error.value.candidates} == {"zho_Hans", "zho_Hant"}
    assert "'chi'" in str(error.value)


def test_a_script_nllb_lacks_names_the_script_it_has():
    with pytest.raises(UnknownLanguageError) as error:
        get_language("sr-Latn")
    assert error.value.suggestions == ("srp_Cyrl",)
    assert "only as srp_Cyrl" in str(error.value)


def test_a_locale_of_an_unknown_language_says_so():
    with pytest.raises(UnknownLanguageError, match="'xq' is no known language"):
        get_language("xq-DE")
