"""Machine-readable rejection reasons of the filters.

Every rejected segment carries one or more of these strings in
``Verdict.reasons``; the rejects output and the run report count them, so they
are stable identifiers, never prose. Each is registered (stage ``filter``) in
the registry of every reject reason, ``babelshard.schemas.reasons``; a new
filter reason is added here the same way: ``NAME = register("name", "filter",
"why")``. ``ALL_REASONS`` is the filters' set.
"""

from __future__ import annotations

from babelshard.schemas.reasons import register

# Language identification (filters/langid.py)
LID_WRONG_LANGUAGE = register(
    "lid_wrong_language",
    "filter",
    "LID gives the target language (and its confusable group) too little probability.",
)
LID_SOURCE_LANGUAGE = register(
    "lid_source_language",
    "filter",
    "LID is confident the hypothesis is in the *source* language: an untranslated copy.",
)
SCRIPT_MISMATCH = register(
    "script_mismatch",
    "filter",
    "Too few of the hypothesis's letters are in the target language's script.",
)

# Back-translation (filters/backtranslation.py)
BACKTRANSLATION_LOW = register(
    "backtranslation_low",
    "filter",
    "chrF++ of the back-translation against the source is below the threshold.",
)

# Heuristics (filters/heuristics.py)
EMPTY = register(
    "empty", "filter", "The hypothesis is empty or whitespace while the source is not."
)
SOURCE_COPY = register(
    "source_copy", "filter", "The hypothesis is (nearly) identical to the source."
)
REPEATED_NGRAM = register(
    "repeated_ngram",
    "filter",
    "A word or character n-gram repeats in a loop (NLLB's degenerate output).",
)
LENGTH_RATIO = register(
    "length_ratio",
    "filter",
    "The script-normalised length ratio hypothesis/source is out of bounds.",
)
PLACEHOLDER_MISMATCH = register(
    "placeholder_mismatch",
    "filter",
    "``<image>``-style tags, ``%s`` or ``{name}`` placeholders were added or lost.",
)
DIGITS_MISMATCH = register(
    "digits_mismatch",
    "filter",
    "The multiset of numbers (after normalising non-ASCII digits) differs.",
)

ALL_REASONS: frozenset[str] = frozenset(
    {
        LID_WRONG_LANGUAGE,
        LID_SOURCE_LANGUAGE,
        SCRIPT_MISMATCH,
        BACKTRANSLATION_LOW,
        EMPTY,
        SOURCE_COPY,
        REPEATED_NGRAM,
        LENGTH_RATIO,
        PLACEHOLDER_MISMATCH,
        DIGITS_MISMATCH,
    }
)
