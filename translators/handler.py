"""A Beam ``RunInference`` model handler around the translator.

The handler owns loading and batching (DESIGN: the pipeline only says what to
run). Elements are :class:`TranslationRequest`; Beam groups them into batches
weighed by an estimate of their token count, and the translator then sorts
each batch by length and re-batches it by its own token budget. On a GPU the
model is loaded once per machine and shared by the worker's processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from apache_beam.ml.inference.base import ModelHandler, PredictionResult

from babelshard.translators.base import Translator
from babelshard.translators.factory import TranslatorConfig, load_translator


class TranslationRequest(NamedTuple):
    text: str
    source_lang: str
    target_lang: str


def estimated_tokens(element: TranslationRequest | tuple[object, TranslationRequest]) -> int:
    """A cheap upper-bound-ish token count (no tokenizer needed) for batch weights.

    Accepts keyed elements too: a ``KeyedModelHandler`` batches ``(key, request)``.
    """
    request = element if isinstance(element, TranslationRequest) else element[1]
    return 2 + max(len(request.text.split()) * 2, len(request.text) // 3)


class TranslatorModelHandler(ModelHandler[TranslationRequest, PredictionResult, Translator]):
    """Translate batches of requests; one result per request, in order."""

    def __init__(
        self,
        config: TranslatorConfig,
        *,
        min_batch_tokens: int = 512,
        max_batch_tokens: int = 65536,
    ) -> None:
        # With an element_size_fn, BatchElements' batch sizes are sums of
        # element sizes: these bounds are (estimated) source tokens per batch.
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
        batch: Sequence[TranslationRequest],
        model: Translator,
        inference_args: dict[str, Any] | None = None,
    ) -> Iterable[PredictionResult]:
        by_source: dict[str, list[int]] = {}
        for index, request in enumerate(batch):
            by_source.setdefault(request.source_lang, []).append(index)
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
