"""Translator throughput, side by side: raw CTranslate2, babelshard's translator, HF ``generate``.

The question this answers: does babelshard's :class:`NllbTranslator` keep the
speed of the engine underneath it, and the lead that engine has over the
Hugging Face reference implementation? All three run in one process, on the
same random-weight NLLB-600M-shaped model and the same deterministic English
sentences:

(a) ``ctranslate2.Translator.translate_batch`` called directly: length-sorted
    inputs, ``batch_type="tokens"`` with the translator's token budget;
(b) ``NllbTranslator.translate`` end to end (tokenize, batch, decode, detokenize);
(c) ``M2M100ForConditionalGeneration.generate`` on the checkpoint the CTranslate2
    model was converted from (fp32 on CPU, fp16 on CUDA), fixed-size batches of
    length-sorted inputs.

A random model decodes to arbitrary lengths, so every output is pinned to the
same number of new tokens (greedy, minimum = maximum length, repetition guards
off) and the script asserts that each engine generated exactly that many per
sentence. The figure of merit is generated tokens per second (the target
language token is forced and not counted). (a) and (b) run interleaved over
chunks with the same length mix, alternating which goes first, so load from
other processes hits both alike. HF runs on an evenly spread subset
(``--hf-sample``) because it is slow on CPU; per-token rates stay comparable,
and (b) is also timed on that exact subset for a same-input ratio.

Run: ``python bench/translate.py`` (CPU, int8), or on a GPU machine
``python bench/translate.py --device cuda --compute-type int8_float16``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from common import (
    RESULTS_DIR,
    CountingEngine,
    command_line,
    log,
    machine_info,
    markdown_table,
    relative,
    test_model,
    timed,
    versions,
    write_json,
)

SOURCE_LANG = "eng_Latn"
TARGET_LANG = "deu_Latn"
TARGET_B_OVER_A = 0.95
TARGET_B_OVER_C = 5.0

# -- inputs ---------------------------------------------------------------------------

_SUBJECTS = [
    "a man", "a woman", "two children", "an old dog", "a small cat", "a group of tourists",
    "the chef", "a cyclist", "three students", "a young girl", "the farmer", "a police officer",
    "a brown horse", "the street vendor", "a couple", "a surfer", "the teacher", "a baby",
]  # fmt: skip
_VERBS = [
    "is holding", "is riding", "looks at", "is carrying", "stands next to", "is painting",
    "walks past", "is cleaning", "sits on", "is pointing at", "reaches for", "is selling",
]  # fmt: skip
_OBJECTS = [
    "a red umbrella", "a wooden bench", "a plate of pasta", "an old bicycle", "a blue kite",
    "a stack of books", "a laptop", "a glass of orange juice", "a yellow taxi", "a guitar",
    "a basket of apples", "a large map", "a birthday cake", "a broken clock", "a paper bag",
]  # fmt: skip
_PLACES = [
    "in a crowded market", "on a snowy mountain", "near the harbor", "in a quiet library",
    "at the train station", "in a small kitchen", "on a sandy beach", "in the city park",
    "under a bridge", "inside a busy restaurant", "next to a lake", "on a rooftop at night",
]  # fmt: skip
_EXTRAS = [
    "while it is raining", "as the sun sets behind the hills", "with a few people watching",
    "and smiles at the camera", "while a dog sleeps nearby", "in front of a graffiti wall",
    "during a loud festival", "before the shops open", "as cars drive slowly past",
    "with colorful flags hanging overhead", "while birds fly over the water",
    "and the light is soft and warm", "next to a sign that says open",
]  # fmt: skip
_QUESTIONS = [
    "What color is {o}?", "How many people are {p}?", "Is {s} smiling?",
    "What is {s} doing {p}?", "Where is {o} placed?", "Why is {s} {v} {o}?",
]  # fmt: skip
_INSTRUCTIONS = [
    "Describe the image in detail.", "Explain what is unusual about this picture.",
    "Write a short caption for this photo.", "List every object you can see.",
    "Read the text on the sign and translate it.", "Summarize the scene in one sentence.",
]  # fmt: skip


def make_sentences(count: int, seed: int = 0) -> list[str]:
    """Deterministic English captions, VQA questions and instructions of 5-40 words.

    Lengths are drawn uniformly, so a stride through the list has the same
    length mix as the whole list (the chunks and the HF subset rely on this).
    """
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        target = rng.randint(5, 40)
        s, v, o, p = (rng.choice(words) for words in (_SUBJECTS, _VERBS, _OBJECTS, _PLACES))
        kind = rng.random()
        if kind < 0.5:
            text, end = f"{s.capitalize()} {v} {o} {p}", "."
        elif kind < 0.8:
            text, end = rng.choice(_QUESTIONS).format(s=s, v=v, o=o, p=p), "?"
        else:
            text, end = rng.choice(_INSTRUCTIONS), "."
        words = text.rstrip(".?").split()
        while len(words) < target:
            more = f"and {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
            words += rng.choice([rng.choice(_EXTRAS), more, rng.choice(_PLACES)]).split()
        sentences.append(" ".join(words[:target]) + end)
    return sentences


def spread(indices: Sequence[int], count: int) -> list[int]:
    """``count`` items evenly spaced through ``indices`` (same length mix as the whole)."""
    if count >= len(indices):
        return list(indices)
    step = len(indices) / count
    return [indices[int(i * step)] for i in range(count)]


# -- engines --------------------------------------------------------------------------


@dataclass
class Measurement:
    """One engine's totals over the sentences it ran, wall and CPU time."""

    name: str
    new_tokens: int
    sentences: int = 0
    tokens: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    chunk_seconds: list[float] = field(default_factory=list)
    chunk_cpu_seconds: list[float] = field(default_factory=list)

    def measure(self, run: Callable[[], list[int]], count: int) -> None:
        """Time ``run`` (which returns per-sentence output lengths) and check the lengths."""
        lengths, seconds, cpu_seconds = timed(run)
        self.tokens += check_lengths(self.name, lengths, count, self.new_tokens)
        self.sentences += count
        self.seconds += seconds
        self.cpu_seconds += cpu_seconds
        self.chunk_seconds.append(seconds)
        self.chunk_cpu_seconds.append(cpu_seconds)

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    @property
    def tokens_per_cpu_s(self) -> float:
        return self.tokens / self.cpu_seconds if self.cpu_seconds else 0.0


