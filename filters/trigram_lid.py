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
at least ``MIN_TRIGRAMS`` trigrams of its own (null score otherwise). Cost: one cached
look-up per word of the hypothesis (its parts' rows of the script's matrix) and a sum of
those rows (the measurement is in ``docs/filters.md``).
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import chain, repeat

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
# The ``array`` type code of ``np.intp``'s bytes: a word's rows are built as an ``array``
# (0.35 µs) rather than a NumPy array (0.66 µs), and read back as ``np.intp``.
_INTP = next(code for code in "qil" if array(code).itemsize == np.dtype(np.intp).itemsize)


def trigrams(hypothesis: str, source: str) -> list[str]:
    """The trigrams of the hypothesis's own words: casefolded, space-padded.

    Words the source has too (names kept, "GIMP", "Ogg", also as part of a
    compound: "Theora-video"), words with digits and capitalised words after the
    first (names in the target's form: "Kurdisk (Irak, latin Alt-Q)") say
    nothing about the translation's language.
    """
    kept = _source_parts(source)
    return [gram for part in _own_parts(hypothesis) if part not in kept for gram in _grams(part)]


@lru_cache(maxsize=8192)
def _source_parts(source: str) -> frozenset[str]:
    """The casefolded word parts of ``source``.

    Cached: a job translates the same English source into every target language.
    """
    return frozenset(part for word in words(source) for part in _PARTS_RE.split(word.casefold()))


def _own_parts(hypothesis: str) -> list[str]:
    """The casefolded word parts of ``hypothesis`` that may carry trigrams: not of a
    capitalised word after the first (before the source's are taken out)."""
    return [
        part
        for position, word in enumerate(words(hypothesis))
        if not (position and word[0].isupper())
        for part in _word_parts(word)
    ]


def _word_parts(word: str) -> list[str]:
    """The casefolded parts of a word split at its joints, less empty ones and those with digits."""
    if word.isalpha():  # no joint, no digit (nor in its casefolding): one part, most words
        return [word.casefold()]
    return [
        part for part in _PARTS_RE.split(word.casefold()) if part and not _DIGIT_RE.search(part)
    ]


@lru_cache(maxsize=1 << 16)
def _grams(part: str) -> tuple[str, ...]:
    """The trigrams of one word part, padded with a space each side.

    Cached: a catalog's vocabulary is small next to its texts.
    """
    padded = f" {part} "
    # Each trigram as a zip of three shifted copies: the loop runs in C.
    return tuple(map("".join, zip(padded, padded[1:], padded[2:], strict=False)))


@dataclass(frozen=True, eq=False)  # hashed by identity: word parts' rows are cached per table
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
        missing = len(found[0].rows)  # the zero row
        return _margin(found, np.array(list(map(found[0].rows.get, grams, repeat(missing)))))


def _margin(found: tuple[ScriptTable, int, np.ndarray], rows: np.ndarray) -> tuple[float, str]:
    """``rival_margin`` of the trigrams whose rows of the table are ``rows`` (not empty)."""
    table, own, rivals = found
    # Rows summed in order (as gains[rows].sum(axis=0)), so every margin is the same float.
    totals = np.add.reduce(table.gains.take(rows, axis=0), axis=0)
    totals += len(rows) * table.floors
    rival_totals = totals[rivals]
    best = int(rival_totals.argmax())
    margin = float(rival_totals[best] - totals[own]) / len(rows)
    return margin, table.languages[rivals[best]]


@lru_cache(maxsize=1 << 16)
def _word_rows(
    table: ScriptTable, word: str, skip_capitalised: bool
) -> tuple[tuple[str, bytes], ...]:
    """Each part of ``word`` that carries trigrams (``_own_parts``; none for a capitalised
    word where ``skip_capitalised``) with the table's rows of its trigrams (the zero row
    for one not kept), as ``np.intp`` bytes.

    Cached: a catalog's vocabulary is small next to its texts; joined bytes become
    the index array without a conversion per row.
    """
    if skip_capitalised and word[0].isupper():
        return ()
    missing = len(table.rows)
    return tuple(
        (
            part,
            array(_INTP, [table.rows.get(gram, missing) for gram in _grams(part)]).tobytes(),
        )
        for part in _word_parts(word)
    )


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
    found = _columns(profiles, segment.target_lang)
    if found is None:
        return Verdict(accepted=True)  # no profile or no rival: the rule does not apply
    # trigrams() as rows of the script's table, each word looked up once (rival_margin's result).
    kept = _source_parts(segment.source)
    hypothesis_words = words(segment.hypothesis)
    skip_capitalised = chain((False,), repeat(True))  # every word but the first
    found_rows = chain.from_iterable(
        map(_word_rows, repeat(found[0]), hypothesis_words, skip_capitalised)
    )
    rows = np.frombuffer(b"".join([rows for part, rows in found_rows if part not in kept]), np.intp)
    if len(rows) < MIN_TRIGRAMS:
        return Verdict(accepted=True)  # the score stays null: the rule does not apply
    margin = _margin(found, rows)[0]
    accepted = margin <= max_margin
    return Verdict(
        accepted=accepted,
        scores={"trigram_rival_margin": margin},
        reasons=() if accepted else (reasons.TRIGRAM_LANGUAGE,),
    )
