"""A Beam ``RunInference`` model handler around the translator.

The handler owns inference policy, so the pipeline only says what to run: how
the model is loaded and shared (one copy per machine on a GPU, one tag for the
translate and back-translate stages), how big the batches are, and how the
job's records become requests and results (Beam's pre/post-processing hooks).
Requests are :class:`~babelshard.schemas.records.Piece`; Beam groups them into
batches weighed by an estimate of their token count, and the translator then
sorts each batch by length and re-batches it by its own token budget.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from apache_beam.metrics import Metrics

from babelshard.schemas.records import Owners, Piece, PieceOwner, TranslatedPiece
from babelshard.translators.base import Translation, Translator
from babelshard.translators.factory import TranslatorConfig, load_translator
from babelshard.translators.run_inference import (
    KeyedModelHandler,
    ModelHandler,
    PredictionResult,
)

LOG = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

MAX_INFERENCE_BATCH_TOKENS = 65536
"""The largest RunInference batch, in estimated source tokens."""
INFERENCE_BATCH_BUDGETS = 8
"""Engine batches per RunInference batch, at least.

The translator length-sorts each RunInference batch and cuts it into engine
batches of its token budget. Small RunInference batches leave many engine
batches part-empty and mix lengths (padding): on CPU that cost 20-30%
(bench/pipeline.py), so each holds several budgets' worth of requests.
"""


def estimated_tokens(element: Piece | TranslatedPiece | tuple[object, Any]) -> int:
    """A cheap upper-bound-ish token count (no tokenizer needed) for batch weights.

    Accepts keyed elements too: a ``KeyedModelHandler`` batches ``(key, piece)``.
    A translated piece weighs its hypothesis (what a round trip feeds the model).
    """
    request = element if isinstance(element, Piece | TranslatedPiece) else element[1]
    text = request.text if isinstance(request, Piece) else request.hypothesis
    return 2 + max(len(text.split()) * 2, len(text) // 3)


def engine_of(config: TranslatorConfig) -> tuple[str | None, str | None]:
    """The device and compute type the translator of ``config`` runs on *here* (``auto``
    resolved as ``NllbTranslator`` resolves it); a table runs on none.

    Called on the worker: the launcher may have no GPU while its workers do.
    Read from the config, not the loaded model, which may be a proxy to another
    process (a model shared across processes) that exposes only its methods.
    """
    if config.is_table:
        return None, None
    from babelshard.translators.nllb import resolve_compute_type, resolve_device

    device = resolve_device(config.device)
    return device, resolve_compute_type(config.compute_type, device)


@dataclasses.dataclass(frozen=True)
class EngineResult:
    """What the engine made of one request: its translation, or the fault that stopped it
    (``error``: ``"ErrorKind: message"``), and the device and compute type it ran on."""

    translation: Translation | None
    device: str | None = None
    compute_type: str | None = None
    error: str | None = None


def model_tag(config: TranslatorConfig) -> str:
    """One tag per translator config: stages running the same model share one loaded copy
    where the model is shared across processes (on GPU workers)."""
    return "babelshard-" + hashlib.sha256(repr(config).encode()).hexdigest()[:16]


class TranslatorModelHandler(ModelHandler[Piece, PredictionResult, Translator]):
    """Translate batches of pieces; one result per piece, in order."""

    def __init__(
        self,
        config: TranslatorConfig,
        *,
        min_batch_tokens: int | None = None,
        max_batch_tokens: int = MAX_INFERENCE_BATCH_TOKENS,
    ) -> None:
        if min_batch_tokens is None:
            budget = INFERENCE_BATCH_BUDGETS * config.decoding.max_batch_tokens
            min_batch_tokens = min(budget, max_batch_tokens)
        # With an element_size_fn, BatchElements' batch sizes are sums of
        # element sizes: these bounds are (estimated) source tokens per batch.
        super().__init__(
            min_batch_size=min_batch_tokens,
            max_batch_size=max_batch_tokens,
            element_size_fn=estimated_tokens,
        )
        self.config = config

    def share_model_across_processes(self) -> bool:
        """One copy per machine where the model runs on a GPU.

        Beam asks this on the worker, when the stage loads its model, so ``auto``
        is resolved on the machine that runs it, never on the launcher (which may
        have no GPU while its workers do).
        """
        return engine_of(self.config)[0] == "cuda"

    def load_model(self) -> Translator:
        return load_translator(self.config)

    def run_inference(
        self,
        batch: Sequence[Piece],
        model: Translator,
        inference_args: dict[str, Any] | None = None,
    ) -> Iterable[PredictionResult]:
        by_source: dict[str, list[int]] = {}
        for index, piece in enumerate(batch):
            by_source.setdefault(piece.source_lang, []).append(index)
        results: list[PredictionResult | None] = [None] * len(batch)
        engine = engine_of(self.config)
        for source_lang, indices in by_source.items():
            outcomes = translate_or_split(model, [batch[i] for i in indices], source_lang, engine)
            for index, outcome in zip(indices, outcomes, strict=True):
                results[index] = PredictionResult(batch[index], outcome, self.config.model)
        return results  # type: ignore[return-value]

    def get_metrics_namespace(self) -> str:
        return "babelshard_translate"


def in_halves_on_fault(
    run: Callable[[Sequence[T]], Sequence[R]], items: Sequence[T]
) -> list[R | str]:
    """``run(items)``; a batch the engine fails on is halved and retried, down to one item,
    so a GPU out-of-memory on a long batch recovers and only an item that fails alone is
    lost: its place holds the error (``"ErrorKind: message"``).

    Any exception counts as an engine fault here: the model was loaded and checked
    before work started, so what fails now is this batch, never the job's config.
    """
    if not items:
        return []
    try:
        return list(run(items))
    except Exception as error:  # any engine fault becomes data, see above
        if len(items) == 1:
            Metrics.counter("babelshard", "engine_failed_segments").inc()
            LOG.warning("the engine failed on one segment (%s); it becomes a reject", error)
            return [f"{type(error).__name__}: {error}"]
        Metrics.counter("babelshard", "engine_batch_splits").inc()
        half = len(items) // 2
        return [*in_halves_on_fault(run, items[:half]), *in_halves_on_fault(run, items[half:])]


def translate_or_split(
    model: Translator,
    pieces: Sequence[Piece],
    source_lang: str,
    engine: tuple[str | None, str | None] = (None, None),
) -> list[EngineResult]:
    """Translate ``pieces`` (:func:`in_halves_on_fault`): a piece that fails alone comes
    back as an :class:`EngineResult` carrying the error."""
    device, compute_type = engine

    def run(batch: Sequence[Piece]) -> list[Translation]:
        return model.translate(
            [piece.text for piece in batch], source_lang, [piece.target_lang for piece in batch]
        )

    return [
        EngineResult(None, device, compute_type, outcome)
        if isinstance(outcome, str)
        else EngineResult(outcome, device, compute_type)
        for outcome in in_halves_on_fault(run, pieces)
    ]


# -- the round trip: back-translation and the pair's cross-entropies ----------------------


def scores_pairs(config: TranslatorConfig) -> bool:
    """Whether the translator scores a pair by cross-entropy: an NLLB model does, a table
    (no model) cannot, so its pieces carry no such score rather than a made-up one."""
    return not config.is_table


def needs_round_trip(translated: TranslatedPiece, back_translation: bool, score: bool) -> bool:
    """Whether the round-trip stage has anything to add (a memory hit may have it all)."""
    missing_back = back_translation and translated.back_translation is None
    return missing_back or (score and translated.cross_entropy is None)


def pair_cross_entropies(model: Any, batch: Sequence[TranslatedPiece]) -> list[tuple[float, float]]:
    """(forward, backward) cross-entropy of each pair, one ``score_batch`` call per direction
    and language pair (``NllbTranslator.cross_entropy``)."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for index, translated in enumerate(batch):
        piece = translated.piece
        by_pair.setdefault((piece.source_lang, piece.target_lang), []).append(index)
    results: list[tuple[float, float]] = [(math.nan, math.nan)] * len(batch)
    for (source_lang, target_lang), indices in by_pair.items():
        sources = [batch[i].piece.text for i in indices]
        hypotheses = [batch[i].hypothesis for i in indices]
        forward = model.cross_entropy(sources, hypotheses, source_lang, target_lang)
        backward = model.cross_entropy(hypotheses, sources, target_lang, source_lang)
        for index, pair in zip(indices, zip(forward, backward, strict=True), strict=True):
            results[index] = pair
    return results


