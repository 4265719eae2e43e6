"""The round trips' audited label noise: which pairs it lists, and how the benchmark reports it."""

from __future__ import annotations

import pytest
from broken_corpus import GENUINE, GENUINE_ROUND_TRIP, Case
from gettext_catalogs import catalog_languages, messages, round_trips
from round_trip_defects import ROUND_TRIP_DEFECTS, round_trip_defect

from babelshard.schemas.records import TranslatedSegment

JPEG, PNG = (
    "Couldn’t allocate memory for loading JPEG file",
    "Couldn’t allocate memory for loading PNG",
)
DEFAULT = ("Which IM module should be used", "Which IM module should be used by default")
PARAPHRASE = ("Image format unknown", "Unrecognized image file format")


def test_every_entry_is_a_pair_with_a_reason() -> None:
    for pair, reason in ROUND_TRIP_DEFECTS.items():
        assert len(pair) == 2, pair
        assert isinstance(reason, str) and reason.strip(), pair
    # Unordered: either English may be the source.
    assert round_trip_defect(JPEG, PNG) == round_trip_defect(PNG, JPEG)
    assert round_trip_defect(JPEG, PNG).startswith("another file format")
    assert round_trip_defect(*PARAPHRASE) is None


def test_every_listed_pair_is_a_round_trip_of_this_machines_catalogs() -> None:
    languages = catalog_languages()
    englishes = {en for code in languages for en in messages(code)}
    if not languages or not all(en in englishes for pair in ROUND_TRIP_DEFECTS for en in pair):
        pytest.skip("this machine lacks the catalogs the list was audited on")
    produced = {
        frozenset((source, back)) for code in languages for source, _, back in round_trips(code)
    }
    assert set(ROUND_TRIP_DEFECTS) - produced == set()


def _trip(source: str, back: str) -> Case:
    return Case(GENUINE_ROUND_TRIP, TranslatedSegment(source, "x", "deu_Latn", back))


def test_the_report_leaves_out_exactly_the_listed_pairs(quality) -> None:
    outcomes = [
        (_trip(JPEG, PNG), False),  # listed, rejected
        (_trip(PNG, JPEG), True),  # the same pair the other way round, kept
        (_trip(*DEFAULT), True),  # listed, kept
        (_trip(*PARAPHRASE), False),  # a paraphrase: stays in both figures
        (_trip(*reversed(PARAPHRASE)), True),
        (_trip("Bad port number", "Invalid port number"), True),
        # A listed pair as another kind of case is no round trip of the audit.
        (Case(GENUINE, TranslatedSegment(JPEG, "x", "deu_Latn", PNG)), True),
    ]
    listed = quality.ListedRoundTrips()
    for case, good in outcomes:
        listed.add(case, good)
    assert (listed.kept, listed.cases, len(listed.pairs)) == (2, 3, 2)
    kinds = {kind: [0, 0] for kind in quality.KINDS}
    results = {"deu_Latn": kinds | {GENUINE_ROUND_TRIP: [4, 6]}}
    raw, audited = quality.round_trip_lines(results, listed)
    assert "genuine kept 66.7% (4/6)" in raw
    assert "kept 66.7% raw, 66.7% (2/3) without the 3 cases of 2 listed pairs (2 of them kept)" in (
        audited
    )
    assert quality.round_trip_lines(results) == [raw]
