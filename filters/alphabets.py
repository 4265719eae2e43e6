"""Letters of another language: the target's alphabet, learnt from its real text.

Languages that share a script do not share every letter: Assamese writes ৰ and
ৱ, Bengali never does; Turkish ı and ş, Faroese ð and ø, Serbian ђ are each
common in one language and absent from others. A hypothesis that uses, in a
word that is no name, a letter the target's real translations never use while
another language of the same script uses it often, is that other language,
whatever lid.176 and CLD2 say about the rest (they read Assamese as Bengali).
The letters come per language from the calibration half of the gettext catalogs
(``lid_calibration.FOREIGN_LETTERS``, ``bench/quality.py --calibrate``).

Words work the same way where letters are shared: Bulgarian "на", Serbian
"могу", Catalan "dels" are each in many of one language's texts and in none of
another's. ``foreign_words`` is, for one target, every word in at least 5% of
the texts of another language of its script (``lid_calibration.FREQUENT_WORDS``)
that the target's own real text does not use (``lid_calibration.KNOWN_WORDS``,
which also lists the languages the rule is calibrated for). Where lid.176 cannot
tell two languages apart (Serbian for Macedonian: ``lid_calibration.LOOKALIKES``),
rarer words of the lookalike count too: "бити", "није", "датотеке", each in 2% of
Serbian texts and in no Macedonian one (``lid_calibration.LOOKALIKE_WORDS``).
"""

from __future__ import annotations

from functools import cache

from babelshard.filters import reasons
from babelshard.filters.lid_calibration import FREQUENT_WORDS, KNOWN_WORDS, LOOKALIKE_WORDS
from babelshard.filters.text import words
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

# A word is evidence only where lid.176 gives the target's group less than this: a
# confident verdict outweighs one word (the catalogs' German never says "du", which is
# frequent French; calibration half: 9 of 49 catches lost, 4 of 4 real texts kept).
WORDS_MAX_GROUP_PROB = 0.5


def is_name(word: str) -> bool:
    """A capitalised word or one with digits: a name, kept from any language."""
    # No character is both a letter and a digit, so a word of letters alone (most
    # words) has no digit: only the others are scanned.
    return word[0].isupper() or (not word.isalpha() and any(map(str.isdigit, word)))


def word_letters(text: str) -> set[str]:
    """The letters of the words of ``text`` that are no name (:func:`is_name`)."""
    kept = "".join([word for word in words(text) if not is_name(word)])
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


def common_words(text: str) -> set[str]:
    """The casefolded words of ``text`` that are no name (:func:`is_name`).

    Single letters are left out: initials, elisions ("t'listës") and list
    markers say nothing of the language.
    """
    return {word.casefold() for word in words(text) if len(word) > 1 and not is_name(word)}


@cache
def foreign_words(code: str) -> frozenset[str]:
    """Words frequent in another language of ``code``'s script that ``code``'s text never uses,
    and the less frequent words of its lookalikes (``lid_calibration.LOOKALIKE_WORDS``).

    Only the lookalikes' words for a language ``lid_calibration.KNOWN_WORDS`` does not list.
    """
    lookalike_words = frozenset(LOOKALIKE_WORDS.get(code, "").split())
    if code not in KNOWN_WORDS:
        return lookalike_words
    script = get_language(code).script
    frequent = {
        word
        for other, listed in FREQUENT_WORDS.items()
        if other != code and get_language(other).script == script
        for word in listed.split()
    }
    own = set(FREQUENT_WORDS.get(code, "").split()) | set(KNOWN_WORDS[code].split())
    return frozenset(frequent - own) | lookalike_words


def check_words(segment: TranslatedSegment, foreign: frozenset[str]) -> Verdict:
    """Reject a hypothesis with a word of ``foreign`` (``foreign_words``) its source lacks."""
    found = common_words(segment.hypothesis) & foreign
    if found:  # rare: only then are the source's words needed
        found -= common_words(segment.source)
    return Verdict(
        accepted=not found,
        scores={"foreign_words": float(len(found))},
        reasons=(reasons.FOREIGN_WORDS,) if found else (),
    )