class RoundTripModelHandler(TranslatorModelHandler):
    """:class:`TranslatedPiece` -> the same with what it lacks: its back-translation (when
    ``back_translation``) and its pair's cross-entropies (when the model can score).

    One stage, one model (the translate stage's tag): scoring costs a forward pass
    per direction, not another model in memory.
    """

    def __init__(self, config: TranslatorConfig, back_translation: bool) -> None:
        super().__init__(config)
        self.back_translation = back_translation
        self.score = scores_pairs(config)

    def run_inference(  # type: ignore[override]
        self,
        batch: Sequence[TranslatedPiece],
        model: Translator,
        inference_args: dict[str, Any] | None = None,
    ) -> list[TranslatedPiece]:
        results = list(batch)
        if self.back_translation:
            wanted = [i for i, t in enumerate(batch) if t.back_translation is None]
            requests = [_back_request(batch[i]) for i in wanted]
            backs = super().run_inference(requests, model)
            for index, back in zip(wanted, backs, strict=True):
                results[index] = _with_back(results[index], back.inference)
        if self.score:
            wanted = [i for i, t in enumerate(results) if t.cross_entropy is None and not t.error]
            scored = in_halves_on_fault(
                lambda batch: pair_cross_entropies(model, batch), [results[i] for i in wanted]
            )
            for index, pair in zip(wanted, scored, strict=True):
                if isinstance(pair, str):
                    results[index] = dataclasses.replace(
                        results[index], error=f"cross-entropy: {pair}"
                    )
                else:
                    results[index] = dataclasses.replace(results[index], cross_entropy=pair)
        return results


