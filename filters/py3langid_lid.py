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

It also breaks the tie where lid.176 and CLD2 agree on another language
that they also name for some of the target's real text (``langid.agreed_language``;
Danish or Afrikaans for Faroese, Serbian for Macedonian), so that the agreement
alone cannot reject: where py3langid gives that language at least
``AGREED_MIN_LOG_RATIO`` (e^3, about 20 times) the probability of the target,
three identifiers say the text is that language (``agreed_log_ratio``; the
languages it applies to are ``lid_calibration.PY3LANGID_AGREED``).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from functools import cache, lru_cache

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


@lru_cache(maxsize=1024)
def ranked(text: str) -> tuple[tuple[str, float], ...]:
    """py3langid's (label, probability) pairs for ``text``'s linguistic part, most probable first.

    Cached: a target with both py3langid rules ranks the same hypothesis for each.
    """
    return tuple(identifier().rank(language_text(text)))


def labels_probability(pairs: tuple[tuple[str, float], ...], labels: Collection[str]) -> float:
    """The summed probability of ``labels`` in ``ranked``'s ``pairs``, in rank order.

    The one summation every py3langid score uses, so one text's scores add the
    same floats in the same order wherever they are computed.
    """
    return float(sum(p for label, p in pairs if label in labels))


def probability(text: str, labels: frozenset[str]) -> float:
    """py3langid's probability that ``text`` (its linguistic part) is one of ``labels``."""
    return labels_probability(ranked(text), labels)


# Calibration half (docs/filters.md): of the benchmark's 235 same-script misses, 15
# caught at a log-ratio of 2, 12 at 3, 4 at 5; of 566,787 real texts (every message),
# 97, 35 and 5 lost. 3: a real text lost in 16,000 for most of what 2 catches.
AGREED_MIN_LOG_RATIO = 3.0
# Keeps the log of a zero probability finite.
_TINY = 1e-9


def agreed_log_ratio(text: str, target: str, agreed: frozenset[str]) -> float:
    """log(py3langid's probability of the ``agreed`` languages / that of ``target``'s group).

    0.0 where py3langid knows neither side.
    """
    own = group_labels(target)
    others = frozenset().union(*(group_labels(code) for code in agreed))
    if not own or not others:
        return 0.0
    pairs = ranked(text)
    own_prob = labels_probability(pairs, own)
    other_prob = labels_probability(pairs, others)
    return round(math.log((other_prob + _TINY) / (own_prob + _TINY)), 6)


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


def rescue(segment: TranslatedSegment, verdict: Verdict) -> Verdict:
    """``verdict`` (a lone LID reject), accepted where py3langid ranks the target's group first.

    For every language py3langid knows (the policy asks only there). On the calibration
    half, the lone LID rejects py3langid ranks the target first are real translations
    ("Katakning orqa fon rangi nomi", Uzbek; "Troppe colonne.", Italian) with few
    broken cases among them: 53 real kept for 3 broken passed (docs/filters.md). The
    score ``lid4_rescue`` is 1 where py3langid ranks the target's group first.
    """
    pairs = ranked(segment.hypothesis)
    top = pairs[0][0] if pairs else ""
    kept = top in group_labels(segment.target_lang)
    return verdict.overruled_if(kept, "lid4_rescue", float(kept))
