"""The translate job's flow: English corpora in, filtered multilingual WebDataset shards out.

One sample's route (docs/architecture.md walks it file by file)::

    ReadSamples ─> Plan ─> Segment ──pieces──> TranslatePieces: dedup (with the translation
                              │                memory) ─> translate ─> back-translate
                              │                ─> save to the memory ─> filter
                              │ segmented samples                 │ scored pieces
                              └──────────> Reassemble (join by output key) <┘
                                                   │   a lost URL or code span: segment,
                                                   │   translate pieces and reassemble once
                                                   │   more with shield="split"
                                 WriteDataset (shards, sidecars, rejects, parallel, manifest)

Every (sample, target language) pair the plan makes ends as a written record
or a reject with a reason, and so does every record a reader could not parse:
the manifest's ``inputs`` counts both, so ``inputs = written + rejected``.
Running the flow (checks, resume, clean-up) is ``pipelines/job.py``.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.ml.inference.base import RunInference
from apache_beam.pvalue import TaggedOutput

from babelshard.filters.policy import FilterConfig, evaluate_many
from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.assemble import (
    SHORT_ANSWER_KEPT_ENGLISH,
    SegmentedSample,
    reassemble_sample,
    untranslated_record,
)
from babelshard.pipelines.io.readers import ReadSamples
from babelshard.pipelines.io.writer import WriteDataset
from babelshard.pipelines.metrics import METRICS
from babelshard.pipelines.options import RunConfig
from babelshard.pipelines.planning import LanguagePlan
from babelshard.pipelines.progress import Progress
from babelshard.pipelines.provenance import manifest_config, provenance_of
from babelshard.schemas.keys import output_key
from babelshard.schemas.records import (
    Piece,
    PieceOwner,
    Planned,
    RejectRecord,
    Sample,
    ScoredPiece,
    TranslatedPiece,
)
from babelshard.translators.documents import Segmenter
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.handler import back_translate_handler, model_tag, translate_handler
from babelshard.translators.segment import ShieldMode


def build_translate_pipeline(
    pipeline: beam.Pipeline,
    config: RunConfig,
    translator: TranslatorConfig,
    translate_hints: dict[str, Any] | None = None,
    progress: bool = False,
    part: Callable[[str], bool] | None = None,
) -> beam.PCollection:
    """Add the translate job to ``pipeline``; returns the manifest path PCollection.

    ``translate_hints`` are Beam resource hints (e.g. an ``accelerator``) put on
    the translate and back-translate stages only; ``progress`` shows a terminal
    progress bar of the translate stage (in-process runs); ``part`` keeps the
    input keys of one chunk (``pipelines/chunks.py``).
    """
    provenance = provenance_of(config, translator)
    read = pipeline | "Read" >> ReadSamples(
        config.format, config.input, config.reader_options(), part
    )
    planned = read.samples | "Plan" >> beam.FlatMap(plan_sample, config.plan())
    hints = translate_hints or {}
    segmented = planned | "Segment" >> SegmentSamples(config.max_segment_tokens)
    scored = segmented.pieces | "TranslatePieces" >> TranslatePieces(
        config, translator, provenance, hints, progress
    )
    assembled = (segmented.samples, segmented.passthrough, scored) | "Reassemble" >> (
        ReassembleSamples(config, provenance, retry_lost=True)
    )
    # Samples whose translation lost a URL or code span: again, with the spans cut out.
    split = assembled.retry | "SegmentSplit" >> SegmentSamples(config.max_segment_tokens, "split")
    rescored = split.pieces | "TranslateSplitPieces" >> TranslatePieces(
        config, translator, provenance, hints, progress=False
    )
    retried = (split.samples, split.passthrough, rescored) | "ReassembleSplit" >> (
        ReassembleSamples(config, provenance)
    )
    # Each side counted where it is made: a Flatten of the planned samples themselves
    # would make the in-process runner hold and encode every one of them once more.
    input_count = (
        [
            pcoll | f"Count{name}" >> beam.combiners.Count.Globally()
            for name, pcoll in (("ReadRejects", read.rejects), ("Planned", planned))
        ]
        | "AllInputs" >> beam.Flatten()
        | "CountInputs" >> beam.CombineGlobally(sum)
    )
    return {
        "records": (*assembled.records, *retried.records) | "AllRecords" >> beam.Flatten(),
        "rejects": (read.rejects, assembled.rejects, retried.rejects)
        | "AllRejects" >> beam.Flatten(),
        "parallel": (scored, rescored)
        | "AllPieces" >> beam.Flatten()
        | "ParallelText" >> beam.FlatMap(parallel_row),
    } | "Write" >> WriteDataset(
        config.output,
        shard_size=config.shard_size,
        config=manifest_config(config, provenance),
        input_count=input_count,
        image_limits=config.image_limits(),
    )


# -- plan and segment ----------------------------------------------------------------


def plan_sample(sample: Sample, plan: LanguagePlan) -> Iterator[Planned]:
    for lang in plan.targets(sample.key):
        yield Planned(sample, lang)


class SegmentSample(beam.DoFn):
    """Cut every translatable turn into pieces; emit pieces for dedup and the sample for later.

    Outputs: main ``(output key, packed SegmentedSample)`` (see :func:`packed`);
    ``pieces``: ``(Piece, PieceOwner)``;
    ``passthrough``: a SegmentedSample whose target language is its own (nothing to cut).
    """

    PIECES = "pieces"
    PASSTHROUGH = "passthrough"

    def __init__(
        self,
        max_tokens: int,
        segmenter: Segmenter | None = None,
        shield: ShieldMode = "placeholder",
    ) -> None:
        self.cut = segmenter or Segmenter(max_tokens, shield=shield)
        self.pieces = Metrics.counter(METRICS, "segments_total")

    def process(self, element: Planned) -> Iterator[Any]:
        sample, lang = element
        key = output_key(sample.key, lang)
        if lang == sample.lang:
            yield TaggedOutput(self.PASSTHROUGH, SegmentedSample(key, sample, lang, []))
            return
        segmented = [
            self.cut(turn.text, sample.lang) if turn.translate else None for turn in sample.turns
        ]
        for turn_index, layout in enumerate(segmented):
            for piece_index, text in enumerate(layout.pieces if layout else ()):
                self.pieces.inc()
                owner = PieceOwner(key, turn_index, piece_index)
                yield TaggedOutput(self.PIECES, (Piece(text, sample.lang, lang), owner))
        yield key, packed(SegmentedSample(key, sample, lang, segmented))


class Segmented(NamedTuple):
    """What ``SegmentSamples`` gives: see :class:`SegmentSample` for each output."""

    samples: beam.PCollection
    pieces: beam.PCollection
    passthrough: beam.PCollection


class SegmentSamples(beam.PTransform):
    """:class:`Planned` -> :class:`Segmented`; ``shield`` as ``segment_text``'s."""

    def __init__(self, max_tokens: int, shield: ShieldMode = "placeholder") -> None:
        super().__init__()
        self.max_tokens = max_tokens
        self.shield = shield

    def expand(self, planned: beam.PCollection) -> Segmented:
        outputs = planned | "SegmentSample" >> beam.ParDo(
            SegmentSample(self.max_tokens, shield=self.shield)
        ).with_outputs(SegmentSample.PIECES, SegmentSample.PASSTHROUGH, main="samples")
        return Segmented(
            outputs.samples, outputs[SegmentSample.PIECES], outputs[SegmentSample.PASSTHROUGH]
        )


