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
import math
from collections.abc import Iterable, Sequence
from typing import Any

from apache_beam.metrics import Metrics
from apache_beam.ml.inference.base import KeyedModelHandler, ModelHandler, PredictionResult

from babelshard.schemas.records import Piece, PieceOwner, TranslatedPiece
from babelshard.translators.base import Translator
from babelshard.translators.factory import TranslatorConfig, load_translator

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


def resolved_device(config: TranslatorConfig) -> str:
    """The device the translator runs on (``auto`` resolved; a table runs on none)."""
    if config.is_table:
        return config.device
    from babelshard.translators.nllb import resolve_device

    return resolve_device(config.device)


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
        # Sharing follows the configured device, not ``resolved_device``: the job
        # is built on a launcher that may have no GPU while its workers do.
        super().__init__(
            min_batch_size=min_batch_tokens,
            max_batch_size=max_batch_tokens,
            element_size_fn=estimated_tokens,
            large_model=config.device == "cuda",
        )
        self.config = config

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
        for source_lang, indices in by_source.items():
            translations = model.translate(
                [batch[i].text for i in indices],
                source_lang,
                [batch[i].target_lang for i in indices],
            )
            for index, translation in zip(indices, translations, strict=True):
                results[index] = PredictionResult(batch[index], translation, model.name)
        return results  # type: ignore[return-value]

    def get_metrics_namespace(self) -> str:
        return "babelshard_translate"


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
            requests = [_back_request(batch[i])[1] for i in wanted]
            backs = super().run_inference(requests, model)
            for index, back in zip(wanted, backs, strict=True):
                results[index] = dataclasses.replace(
                    results[index], back_translation=back.inference.text
                )
        if self.score:
            wanted = [i for i, t in enumerate(batch) if t.cross_entropy is None]
            pairs = pair_cross_entropies(model, [batch[i] for i in wanted])
            for index, pair in zip(wanted, pairs, strict=True):
                results[index] = dataclasses.replace(results[index], cross_entropy=pair)
        return results


# -- the job's records in and out ---------------------------------------------------


def _owned_request(group: tuple[Piece, Iterable[PieceOwner]]) -> tuple[tuple, Piece]:
    piece, owners = group
    # The job's counter namespace (pipelines/metrics.py): translators know no job.
    Metrics.counter("babelshard", "segments_unique").inc()
    return tuple(owners), piece


def _translated(keyed: tuple[tuple[PieceOwner, ...], PredictionResult]) -> TranslatedPiece:
    owners, result = keyed
    return TranslatedPiece(result.example, owners, result.inference.text, result.inference.score)


def _back_request(translated: TranslatedPiece) -> tuple[TranslatedPiece, Piece]:
    piece = translated.piece
    return translated, Piece(translated.hypothesis, piece.target_lang, piece.source_lang)


def translate_handler(config: TranslatorConfig) -> ModelHandler:
    """``(piece, its owners)`` (a dedup group) -> :class:`TranslatedPiece`."""
    keyed = KeyedModelHandler(TranslatorModelHandler(config))
    return keyed.with_preprocess_fn(_owned_request).with_postprocess_fn(_translated)


def round_trip_handler(config: TranslatorConfig, back_translation: bool) -> ModelHandler:
    """``(key, TranslatedPiece)`` -> ``(key, the piece completed)`` by a
    :class:`RoundTripModelHandler`; the key is whatever the caller carries along
    (the job's: the verdict of the cheap checks)."""
    return KeyedModelHandler(RoundTripModelHandler(config, back_translation))