def _with_back(translated: TranslatedPiece, outcome: EngineResult) -> TranslatedPiece:
    if outcome.error or outcome.translation is None:
        return dataclasses.replace(translated, error=f"back-translation: {outcome.error}")
    return dataclasses.replace(translated, back_translation=outcome.translation.text)


# -- the job's records in and out ---------------------------------------------------


def _owned_request(group: tuple[Piece, Iterable[PieceOwner]]) -> tuple[Owners, Piece]:
    piece, owners = group
    # The job's counter namespace (pipelines/metrics.py): translators know no job.
    Metrics.counter("babelshard", "segments_unique").inc()
    return Owners.of(owners), piece  # packed: the batches' size estimates pickle it whole


def _translated(keyed: tuple[Owners, PredictionResult]) -> TranslatedPiece:
    owners, result = keyed
    outcome: EngineResult = result.inference
    translation = outcome.translation or Translation("")
    return TranslatedPiece(
        result.example,
        owners,
        translation.text,
        translation.score,
        device=outcome.device,
        compute_type=outcome.compute_type,
        error=outcome.error,
    )


def _back_request(translated: TranslatedPiece) -> Piece:
    """The request that translates ``translated``'s hypothesis back into its source language."""
    piece = translated.piece
    return Piece(translated.hypothesis, piece.target_lang, piece.source_lang)


def translate_handler(config: TranslatorConfig) -> ModelHandler:
    """``(piece, its owners)`` (a dedup group) -> :class:`TranslatedPiece`."""
    keyed = KeyedModelHandler(TranslatorModelHandler(config))
    return keyed.with_preprocess_fn(_owned_request).with_postprocess_fn(_translated)


def round_trip_handler(config: TranslatorConfig, back_translation: bool) -> ModelHandler:
    """``(key, TranslatedPiece)`` -> ``(key, the piece completed)`` by a
    :class:`RoundTripModelHandler`; the key is whatever the caller carries along
    (the job's: the verdict of the cheap checks)."""
    return KeyedModelHandler(RoundTripModelHandler(config, back_translation))
