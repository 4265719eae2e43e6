"""Script variants: Simplified vs Traditional Chinese.

Asked for ``zho_Hans``, NLLB sometimes answers in Traditional characters (and
the reverse): an off-target mode that the script check cannot see (both are
Han) and LID hides (lid.176 has one ``zh`` label). Characters that exist in
only one of the two standards decide it; the sets come from ``zhconv``
(MediaWiki's conversion tables, ``SIMPONLY``/``TRADONLY``). Serbian written in
Latin for ``srp_Cyrl`` is caught by the script check (``scripts.py``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from babelshard.filters import reasons
from babelshard.schemas.records import TranslatedSegment, Verdict

DEFAULT_MAX_WRONG_SHARE = 0.5
DEFAULT_MIN_MARKED = 1  # calibration half: Hans 0 of 6,893 real rejected, 96% of variants caught


@cache
def _variant_chars() -> dict[str, frozenset[str]]:
    """ISO 15924 variant -> characters used only in that variant."""
    table = json.loads(files("zhconv").joinpath("zhcdict.json").read_text(encoding="utf-8"))
    return {"Hans": frozenset(table["SIMPONLY"]), "Hant": frozenset(table["TRADONLY"])}


VARIANT_OF = {
    "zho_Hans": ("Hans", "Hant"),
    "zho_Hant": ("Hant", "Hans"),
    "yue_Hant": ("Hant", "Hans"),
}
"""NLLB code -> (its variant, the wrong one)."""


def variant_counts(text: str, variant: str, wrong: str) -> tuple[int, int]:
    """(characters only in ``variant``, characters only in ``wrong``) in ``text``."""
    chars = _variant_chars()
    right_set, wrong_set = chars[variant], chars[wrong]
    return sum(1 for ch in text if ch in right_set), sum(1 for ch in text if ch in wrong_set)


def check_variant(
    segment: TranslatedSegment,
    max_wrong_share: float = DEFAULT_MAX_WRONG_SHARE,
    min_marked: int = DEFAULT_MIN_MARKED,
) -> Verdict:
    """Reject a Chinese hypothesis written mostly in the other variant's characters.

    Only characters that differ between the standards count: more than
    ``max_wrong_share`` of them in the wrong variant, and at least
    ``min_marked``, reject. Languages without variants pass with no score.
    """
    if segment.target_lang not in VARIANT_OF:
        return Verdict(accepted=True)
    right, wrong = variant_counts(segment.hypothesis, *VARIANT_OF[segment.target_lang])
    share = wrong / (right + wrong) if right + wrong else 0.0
    accepted = wrong < min_marked or share <= max_wrong_share
    return Verdict(
        accepted=accepted,
        scores={"variant_wrong_share": share},
        reasons=() if accepted else (reasons.SCRIPT_VARIANT,),
    )
