"""Human round trips for the quality benchmark: which English pairs count, and the cases."""

from __future__ import annotations

import broken_corpus
import gettext_catalogs
import pytest
from broken_corpus import GENUINE_ROUND_TRIP, round_trip_cases
from gettext_catalogs import round_trips

BAD, INVALID, UID, GID = (
    "Bad port number",
    "Invalid port number",
    "cannot get real UID",
    "cannot get real GID",
)
CATALOGS = {
    # Three languages translate both port messages alike; one translator gave the GID
    # message the UID message's translation.
    "deu_Latn": {BAD: "Ungültige Port-Nummer", INVALID: "Ungültige Port-Nummer", UID: "UID"},
    "fra_Latn": {BAD: "Numéro de port non valide", INVALID: "Numéro de port non valide"},
    "spa_Latn": {BAD: "Número de puerto no válido", INVALID: "Número de puerto no válido"},
    "nld_Latn": {UID: "kan echte UID niet verkrijgen", GID: "kan echte UID niet verkrijgen"},
}


@pytest.fixture
def catalogs(monkeypatch):
    monkeypatch.setattr(gettext_catalogs, "catalog_languages", lambda: dict.fromkeys(CATALOGS))
    monkeypatch.setattr(gettext_catalogs, "messages", CATALOGS.__getitem__)
    for cached in (gettext_catalogs._shared_translations, gettext_catalogs._agreeing_languages):
        cached.cache_clear()
    yield
    for cached in (gettext_catalogs._shared_translations, gettext_catalogs._agreeing_languages):
        cached.cache_clear()


def test_a_round_trip_needs_languages_that_agree(catalogs) -> None:
    german = CATALOGS["deu_Latn"][BAD]
    assert round_trips("deu_Latn") == [(BAD, german, INVALID), (INVALID, german, BAD)]
    assert round_trips("deu_Latn", min_languages=4) == []
    # One catalog's slip (GID given the UID message's translation) is not a paraphrase.
    assert round_trips("nld_Latn") == []
    assert {trip[0] for trip in round_trips("nld_Latn", min_languages=1)} == {UID, GID}


def test_round_trip_cases_carry_the_fault_through_the_human_english(catalogs) -> None:
    trips = round_trips("fra_Latn")
    pairs = [("The file is empty", "Le fichier est vide"), *((en, tr) for en, tr, _ in trips)]
    cases = list(round_trip_cases("fra_Latn", trips, pairs))
    genuine = [c for c in cases if c.kind == GENUINE_ROUND_TRIP]
    assert [(c.segment.source, c.segment.back_translation) for c in genuine] == [
        (BAD, INVALID),
        (INVALID, BAD),
    ]
    assert all(c.genuine for c in genuine)
    for case in cases:
        if case.kind == "addition_round_trip":
            back = case.segment.back_translation
            assert back.startswith(INVALID if case.segment.source == BAD else BAD)
            assert len(back) > len(BAD) + 5 and not case.genuine
        else:
            assert case.kind in (GENUINE_ROUND_TRIP, *broken_corpus.ROUND_TRIP_BROKEN_KINDS)