def check_lengths(name: str, lengths: Sequence[int], expected_count: int, new_tokens: int) -> int:
    """Assert every sentence generated exactly ``new_tokens``; return the total."""
    bad = [length for length in lengths if length != new_tokens]
    if len(lengths) != expected_count or bad:
        raise AssertionError(
            f"{name}: expected {expected_count} outputs of {new_tokens} tokens, got "
            f"{len(lengths)} outputs, lengths {sorted(set(lengths))}"
        )
    return sum(lengths)


def run_raw(
    engine: Any,
    sources: list[list[str]],
    new_tokens: int,
    beam_size: int,
    budget: int,
    return_scores: bool = False,
) -> list[int]:
    """(a): one ``translate_batch`` call over length-sorted inputs; returns output lengths."""
    ordered = sorted(sources, key=len)
    results = engine.translate_batch(
        ordered,
        target_prefix=[[TARGET_LANG]] * len(ordered),
        max_batch_size=budget,
        batch_type="tokens",
        beam_size=beam_size,
        # The target prefix counts towards CTranslate2's decoding lengths.
        min_decoding_length=new_tokens + 1,
        max_decoding_length=new_tokens + 1,
        no_repeat_ngram_size=0,
        repetition_penalty=1.0,
        max_input_length=0,
        return_scores=return_scores,
    )
    return [len(result.hypotheses[0]) - 1 for result in results]


def run_babelshard(translator: Any, counter: CountingEngine, texts: list[str]) -> list[int]:
    """(b): the translator's public ``translate``; returns output lengths."""
    counter.lengths = []
    translations = translator.translate(texts, SOURCE_LANG, TARGET_LANG)
    # Random weights may emit only special tokens, so texts may be empty; lengths are checked.
    assert len(translations) == len(texts)
    return list(counter.lengths)


