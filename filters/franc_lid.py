"""A fifth language-ID opinion from franc, for languages lid.176 and lingua do not know.

Friulian and Crimean Tatar have no lid.176 or lingua model, and py3langid
(``py3langid_lid``) knows Crimean Tatar and Faroese but gives much of their
real text little probability, so another language of the same script in
their place (Croatian, Lithuanian or Welsh for Friulian) passed. franc
(``pyfranc``, MIT, a 380 KB pure-Python wheel: franc's profiles of the 300
most frequent trigrams of the Universal Declaration of Human Rights in 414
languages, ISO 639-3 codes) knows Friulian, Faroese, Crimean Tatar,
Northern Sotho and Dzongkha, and Kongo through its member Koongo
(``FRANC_MEMBERS``).

franc's distance of a text to a language is its own: for every distinct
trigram of the text, ``|count - rank - 1|`` where the profile ranks it, 300
where it does not; lower is closer. ``margin`` is how much farther the target
is than the closest NLLB language of its script franc knows, per trigram of
the text (0 when the target is closest), so that texts of any length are on
one scale. franc is unreliable on short text (the 99th percentile of real
Faroese is a margin of 122 over all texts, 58 over those of 20+ letters), so
the rule judges only texts the LID short-text rule does not call short; the
ceiling per language, above which at most 1% of the real texts it judges
fall, is in ``lid_calibration.FRANC_CONFIRM`` (calibration half,
``bench/quality.py --calibrate``). It is asked only for the languages listed there.
Against the 104 Latin-script NLLB languages franc knows, a text cost ~335 µs as a
loop over its trigrams per language; one matrix per script (``ScriptRanks``)
gives every language's distance at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import repeat

import numpy as np

from babelshard.filters import reasons
from babelshard.filters.text import language_text
from babelshard.schemas.languages import all_languages, get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

# franc's own bounds: a trigram a profile lacks costs this, and only the first
# MAX_LENGTH characters of a text are read.
MAX_DIFFERENCE = 300
MAX_LENGTH = 2048
# franc's script names for the ISO 15924 codes it has profiles for.
FRANC_SCRIPTS: dict[str, str] = {
    "Latn": "Latin",
    "Cyrl": "Cyrillic",
    "Arab": "Arabic",
    "Deva": "Devanagari",
    "Mymr": "Myanmar",
    "Ethi": "Ethiopic",
    "Tibt": "Tibetan",
    "Hebr": "Hebrew",
}
# NLLB codes franc has no profile of its own for, read with a member's profile: NLLB's
# Kongo (``kon``, a macrolanguage) is the Kikongo of the catalogs' ``kg`` locale
# ("ka i nkumbu a betila ko"), which franc profiles as Koongo (``kng``).
FRANC_MEMBERS: dict[str, str] = {"kon_Latn": "kng"}


@cache
def _profiles(script: str) -> dict[str, dict[str, int]]:
    """franc's trigram ranks per ISO 639-3 code for one of its scripts (loaded on first use)."""
    from pyfranc.franc import numericData

    return numericData.get(script, {})


@cache
def profile(code: str) -> dict[str, int] | None:
    """franc's trigram -> weight table for an NLLB code, or None where franc lacks it."""
    language = get_language(code)
    script = FRANC_SCRIPTS.get(language.script)
    if script is None:
        return None
    return _profiles(script).get(FRANC_MEMBERS.get(code, language.iso639_3))


@cache
def knows(code: str) -> bool:
    """Whether franc has a profile for ``code`` in its script."""
    return profile(code) is not None


def trigram_counts(text: str) -> Counter[str]:
    """franc's trigrams of ``text``: punctuation and digits to spaces, lowercased, padded."""
    from pyfranc.trigram_utils import clean

    padded = " " + clean(text[:MAX_LENGTH]) + " "
    # Each trigram as a zip of three shifted copies (as trigram_lid._grams): the loop runs in C.
    return Counter(map("".join, zip(padded, padded[1:], padded[2:], strict=False)))


@cache
def candidates(script: str) -> tuple[tuple[str, dict[str, int]], ...]:
    """(NLLB code, franc profile) of every NLLB language of an ISO 15924 script franc knows."""
    return tuple(
        (language.code, ranks)
        for language in all_languages()
        if language.script == script and (ranks := profile(language.code)) is not None
    )


@dataclass(frozen=True, eq=False)
class ScriptRanks:
    """``candidates``' profiles of one script as a matrix: a row per trigram, a column per
    language, so that one text's distances to all of them are a few array operations."""

    languages: tuple[str, ...]
    rows: dict[str, int]  # trigram -> its row; a trigram no profile has reads the last row
    weights: np.ndarray  # int16: rank + 1 where the column's profile has the row's trigram, else 0

    def distances(self, counts: Counter[str]) -> np.ndarray:
        """franc's distance of a text's trigram counts to every column's profile: over the
        text's trigrams, ``|count - (rank + 1)|`` where the profile has the trigram,
        ``MAX_DIFFERENCE`` where not."""
        missing = len(self.rows)  # the row of zeros: MAX_DIFFERENCE in every column
        weights = self.weights.take(list(map(self.rows.get, counts, repeat(missing))), axis=0)
        found = np.fromiter(counts.values(), np.int64, len(counts))[:, None]
        return np.where(weights > 0, np.abs(found - weights), MAX_DIFFERENCE).sum(axis=0)


@cache
def script_ranks(script: str) -> ScriptRanks:
    """``ScriptRanks`` of ``candidates(script)``, built on first use."""
    languages = candidates(script)
    grams = sorted({gram for _, ranks in languages for gram in ranks})
    rows = {gram: row for row, gram in enumerate(grams)}
    # Ranks are under MAX_DIFFERENCE (300): int16 keeps Latin's 7,420 x 104 table at 1.5 MB.
    weights = np.zeros((len(grams) + 1, len(languages)), np.int16)
    for column, (_, ranks) in enumerate(languages):
        for gram, rank in ranks.items():
            weights[rows[gram], column] = rank + 1
    return ScriptRanks(tuple(code for code, _ in languages), rows, weights)


def margin(text: str, target: str) -> float:
    """How much farther franc finds ``text`` from ``target`` than from the closest language.

    Per distinct trigram of the text; the languages are the NLLB languages of
    the target's script franc knows. 0.0 where franc lacks the target or the
    text has no trigram.
    """
    if profile(target) is None:
        return 0.0
    counts = trigram_counts(language_text(text))
    if not counts:
        return 0.0
    table = script_ranks(get_language(target).script)
    distances = table.distances(counts)
    own = int(distances[table.languages.index(target)])
    return (own - int(distances.min())) / len(counts)


def check_franc(segment: TranslatedSegment, ceiling: float) -> Verdict:
    """Reject a hypothesis franc finds over ``ceiling`` farther from the target than another."""
    found = round(margin(segment.hypothesis, segment.target_lang), 6)
    accepted = found <= ceiling
    return Verdict(
        accepted=accepted,
        scores={"lid5_franc_margin": found},
        reasons=() if accepted else (reasons.LID_WRONG_LANGUAGE,),
    )
