"""Partial translation: a run of the source's words left untranslated in the hypothesis.

NLLB sometimes translates the start of a sentence and copies the rest, or leaves
a clause in English. LID misses it when the translated part dominates, and the
back-translation hides it (the English comes back as English). The direct view
is the hypothesis itself: the longest run of consecutive source words that
reappears, in order, in the hypothesis. Real translations keep names, product
names and terms ("GNOME Shell", "Secure Boot") as they are, so a run counts only
its *common* words: lower-case words of the source that are no identifier;
capitalised words and tokens with digits are names and count as zero length
without breaking the run.
"""

from __future__ import annotations

from functools import lru_cache

from babelshard.filters import reasons
from babelshard.filters.text import is_common, words
from babelshard.schemas.records import TranslatedSegment, Verdict

DEFAULT_MAX_COPIED_RUN = 2
"""Most common source words a real translation repeats in a row (bench/quality.py)."""


@lru_cache(maxsize=8192)
def _source_index(source: str) -> tuple[dict[str, list[int]], list[int]]:
    """(casefolded word -> its positions, 1 per common word) of ``source``; cached, read-only."""
    positions: dict[str, list[int]] = {}
    common: list[int] = []
    for i, word in enumerate(words(source)):
        positions.setdefault(word.casefold(), []).append(i)
        common.append(int(is_common(word)))
    return positions, common


def copied_run(source: str, hypothesis: str) -> int:
    """Common words in the longest run of source words that the hypothesis repeats in order."""
    positions, common = _source_index(source)
    best = 0
    # Longest common substring over tokens, weighted by common words: only the
    # (source, hypothesis) positions whose words match are visited.
    previous: dict[int, int] = {}  # source position -> weight of the run ending there
    for word in words(hypothesis):
        matches = positions.get(word.casefold(), ())
        current = {i: previous.get(i - 1, 0) + common[i] for i in matches}
        if current:
            best = max(best, *current.values())
        previous = current
    return best


def check_untranslated(
    segment: TranslatedSegment, max_run: int = DEFAULT_MAX_COPIED_RUN
) -> Verdict:
    """Reject a hypothesis that repeats more than ``max_run`` common source words in a row.

    Only for a target language other than the source's (copies of the whole
    source are ``heuristics.check_copy``'s; this catches the partial ones).
    """
    if segment.target_lang == segment.source_lang:
        return Verdict(accepted=True, scores={"copied_run": 0.0})
    run = copied_run(segment.source, segment.hypothesis)
    accepted = run <= max_run
    return Verdict(
        accepted=accepted,
        scores={"copied_run": float(run)},
        reasons=() if accepted else (reasons.UNTRANSLATED_SPAN,),
    )
