"""NLLB-200 on CTranslate2: the translator at the heart of babelshard.

What this adds on top of ``ctranslate2.Translator.translate_batch``, and why:

* the NLLB tokenizer (``tokenizer.json`` through transformers), the source
  language token in front and the target language token as ``target_prefix``,
  dropped again from the output;
* batches filled up to a token budget from length-sorted inputs (little
  padding), submitted asynchronously so CTranslate2's ``inter_threads``
  workers run side by side, and results put back in input order;
* ``max_decoding_length`` bounded relative to each batch's longest input, so a
  looping hypothesis stops early instead of running to the model's limit;
* no silent truncation: an input longer than the model accepts is split into
  windows at piece boundaries and translated window by window.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from babelshard.translators.base import Translation, expand_targets
from babelshard.translators.models import ModelError, validate_ctranslate2_model

WORD_BOUNDARY = "▁"  # SentencePiece's marker of a piece that starts a word


class LanguageNotInModelError(ValueError):
    """The model's vocabulary has no token for a requested language."""


@dataclass(frozen=True)
class DecodingOptions:
    """How to decode; defaults suit bulk translation of captions and dialogue.

    ``beam_size`` 2 is close to beam 4's quality at about half its cost on
    short sentences. ``max_batch_tokens`` is the source-token budget of one
    batch. The decoding limit is ``max_length_ratio * input + max_length_extra``,
    capped by ``max_decoding_length``. ``no_repeat_ngram_size`` 4 and a mild
    ``repetition_penalty`` guard against NLLB's repeated-n-gram loops; set them
    to 0 and 1.0 to turn the guards off. ``min_decoding_length`` exists for
    benchmarks that pin output lengths. ``return_scores`` False skips the
    log-softmax over the whole vocabulary at every step (greedy decoding needs only
    the argmax), for bulk jobs that do not record ``Translation.score``.
    """

    beam_size: int = 2
    max_batch_tokens: int = 4096
    max_length_ratio: float = 2.0
    max_length_extra: int = 10
    max_decoding_length: int = 512
    min_decoding_length: int = 0
    max_input_tokens: int = 1000
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 4
    length_penalty: float = 1.0
    return_scores: bool = True

    def decoding_limit(self, longest_input: int) -> int:
        bound = math.ceil(self.max_length_ratio * longest_input) + self.max_length_extra
        return max(self.min_decoding_length, min(self.max_decoding_length, bound))


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when CTranslate2 sees a GPU, else CPU."""
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def resolve_compute_type(compute_type: str, device: str) -> str:
    """``auto`` means int8 weights with the device's fast activations."""
    if compute_type != "auto":
        return compute_type
    return "int8_float16" if device == "cuda" else "int8"


