"""The interface every translation backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Translation:
    """One hypothesis; ``score`` is the model's log-probability when it has one."""

    text: str
    score: float | None = None


@runtime_checkable
class Translator(Protocol):
    """Translate many texts from one source language into one or more targets.

    ``target_langs`` is either one NLLB code for the whole batch or one code per
    text, so a single batch may mix target languages. The result has exactly one
    ``Translation`` per input, in input order; an empty input comes back empty.
    """

    name: str

    def translate(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_langs: str | Sequence[str],
    ) -> list[Translation]: ...


def expand_targets(texts: Sequence[str], target_langs: str | Sequence[str]) -> list[str]:
    """One target language per text, checking that a per-text list fits."""
    if isinstance(target_langs, str):
        return [target_langs] * len(texts)
    targets = list(target_langs)
    if len(targets) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(targets)} target languages")
    return targets
