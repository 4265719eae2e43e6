"""The benchmark's audited label noise: which genuine cases it leaves out, and how it reports."""

from __future__ import annotations

from broken_corpus import GENUINE, GENUINE_STRUCTURED, options_block
from catalog_defects import CATALOG_DEFECTS, defect

CUT_SHORT = "TIFFClose operation failed"  # "Kua hinga", "failed"


def test_a_listed_entry_and_a_block_holding_it_are_defects() -> None:
    assert CUT_SHORT in CATALOG_DEFECTS["mri_Latn"]
    assert defect("mri_Latn", CUT_SHORT).startswith("a word or two")
    src, _ = options_block([("The PNG image format", "x"), (CUT_SHORT, "Kua hinga")])
    assert defect("mri_Latn", "<image>\n" + src) == defect("mri_Latn", CUT_SHORT)
    # A whole translation, and the same English in a language not audited, are not.
    assert defect("mri_Latn", "The PNG image format") is None
    assert defect("deu_Latn", CUT_SHORT) is None


def test_the_report_gives_the_raw_and_the_corrected_figure(quality) -> None:
    kinds = {kind: [0, 0] for kind in quality.KINDS}
    results = {
        "mri_Latn": kinds | {GENUINE: [47, 55], GENUINE_STRUCTURED: [17, 18]},
        "deu_Latn": kinds | {GENUINE: [99, 100], GENUINE_STRUCTURED: [33, 33]},
    }
    defects = {"mri_Latn": {GENUINE: [7, 15], GENUINE_STRUCTURED: [2, 3]}}
    corrected = quality.without_defects(results, defects)
    assert corrected["mri_Latn"][GENUINE] == [40, 40]
    assert corrected["deu_Latn"] == results["deu_Latn"]
    (line,) = quality.defect_lines(results, defects, frozenset({"mri_Latn"}))
    assert "mri_Latn 85.5 -> 100.0 (15 defects, 7 of them kept)" in line
    assert "pooled genuine kept 95.1% raw, 99.5% without them" in line
    assert quality.defect_lines(results, {}, frozenset()) == []
