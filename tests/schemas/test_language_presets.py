"""Presets (centurio-100, mblip-95), preset files and resolve_languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelshard.schemas.languages import (
    PRESETS,
    AmbiguousLanguageError,
    LanguageError,
    UnknownLanguageError,
    format_preset,
    get_language,
    resolve_languages,
)
from babelshard.schemas.presets import get_preset, list_presets, load_preset_file

# The source lists exactly as the models' papers/repos give them.
CENTURIO_TEXT = """
af am ar ar-eg as azb be bg bm bn bo bs ca ceb cs cy da de du el en eo es et eu fa fi fr ga gd gl
ha hi hr ht hu id ig is it iw ja jv ka ki kk km ko la lb ln lo lt lv mi mr ms mt my no oc pa pl pt
qu ro ru sa sc sd sg sk sl sm so sq sr ss sv sw ta te th ti tl tn tpi tr ts tw uk ur uz vi war wo
xh yo zh zu
"""
MBLIP_TEXT = """
af am ar az be bg bn ca ceb cs cy da de el en eo es et eu fa fi fil fr ga gd gl gu ha hi ht hu hy
id ig is it iw ja jv ka kk km kn ko ku ky lb lo lt lv mg mi mk ml mn mr ms mt my ne nl no ny pa pl
ps pt ro ru sd si sk sl sm sn so sq sr st su sv sw ta te tg th tr uk ur uz vi xh yi yo zh zu
"""
CENTURIO_SOURCE = CENTURIO_TEXT.split()
MBLIP_SOURCE = MBLIP_TEXT.split()


def codes(langs: list) -> set[str]:
    return {lang.code for lang in langs}


def test_source_lists_have_the_published_sizes() -> None:
    assert len(CENTURIO_SOURCE) == len(set(CENTURIO_SOURCE)) == 100
    assert len(MBLIP_SOURCE) == len(set(MBLIP_SOURCE)) == 96  # 95 languages + English


def test_centurio_100_is_99_nllb_codes_and_latin_unsupported() -> None:
    preset = PRESETS["centurio-100"]
    assert set(preset.mapping) | {u.code for u in preset.unsupported} == set(CENTURIO_SOURCE)
    assert len(preset.codes) == 99
    assert len(resolve_languages("centurio-100")) == 99
    assert [u.code for u in preset.unsupported] == ["la"]
    assert "Latin" in preset.unsupported[0].reason
    assert "eng_Latn" in preset.codes


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("du", "nld_Latn"),
        ("iw", "heb_Hebr"),
        ("ar-eg", "arz_Arab"),
        ("ar", "arb_Arab"),
        ("fa", "pes_Arab"),
        ("zh", "zho_Hans"),
        ("sr", "srp_Cyrl"),
        ("eo", "epo_Latn"),
        ("sc", "srd_Latn"),
        ("ms", "zsm_Latn"),
        ("sw", "swh_Latn"),
        ("no", "nob_Latn"),
        ("tpi", "tpi_Latn"),
        ("azb", "azb_Arab"),
    ],
)
def test_centurio_pitfalls(source: str, code: str) -> None:
    assert PRESETS["centurio-100"].mapping[source] == code


def test_centurio_records_its_chinese_choice() -> None:
    preset = PRESETS["centurio-100"]
    assert "zho_Hans" in preset.codes and "zho_Hant" not in preset.codes
    assert any("zho_Hans" in note and "zh" in note for note in preset.notes)


def test_mblip_95_is_96_nllb_codes() -> None:
    preset = PRESETS["mblip-95"]
    assert set(preset.mapping) == set(MBLIP_SOURCE)
    assert len(preset.codes) == 96
    assert not preset.unsupported


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("ku", "ckb_Arab"),
        ("mg", "plt_Latn"),
        ("sw", "swh_Latn"),
        ("mn", "khk_Cyrl"),
        ("ms", "zsm_Latn"),
        ("no", "nob_Latn"),
        ("fil", "tgl_Latn"),
        ("iw", "heb_Hebr"),
        ("yi", "ydd_Hebr"),
        ("ps", "pbt_Arab"),
        ("ne", "npi_Deva"),
        ("az", "azj_Latn"),
    ],
)
def test_mblip_mapping(source: str, code: str) -> None:
    assert PRESETS["mblip-95"].mapping[source] == code


def test_preset_mappings_agree_with_registry_except_documented_choices() -> None:
    """A preset may map a code differently from the registry only where its notes say so."""
    for preset in list_presets():
        for source, code in preset.mapping.items():
            try:
                generic = get_language(source).code
            except UnknownLanguageError:  # 'du', or ambiguous 'zh'
                generic = None
            if generic is not None and generic != code:
                assert any(f"{source} -> {code}" in note for note in preset.notes), source


def test_resolve_zh_is_ambiguous_and_lists_both() -> None:
    with pytest.raises(AmbiguousLanguageError) as err:
        resolve_languages("zh")
    assert "zho_Hans" in str(err.value) and "zho_Hant" in str(err.value)


def test_resolve_comma_list_in_any_code_system() -> None:
    langs = resolve_languages("deu_Latn, sw,fr,__label__ru,Japanese,deu_Latn")
    assert [lang.code for lang in langs] == [
        "deu_Latn", "swh_Latn", "fra_Latn", "rus_Cyrl", "jpn_Jpan",
    ]  # fmt: skip


def test_resolve_preset_name_in_a_list_and_case_insensitive() -> None:
    langs = resolve_languages("MBLIP-95,zho_Hant")
    assert len(langs) == 97
    assert langs[-1].code == "zho_Hant"


def test_resolve_unknown_code_has_suggestions() -> None:
    with pytest.raises(UnknownLanguageError, match="did you mean swh_Latn"):
        resolve_languages("deu_Latn,swh_Latm")


@pytest.mark.parametrize("spec", ["", "  ", ", ,"])
def test_resolve_empty_spec(spec: str) -> None:
    with pytest.raises(LanguageError):
        resolve_languages(spec)


def test_preset_file(tmp_path: Path) -> None:
    path = tmp_path / "my-langs.txt"
    path.write_text(
        "# languages for the pilot run\ndeu_Latn\n\nsw   # Swahili, ISO 639-1\nfr, ja\ndeu_Latn\n",
        encoding="utf-8",
    )
    assert [lang.code for lang in resolve_languages(str(path))] == [
        "deu_Latn",
        "swh_Latn",
        "fra_Latn",
        "jpn_Jpan",
    ]  # fmt: skip  (file order, duplicates dropped)
    preset = load_preset_file(path)
    assert preset.name == "my-langs"
    assert get_preset(str(path)) == preset


def test_preset_file_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("deu_Latn\nzh\n", encoding="utf-8")
    with pytest.raises(AmbiguousLanguageError, match=r"bad\.txt:2: ambiguous language 'zh'"):
        resolve_languages(str(path))
    path.write_text("deu_Latn\n# ok\nla\n", encoding="utf-8")
    with pytest.raises(UnknownLanguageError, match=r"bad\.txt:3: unknown language 'la'"):
        resolve_languages(str(path))


def test_missing_or_empty_preset_file(tmp_path: Path) -> None:
    with pytest.raises(LanguageError, match="cannot read preset file"):
        resolve_languages(str(tmp_path / "missing.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(LanguageError, match="lists no languages"):
        resolve_languages(str(empty))


def test_unknown_preset_name_lists_presets() -> None:
    with pytest.raises(LanguageError, match="centurio-100"):
        get_preset("centurio-99")


def test_format_preset_prints_unsupported_and_notes() -> None:
    text = format_preset(PRESETS["centurio-100"])
    assert text.startswith("centurio-100:")
    assert "99 NLLB languages, 1 unsupported" in text
    assert "la: Latin is not an NLLB-200 language" in text
    assert "zh -> zho_Hans" in text
    table_rows = [line for line in text.splitlines() if line[:8] in PRESETS["centurio-100"].codes]
    assert len(table_rows) == 99


def test_languages_and_presets_pickle_for_beam_workers() -> None:
    import pickle

    preset = PRESETS["centurio-100"]
    assert pickle.loads(pickle.dumps(preset)) == preset
    assert hash(preset) == hash(pickle.loads(pickle.dumps(preset)))
    langs = resolve_languages("centurio-100")
    assert pickle.loads(pickle.dumps(langs)) == langs


@pytest.mark.parametrize(
    ("typo", "preset"), [("centurio-10", "centurio-100"), ("mblip95", "mblip-95")]
)
def test_a_preset_typo_suggests_the_preset_and_lists_them(typo, preset):
    with pytest.raises(LanguageError) as error:
        resolve_languages(typo)
    message = str(error.value)
    assert f"did you mean the preset {preset}?" in message
    assert all(name in message for name in PRESETS)
