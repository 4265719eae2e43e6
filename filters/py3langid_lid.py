"""A fourth language-ID opinion from py3langid, for languages the other three do not know.

lid.176 has no Faroese or Crimean Tatar, lingua neither, and CLD2 names a
random other language for too much of their real text to veto
(``lid_calibration``), so another language of the same script in their place
(Danish or Icelandic for Faroese) passed. py3langid (``py3langid``, BSD-3, a
4.6 MB wheel: langid.py's naive Bayes model retrained on 142 languages) knows
them. It is slow next to lid.176 (~0.16 ms a text), so it is asked only for the
target languages ``lid_calibration.PY3LANGID_CONFIRM`` lists, each with the
probability floor below which at most 1% of the language's real text falls,
fitted on the calibration half of the gettext catalogs
(``bench/quality.py --calibrate``). The model is loaded on first use.
"""

from __future__ import annotations

from functools import cache

from babelshard.filters import reasons
from babelshard.filters.confusables import confusable_group
from babelshard.filters.text import language_text
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict


@cache
def identifier():  # -> py3langid.langid.LanguageIdentifier (imported lazily)
    """py3langid's shipped model, with probabilities normalised to sum to 1."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def group_labels(code: str) -> frozenset[str]:
    """py3langid's labels for ``code``'s confusable group (ISO 639-1 or 639-3, as it names them)."""
    known = set(identifier().nb_classes)
    wanted = set()
    for member in confusable_group(code):
        language = get_language(member)
        wanted |= {language.iso639_1 or language.iso639_3, language.iso639_3}
    return frozenset(wanted & known)


def probability(text: str, labels: frozenset[str]) -> float:
    """py3langid's probability that ``text`` (its linguistic part) is one of ``labels``."""
    ranked = identifier().rank(language_text(text))
    return float(sum(p for label, p in ranked if label in labels))


def check_py3langid(segment: TranslatedSegment, floor: float) -> Verdict:
    """Reject a hypothesis py3langid gives less than ``floor`` for the target's group."""
    # Rounded: the score is a float sum over 142 classes.
    found = round(probability(segment.hypothesis, group_labels(segment.target_lang)), 6)
    accepted = found >= floor
    return Verdict(
        accepted=accepted,
        scores={"lid4_target_prob": found},
        reasons=() if accepted else (reasons.LID_WRONG_LANGUAGE,),
    )