class NllbTranslator:
    """A :class:`~babelshard.translators.base.Translator` backed by CTranslate2."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        device: str = "auto",
        device_index: int | Sequence[int] = 0,
        compute_type: str = "auto",
        intra_threads: int = 0,
        inter_threads: int = 1,
        options: DecodingOptions | None = None,
    ) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        self.model_dir = Path(model_dir)
        validate_ctranslate2_model(self.model_dir)
        self.device = resolve_device(device)
        self.compute_type = resolve_compute_type(compute_type, self.device)
        self.options = options or DecodingOptions()
        self.name = f"ctranslate2:{self.model_dir.name}"
        try:
            # A CTranslate2 folder's config.json is not a transformers config, which
            # transformers 5 takes for an old Mistral tokenizer and warns about;
            # NLLB's tokenizer needs no such fix, and saying so silences the warning.
            self.tokenizer = AutoTokenizer.from_pretrained(
                str(self.model_dir), fix_mistral_regex=False
            )
            self.engine = ctranslate2.Translator(
                str(self.model_dir),
                device=self.device,
                device_index=device_index,
                compute_type=self.compute_type,
                intra_threads=intra_threads,
                inter_threads=inter_threads,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise ModelError(
                f"could not load the model in {self.model_dir} ({error}); re-create it with "
                "`babelshard models fetch`"
            ) from error
        self._unk_id = self.tokenizer.unk_token_id

    # -- the Translator interface --------------------------------------------------

    def translate(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_langs: str | Sequence[str],
    ) -> list[Translation]:
        targets = expand_targets(texts, target_langs)
        for lang in {source_lang, *targets}:
            self.check_language(lang)
        results: list[Translation] = [Translation("", None)] * len(texts)
        pending = [index for index, text in enumerate(texts) if text.strip()]
        if not pending:
            return results
        sources = self.encode([texts[index] for index in pending], source_lang)
        for index, translation in zip(
            pending, self._translate_tokens(sources, [targets[i] for i in pending]), strict=True
        ):
            results[index] = translation
        return results

    # -- building blocks, public for the benchmark and the model handler ----------

    def check_language(self, lang: str) -> None:
        token_id = self.tokenizer.convert_tokens_to_ids(lang)
        if token_id is None or token_id == self._unk_id:
            raise LanguageNotInModelError(
                f"language {lang!r} is not in the vocabulary of {self.model_dir}; use an NLLB-200 "
                "code (`babelshard languages` lists them) or a model that covers it"
            )

    def encode(self, texts: Sequence[str], source_lang: str) -> list[list[str]]:
        """Source pieces as NLLB expects them: ``[src_lang, pieces…, </s>]``."""
        encoded = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        eos = self.tokenizer.eos_token
        return [[source_lang, *self.tokenizer.convert_ids_to_tokens(ids), eos] for ids in encoded]

    def cross_entropy(
        self,
        sources: Sequence[str],
        targets: Sequence[str],
        source_lang: str,
        target_lang: str,
        max_batch_size: int = 32,
    ) -> list[float]:
        """Per-token cross-entropy (nats) of each target given its source, by ``score_batch``.

        The forced target-language token is not counted; the end token is. Both
        directions of a pair give the dual conditional cross-entropy
        (``filters/dual_xent.py``).
        """
        for lang in (source_lang, target_lang):
            self.check_language(lang)
        encoded = self.tokenizer(list(targets), add_special_tokens=False)["input_ids"]
        target_tokens = [
            [target_lang, *self.tokenizer.convert_ids_to_tokens(ids)] for ids in encoded
        ]
        results = self.engine.score_batch(
            self.encode(sources, source_lang), target_tokens, max_batch_size=max_batch_size
        )
        return [-sum(r.log_probs[1:]) / max(1, len(r.log_probs) - 1) for r in results]

    def decode(self, tokens: Sequence[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(list(tokens))
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()

    def translate_batch_kwargs(self) -> dict[str, Any]:
        """The CTranslate2 arguments this translator uses (the benchmark reuses them)."""
        opts = self.options
        return {
            "beam_size": opts.beam_size,
            "repetition_penalty": opts.repetition_penalty,
            "no_repeat_ngram_size": opts.no_repeat_ngram_size,
            "length_penalty": opts.length_penalty,
            # CTranslate2 counts the target-language prefix towards decoding lengths.
            "min_decoding_length": opts.min_decoding_length + 1,
            "max_input_length": 0,  # never truncate; long inputs are windowed below
            "return_scores": opts.return_scores,
        }

    def describe(self) -> dict[str, Any]:
        """Provenance for every output sample."""
        return {
            "translator": self.name,
            "model_dir": self.model_dir.name,
            "device": self.device,
            "compute_type": self.compute_type,
            "decoding": asdict(self.options),
        }

    # -- internals --------------------------------------------------------------------

    def _translate_tokens(
        self, sources: list[list[str]], targets: list[str]
    ) -> Iterator[Translation]:
        windows, owners = self._windows(sources)
        window_targets = [targets[owner] for owner in owners]
        hypotheses = self._run_batches(windows, window_targets)
        merged: dict[int, list[tuple[list[str], float | None]]] = {}
        for owner, hypothesis in zip(owners, hypotheses, strict=True):
            merged.setdefault(owner, []).append(hypothesis)
        for index in range(len(sources)):
            parts = merged[index]
            tokens = [token for part, _ in parts for token in part]
            scores = [score for _, score in parts if score is not None]
            yield Translation(self.decode(tokens), sum(scores) / len(scores) if scores else None)

    def _windows(self, sources: list[list[str]]) -> tuple[list[list[str]], list[int]]:
        """Split inputs past ``max_input_tokens`` at word boundaries; remember each owner."""
        limit = self.options.max_input_tokens
        windows: list[list[str]] = []
        owners: list[int] = []
        for owner, tokens in enumerate(sources):
            lang, body, eos = tokens[0], tokens[1:-1], tokens[-1]
            while len(body) > limit - 2:
                cut = _last_word_start(body, limit - 2)
                windows.append([lang, *body[:cut], eos])
                owners.append(owner)
                body = body[cut:]
            windows.append([lang, *body, eos])
            owners.append(owner)
        return windows, owners

    def _run_batches(
        self, sources: list[list[str]], targets: list[str]
    ) -> list[tuple[list[str], float | None]]:
        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        kwargs = self.translate_batch_kwargs()
        futures = []
        for batch in token_batches(order, sources, self.options.max_batch_tokens):
            longest = max(len(sources[i]) for i in batch)
            futures.append(
                (
                    batch,
                    self.engine.translate_batch(
                        [sources[i] for i in batch],
                        target_prefix=[[targets[i]] for i in batch],
                        max_batch_size=0,
                        max_decoding_length=self.options.decoding_limit(longest) + 1,
                        asynchronous=True,
                        **kwargs,
                    ),
                )
            )
        results: list[tuple[list[str], float | None]] = [([], None)] * len(sources)
        for batch, batch_futures in futures:
            for index, future in zip(batch, batch_futures, strict=True):
                result = future.result()
                tokens = result.hypotheses[0][1:]  # drop the target language token
                score = result.scores[0] if result.scores else None
                results[index] = (tokens, score)
        return results


def token_batches(order: list[int], sources: list[list[str]], budget: int) -> Iterator[list[int]]:
    """Group length-sorted inputs so that batch size x longest input stays within ``budget``."""
    batch: list[int] = []
    for index in order:
        longest = len(sources[index])  # sorted ascending: the newest is the longest
        if batch and (len(batch) + 1) * longest > budget:
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


def _last_word_start(pieces: list[str], limit: int) -> int:
    """The largest cut <= ``limit`` that starts a word, so no word is split across windows."""
    for cut in range(limit, limit // 2, -1):
        if pieces[cut].startswith(WORD_BOUNDARY):
            return cut
    return limit
