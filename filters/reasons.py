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
)
