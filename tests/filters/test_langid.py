"""Language ID: lid.176 label mapping, confusable groups, short texts, custom models."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_fasttext import write_tiny_lid_model

from babelshard.filters import alphabets, lid_calibration, lingua_lid, reasons
from babelshard.filters.cld2 import Cld2Opinion
from babelshard.filters.confusables import CONFUSABLE_GROUPS, confusable_group
from babelshard.filters.langid import (
    LidModel,
    LidResult,
    check_langid,
    cld2_vetoes,
    confirm_agreement,
    decide_langid,
    default_model_path,
    label_languages,
    load_lid_model,
    mass,
    read_fasttext_labels,
    segment_result,
)
from babelshard.filters.policy import FilterConfig, evaluate
from babelshard.filters.scripts import letter_count
from babelshard.schemas.languages import LID176_LABELS, get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

CLOSE_LANGUAGES = [
    "hrv_Latn", "srp_Cyrl", "bos_Latn", "glg_Latn", "por_Latn", "spa_Latn", "zsm_Latn",
    "ind_Latn", "afr_Latn", "nld_Latn", "nob_Latn", "dan_Latn", "swe_Latn",
]  # fmt: skip


def lid_verdict(lid: LidModel, source: str, hypothesis: str, target: str):
    segment = TranslatedSegment(source, hypothesis, target)
    script = get_language(target).script
    return check_langid(segment, lid, script, letter_count(hypothesis))


def test_reads_the_176_labels_from_the_shipped_model() -> None:
    assert set(read_fasttext_labels(default_model_path())) == LID176_LABELS


def test_label_mapping() -> None:
    assert label_languages("__label__deu_Latn") == {"deu_Latn"}
    assert label_languages("__label__hr") == {"hrv_Latn"}
    assert label_languages("sh") == {"hrv_Latn", "srp_Cyrl", "bos_Latn"}
    assert label_languages("la") == frozenset()  # a language NLLB lacks
    assert label_languages("not-a-label") == frozenset()


def test_model_is_loaded_once(lid: LidModel) -> None:
    assert load_lid_model() is lid
    assert load_lid_model(default_model_path()) is lid


def test_confusable_groups_are_registry_languages() -> None:
    for members in CONFUSABLE_GROUPS.values():
        for code in members:
            assert get_language(code).code == code
    assert confusable_group("hrv_Latn") == {"hrv_Latn", "srp_Cyrl", "bos_Latn"}
    assert confusable_group("deu_Latn") == {"deu_Latn"}


def test_group_mass_counts_each_label_once(lid: LidModel, pairs) -> None:
    probs = lid.predict(pairs["hrv_Latn"][0][1])
    group = mass(probs, confusable_group("hrv_Latn"))
    assert mass(probs, frozenset({"hrv_Latn"})) <= group <= 1.0
    assert group >= 0.5


def test_real_translations_are_accepted(lid: LidModel, pairs) -> None:
    verdicts = {
        code: [lid_verdict(lid, en, tr, code).accepted for en, tr in code_pairs]
        for code, code_pairs in pairs.items()
    }
    accepted = sum(sum(v) for v in verdicts.values())
    total = sum(len(v) for v in verdicts.values())
    assert accepted / total >= 0.95
    for code in CLOSE_LANGUAGES:
        assert sum(verdicts[code]) >= len(verdicts[code]) - 1, code


def test_close_language_is_accepted_through_its_group(lid: LidModel, pairs) -> None:
    # The same message: Bosnian and Croatian are each other's group siblings.
    en, hr = pairs["hrv_Latn"][0]
    bs = dict(pairs["bos_Latn"])[en]
    for target, text in (("bos_Latn", hr), ("hrv_Latn", bs)):
        verdict = lid_verdict(lid, en, text, target)
        assert verdict.accepted, (target, verdict.scores)
        assert verdict.scores["lid_group_prob"] >= verdict.scores["lid_target_prob"]


def test_english_copies_are_rejected(lid: LidModel, pairs) -> None:
    for code, code_pairs in pairs.items():
        for en, _ in code_pairs:
            verdict = lid_verdict(lid, en, en, code)
            assert not verdict.accepted, (code, en)
            assert verdict.reasons == (reasons.LID_SOURCE_LANGUAGE,)


def test_wrong_language_is_rejected(lid: LidModel, pairs) -> None:
    cases = [("deu_Latn", "rus_Cyrl"), ("spa_Latn", "deu_Latn"), ("nld_Latn", "swe_Latn")]
    cases += [("hin_Deva", "arb_Arab"), ("zsm_Latn", "por_Latn"), ("dan_Latn", "ind_Latn")]
    checked = 0
    for target, actual in cases:
        for en, text in pairs[actual]:
            verdict = lid_verdict(lid, en, text, target)
            if verdict.scores["lid_short"]:
                continue  # short texts are the script check's job (test_scripts.py)
            checked += 1
            assert not verdict.accepted, (target, actual, text)
            assert verdict.reasons == (reasons.LID_WRONG_LANGUAGE,)
    assert checked >= 15


def test_short_text_is_accepted_unless_confidently_the_source(lid: LidModel) -> None:
    # "File name" in Croatian: lid.176 is unsure (Slovak first), but it is short.
    verdict = lid_verdict(lid, "File name", "Ime datoteke", "hrv_Latn")
    assert verdict.accepted and verdict.scores["lid_short"] == 1.0
    copy = lid_verdict(lid, "Open the file now", "Open the file now", "deu_Latn")
    assert copy.reasons == (reasons.LID_SOURCE_LANGUAGE,)


def test_short_rule_on_synthetic_results() -> None:
    unsure = LidResult(0.0, 0.05, 0.2, "sk", 0.25, frozenset({"slk_Latn"}), True)
    assert decide_langid(unsure, "hrv_Latn", "eng_Latn", short=True).accepted
    assert not decide_langid(unsure, "hrv_Latn", "eng_Latn", short=False).accepted
    # Nothing for the target and 40% for another language: wrong even when short,
    # unless CLD2 names the target.
    other = LidResult(0.0, 0.0, 0.3, "sk", 0.4, frozenset({"slk_Latn"}), True)
    verdict = decide_langid(other, "hrv_Latn", "eng_Latn", short=True)
    assert verdict.reasons == (reasons.LID_WRONG_LANGUAGE,)
    croatian = Cld2Opinion(frozenset({"hrv_Latn"}), 90, True)
    assert decide_langid(other, "hrv_Latn", "eng_Latn", short=True, second=croatian).accepted
    english = LidResult(0.0, 0.0, 0.95, "en", 0.95, frozenset({"eng_Latn"}), True)
    assert not decide_langid(english, "hrv_Latn", "eng_Latn", short=True).accepted
    # English into English is no copy.
    assert decide_langid(english, "eng_Latn", "eng_Latn", short=True).accepted


def test_calibrated_cld2_veto_rejects_another_language_even_when_short() -> None:
    # Danish text for German, short: lid.176 unsure, CLD2 reliably Danish.
    unsure = LidResult(0.0, 0.02, 0.1, "da", 0.35, frozenset({"dan_Latn"}), True)
    danish = Cld2Opinion(frozenset({"dan_Latn"}), 97, True)
    assert decide_langid(unsure, "deu_Latn", "eng_Latn", short=True, second=danish).accepted
    vetoed = decide_langid(
        unsure, "deu_Latn", "eng_Latn", short=True, second=danish, cld2_lookalikes=frozenset()
    )
    assert vetoed.reasons == (reasons.LID_WRONG_LANGUAGE,)
    # A language CLD2 names for the target's real text is no veto, nor is English
    # (CLD2 reads technical sentences as English), nor an unreliable or partial verdict.
    alike = frozenset({"dan_Latn"})
    assert not cld2_vetoes(unsure, danish, "deu_Latn", "eng_Latn", alike)
    english = Cld2Opinion(frozenset({"eng_Latn"}), 97, True)
    assert not cld2_vetoes(unsure, english, "deu_Latn", "eng_Latn")
    assert not cld2_vetoes(unsure, Cld2Opinion(danish.languages, 97, False), "deu_Latn", "eng_Latn")
    assert not cld2_vetoes(unsure, Cld2Opinion(danish.languages, 60, True), "deu_Latn", "eng_Latn")
    # lid.176 giving the group real mass overrules CLD2.
    sure = LidResult(0.6, 0.6, 0.1, "de", 0.6, frozenset({"deu_Latn"}), True)
    assert not cld2_vetoes(sure, danish, "deu_Latn", "eng_Latn")


def test_lookalikes_of_a_language_lid176_lacks() -> None:
    """Friulian reads as Italian to lid.176; a confident Polish or German verdict it never gets."""
    alike = frozenset({"ita_Latn"})
    italian = LidResult(0.0, 0.0, 0.0, "it", 0.9, frozenset({"ita_Latn"}), False)
    polish = LidResult(0.0, 0.0, 0.0, "pl", 0.9, frozenset({"pol_Latn"}), False)
    unsure = LidResult(0.0, 0.0, 0.0, "pl", 0.3, frozenset({"pol_Latn"}), False)
    for short in (True, False):
        assert decide_langid(italian, "fur_Latn", "eng_Latn", short, lookalikes=alike).accepted
        assert decide_langid(unsure, "fur_Latn", "eng_Latn", short, lookalikes=alike).accepted
        assert decide_langid(polish, "fur_Latn", "eng_Latn", short).accepted  # uncalibrated
        wrong = decide_langid(polish, "fur_Latn", "eng_Latn", short, lookalikes=alike)
        assert wrong.reasons == (reasons.LID_WRONG_LANGUAGE,)


def test_calibration_tables_name_real_languages() -> None:
    for table in (lid_calibration.CLD2_VETO, lid_calibration.LOOKALIKES):
        for code, alike in table.items():
            assert get_language(code).code == code
            assert all(get_language(other).code == other for other in alike)
    assert "deu_Latn" in lid_calibration.CLD2_VETO
    assert "crh_Latn" not in lid_calibration.CLD2_VETO  # CLD2 reads it as Turkish


def test_language_unknown_to_lid176_is_judged_by_script_only(lid: LidModel) -> None:
    assert not lid.supports("twi_Latn")
    assert lid.supports("awa_Deva")  # through Hindi, its group
    twi = lid_verdict(lid, "I want to go home", "Mepɛ sɛ mekɔ fie ntɛm ara", "twi_Latn")
    assert twi.accepted and twi.scores["lid_supported"] == 0.0
    text = "A dog runs on the beach with a red ball"
    copy = lid_verdict(lid, text, text, "twi_Latn")
    assert copy.reasons == (reasons.LID_SOURCE_LANGUAGE,)


@pytest.fixture(scope="module")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    words = {
        "deu_Latn": ["der", "hund", "läuft", "am", "strand"],
        "eng_Latn": ["the", "dog", "runs", "on", "beach"],
        "fra_Latn": ["le", "chien", "court", "sur", "plage"],
    }
    return write_tiny_lid_model(tmp_path_factory.mktemp("lid") / "tiny-lid.bin", words)


def test_custom_model_with_nllb_labels(tiny_model_path: Path) -> None:
    model = load_lid_model(tiny_model_path)
    assert model is load_lid_model(str(tiny_model_path))
    assert model.known_languages == {"deu_Latn", "eng_Latn", "fra_Latn"}
    german = "der hund läuft am strand entlang und bellt"
    assert max(model.predict(german), key=model.predict(german).get) == "deu_Latn"
    assert lid_verdict(model, "the dog runs on the beach", german, "deu_Latn").accepted
    french = lid_verdict(model, "x", "le chien court sur la plage toute la journée", "deu_Latn")
    assert french.reasons == (reasons.LID_WRONG_LANGUAGE,)
    english = lid_verdict(model, "x", "the dog runs on the beach all day long", "deu_Latn")
    assert english.reasons == (reasons.LID_SOURCE_LANGUAGE,)
    # Hindi is unknown to this model: script check only, said so in the scores.
    hindi = lid_verdict(model, "x", "कुत्ता समुद्र तट पर दौड़ता है और भौंकता है", "hin_Deva")
    assert hindi.accepted and hindi.scores["lid_supported"] == 0.0


def test_rejects_a_file_that_is_not_a_fasttext_model(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"\0" * 64)
    with pytest.raises(ValueError, match="not a fastText model"):
        read_fasttext_labels(bogus)


def test_lingua_confirms_a_language_lid176_lacks(pairs) -> None:
    """Xhosa is unknown to lid.176; another Latin-script language in its place is caught."""
    assert "xho_Latn" in lid_calibration.LINGUA_CONFIRM
    for en, text in pairs["xho_Latn"]:
        verdict = evaluate(TranslatedSegment(en, text, "xho_Latn", back_translation=en))
        assert verdict.accepted, (text, verdict)
        assert verdict.scores["lid3_target_conf"] >= 0.5
    checked = 0
    for other in ("deu_Latn", "swe_Latn", "ind_Latn", "spa_Latn", "nld_Latn"):
        for en, text in pairs[other]:
            verdict = evaluate(TranslatedSegment(en, text, "xho_Latn", back_translation=en))
            assert reasons.LID_WRONG_LANGUAGE in verdict.reasons, (other, text, verdict.scores)
            checked += 1
    assert checked == 20
    en, text = pairs["deu_Latn"][0]
    off = FilterConfig(lid_second_opinion=False)
    verdict = evaluate(TranslatedSegment(en, text, "xho_Latn", back_translation=en), off)
    assert "lid3_target_conf" not in verdict.scores


def test_lingua_table_names_languages_lingua_knows() -> None:
    known = lingua_lid.known_codes()
    for code, (allowed, floor) in lid_calibration.LINGUA_CONFIRM.items():
        assert get_language(code).code == code
        assert code.split("_")[0] in allowed and allowed <= known
        assert 0.0 < floor <= 0.1


def test_letters_of_another_language_of_the_script_reject(pairs) -> None:
    """Assamese ৰ in a Bengali answer; Danish ø in Swedish; names and source words pass."""
    assert "ৰ" in lid_calibration.FOREIGN_LETTERS["ben_Beng"]
    assert "ø" in lid_calibration.FOREIGN_LETTERS["swe_Latn"]
    en, swedish = pairs["swe_Latn"][0]
    assert alphabets.check_alphabet(TranslatedSegment(en, swedish, "swe_Latn"), "ø").accepted
    with_o = [(en, da) for en, da in pairs["dan_Latn"] if "ø" in alphabets.word_letters(da)]
    assert len(with_o) >= 2
    for en, danish in with_o:
        verdict = evaluate(TranslatedSegment(en, danish, "swe_Latn", back_translation=en))
        assert reasons.LID_WRONG_LANGUAGE in verdict.reasons, danish
        assert verdict.scores["foreign_letters"] >= 1
    named = TranslatedSegment("Open Øresund maps", "Öppna kartor över Øresund", "swe_Latn")
    assert alphabets.check_alphabet(named, "ø").accepted  # a capitalised name
    kept = TranslatedSegment("Open the smørrebrød menu", "Öppna smørrebrød-menyn", "swe_Latn")
    assert alphabets.check_alphabet(kept, "ø").accepted  # the source's own word


def test_one_lid_result_per_segment_decides_as_fresh_ones(lid: LidModel, pairs) -> None:
    """The policy summarises lid.176 once (``segment_result``) for ``check_langid`` and
    ``confirm_agreement``: each decides as when it summarises the prediction itself."""
    kept = Verdict(accepted=True)
    for target in ("dan_Latn", "afr_Latn", "srp_Cyrl", "zho_Hans"):
        for source, hypothesis in pairs[target][:15] + pairs["deu_Latn"][:5]:
            segment = TranslatedSegment(source, hypothesis, target)
            script = get_language(target).script
            probs = lid.predict(hypothesis)
            result = segment_result(segment, lid, probs)
            assert result == segment_result(segment, lid)  # predicted when not given
            letters = letter_count(hypothesis)
            assert check_langid(segment, lid, script, letters, probs=probs, result=result) == (
                check_langid(segment, lid, script, letters, probs=probs)
            )
            assert confirm_agreement(segment, kept, probs, lid, result) == (
                confirm_agreement(segment, kept, probs, lid)
            )
