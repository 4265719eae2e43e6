"""Letters of another language: the target's alphabet, learnt from its real text.

Languages that share a script do not share every letter: Assamese writes ৰ and
ৱ, Bengali never does; Turkish ı and ş, Faroese ð and ø, Serbian ђ are each
common in one language and absent from others. A hypothesis that uses, in a
word that is no name, a letter the target's real translations never use while
another language of the same script uses it often, is that other language,
whatever lid.176 and CLD2 say about the rest (they read Assamese as Bengali).
The letters come per language from the calibration half of the gettext catalogs
(``lid_calibration.FOREIGN_LETTERS``, ``bench/quality.py --calibrate``).
"""

from __future__ import annotations

from babelshard.filters import reasons
from babelshard.filters.text import words
from babelshard.schemas.records import TranslatedSegment, Verdict


def word_letters(text: str) -> set[str]:
    """The letters of the words of ``text`` that are no name (capitalised, or with digits)."""
    kept = "".join(w for w in words(text) if not w[0].isupper() and not any(map(str.isdigit, w)))
    # casefold maps each character alone, so folding the joined words folds each word;
    # each distinct character is then tested once.
    return {ch for ch in set(kept.casefold()) if ch.isalpha()}


def check_alphabet(segment: TranslatedSegment, foreign: str) -> Verdict:
    """Reject a hypothesis whose words use a letter of ``foreign`` its source does not.

    A letter the source has too ("café", "Zürich" in a lower-case compound)
    came with a word the translation kept.
    """
    found = word_letters(segment.hypothesis).intersection(foreign)
    if found:  # rare: only then the source's letters are needed
        found -= set(segment.source.casefold())
    return Verdict(
        accepted=not found,
        scores={"foreign_letters": float(len(found))},
        reasons=(reasons.LID_WRONG_LANGUAGE,) if found else (),
    )
