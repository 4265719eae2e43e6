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
OWN_WORDS_SCRIPT = register(
    "own_words_script",
    "filter",
    (
        "The words the hypothesis does not keep from the source are mostly not in the "
        "target's script: only the source's names are (another language around them)."
    ),
)
FOREIGN_WORDS = register(
    "foreign_words",
    "filter",
    (
        "The hypothesis uses a word that another language of the target's script writes "
        "often and the target's real text never does (filters/alphabets.py)."
    ),
)
MISSING_LETTERS = register(
    "missing_letters",
    "filter",
    (
        "CLD2 names another language of the target's script, and the hypothesis uses none "
        "of the letters the target writes often and that language never does "
        "(filters/missing_letters.py)."
    ),
)
TRIGRAM_LANGUAGE = register(
    "trigram_language",
    "filter",
    (
        "Another language of the target's script explains the hypothesis's character "
        "trigrams much better than the target (filters/trigram_lid.py)."
    ),
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

# Failure modes of NLLB output (coverage.py, untranslated.py, variants.py,
# structure.py, dual_xent.py)
OMISSION = register(
    "omission",
    "filter",
    (
        "Part of the source is missing: short for the language, fewer sentences, or the "
        "back-translation gives back too few of the source's content words (truncation)."
    ),
)
ADDITION = register(
    "addition",
    "filter",
    (
        "The translation says more than the source: long for the language, extra "
        "sentences, or a back-translation with content the source lacks (hallucination)."
    ),
)
UNTRANSLATED_SPAN = register(
    "untranslated_span",
    "filter",
    "A run of the source's common words is left untranslated inside the hypothesis.",
)
SCRIPT_VARIANT = register(
    "script_variant",
    "filter",
    (
        "The hypothesis is in the wrong variant of the target's script (Traditional "
        "characters for ``zho_Hans`` and the reverse)."
    ),
)
STRUCTURE_MISMATCH = register(
    "structure_mismatch",
    "filter",
    "Lines, option/list markers or the tags at the ends of the text differ from the source's.",
)
DUAL_XENT_HIGH = register(
    "dual_xent_high",
    "filter",
    (
        "The model's dual conditional cross-entropy of the pair is above "
        "``max_dual_xent`` (off by default: calibrate it on a real model with "
        "``bench/dual_xent.py``)."
    ),
)
FAILURE_MODE_REASONS = frozenset(
    {OMISSION, ADDITION, UNTRANSLATED_SPAN, SCRIPT_VARIANT, STRUCTURE_MISMATCH, DUAL_XENT_HIGH}
)

ALL_REASONS: frozenset[str] = frozenset(
    {
        LID_WRONG_LANGUAGE,
        LID_SOURCE_LANGUAGE,
        SCRIPT_MISMATCH,
        OWN_WORDS_SCRIPT,
        FOREIGN_WORDS,
        MISSING_LETTERS,
        TRIGRAM_LANGUAGE,
        BACKTRANSLATION_LOW,
        EMPTY,
        SOURCE_COPY,
        REPEATED_NGRAM,
        LENGTH_RATIO,
        PLACEHOLDER_MISMATCH,
        DIGITS_MISMATCH,
    }
    | FAILURE_MODE_REASONS
)