class HfEngine:
    """(c): Hugging Face ``generate`` on the checkpoint CTranslate2 converted."""

    def __init__(self, hf_dir: Path, device: str, threads: int) -> None:
        import torch
        from transformers import M2M100ForConditionalGeneration

        self.torch = torch
        if device == "cpu":
            torch.set_num_threads(threads)
        self.device = device
        self.dtype = torch.float32 if device == "cpu" else torch.float16
        model = M2M100ForConditionalGeneration.from_pretrained(str(hf_dir), dtype=self.dtype)
        self.model = model.to(device).eval()
        self.pad_id = model.config.pad_token_id

    def run(
        self,
        source_ids: list[list[int]],
        target_id: int,
        new_tokens: int,
        beam_size: int,
        batch_size: int,
    ) -> list[int]:
        """Generate for length-sorted fixed-size batches; returns output lengths."""
        torch = self.torch
        ordered = sorted(source_ids, key=len)
        lengths: list[int] = []
        for start in range(0, len(ordered), batch_size):
            batch = ordered[start : start + batch_size]
            width = max(len(ids) for ids in batch)
            ids = torch.tensor([row + [self.pad_id] * (width - len(row)) for row in batch])
            mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in batch])
            with torch.inference_mode():
                output = self.model.generate(
                    input_ids=ids.to(self.device),
                    attention_mask=mask.to(self.device),
                    forced_bos_token_id=target_id,
                    # The forced language token is HF's first new token.
                    min_new_tokens=new_tokens + 1,
                    max_new_tokens=new_tokens + 1,
                    num_beams=beam_size,
                    do_sample=False,
                    no_repeat_ngram_size=0,
                    repetition_penalty=1.0,
                    length_penalty=1.0,
                ).cpu()
            # Rows: decoder start token, target language token, new tokens.
            assert bool((output[:, 1] == target_id).all()), "HF did not force the language token"
            lengths += [output.shape[1] - 2] * len(batch)
        return lengths


