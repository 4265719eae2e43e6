"""Dual conditional cross-entropy (Junczys-Dowmunt, WMT 2018) of a translation pair.

The translation model scores the pair in both directions: ``H(hyp | src)`` and
``H(src | hyp)``, per-token cross-entropies in nats
(``NllbTranslator.cross_entropy``). A good pair is likely in both directions
*and* about equally so; a hallucination or an omission is likely one way only.
The combined score is ``|H_f - H_b| + (H_f + H_b) / 2`` (lower is better).

It is recorded in every sample's scores and gates nothing by default: a
random-weight test model cannot calibrate it, and its scale depends on the
model. ``bench/dual_xent.py`` prints its distribution per language on real
translations so a user can choose a cut-off (``docs/filters.md``).
"""

from __future__ import annotations

import math

from babelshard.filters import reasons
from babelshard.schemas.records import Verdict


def dual_xent(forward: float, backward: float) -> float:
    """``|H_f - H_b| + (H_f + H_b) / 2``: the disagreement plus the mean cross-entropy."""
    return abs(forward - backward) + 0.5 * (forward + backward)


def dual_xent_scores(forward: float, backward: float) -> dict[str, float]:
    """The three numbers a sample records; non-finite inputs give no scores."""
    if not (math.isfinite(forward) and math.isfinite(backward)):
        return {}
    return {
        "xent_forward": forward,
        "xent_backward": backward,
        "dual_xent": dual_xent(forward, backward),
    }


def check_dual_xent(forward: float, backward: float, maximum: float | None = None) -> Verdict:
    """Record the scores; reject above ``maximum`` (None: never, the default)."""
    scores = dual_xent_scores(forward, backward)
    accepted = maximum is None or not scores or scores["dual_xent"] <= maximum
    return Verdict(
        accepted=accepted,
        scores=scores,
        reasons=() if accepted else (reasons.DUAL_XENT_HIGH,),
    )