# -- translate, back-translate, save, filter -------------------------------------


class TranslatePieces(beam.PTransform):
    """``(Piece, PieceOwner)`` -> one :class:`ScoredPiece` per unique piece.

    Dedup (joined with the translation memory when there is one to read, whose
    hits skip the model), translate, back-translate (unless off), save each
    translation to the memory (``--translation-cache`` or ``OUT/_work/``), and
    score with every filter.
    """

    def __init__(
        self,
        config: RunConfig,
        translator: TranslatorConfig,
        provenance: dict[str, Any],
        hints: dict[str, Any],
        progress: bool,
    ) -> None:
        super().__init__()
        self.config, self.translator = config, translator
        self.hints, self.progress = hints, progress
        self.memory, self.recall = memory.memory_folder(
            config.output,
            config.translation_cache,
            config.resume,
            memory.fingerprint(translator, provenance),
        )

    def expand(self, pieces: beam.PCollection) -> beam.PCollection:
        config, tag = self.config, model_tag(self.translator)
        unique, hits = pieces | "DedupWithMemory" >> memory.DedupWithMemory(
            self.memory if self.recall else None, config.back_translation
        )
        translated = unique | "Translate" >> RunInference(
            translate_handler(self.translator), model_identifier=tag
        ).with_resource_hints(**self.hints)
        if self.progress:
            translated = translated | "TranslateProgress" >> beam.ParDo(
                Progress("translated segments", "seg")
            )
        if config.back_translation:
            translated = translated | "BackTranslate" >> RunInference(
                back_translate_handler(self.translator), model_identifier=tag
            ).with_resource_hints(**self.hints)
        flush_rows = int(config.extra.get("work_flush_rows", memory.FLUSH_ROWS))
        _ = translated | "SaveTranslations" >> beam.ParDo(
            memory.SaveTranslations(self.memory, flush_rows)
        )
        if hits is not None:
            translated = (translated, hits) | "WithResumed" >> beam.Flatten()
        return (
            translated
            | "BatchForFilters" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
            | "Filter" >> beam.ParDo(FilterPieces(config.filter_config()))
        )


