"""Another language of the target's script, told by character trigrams of UI text.

The general identifiers (lid.176, CLD2, …) were trained on web and Wikipedia
text and judge a short label ("Berkas multimedia Ogg", "Sider per ark") no
better than chance; they leave it to the short-text rule, which rejects only a
confident other language. A naive-Bayes model of character trigrams learnt
from the same kind of text, one profile per language, tells such labels
apart: Indonesian "berkas" and Norwegian "ark" are common in their own
catalogs and rare in the target's.

``schemas/data/trigram_profiles.tsv`` holds, per language, its 1,000 most
frequent trigrams (words casefolded and padded with a space; names kept from
the source and words with digits left out) as log-probabilities, learnt from
every calibration-half message of the machine's gettext catalogs, and a floor
for the rest (the least frequent kept trigram's, less ``FLOOR_DROP``).
``bench/trigram_profiles.py`` builds it and measures the bar.

The rule: the hypothesis's trigrams are scored under the target's profile and
under every profiled language of its script outside its confusable group; a
rival more likely by more than ``MAX_MARGIN`` nats per trigram (or the
language's own bar, ``lid_calibration.TRIGRAM_MAX_MARGIN``, where more than 1% of
its real texts would pass that) (score
``trigram_rival_margin``) rejects with ``trigram_language``, where the text has
at least ``MIN_TRIGRAMS`` trigrams of its own (null score otherwise). Cost: one dict
look-up per trigram of the hypothesis and a sum of those rows of the script's
matrix (the measurement is in ``docs/filters.md``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import repeat

import numpy as np

from babelshard.filters import reasons
from babelshard.filters.confusables import confusable_group
from babelshard.filters.lid_calibration import TRIGRAM_MAX_MARGIN
from babelshard.filters.text import words
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

PROFILE_SIZE = 1000  # trigrams kept per language
FLOOR_DROP = 2.0  # nats below the least frequent kept trigram, for a trigram not kept
# Calibration half, each fold scored with profiles learnt on the other
# (bench/trigram_profiles.py --folds; the grid is in docs/filters.md): with at least 6
# trigrams and a margin above 1.0, 3 of 14,279 real texts the other rules keep are lost
# and 98 of the 205 same-script texts they let through are caught (no minimum: 13, 108).
# 30 languages get a higher bar (lid_calibration.TRIGRAM_MAX_MARGIN; 2 lost, 89 caught).
MAX_MARGIN = 1.0
MIN_TRIGRAMS = 6  # a word or two of 3-4 letters: too few trigrams to tell languages apart
_DIGIT_RE = re.compile(r"\d")
_PARTS_RE = re.compile(r"[-'’]")  # the joints of a compound word (text.words keeps them)
_SCALE = 10  # log-probabilities are stored as integers of tenths of a nat


def trigrams(hypothesis: str, source: str) -> list[str]:
    """The trigrams of the hypothesis's own words: casefolded, space-padded.

    Words the source has too (names kept, "GIMP", "Ogg", also as part of a
    compound: "Theora-video"), words with digits and capitalised words after the
    first (names in the target's form: "Kurdisk (Irak, latin Alt-Q)") say
    nothing about the translation's language.
    """
    kept = {part for word in words(source) for part in _PARTS_RE.split(word.casefold())}
    grams: list[str] = []
    for position, word in enumerate(words(hypothesis)):
        if position and word[0].isupper():
            continue
        for part in _PARTS_RE.split(word.casefold()):
            if not part or part in kept or _DIGIT_RE.search(part):
                continue
            padded = f" {part} "
            # Each trigram as a zip of three shifted copies: the loop runs in C.
            grams.extend(map("".join, zip(padded, padded[1:], padded[2:], strict=False)))
    return grams


@dataclass(frozen=True)
class ScriptTable:
    """The profiles of one script as a matrix: one row per trigram, one column per language."""

    languages: tuple[str, ...]
    rows: Mapping[str, int]  # trigram -> its row; a trigram not listed reads the last row
    gains: np.ndarray  # log-probability less the language's floor (0 where not kept)
    floors: np.ndarray  # per language: the log-probability of a trigram it did not keep


@dataclass(frozen=True, eq=False)  # hashed by identity: rivals are cached per table
class TrigramProfiles:
    """Per-language trigram log-probabilities, grouped by script for scoring."""

    floors: Mapping[str, float]  # language -> log-probability of a trigram it did not keep
    tables: Mapping[str, ScriptTable]  # script -> its languages' profiles

    @classmethod
    def from_log_probs(cls, profiles: Mapping[str, tuple[float, Mapping[str, float]]]):
        """``profiles``: language -> (floor, {trigram: log-probability})."""
        by_script: dict[str, list[str]] = defaultdict(list)
        for code in profiles:
            by_script[get_language(code).script].append(code)
        tables = {}
        for script, languages in by_script.items():
            grams = sorted({gram for code in languages for gram in profiles[code][1]})
            rows = {gram: row for row, gram in enumerate(grams)}
            gains = np.zeros((len(grams) + 1, len(languages)))
            for column, code in enumerate(languages):
                floor, log_probs = profiles[code]
                for gram, log_prob in log_probs.items():
                    gains[rows[gram], column] = log_prob - floor
            floors = np.array([profiles[code][0] for code in languages])
            tables[script] = ScriptTable(tuple(languages), rows, gains, floors)
        return cls({code: floor for code, (floor, _) in profiles.items()}, tables)

    def gain(self, gram: str, code: str) -> float:
        """How much more likely ``gram`` is in ``code`` than the floor (log; 0 if not kept)."""
        table = self.tables[get_language(code).script]
        row = table.rows.get(gram)
        return 0.0 if row is None else float(table.gains[row, table.languages.index(code)])

    def rivals(self, target: str) -> tuple[str, ...]:
        """Profiled languages of ``target``'s script outside its confusable group."""
        found = _columns(self, target)
        return () if found is None else tuple(found[0].languages[i] for i in found[2])

    def rival_margin(self, target: str, grams: Sequence[str]) -> tuple[float, str] | None:
        """(best rival's log-likelihood minus the target's, per trigram; that rival).

        None where the target has no profile, no rival or ``grams`` is empty.
        """
        found = _columns(self, target)
        if found is None or not grams:
            return None
        table, own, rivals = found
        missing = len(table.rows)  # the zero row
        rows = list(map(table.rows.get, grams, repeat(missing)))
        totals = table.gains[rows].sum(axis=0) + len(grams) * table.floors
        best = rivals[int(np.argmax(totals[rivals]))]
        return float(totals[best] - totals[own]) / len(grams), table.languages[best]


@cache
def _columns(profiles: TrigramProfiles, target: str) -> tuple[ScriptTable, int, np.ndarray] | None:
    """(the target's script table, its column, its rivals' columns); None without both."""
    if target not in profiles.floors:
        return None
    table = profiles.tables[get_language(target).script]
    group = confusable_group(target) | {target}
    rivals = [i for i, code in enumerate(table.languages) if code not in group]
    if not rivals:
        return None
    return table, table.languages.index(target), np.array(rivals)


def parse(lines: Iterable[str]) -> TrigramProfiles:
    """Read the shipped table: ``code<TAB>floor<TAB>gram=logp…`` (tenths of a nat, ``_`` for
    the padding space)."""
    profiles = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        code, floor, *entries = line.rstrip("\n").split("\t")
        log_probs = {}
        for entry in entries:
            gram, value = entry.rsplit("=", 1)
            log_probs[gram.replace("_", " ")] = int(value) / _SCALE
        profiles[code] = (int(floor) / _SCALE, log_probs)
    return TrigramProfiles.from_log_probs(profiles)


def format_profile(code: str, floor: float, log_probs: Mapping[str, float]) -> str:
    """One line of the shipped table (``parse`` reads it back)."""
    entries = [f"{gram.replace(' ', '_')}={round(lp * _SCALE)}" for gram, lp in log_probs.items()]
    return "\t".join([code, str(round(floor * _SCALE)), *entries])


@cache
def load_profiles() -> TrigramProfiles:
    """The shipped profiles (``schemas/data/trigram_profiles.tsv``), read once."""
    text = files("babelshard.schemas.data").joinpath("trigram_profiles.tsv").read_text("utf-8")
    return parse(text.splitlines())


def check_trigrams(
    segment: TranslatedSegment,
    max_margin: float | None = None,
    profiles: TrigramProfiles | None = None,
) -> Verdict:
    """Reject a hypothesis a same-script rival's trigram profile explains much better.

    ``max_margin`` defaults to the target's calibrated bar
    (``lid_calibration.TRIGRAM_MAX_MARGIN``, else ``MAX_MARGIN``).
    """
    if max_margin is None:
        max_margin = TRIGRAM_MAX_MARGIN.get(segment.target_lang, MAX_MARGIN)
    profiles = profiles or load_profiles()
    grams = trigrams(segment.hypothesis, segment.source)
    found = (
        profiles.rival_margin(segment.target_lang, grams) if len(grams) >= MIN_TRIGRAMS else None
    )
    if found is None:
        return Verdict(accepted=True)  # the score stays null: the rule does not apply
    margin = found[0]
    accepted = margin <= max_margin
    return Verdict(
        accepted=accepted,
        scores={"trigram_rival_margin": margin},
        reasons=() if accepted else (reasons.TRIGRAM_LANGUAGE,),
    )
