"""The translate job's flow: English corpora in, filtered multilingual WebDataset shards out.

One sample's route (docs/architecture.md walks it file by file)::

    ReadSamples ─> Plan ─> Segment ──pieces──> TranslatePieces: dedup (with the translation
                              │                memory) ─> translate ─> cheap checks ─> round
                              │                trip (back-translate, score the pair) ─> save
                              │                to the memory ─> the checks that read it
                              │ segmented samples                 │ scored pieces
                              └──────────> Reassemble (join by batch key)  <┘
                                                   │   a lost URL or code span: segment,
                                                   │   translate pieces and reassemble once
                                                   │   more with shield="split"
                                 WriteDataset (shards, sidecars, rejects, parallel, manifest)

Every (sample, target language) pair the plan makes ends as a written record
or a reject with a reason, and so does every record a reader could not parse
and every English copy ``--fallback-english`` adds (``EnglishFallback``): the
manifest's ``inputs`` counts all three, so ``inputs = written + rejected``.
Running the flow (checks, resume, clean-up) is ``pipelines/job.py``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput
from apache_beam.utils.windowed_value import WindowedValue

from babelshard.filters.policy import FilterConfig, evaluate_many, split_checks
from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.assemble import (
    SHORT_ANSWER_KEPT_ENGLISH,
    SegmentedSample,
    fallback_record,
    mark_fallback,
    reassemble_sample,
    untranslated_record,
)
from babelshard.pipelines.held_groups import HeldGroups, in_global_window
from babelshard.pipelines.io.readers import ReadSamples
from babelshard.pipelines.io.writer import WriteDataset, pack_records
from babelshard.pipelines.metrics import BACK_TRANSLATIONS_SAVED, METRICS
from babelshard.pipelines.options import RunConfig
from babelshard.pipelines.packing import PACKED, Batch, Carrier, packed, unpacked
from babelshard.pipelines.planning import LanguagePlan
from babelshard.pipelines.progress import Progress
from babelshard.pipelines.provenance import manifest_config, provenance_of, with_engine
from babelshard.schemas.keys import output_key
from babelshard.schemas.reasons import ENGINE_ERROR
from babelshard.schemas.records import (
    Piece,
    PieceOwner,
    Planned,
    RejectRecord,
    Sample,
    ScoredPiece,
    TranslatedPiece,
    Verdict,
)
from babelshard.translators.documents import Segmenter
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.handler import (
    model_tag,
    needs_round_trip,
    round_trip_handler,
    scores_pairs,
    translate_handler,
)
from babelshard.translators.run_inference import ModelHandler, RunInference
from babelshard.translators.segment import ShieldMode


def build_translate_pipeline(
    pipeline: beam.Pipeline,
    config: RunConfig,
    translator: TranslatorConfig,
    translate_hints: dict[str, Any] | None = None,
    progress: bool = False,
    part: Callable[[str], bool] | None = None,
    local: bool = False,
    carrier: Carrier = PACKED,
) -> beam.PCollection:
    """Add the translate job to ``pipeline``; returns the manifest path PCollection.

    ``translate_hints`` are Beam resource hints (e.g. an ``accelerator``) put on
    the translate and back-translate stages only; ``progress`` shows a terminal
    progress bar of the translate stage (in-process runs); ``part`` keeps the
    input keys of one chunk (``pipelines/chunks.py``); ``local``: the runner runs
    here, in one process, which reads the input in order without a shuffle;
    ``carrier``: how samples reach reassembly and records their shard bucket
    (``packing.InProcess`` where every stage runs in this process).
    """
    provenance = provenance_of(config, translator)
    read = pipeline | "Read" >> ReadSamples(
        config.format, config.input, config.reader_options(), part, batched=True, in_order=local
    )
    planned = read.samples | "Plan" >> beam.Map(plan_batch, config.plan()).with_output_types(Batch)
    hints = translate_hints or {}
    job_memory = memory.job_memory(
        pipeline,
        config.output,
        config.translation_cache,
        config.resume,
        memory.fingerprint(translator, provenance),
    )
    segmented = planned | "Segment" >> SegmentSamples(config.max_segment_tokens, carrier=carrier)
    scored = segmented.pieces | "TranslatePieces" >> TranslatePieces(
        config, translator, job_memory, hints, progress
    )
    to_reassemble = WithPassthrough(segmented.samples, segmented.passthrough, scored)
    assembled = to_reassemble | "Reassemble" >> (
        ReassembleSamples(config, provenance, retry_lost=True, carrier=carrier)
    )
    # Samples whose translation lost a URL or code span (in batches, as Reassemble found
    # them): again, with the spans cut out. None is in its own language (no passthrough).
    split = assembled.retry | "SegmentSplit" >> SegmentSamples(
        config.max_segment_tokens, "split", carrier
    )
    rescored = split.pieces | "TranslateSplitPieces" >> TranslatePieces(
        config, translator, job_memory, hints, progress=False
    )
    retried = Translated(split.samples, rescored) | "ReassembleSplit" >> (
        ReassembleSamples(config, provenance, carrier=carrier)
    )
    records = [assembled.records]  # flattened once, below (the retry has no passthrough)
    # Each side counted where it is made (a fallback copy is an input the fallback
    # added), as numbers summed by one combine: a Flatten of the planned samples
    # themselves would make the in-process runner hold and encode every one of them
    # once more, and a combine per side cost each chunk's pipeline a dozen transforms.
    sides = [
        planned | "PlannedInBatch" >> beam.Map(len),
        read.rejects | "ReadRejectsOne" >> beam.Map(one),
    ]
    if config.fallback_english:
        failed = (assembled.fallback, retried.fallback) | "AllFailed" >> beam.Flatten()
        copies = (failed, segmented.passthrough) | "EnglishFallback" >> EnglishFallback(provenance)
        records.append(copies)
        sides.append(copies | "FallbackCopiesOne" >> beam.Map(one))
    # A singleton view (0 when empty): no default-injecting branch, a stage less per job.
    input_count = (
        sides
        | "AllInputs" >> beam.Flatten()
        | "CountInputs" >> beam.CombineGlobally(sum).as_singleton_view()
    )
    return {
        "records": tuple(records) | "AllRecords" >> beam.Flatten(),
        "record_batches": (assembled.batches, retried.batches),  # flattened by the writer
        "rejects": (read.rejects, assembled.rejects, retried.rejects),
        "parallel": (scored, rescored)
        | "AllPieces" >> beam.Flatten()
        | "ParallelText" >> beam.FlatMap(parallel_row),
    } | "Write" >> WriteDataset(
        config.output,
        shard_size=config.shard_size,
        config=manifest_config(config, provenance),
        input_count=input_count,
        image_limits=config.image_limits(),
        carrier=carrier,
    )


def one(_: Any) -> int:
    """Each element counts as one input."""
    return 1


# -- plan and segment ----------------------------------------------------------------


def plan_batch(samples: list[Sample], plan: LanguagePlan) -> Batch:
    """A batch of samples, each with every language the plan sends it into."""
    return Batch(Planned(sample, lang) for sample in samples for lang in plan.targets(sample.key))


# Samples travel from reading to reassembly in batches (``ReadSamples(batched=True)``):
# the in-process runner's cost is per element and per stage boundary, so samples cross
# the reassembly join (and their pieces the dedup) a batch at a time.


PIECES_FLUSH = 16_384
"""Piece owners :class:`SegmentSample` holds before it sends its pieces on (and at the end
of each bundle)."""


class SegmentSample(beam.DoFn):
    """Cut every translatable turn of a batch of planned samples into pieces; emit the
    pieces for dedup and the samples for later.

    Input: a list of :class:`Planned`. Outputs: main ``(batch key, list of
    SegmentedSample as the carrier sent it)`` (``pipelines/packing.py``; the batch key
    is its first sample's output key); ``pieces``: ``(Piece, packed owners)``, each
    piece once for every :data:`PIECES_FLUSH` owners of the batches it meets and at the
    end of each bundle, with a tuple of its :class:`PieceOwner` there (each names its
    batch); ``passthrough``: a SegmentedSample whose target language is its own
    (nothing to cut).

    A piece said in many batches crosses the dedup once per bundle, not once per batch
    (the in-process runner's cost is per element): its owners come out in the order
    they were met, the order the dedup's group gave them in when each batch sent its own.
    """

    PIECES = "pieces"
    PASSTHROUGH = "passthrough"

    def __init__(
        self,
        max_tokens: int,
        segmenter: Segmenter | None = None,
        shield: ShieldMode = "placeholder",
        carrier: Carrier = PACKED,
    ) -> None:
        self.cut = segmenter or Segmenter(max_tokens, shield=shield)
        self.carrier = carrier
        self.pieces = Metrics.counter(METRICS, "segments_total")
        # By a piece's fields, as a plain tuple (equal to its Piece, made once at the end).
        self.owners: HeldGroups[tuple[str, str, str], PieceOwner] = HeldGroups(PIECES_FLUSH)

    def start_bundle(self) -> None:
        self.owners = HeldGroups(PIECES_FLUSH)

    def process(self, batch: list[Planned]) -> Iterator[Any]:
        samples: list[SegmentedSample] = []
        owners = self.owners
        add_owner, new_owner = owners.add, PieceOwner._make
        held_before = owners.held
        for sample, lang in batch:
            key = output_key(sample.key, lang)
            if lang == sample.lang:
                yield TaggedOutput(self.PASSTHROUGH, SegmentedSample(key, sample, lang, []))
                continue
            batch_key = samples[0].key if samples else key
            segmented = [
                self.cut(turn.text, sample.lang) if turn.translate else None
                for turn in sample.turns
            ]
            for turn_index, (turn, layout) in enumerate(zip(sample.turns, segmented, strict=True)):
                for piece_index, text in enumerate(layout.pieces if layout else ()):
                    owner = new_owner((key, turn_index, piece_index, turn.short_answer, batch_key))
                    add_owner((text, sample.lang, lang), owner)
            samples.append(SegmentedSample(key, sample, lang, segmented))
        self.pieces.inc(owners.held - held_before)
        if owners.full():
            for piece in self._pieces():
                yield TaggedOutput(self.PIECES, piece)
        if samples:
            yield samples[0].key, self.carrier.send(samples)

    def finish_bundle(self) -> Iterator[TaggedOutput]:
        for piece in in_global_window(self._pieces()):
            yield TaggedOutput(self.PIECES, piece)

    def _pieces(self) -> list[tuple[Piece, bytes]]:
        """The pieces held, each with its owners packed; none held afterwards."""
        return [(Piece._make(piece), packed(tuple(its))) for piece, its in self.owners.take()]


class Segmented(NamedTuple):
    """What ``SegmentSamples`` gives: see :class:`SegmentSample` for each output."""

    samples: beam.PCollection
    pieces: beam.PCollection
    passthrough: beam.PCollection


class SegmentSamples(beam.PTransform):
    """Batches of :class:`Planned` -> :class:`Segmented`; ``shield`` as ``segment_text``'s,
    ``carrier`` the one the reassembly receives with."""

    def __init__(
        self, max_tokens: int, shield: ShieldMode = "placeholder", carrier: Carrier = PACKED
    ) -> None:
        super().__init__()
        self.max_tokens = max_tokens
        self.shield = shield
        self.carrier = carrier

    def expand(self, planned: beam.PCollection) -> Segmented:
        outputs = planned | "SegmentSample" >> beam.ParDo(
            SegmentSample(self.max_tokens, shield=self.shield, carrier=self.carrier)
        ).with_outputs(SegmentSample.PIECES, SegmentSample.PASSTHROUGH, main="samples")
        return Segmented(
            outputs.samples, outputs[SegmentSample.PIECES], outputs[SegmentSample.PASSTHROUGH]
        )


# -- translate, back-translate, save, filter -------------------------------------


class TranslatePieces(beam.PTransform):
    """``(Piece, packed owners)`` -> one :class:`ScoredPiece` per unique piece.

    Dedup (joined with the translation memory when there is one to read, whose
    hits skip the model), translate, run the cheap checks, complete what passes
    them with a round trip through the same model (back-translation unless off,
    the pair's cross-entropies where the model can score), save each translation
    to the memory (``--translation-cache`` or ``OUT/_work/``), and score with the
    checks that read the back-translation. A piece that fails a cheap check is
    never back-translated (``back_translations_saved``). A job's translate stages
    share one ``job_memory``: each looks up the memory as it was when the job started.
    """

    def __init__(
        self,
        config: RunConfig,
        translator: TranslatorConfig,
        job_memory: memory.JobMemory,
        hints: dict[str, Any],
        progress: bool,
    ) -> None:
        super().__init__()
        self.config, self.translator = config, translator
        self.memory, self.hints, self.progress = job_memory, hints, progress

    def expand(self, pieces: beam.PCollection) -> beam.PCollection:
        config = self.config
        checks = PieceChecks(
            config.filter_config(), config.back_translation, scores_pairs(self.translator)
        )
        unique, hits = pieces | "DedupWithMemory" >> memory.DedupWithMemory(
            self.memory.remembered, config.back_translation
        )
        translated, failed = self._infer(unique, "Translate", translate_handler(self.translator))
        if self.progress:
            translated = translated | "TranslateProgress" >> beam.ParDo(
                Progress("translated segments", "seg")
            )
        fresh = translated | "CheckTranslated" >> CheckPieces(checks)
        done, pending = [fresh.done, failed], [fresh.round_trip]
        if hits is not None:  # remembered: saved already, but perhaps without a round trip
            remembered = hits | "CheckRemembered" >> CheckPieces(checks)
            done.append(remembered.done)
            pending.append(remembered.round_trip)
        to_save = [fresh.done | "Unscored" >> beam.Map(lambda scored: scored.translated)]
        if checks.back_translation or checks.score_pairs:  # else nothing is ever pending
            handler = round_trip_handler(self.translator, config.back_translation)
            completed, round_trip_failed = self._infer(
                pending | "AllRoundTrips" >> beam.Flatten(), "RoundTrip", handler
            )
            done.append(round_trip_failed)
            to_save.append(completed | "Completed" >> beam.Map(lambda keyed: keyed[1]))
            done.append(
                completed
                | "BatchRoundTrips" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
                | "FinishChecks" >> beam.ParDo(FinishPieces(checks))
            )
        flush_rows = int(config.extra.get("work_flush_rows", memory.FLUSH_ROWS))
        _ = (
            to_save
            | "ToSave" >> beam.Flatten()
            | "SaveTranslations"
            >> beam.ParDo(memory.SaveTranslations(self.memory.folder, flush_rows))
        )
        return done | "AllScored" >> beam.Flatten()

    def _infer(
        self, pieces: beam.PCollection, name: str, handler: ModelHandler
    ) -> tuple[beam.PCollection, beam.PCollection]:
        """RunInference (one model per machine for both stages), then the engine's faults."""
        inferred = pieces | name >> RunInference(
            handler, model_identifier=model_tag(self.translator)
        ).with_resource_hints(**self.hints)
        return inferred | f"{name}Faults" >> SplitEngineFaults()


class SplitEngineFaults(beam.PTransform):
    """Translated pieces (or ``(key, piece)``) -> ``(translated, failed)``: a piece the
    engine failed on, even alone, skips the round trip, the memory and the filters and is
    scored as rejected (``engine_error``), so its owners become rejects of stage
    ``translate``."""

    def expand(self, pieces: beam.PCollection) -> tuple[beam.PCollection, beam.PCollection]:
        split = pieces | "Split" >> beam.ParDo(_split_fault).with_outputs("failed", main="ok")
        return split.ok, split.failed


def _split_fault(element: TranslatedPiece | tuple[Any, TranslatedPiece]) -> Iterator[Any]:
    piece = element if isinstance(element, TranslatedPiece) else element[1]
    if piece.error is None:
        yield element
    else:
        yield TaggedOutput("failed", ScoredPiece(piece, Verdict(False, {}, (ENGINE_ERROR,))))


@dataclasses.dataclass(frozen=True)
class PieceChecks:
    """The filters as the job runs them: cheap checks first, the round trip only for what
    passes (``filters.policy.split_checks``); ``score_pairs``: the model scores pairs."""

    config: FilterConfig
    back_translation: bool
    score_pairs: bool

    def parts(self) -> tuple[FilterConfig, FilterConfig]:
        return split_checks(self.config)

    def needs_round_trip(self, translated: TranslatedPiece) -> bool:
        return needs_round_trip(translated, self.back_translation, self.score_pairs)


class Checked(NamedTuple):
    """What ``CheckPieces`` gives: finished :class:`ScoredPiece` and, for the round trip,
    ``(cheap verdict, TranslatedPiece)``."""

    done: beam.PCollection
    round_trip: beam.PCollection


class CheckPieces(beam.PTransform):
    """:class:`TranslatedPiece` -> :class:`Checked` (see :class:`CheckBatch`)."""

    def __init__(self, checks: PieceChecks) -> None:
        super().__init__()
        self.checks = checks

    def expand(self, translated: beam.PCollection) -> Checked:
        outputs = (
            translated
            | "BatchForFilters" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
            | "Filter"
            >> beam.ParDo(CheckBatch(self.checks)).with_outputs(CheckBatch.ROUND_TRIP, main="done")
        )
        return Checked(outputs.done, outputs[CheckBatch.ROUND_TRIP])


class _FilterDoFn(beam.DoFn):
    """A DoFn that scores with the filters, the LID model loaded once per worker."""

    def __init__(self, checks: PieceChecks) -> None:
        self.checks = checks

    def setup(self) -> None:
        from babelshard.filters.langid import load_lid_model

        config = self.checks.config
        self.model = load_lid_model(config.lid_model) if config.check_langid else None
        self.cheap, self.round_trip = self.checks.parts()

    def scored(
        self, batch: list[TranslatedPiece], config: FilterConfig, model_scores: bool = True
    ) -> list[tuple[TranslatedPiece, Verdict]]:
        """Verdicts under ``config``; ``model_scores``: with the dual cross-entropy (the
        cheap checks go without: it is a score of the round trip)."""
        segments = [piece.segment() for piece in batch]
        pairs = cross_entropies(batch) if model_scores else None
        verdicts = evaluate_many(segments, config, self.model, pairs)
        return list(zip(batch, verdicts, strict=True))


class CheckBatch(_FilterDoFn):
    """Score a batch of translated pieces (LID predicted once per batch).

    A piece with nothing left to add (back-translation off, a memory hit that has it
    all, a table that cannot score) gets every check now. The others get the cheap
    checks: a failure is final (its back-translation saved) unless a short answer owns
    the piece (mBLIP's rule reads its back-translation); the rest go to the round trip
    as ``(cheap verdict, piece)``.
    """

    ROUND_TRIP = "round_trip"

    def setup(self) -> None:
        super().setup()
        self.saved = Metrics.counter(METRICS, BACK_TRANSLATIONS_SAVED)

    def process(self, batch: list[TranslatedPiece]) -> Iterator[Any]:
        complete: list[TranslatedPiece] = []
        pending: list[TranslatedPiece] = []
        for piece in batch:
            (pending if self.checks.needs_round_trip(piece) else complete).append(piece)
        for piece, verdict in self.scored(complete, self.checks.config):
            yield with_model_score(piece, verdict)
        for piece, verdict in self.scored(pending, self.cheap, model_scores=False):
            if verdict.accepted or any(owner.short_answer for owner in piece.owners):
                yield TaggedOutput(self.ROUND_TRIP, (verdict, piece))
                continue
            if self.checks.back_translation and piece.back_translation is None:
                self.saved.inc()
            yield with_model_score(piece, verdict)


class FinishPieces(_FilterDoFn):
    """``(cheap verdict, completed piece)`` batches -> :class:`ScoredPiece`: the cheap verdict
    combined with the checks that read the back-translation (all checks again for a short
    answer's piece that failed a cheap one, as if it had never been split)."""

    def process(self, batch: list[tuple[Verdict, TranslatedPiece]]) -> Iterator[ScoredPiece]:
        passed = [(verdict, piece) for verdict, piece in batch if verdict.accepted]
        failed = [piece for verdict, piece in batch if not verdict.accepted]
        rest = self.scored([piece for _, piece in passed], self.round_trip)
        for (cheap, _), (piece, verdict) in zip(passed, rest, strict=True):
            yield with_model_score(piece, Verdict.combine([cheap, verdict]))
        for piece, verdict in self.scored(failed, self.checks.config):
            yield with_model_score(piece, verdict)


def cross_entropies(batch: list[TranslatedPiece]) -> list[tuple[float, float]] | None:
    """The pairs' cross-entropies for ``evaluate_many`` (NaN: not scored, no score recorded);
    None when no piece has them (a ``table:`` backend)."""
    if all(piece.cross_entropy is None for piece in batch):
        return None
    return [piece.cross_entropy or (math.nan, math.nan) for piece in batch]


def with_model_score(piece: TranslatedPiece, verdict: Verdict) -> ScoredPiece:
    """The piece and its verdict, with the translation's own model score among the scores."""
    if piece.model_score is not None:
        verdict.scores["model_score"] = piece.model_score
    return ScoredPiece(piece, verdict)


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


def fan_out(scored: ScoredPiece) -> Iterator[tuple[str, tuple[list, bytes]]]:
    """A scored piece to each batch of samples that owns it, as ``(batch key, (places,
    packed piece))``, a place being an owner's ``(output key, turn, index)``.

    The piece goes without its owner list (which may be long), packed once: the
    in-process runner encodes a ``CoGroupByKey``'s input twice (its Flatten and its
    GroupByKey), and bytes are copied where a record would be pickled.
    """
    bare = packed(ScoredPiece(dataclasses.replace(scored.translated, owners=()), scored.verdict))
    places: dict[str, list[tuple[str, int, int]]] = {}
    for owner in scored.translated.owners:
        places.setdefault(owner.batch, []).append((owner.key, owner.turn, owner.index))
    for batch_key, batch_places in places.items():
        yield batch_key, (batch_places, bare)


PLACES_FLUSH = 65_536
"""Places :class:`FanOut` holds before it sends its batches on (and at the end of each
bundle); the packed pieces they point to are shared."""


class FanOut(beam.DoFn):
    """:func:`fan_out` of many scored pieces, each batch's together: ``(batch key, [(places,
    packed piece), ...] as the carrier sent it)``, one element per batch for every
    :data:`PLACES_FLUSH` places and at the end of each bundle, not one per piece and batch
    (the in-process runner's cost is per element: a 50,000-sample chunk whose 196 batches
    each said 41 pieces sent 8,000). The reassembly looks the pieces up by place, so
    their grouping changes nothing. Sent by the carrier, a batch's places (one per sample
    and piece) cross the join without Beam's coder taking each apart (in one process, as
    a ticket)."""

    def __init__(self, carrier: Carrier = PACKED) -> None:
        self.carrier = carrier
        self.batches: HeldGroups[str, tuple[list, bytes]] = HeldGroups(PLACES_FLUSH)

    def start_bundle(self) -> None:
        self.batches = HeldGroups(PLACES_FLUSH)

    def process(self, scored: ScoredPiece) -> Iterator[tuple[str, Any]]:
        for batch_key, (places, bare) in fan_out(scored):
            self.batches.add(batch_key, (places, bare), weight=len(places))
        if self.batches.full():
            yield from self._sent()

    def finish_bundle(self) -> Iterator[WindowedValue]:
        yield from in_global_window(self._sent())

    def _sent(self) -> list[tuple[str, Any]]:
        return [(key, self.carrier.send(pieces)) for key, pieces in self.batches.take()]


class RecentPieces:
    """Scored pieces by their packed bytes, unpickled once for every batch that owns them.

    A piece said in many batches comes to each batch's reassembly as the same bytes
    (:func:`fan_out` packs it once); reassembly only reads a scored piece (one
    object is shared by all its owners in a batch already), so the batches can share
    it too. At most ``limit`` pieces are held: then the cache starts again, so a job
    of many unique pieces holds no more than a frequent one."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self.held: dict[bytes, ScoredPiece] = {}

    def unpacked(self, data: bytes) -> ScoredPiece:
        scored = self.held.get(data)
        if scored is None:
            if len(self.held) >= self.limit:
                self.held.clear()
            scored = self.held[data] = unpacked(data)
        return scored


class Reassemble(beam.DoFn):
    """Put each sample of a batch back together in its target language, or reject it
    with a reason. Input: ``(batch key, {"samples": [sent batch], "pieces": [sent [(places,
    packed piece), ...], ...]})`` from :class:`SegmentSample` and :class:`FanOut` (each
    sent by ``carrier``); main output: the batch's records as the writer takes them
    (``pack_records``, with the same carrier).

    With ``retry_lost``, the samples of a batch whose translation lost a shielded span
    go to the ``retry`` output as a list of :class:`Planned`, to be segmented again. With
    ``fallback``, a failed language is still a reject (naming the English copy)
    and its sample goes to the ``fallback`` output, ``(sample key, (lang, sample))``.
    """

    REJECTS = "rejects"
    RETRY = "retry"
    FALLBACK = "fallback"

    def __init__(
        self,
        provenance: dict[str, Any],
        back_translation: bool,
        fallback: bool,
        retry_lost: bool = False,
        carrier: Carrier = PACKED,
    ) -> None:
        self.provenance = provenance
        self.carrier = carrier
        self.back_translation = back_translation
        self.fallback = fallback
        self.retry_lost = retry_lost
        self.kept_english = Metrics.counter(METRICS, SHORT_ANSWER_KEPT_ENGLISH)
        # One provenance dict per set of engines, made once, not once per sample.
        self.provenances: dict[frozenset[tuple[str, str]], dict[str, Any]] = {}
        self.recent = RecentPieces()

    def process(self, element: tuple[str, dict[str, list]]) -> Iterator[Any]:
        _, groups = element
        (batch,) = groups["samples"]
        pieces: dict[str, dict[tuple[int, int], ScoredPiece]] = {}
        for sent in groups["pieces"]:
            for places, data in self.carrier.receive(sent):
                scored = self.recent.unpacked(data)
                for key, turn, index in places:
                    pieces.setdefault(key, {})[turn, index] = scored
        records, retries = [], []
        for segmented in self.carrier.receive(batch):
            for output in self.one(segmented, pieces.get(segmented.key, {})):
                if isinstance(output, Planned):
                    retries.append(output)
                elif isinstance(output, TaggedOutput):
                    yield output
                else:
                    records.append(output)
        if retries:
            yield TaggedOutput(self.RETRY, retries)
        if records:
            yield pack_records(records, self.carrier)

    def one(
        self, segmented: SegmentedSample, pieces: dict[tuple[int, int], ScoredPiece]
    ) -> Iterator[Any]:
        """One sample's record, reject, retry (a :class:`Planned`) or fallback."""
        engines = frozenset(
            (scored.translated.device, scored.translated.compute_type)
            for scored in pieces.values()
            if scored.translated.device and scored.translated.compute_type
        )
        provenance = self.provenances.get(engines)
        if provenance is None:
            provenance = self.provenances[engines] = with_engine(self.provenance, set(engines))
        result = reassemble_sample(
            segmented,
            pieces,
            provenance,
            back_translation_checked=self.back_translation,
            retry_lost=self.retry_lost,
        )
        if result is None:
            Metrics.counter(METRICS, "retried_split").inc()
            yield Planned(segmented.sample, segmented.lang)
            return
        if isinstance(result, RejectRecord):  # counted once, by the writer
            sample = segmented.sample
            if self.fallback:
                result = mark_fallback(result, sample)
                yield TaggedOutput(self.FALLBACK, (sample.key, (segmented.lang, sample)))
            yield TaggedOutput(self.REJECTS, result)
            return
        kept = sum(turn["note"] == SHORT_ANSWER_KEPT_ENGLISH for turn in result.doc["turns"])
        if kept:  # a counter's update costs a lookup of the bundle's metrics container
            self.kept_english.inc(kept)
        yield result


def passthrough_record(segmented: SegmentedSample, provenance: dict[str, Any]) -> Any:
    Metrics.counter(METRICS, "passthrough").inc()
    return untranslated_record(segmented.sample, segmented.lang, provenance, segmented.key)


class Assembled(NamedTuple):
    """What ``ReassembleSamples`` gives: records to write (lists of reassembled records
    per batch, and passthrough records one by one, None without passthrough samples),
    samples rejected, lists of :class:`Planned` samples to translate again with
    ``shield="split"``, and the failed languages of samples bound for an English
    fallback copy.

    Records are left for the caller to flatten once with its other records: the
    in-process runner holds (and encodes) every Flatten's input once more, so a
    Flatten of a Flatten costs each record a second round trip through its coder.
    """

    batches: beam.PCollection
    records: beam.PCollection | None
    rejects: beam.PCollection
    retry: beam.PCollection
    fallback: beam.PCollection


class Translated(NamedTuple):
    """What :class:`ReassembleSamples` puts together: batches of segmented samples (see
    :class:`SegmentSample`) and the scored pieces they own (the split retry's: every
    sample there was translated)."""

    samples: beam.PCollection
    scored: beam.PCollection


class WithPassthrough(NamedTuple):
    """:class:`Translated`, and samples bound for their own language, written as they are
    (the main pass)."""

    samples: beam.PCollection
    passthrough: beam.PCollection
    scored: beam.PCollection


class ReassembleSamples(beam.PTransform):
    """:class:`Translated` or :class:`WithPassthrough` -> :class:`Assembled` (``records``
    None without passthrough samples)."""

    def __init__(
        self,
        config: RunConfig,
        provenance: dict[str, Any],
        retry_lost: bool = False,
        carrier: Carrier = PACKED,
    ) -> None:
        super().__init__()
        self.config, self.provenance, self.retry_lost = config, provenance, retry_lost
        self.carrier = carrier

    def expand(self, inputs: Translated | WithPassthrough) -> Assembled:
        samples, scored = inputs.samples, inputs.scored
        passthrough = inputs.passthrough if isinstance(inputs, WithPassthrough) else None
        config = self.config
        step = Reassemble(
            self.provenance,
            config.back_translation,
            config.fallback_english,
            self.retry_lost,
            self.carrier,
        )
        assembled = (
            {"samples": samples, "pieces": scored | "FanOut" >> beam.ParDo(FanOut(self.carrier))}
            | "JoinPieces" >> beam.CoGroupByKey()
            | "Reassemble"
            >> beam.ParDo(step).with_outputs(
                Reassemble.REJECTS, Reassemble.RETRY, Reassemble.FALLBACK, main="records"
            )
        )
        written = None
        if passthrough is not None:
            written = passthrough | "Passthrough" >> beam.Map(passthrough_record, self.provenance)
        return Assembled(
            assembled.records,
            written,
            assembled[Reassemble.REJECTS],
            assembled[Reassemble.RETRY],
            assembled[Reassemble.FALLBACK],
        )


class EnglishFallback(beam.PTransform):
    """``(failed languages, passthrough samples)`` -> one English copy per source sample.

    ``--fallback-english`` writes a sample whose translation failed once, in its
    own language, however many languages failed (each stays a reject of its own);
    a sample planned in its own language as well is written once, as that. Each
    copy counts as an input the fallback added: ``inputs = written + rejected``.
    """

    def __init__(self, provenance: dict[str, Any]) -> None:
        super().__init__()
        self.provenance = provenance

    def expand(self, inputs: tuple[beam.PCollection, beam.PCollection]) -> beam.PCollection:
        failed, passthrough = inputs
        planned_english = passthrough | "SampleKey" >> beam.Map(lambda s: (s.sample.key, s.key))
        return (
            {"failed": failed, "english": planned_english}
            | "JoinBySample" >> beam.CoGroupByKey()
            | "EnglishCopy" >> beam.FlatMap(english_copy, self.provenance)
        )


def english_copy(element: tuple[str, dict[str, list]], provenance: dict[str, Any]) -> Iterator[Any]:
    _, groups = element
    failed = list(groups["failed"])
    if not failed or groups["english"]:
        return
    Metrics.counter(METRICS, "fallback_written").inc()
    yield fallback_record(failed[0][1], [lang for lang, _ in failed], provenance)