class FilterPieces(beam.DoFn):
    """Score a batch of translated pieces with every filter (LID predicted once per batch)."""

    def __init__(self, config: FilterConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from babelshard.filters.langid import load_lid_model

        self.model = load_lid_model(self.config.lid_model) if self.config.check_langid else None

    def process(self, batch: list[TranslatedPiece]) -> Iterator[ScoredPiece]:
        verdicts = evaluate_many([piece.segment() for piece in batch], self.config, self.model)
        for piece, verdict in zip(batch, verdicts, strict=True):
            if piece.model_score is not None:
                verdict.scores["model_score"] = piece.model_score
            yield ScoredPiece(piece, verdict)


def parallel_row(scored: ScoredPiece) -> Iterator[dict[str, Any]]:
    """Accepted pieces as English <-> target pairs, once per unique piece."""
    if not scored.verdict.accepted:
        return
    translated = scored.translated
    row: dict[str, Any] = {
        "key": min(owner.key for owner in translated.owners),  # whatever the shuffle's order
        "source": translated.piece.text,
        "target": translated.hypothesis,
        "back_translation": translated.back_translation,
        "source_lang": translated.piece.source_lang,
        "target_lang": translated.piece.target_lang,
        "occurrences": len(translated.owners),
    }
    row.update({f"score_{name}": value for name, value in sorted(scored.verdict.scores.items())})
    yield row


# -- reassemble --------------------------------------------------------------------


def packed(value: Any) -> bytes:
    """``value`` pickled once, to cross the reassembly join as bytes (:func:`unpacked`).

    The in-process runner encodes a ``CoGroupByKey``'s input twice (its Flatten
    and its GroupByKey) and more for size estimates; a record it has to pickle
    costs that many pickles, while bytes are copied. A scored piece is packed
    once per unique piece, however many owners it goes to.
    """
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpacked(data: bytes) -> Any:
    return pickle.loads(data)


def fan_out(scored: ScoredPiece) -> Iterator[tuple[str, tuple[int, int, bytes]]]:
    """A scored piece to each of its owners, as ``(key, (turn, index, packed piece))``.

    The piece goes without its owner list (which may be long), packed once;
    the owner's place as plain ints, which the shuffle encodes without pickling.
    """
    bare = packed(ScoredPiece(dataclasses.replace(scored.translated, owners=()), scored.verdict))
    for owner in scored.translated.owners:
        yield owner.key, (owner.turn, owner.index, bare)


class Reassemble(beam.DoFn):
    """Put each sample back together in its target language, or reject it with a reason.

    With ``retry_lost``, a sample whose translation lost a shielded span goes to
    the ``retry`` output as :class:`Planned`, to be segmented again.
    """

    REJECTS = "rejects"
    RETRY = "retry"

    def __init__(
        self,
        provenance: dict[str, Any],
        back_translation: bool,
        fallback: bool,
        retry_lost: bool = False,
    ) -> None:
        self.provenance = provenance
        self.back_translation = back_translation
        self.fallback = fallback
        self.retry_lost = retry_lost

    def process(self, element: tuple[str, dict[str, list]]) -> Iterator[Any]:
        _, groups = element
        (sample,) = groups["sample"]
        segmented: SegmentedSample = unpacked(sample)
        pieces = {(turn, index): unpacked(scored) for turn, index, scored in groups["pieces"]}
        result = reassemble_sample(
            segmented,
            pieces,
            self.provenance,
            back_translation_checked=self.back_translation,
            fallback=self.fallback,
            retry_lost=self.retry_lost,
        )
        if result is None:
            Metrics.counter(METRICS, "retried_split").inc()
            yield TaggedOutput(self.RETRY, Planned(segmented.sample, segmented.lang))
            return
        if isinstance(result, RejectRecord):
            Metrics.counter(METRICS, f"rejected_{result.reason}").inc()
            yield TaggedOutput(self.REJECTS, result)
            return
        kept = sum(turn["note"] == SHORT_ANSWER_KEPT_ENGLISH for turn in result.doc["turns"])
        Metrics.counter(METRICS, SHORT_ANSWER_KEPT_ENGLISH).inc(kept)
        yield result


def passthrough_record(segmented: SegmentedSample, provenance: dict[str, Any]) -> Any:
    Metrics.counter(METRICS, "passthrough").inc()
    return untranslated_record(segmented.sample, segmented.lang, provenance, segmented.key)


class Assembled(NamedTuple):
    """What ``ReassembleSamples`` gives: records to write, samples rejected, and
    :class:`Planned` samples to translate again with ``shield="split"``.

    ``records`` are the reassembled and the passthrough records, left for the
    caller to flatten once with its other records: the in-process runner holds
    (and encodes) every Flatten's input once more, so a Flatten of a Flatten
    costs each record a second round trip through its coder.
    """

    records: tuple[beam.PCollection, beam.PCollection]
    rejects: beam.PCollection
    retry: beam.PCollection


class ReassembleSamples(beam.PTransform):
    """``(segmented samples, passthrough samples, scored pieces)`` -> :class:`Assembled`."""

    def __init__(
        self, config: RunConfig, provenance: dict[str, Any], retry_lost: bool = False
    ) -> None:
        super().__init__()
        self.config, self.provenance, self.retry_lost = config, provenance, retry_lost

    def expand(self, inputs: tuple[beam.PCollection, ...]) -> Assembled:
        samples, passthrough, scored = inputs
        config = self.config
        step = Reassemble(
            self.provenance, config.back_translation, config.fallback_english, self.retry_lost
        )
        assembled = (
            {"sample": samples, "pieces": scored | "FanOut" >> beam.FlatMap(fan_out)}
            | "JoinPieces" >> beam.CoGroupByKey()
            | "Reassemble"
            >> beam.ParDo(step).with_outputs(Reassemble.REJECTS, Reassemble.RETRY, main="records")
        )
        written = passthrough | "Passthrough" >> beam.Map(passthrough_record, self.provenance)
        return Assembled(
            (assembled.records, written),
            assembled[Reassemble.REJECTS],
            assembled[Reassemble.RETRY],
        )