# -- the benchmark ------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", default="nllb-600m", help="test-model shape (tiny: smoke run)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached test model")
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--new-tokens", type=int, default=12, help="pinned output length")
    parser.add_argument("--beam-size", type=int, default=1)
    parser.add_argument("--batch-tokens", type=int, default=4096, help="CT2 source-token budget")
    parser.add_argument("--chunks", type=int, default=16, help="interleaved (a)/(b) rounds")
    parser.add_argument("--hf-sample", type=int, default=64, help="sentences run through HF")
    parser.add_argument("--hf-batch-size", type=int, default=32)
    parser.add_argument("--skip-hf", action="store_true")
    parser.add_argument(
        "--raw-scores",
        action="store_true",
        help="also time (a) with return_scores=True, the extra work (b) asks for",
    )
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--threads", type=int, default=2, help="CT2 intra_threads, torch threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write machine-readable results here")
    parser.add_argument(
        "--markdown",
        default=str(RESULTS_DIR / "translate.md"),
        help="Markdown report (empty string: none)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    from babelshard.translators.nllb import DecodingOptions, NllbTranslator

    hf_dir, ct2_dir = test_model(args.shape, "int8", rebuild=args.rebuild)
    load_before = machine_info().get("load_average")
    options = DecodingOptions(
        beam_size=args.beam_size,
        max_batch_tokens=args.batch_tokens,
        min_decoding_length=args.new_tokens,
        max_decoding_length=args.new_tokens,
        no_repeat_ngram_size=0,
        repetition_penalty=1.0,
    )
    translator = NllbTranslator(
        ct2_dir,
        device=args.device,
        compute_type=args.compute_type,
        intra_threads=args.threads if args.device == "cpu" else 0,
        inter_threads=1,
        options=options,
    )
    # (a) calls the very engine (b) wraps: same weights, threads and memory.
    engine = translator.engine
    counter = CountingEngine(engine)
    translator.engine = counter

    texts = make_sentences(args.sentences, args.seed)
    sources = translator.encode(texts, SOURCE_LANG)
    n = args.new_tokens
    log(
        f"{len(texts)} sentences, {sum(map(len, sources)) / len(sources):.1f} source tokens "
        f"on average; {n} new tokens each"
    )

    hf = Measurement("(c) Hugging Face generate", n)
    ours_subset = Measurement("(b) on the (c) subset", n)
    hf_batches: list[list[int]] = []
    hf_info: dict[str, Any] = {}
    if not args.skip_hf:
        log(f"loading HF {relative(hf_dir)} …")
        hf_engine = HfEngine(hf_dir, args.device, args.threads)
        hf_info = {
            "dtype": str(hf_engine.dtype).removeprefix("torch."),
            "batch_size": args.hf_batch_size,
        }
        subset = sorted(spread(range(len(texts)), args.hf_sample), key=lambda i: len(sources[i]))
        hf_batches = [
            subset[i : i + args.hf_batch_size] for i in range(0, len(subset), args.hf_batch_size)
        ]
        tokenizer = translator.tokenizer
        target_id = tokenizer.convert_tokens_to_ids(TARGET_LANG)

        def run_hf(members: list[int], new_tokens: int = n) -> list[int]:
            ids = [tokenizer.convert_tokens_to_ids(sources[i]) for i in members]
            return hf_engine.run(ids, target_id, new_tokens, args.beam_size, len(ids))

    log("warming up …")
    warm = spread(range(len(texts)), 16)
    run_raw(engine, [sources[i] for i in warm], n, args.beam_size, args.batch_tokens)
    run_babelshard(translator, counter, [texts[i] for i in warm])
    if hf_batches:
        run_hf(warm[:4], 2)

    # One round: an (a) chunk and a (b) chunk, first one then the other, and now and
    # then an HF batch next to (b) on the same inputs, so load from other processes
    # spreads over all engines instead of landing on whichever ran at the time.
    hf_after = {
        min(args.chunks - 1, int((j + 0.5) * args.chunks / len(hf_batches))): j
        for j in range(len(hf_batches))
    }
    raw = Measurement("(a) raw ctranslate2 translate_batch", n)
    ours = Measurement("(b) babelshard NllbTranslator.translate", n)
    raw_scores = Measurement("(a) with return_scores=True, as (b) asks", n)
    for chunk in range(args.chunks):
        members = list(range(chunk, len(texts), args.chunks))
        chunk_texts = [texts[i] for i in members]
        chunk_sources = [sources[i] for i in members]
        steps = [
            (raw, lambda s=chunk_sources: run_raw(engine, s, n, args.beam_size, args.batch_tokens)),
            (ours, lambda t=chunk_texts: run_babelshard(translator, counter, t)),
        ]
        if args.raw_scores:
            steps.append(
                (
                    raw_scores,
                    lambda s=chunk_sources: run_raw(
                        engine, s, n, args.beam_size, args.batch_tokens, return_scores=True
                    ),
                )
            )
        shift = chunk % len(steps)  # rotate who goes first
        for measurement, run in steps[shift:] + steps[:shift]:
            measurement.measure(run, len(members))
        message = (
            f"round {chunk + 1}/{args.chunks}: (a) {raw.chunk_seconds[-1]:.1f}s, "
            f"(b) {ours.chunk_seconds[-1]:.1f}s"
        )
        if chunk in hf_after:
            batch = hf_batches[hf_after[chunk]]
            batch_texts = [texts[i] for i in batch]
            steps = [
                (hf, lambda b=batch: run_hf(b)),
                (ours_subset, lambda t=batch_texts: run_babelshard(translator, counter, t)),
            ]
            for measurement, run in steps if hf_after[chunk] % 2 == 0 else steps[::-1]:
                measurement.measure(run, len(batch))
            message += (
                f", (c) {hf.chunk_seconds[-1]:.1f}s, "
                f"(b) on the same inputs {ours_subset.chunk_seconds[-1]:.1f}s"
            )
        log(message)

    result = summarize(args, raw, ours, hf, ours_subset, raw_scores, hf_info, load_before, ct2_dir)
    print(render_table(result))
    if args.json:
        write_json(args.json, result)
    if args.markdown:
        markdown = Path(args.markdown)
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(render_markdown(result))
        log(f"wrote {relative(markdown)}")
    return result


def _ratio(numerator: Measurement, denominator: Measurement, cpu: bool = False) -> float | None:
    if not (numerator.seconds and denominator.seconds):
        return None
    if cpu:
        return numerator.tokens_per_cpu_s / denominator.tokens_per_cpu_s
    return numerator.tokens_per_s / denominator.tokens_per_s


def summarize(
    args: argparse.Namespace,
    raw: Measurement,
    ours: Measurement,
    hf: Measurement,
    ours_subset: Measurement,
    raw_scores: Measurement,
    hf_info: dict[str, Any],
    load_before: Any,
    ct2_dir: Path,
) -> dict[str, Any]:
    """Everything a reader needs to judge the figures, as one JSON-able dict."""
    pairs = zip(raw.chunk_seconds, ours.chunk_seconds, strict=True)
    cpu_pairs = zip(raw.chunk_cpu_seconds, ours.chunk_cpu_seconds, strict=True)
    ratios: dict[str, float | None] = {
        "b/a": _ratio(ours, raw),
        "b/a, median of chunks": statistics.median(a / b for a, b in pairs),
        "b/a, CPU time": _ratio(ours, raw, cpu=True),
        "b/a, CPU time, median of chunks": statistics.median(a / b for a, b in cpu_pairs),
        "b/c": _ratio(ours, hf),
        "b/c, same inputs": _ratio(ours_subset, hf),
        "b/c, CPU time": _ratio(ours, hf, cpu=True),
        "a/c": _ratio(raw, hf),
        "b/(a with return_scores)": _ratio(ours, raw_scores),
        "b/(a with return_scores), CPU time": _ratio(ours, raw_scores, cpu=True),
    }
    b_over_a, b_over_c = ratios["b/a"], ratios["b/c"]
    targets = {
        f"b/a >= {TARGET_B_OVER_A}": b_over_a is not None and b_over_a >= TARGET_B_OVER_A,
        f"b/c >= {TARGET_B_OVER_C}": None if b_over_c is None else b_over_c >= TARGET_B_OVER_C,
    }
    machine = machine_info()
    machine["load_average_before"] = load_before
    return {
        "command": command_line(),
        "settings": {
            "model": f"random-weight {args.shape} ({relative(ct2_dir)})",
            "device": args.device,
            "compute_type": args.compute_type,
            "threads": args.threads,
            "sentences": args.sentences,
            "new_tokens": args.new_tokens,
            "beam_size": args.beam_size,
            "batch_tokens": args.batch_tokens,
            "chunks": args.chunks,
            "hf_sample": 0 if args.skip_hf else min(args.hf_sample, args.sentences),
            "hf": hf_info,
        },
        "machine": machine,
        "versions": versions("ctranslate2", "transformers", "torch", "tokenizers"),
        "engines": [
            {
                **asdict(m),
                "sentences_per_s": m.sentences_per_s,
                "tokens_per_s": m.tokens_per_s,
                "tokens_per_cpu_s": m.tokens_per_cpu_s,
            }
            for m in (raw, ours, hf, ours_subset, raw_scores)
            if m.seconds
        ],
        "ratios": ratios,
        "targets_met": targets,
    }


def render_table(result: dict[str, Any]) -> str:
    rows = [
        [
            engine["name"],
            engine["sentences"],
            engine["tokens"],
            f"{engine['seconds']:.1f}",
            f"{engine['cpu_seconds']:.1f}",
            f"{engine['sentences_per_s']:.2f}",
            f"{engine['tokens_per_s']:.1f}",
            f"{engine['tokens_per_cpu_s']:.1f}",
        ]
        for engine in result["engines"]
    ]
    headers = ["engine", "sentences", "new tokens", "wall s", "CPU s", "sentences/s", "tokens/s",
               "tokens/CPU s"]  # fmt: skip
    ratio_rows = [[name, f"{value:.3f}"] for name, value in result["ratios"].items() if value]
    target_rows = [[name, {True: "met", False: "NOT met", None: "not run"}[ok]]
                   for name, ok in result["targets_met"].items()]  # fmt: skip
    return "\n\n".join(
        [
            markdown_table(headers, rows),
            markdown_table(["ratio (generated tokens/s)", "value"], ratio_rows),
            markdown_table(["target (wall-time ratios)", "result"], target_rows),
        ]
    )


def render_markdown(result: dict[str, Any]) -> str:
    settings, machine, vers = result["settings"], result["machine"], result["versions"]
    gpu_note = (
        "Not yet run on a GPU: `--device cuda --compute-type int8_float16` (HF in fp16) "
        "works the same way but no GPU was available when these figures were taken."
        if settings["device"] == "cpu"
        else f"Run on {settings['device']}."
    )
    hf = settings["hf"]
    return f"""# Translator throughput: raw CTranslate2 vs babelshard vs Hugging Face

Command: `{result["command"]}`

- Model: {settings["model"]}, the same weights for all three (`nllb-600m` has
  NLLB-200-distilled-600M's dimensions: d_model 1024, 12+12 layers, vocabulary 256,206).
  (a) and (b): CTranslate2 `{settings["compute_type"]}` on `{settings["device"]}`, one
  `ctranslate2.Translator` shared by both; (c): the Hugging Face checkpoint it was converted
  from, in {hf.get("dtype", "-")}.
- Inputs: {settings["sentences"]} deterministic English captions, VQA questions and
  instructions of 5-40 words (the test model's small BPE splits them into more pieces
  than NLLB's real tokenizer would).
- Decoding: greedy (beam {settings["beam_size"]}), every output pinned to
  {settings["new_tokens"]} new tokens (minimum = maximum length; checked for every
  sentence of every engine; the forced target-language token is not counted), repetition
  guards off.
- Batching: (a) and (b) fill batches from length-sorted inputs up to
  {settings["batch_tokens"]} padded source tokens (CTranslate2's `batch_type="tokens"`
  counts padding the same way); (c) uses batches of {hf.get("batch_size", "-")}
  length-sorted inputs.
- Timing: each engine warmed up first; (a) and (b) interleaved over {settings["chunks"]}
  chunks with the same length mix, alternating which goes first. (c) runs
  {settings["hf_sample"]} sentences spread evenly through the set (it is slow on CPU; rates
  stay comparable), and "(b) on the (c) subset" times (b) on exactly those inputs.
  CPU time is the process's, all threads.
- Threads: CTranslate2 `intra_threads={settings["threads"]}`, `inter_threads=1`;
  `torch.set_num_threads({settings["threads"]})`.

{render_table(result)}

Machine: {machine["processor"]}, {machine["cpu_count"]} CPUs, {machine["platform"]},
Python {machine["python"]}. Load average {machine.get("load_average_before")} before the
run and {machine.get("load_average")} after: the machine is shared, so absolute rates move
with other work; the interleaved ratios much less. Versions: ctranslate2
{vers["ctranslate2"]}, transformers {vers["transformers"]}, torch {vers["torch"]},
tokenizers {vers["tokenizers"]}.

Reading the figures: (b) asks CTranslate2 for scores (`return_scores=True`; the pipeline
records each translation's `model_score`), so at every step it computes a log-softmax
over the 256k-token vocabulary, where greedy decoding alone needs only the argmax. Raw
`translate_batch` defaults to `return_scores=False`. The row "(a) with return_scores=True"
(`--raw-scores`) does the same work as (b) and so separates that cost from the
translator's own overhead (tokenizing, batching, detokenizing).

{gpu_note}
"""


if __name__ == "__main__":
    main(sys.argv[1:])
