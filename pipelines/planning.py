"""Decide which language(s) each sample is translated into.

Deterministic by construction: a sample's languages depend only on its key,
the seed and the configuration, never on worker order or ``random()``, so a
re-run gives the same keys and the same shards.

Mixes:

* ``uniform``: with probability ``english_share`` the sample stays English
  (Centurio found about half English best), otherwise one language drawn
  uniformly from the non-English targets;
* ``weights``: one language drawn with the given weights (e.g. mBLIP's
  mC4-proportional table); an ``eng_Latn`` weight, if present, is the English share;
* ``all``: the sample goes into every target language (English included only
  if it is in the list).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babelshard.schemas.languages import get_language
from babelshard.schemas.records import ENGLISH

MIXES = ("uniform", "weights", "all")


class PlanError(ValueError):
    """A language plan that cannot work; raised before the job starts."""


def unit_interval(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class LanguagePlan:
    """The mix, resolved: which languages, with which probabilities."""

    mix: str
    languages: tuple[str, ...]
    english_share: float = 0.5
    seed: int = 0
    weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mix not in MIXES:
            raise PlanError(f"unknown --mix {self.mix!r}; choose one of {', '.join(MIXES)}")
        if not self.languages:
            raise PlanError("no target languages; pass --langs with a preset or a list of codes")
        if not 0.0 <= self.english_share <= 1.0:
            raise PlanError(f"--english-share must be within [0, 1], got {self.english_share}")
        if self.mix == "uniform" and self.english_share < 1.0 and not self._foreign():
            raise PlanError(
                "--langs has no language besides English; add one or use --english-share 1"
            )
        if self.mix == "weights":
            if not self.weights:
                raise PlanError("--mix weights needs --weights FILE (lines: `code weight`)")
            bad = [code for code, weight in self.weights.items() if weight < 0]
            if bad or sum(self.weights.values()) <= 0:
                raise PlanError("weights must be non-negative and not all zero")

    def _foreign(self) -> list[str]:
        return [code for code in self.languages if code != ENGLISH]

    @property
    def _cumulative(self) -> tuple[list[str], list[float]]:
        codes = sorted(self.weights)
        totals = list(itertools.accumulate(self.weights[code] for code in codes))
        return codes, [total / totals[-1] for total in totals]

    def targets(self, key: str) -> list[str]:
        """The target languages of the sample with this key."""
        if self.mix == "all":
            return list(self.languages)
        draw = unit_interval(self.seed, "lang", key)
        if self.mix == "weights":
            codes, cumulative = self._cumulative
            return [codes[min(bisect.bisect_right(cumulative, draw), len(codes) - 1)]]
        if draw < self.english_share:
            return [ENGLISH]
        foreign = self._foreign()
        position = (draw - self.english_share) / (1.0 - self.english_share)
        return [foreign[min(int(position * len(foreign)), len(foreign) - 1)]]


def read_weights(path: str | Path) -> dict[str, float]:
    """Read a weights file: one ``code weight`` pair per line, ``#`` comments, any code system."""
    weights: dict[str, float] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.replace(",", " ").replace("\t", " ").split()
        if len(parts) != 2:
            raise PlanError(f"{path}:{number}: expected `code weight`, got {raw!r}")
        try:
            weight = float(parts[1])
        except ValueError as error:
            raise PlanError(f"{path}:{number}: weight {parts[1]!r} is not a number") from error
        weights[get_language(parts[0]).code] = weight
    return weights


def make_plan(
    mix: str,
    languages: Sequence[str],
    *,
    english_share: float = 0.5,
    seed: int = 0,
    weights_file: str | None = None,
) -> LanguagePlan:
    weights = read_weights(weights_file) if weights_file else {}
    if mix == "weights":
        unknown = sorted(set(weights) - set(languages))
        if unknown:
            raise PlanError(f"weights name languages outside --langs: {', '.join(unknown)}")
    return LanguagePlan(
        mix=mix,
        languages=tuple(languages),
        english_share=english_share,
        seed=seed,
        weights=weights,
    )
