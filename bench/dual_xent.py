"""Distribution of the dual conditional cross-entropy per language, to calibrate a cut-off.

``dual_xent`` (``filters/dual_xent.py``) is recorded on every sample but gates
nothing: its scale depends on the model. This script scores genuine human
translations and their corruptions (``tests/filters/broken_corpus.py``, the
held-out half) with a real NLLB CTranslate2 model in both directions and prints,
per language and kind, the quantiles of ``dual_xent``, plus a suggested cut-off:
the 98th percentile of the genuine pairs (a filter at that value keeps 98% of
real translations of that language). To calibrate on your own corpus instead, run
the job with the real model and no cut-off, then
``babelshard inspect OUT --score dual_xent``.

Run (any CTranslate2 NLLB folder, e.g. the one ``babelshard models fetch`` made)::

    python bench/dual_xent.py --model models/nllb-200-distilled-600M-int8 \\
        --languages fra_Latn deu_Latn zho_Hans --per-language 100

``--cost`` measures instead what the score costs the job: on real English
sentences and their human translations (real lengths), side by side, the
translate call, the back-translation call and the two ``score_batch`` calls of
the round trip (``RoundTripModelHandler``), in rounds that rotate their order::

    babelshard models make-test-model models/tiny && python bench/dual_xent.py --cost \\
        --model models/tiny --languages deu_Latn
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "filters"))

from broken_corpus import GENUINE, cases, split_of  # noqa: E402
from gettext_catalogs import messages, sentence_pairs  # noqa: E402

from babelshard.filters.dual_xent import dual_xent  # noqa: E402
from babelshard.pipelines.report import percentiles  # noqa: E402
from babelshard.translators.nllb import DecodingOptions, NllbTranslator  # noqa: E402

KINDS = (GENUINE, "truncated", "addition", "partial", "same_script_language", "source_copy")


def quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return "—"
    return " / ".join(f"{cut:.2f}" for cut in percentiles(values, (5, 50, 95)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, type=Path, help="CTranslate2 NLLB folder")
    parser.add_argument("--languages", nargs="+", required=True, help="NLLB codes")
    parser.add_argument("--per-language", type=int, default=100)
    parser.add_argument("--min-words", type=int, default=3)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--cost", action="store_true", help="time scoring against translating")
    parser.add_argument("--rounds", type=int, default=3, help="--cost: timed rounds")
    parser.add_argument("--sentences", type=int, default=40, help="--cost: how many")
    args = parser.parse_args(argv)

    if args.cost:
        return cost(args.model, args.device, args.languages, args.rounds, args.sentences)
    translator = NllbTranslator(args.model, device=args.device)
    print("language | kind | n | dual_xent p5 / p50 / p95 (nats/token)")
    for code in args.languages:
        held = [p for p in sentence_pairs(code, args.min_words) if split_of(p[0]) == "heldout"]
        pairs = random.Random(code).sample(sorted(held), min(args.per_language, len(held)))
        others = {c: messages(c) for c in args.languages if c != code}
        by_kind: dict[str, list[float]] = defaultdict(list)
        batch = [case for case in cases(code, pairs, others) if case.kind in KINDS]
        sources = [case.segment.source for case in batch]
        hypotheses = [case.segment.hypothesis for case in batch]
        forward = translator.cross_entropy(sources, hypotheses, "eng_Latn", code)
        backward = translator.cross_entropy(hypotheses, sources, code, "eng_Latn")
        for case, f, b in zip(batch, forward, backward, strict=True):
            by_kind[case.kind].append(dual_xent(f, b))
        for kind in KINDS:
            values = by_kind.get(kind, [])
            print(f"{code} | {kind} | {len(values)} | {quantiles(values)}")
        genuine = by_kind.get(GENUINE, [])
        if len(genuine) >= 2:
            (cut,) = percentiles(genuine, (98,))
            print(f"{code}: suggested cut-off (keeps 98% of genuine): dual_xent <= {cut:.2f}")
    return 0


def cost(model: Path, device: str, languages: list[str], rounds: int, count: int) -> int:
    """Seconds per round of each model call of the job's round trip, and the score's share.

    Inputs have real lengths: the English sources, and their human translations as the
    hypotheses to back-translate and score. A random-weight model decodes to its limit,
    so the limit is set to a real translation's length (1.2x the input, plus 2 tokens).
    """
    options = DecodingOptions(max_length_ratio=1.2, max_length_extra=2)
    translator = NllbTranslator(model, device=device, options=options)
    device_name = f"{translator.device}/{translator.compute_type}"
    print(f"up to {count} sentences, {rounds} rounds, {device_name}, beam {options.beam_size}")
    print("language | pairs | translate s | back-translate s | score both ways s | score share")
    for code in languages:
        pairs = sorted((source, text) for source, lang, text in human_rows() if lang == code)
        sources, hypotheses = (list(side) for side in zip(*pairs[:count], strict=True))
        spent = round_trip_seconds(translator, sources, hypotheses, code, rounds)
        share = spent["score"] / (spent["translate"] + spent["back"])
        print(
            f"{code} | {len(sources)} | {spent['translate']:.3f} | {spent['back']:.3f} "
            f"| {spent['score']:.3f} | {share:.1%} of translate + back"
        )
    return 0


def round_trip_seconds(
    translator: NllbTranslator, sources: list[str], hypotheses: list[str], code: str, rounds: int
) -> dict[str, float]:
    """Mean seconds of each call, the calls' order rotating from round to round."""
    calls = {
        "translate": lambda: translator.translate(sources, "eng_Latn", code),
        "back": lambda: translator.translate(hypotheses, code, "eng_Latn"),
        "score": lambda: (
            translator.cross_entropy(sources, hypotheses, "eng_Latn", code),
            translator.cross_entropy(hypotheses, sources, code, "eng_Latn"),
        ),
    }
    spent = dict.fromkeys(calls, 0.0)
    for round_index in range(rounds):
        names = list(calls)[round_index % 3 :] + list(calls)[: round_index % 3]
        for name in names:
            started = time.perf_counter()
            calls[name]()
            spent[name] += (time.perf_counter() - started) / rounds
    return spent


def human_rows() -> list[tuple[str, str, str]]:
    """(English, language, human translation) rows of the repository's test table."""
    table = ROOT / "tests" / "data" / "human_translations.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(source, lang, text) for source, lang, text in rows]


if __name__ == "__main__":
    raise SystemExit(main())
