"""Outputs list every score name; the list must cover what the checks really report."""

from __future__ import annotations

from babelshard.filters.policy import SCORE_NAMES, FilterConfig, evaluate
from babelshard.schemas.records import TranslatedSegment


def test_every_reported_score_is_a_known_name():
    segments = [
        TranslatedSegment("Open the file.", "Öffne die Datei.", "deu_Latn", "Open the file."),
        TranslatedSegment("Yes", "Ja", "deu_Latn", "Yes"),
        TranslatedSegment("Open the file.", "Open the file.", "deu_Latn"),
        TranslatedSegment("Open 2 files.", "Öffne 3 Dateien.", "fur_Latn", "Open 3 files."),
    ]
    reported = set()
    for segment in segments:
        reported |= set(evaluate(segment, FilterConfig()).scores)
    assert reported <= set(SCORE_NAMES), reported - set(SCORE_NAMES)
    assert "bt_chrf" in reported and "lid_group_prob" in reported
