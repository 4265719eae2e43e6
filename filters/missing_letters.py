"""CLD2's other language, confirmed by the target's own letters missing from the text.

``alphabets`` rejects a text that uses a letter the target never writes. This
is the converse: a letter the target writes often and CLD2's language never
writes, *absent* from a text long enough to hold one. Real Bengali text
writes র in most sentences and Assamese never does (it writes ৰ): an
Assamese sentence without ৰ or ৱ passes the letter rule in Bengali's place,
and lid.176 reads it as Bengali, while CLD2 says Assamese. CLD2 alone cannot
veto there (it names Assamese for some real Bengali too); with the Bengali
letters missing as well, the text is Assamese. Russian ы э, which Ukrainian
never writes, are the same kind of evidence against a Ukrainian sentence.

The rule, for a target ``lid_calibration.MISSING_LETTERS_ON`` lists: CLD2
reliably names, for at least ``MIN_PERCENT`` of a text of at least
``MIN_LETTERS`` letters, a language of the target's script outside its
confusable group and outside the target's entry; the target's *marker
letters* against that language (``markers``: letters of at least 5% of the
target's real texts, ``lid_calibration.OWN_LETTERS``, that the other
language's real text does not write, ``lid_calibration.ALPHABETS``) are not
empty; and the text's words (names left out) use none of them. Score
``lid6_marker_letters``: how many marker letters the text uses (null where
CLD2 names no such language). All tables come from the calibration half
(``bench/quality.py --calibrate``); the measurement is in ``docs/filters.md``.
"""

from __future__ import annotations

from functools import cache

from babelshard.filters import alphabets, cld2, reasons
from babelshard.filters.confusables import confusable_group
from babelshard.filters.lid_calibration import ALPHABETS, OWN_LETTERS
from babelshard.filters.scripts import letter_count
from babelshard.filters.text import language_text
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

# CLD2 as reliable and as sure as for its veto (langid.VETO_MIN_PERCENT).
MIN_PERCENT = 90
# A text with fewer letters often lacks the target's markers by chance (calibration
# half: at 0 letters the rule caught 3 of 7 Assamese texts in Bengali's place and lost
# 43 of 1,752 real Bengali texts; at 12 it caught the same 3 and lost none).
MIN_LETTERS = 12


@cache
def markers(target: str, other: str) -> frozenset[str]:
    """Letters frequent in ``target``'s real text that ``other``'s real text never writes."""
    if other not in ALPHABETS:
        return frozenset()
    return frozenset(OWN_LETTERS.get(target, "")) - frozenset(ALPHABETS[other])


def named_other(opinion: cld2.Cld2Opinion, target: str) -> frozenset[str]:
    """The languages of ``target``'s script outside its group CLD2 names, reliably and surely."""
    if not (opinion.reliable and opinion.percent >= MIN_PERCENT):
        return frozenset()
    script = get_language(target).script
    return frozenset(
        code
        for code in opinion.languages - confusable_group(target)
        if get_language(code).script == script
    )


def check_missing_letters(segment: TranslatedSegment, lookalikes: frozenset[str]) -> Verdict:
    """Reject a hypothesis CLD2 names another language for that lacks every target marker.

    ``lookalikes`` are the languages CLD2 names for the target's real text
    without its markers too often to reject (``lid_calibration.MISSING_LETTERS_ON``).
    """
    text = language_text(segment.hypothesis)
    others = named_other(cld2.opinion(text), segment.target_lang) - lookalikes
    expected = frozenset().union(*(markers(segment.target_lang, o) for o in others))
    if not expected or letter_count(text) < MIN_LETTERS:
        return Verdict(accepted=True)  # the score stays null: the rule does not apply
    used = len(alphabets.word_letters(segment.hypothesis) & expected)
    return Verdict(
        accepted=bool(used),
        scores={"lid6_marker_letters": float(used)},
        reasons=() if used else (reasons.MISSING_LETTERS,),
    )
