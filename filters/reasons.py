"""Machine-readable rejection reasons.

Every rejected segment carries one or more of these strings in
``Verdict.reasons``; the rejects output and the run report count them, so they
are stable identifiers, never prose. ``ALL_REASONS`` is the documented set.
"""

from __future__ import annotations

# Language identification (filters/langid.py)
LID_WRONG_LANGUAGE = "lid_wrong_language"
"""LID gives the target language (and its confusable group) too little probability."""
LID_SOURCE_LANGUAGE = "lid_source_language"
"""LID is confident the hypothesis is in the *source* language: an untranslated copy."""
SCRIPT_MISMATCH = "script_mismatch"
"""Too few of the hypothesis's letters are in the target language's script."""

# Back-translation (filters/backtranslation.py)
BACKTRANSLATION_LOW = "backtranslation_low"
"""chrF++ of the back-translation against the source is below the threshold."""
SHORT_ANSWER_MISMATCH = "short_answer_mismatch"
"""A VQA short answer whose back-translation does not match the English (mBLIP's rule)."""

# Heuristics (filters/heuristics.py)
EMPTY = "empty"
"""The hypothesis is empty or whitespace while the source is not."""
SOURCE_COPY = "source_copy"
"""The hypothesis is (nearly) identical to the source."""
REPEATED_NGRAM = "repeated_ngram"
"""A word or character n-gram repeats in a loop (NLLB's degenerate output)."""
LENGTH_RATIO = "length_ratio"
"""The script-normalised length ratio hypothesis/source is out of bounds."""
PLACEHOLDER_MISMATCH = "placeholder_mismatch"
"""``<image>``-style tags, ``%s`` or ``{name}`` placeholders were added or lost."""
DIGITS_MISMATCH = "digits_mismatch"
"""The multiset of numbers (after normalising non-ASCII digits) differs."""

# Failure modes of NLLB output (coverage.py, untranslated.py, variants.py,
# structure.py, dual_xent.py)
OMISSION = "omission"
"""Part of the source is missing: short for the language, fewer sentences, or the
back-translation gives back too few of the source's content words (truncation)."""
ADDITION = "addition"
"""The translation says more than the source: long for the language, extra
sentences, or a back-translation with content the source lacks (hallucination)."""
UNTRANSLATED_SPAN = "untranslated_span"
"""A run of the source's common words is left untranslated inside the hypothesis."""
SCRIPT_VARIANT = "script_variant"
"""The hypothesis is in the wrong variant of the target's script (Traditional
characters for ``zho_Hans`` and the reverse)."""
STRUCTURE_MISMATCH = "structure_mismatch"
"""Lines, option/list markers or the tags at the ends of the text differ from the source's."""
DUAL_XENT_HIGH = "dual_xent_high"
"""The model's dual conditional cross-entropy of the pair is above ``max_dual_xent``
(off by default: calibrate it on a real model with ``bench/dual_xent.py``)."""
FAILURE_MODE_REASONS = frozenset(
    {OMISSION, ADDITION, UNTRANSLATED_SPAN, SCRIPT_VARIANT, STRUCTURE_MISMATCH, DUAL_XENT_HIGH}
)

ALL_REASONS: frozenset[str] = frozenset(
    {
        LID_WRONG_LANGUAGE,
        LID_SOURCE_LANGUAGE,
        SCRIPT_MISMATCH,
        BACKTRANSLATION_LOW,
        SHORT_ANSWER_MISMATCH,
        EMPTY,
        SOURCE_COPY,
        REPEATED_NGRAM,
        LENGTH_RATIO,
        PLACEHOLDER_MISMATCH,
        DIGITS_MISMATCH,
    }
    | FAILURE_MODE_REASONS
)
