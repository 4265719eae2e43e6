"""Distribution of the dual conditional cross-entropy per language, to calibrate a cut-off.

``dual_xent`` (``filters/dual_xent.py``) is recorded on every sample but gates
nothing: its scale depends on the model. This script scores genuine human
translations and their corruptions (``tests/filters/broken_corpus.py``, the
held-out half) with a real NLLB CTranslate2 model in both directions and prints,
per language and kind, the quantiles of ``dual_xent``, plus a suggested cut-off:
the 98th percentile of the genuine pairs (a filter at that value keeps 98% of
real translations of that language).

Run (any CTranslate2 NLLB folder, e.g. the one ``babelshard models fetch`` made)::

    python bench/dual_xent.py --model models/nllb-200-distilled-600M-int8 \\
        --languages fra_Latn deu_Latn zho_Hans --per-language 100
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "filters"))

from broken_corpus import GENUINE, cases, split_of  # noqa: E402
from gettext_catalogs import messages, sentence_pairs  # noqa: E402

from babelshard.filters.dual_xent import dual_xent  # noqa: E402
from babelshard.translators.nllb import NllbTranslator  # noqa: E402

KINDS = (GENUINE, "truncated", "addition", "partial", "same_script_language", "source_copy")


def quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return "—"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return " / ".join(f"{cuts[p - 1]:.2f}" for p in (5, 50, 95))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, type=Path, help="CTranslate2 NLLB folder")
    parser.add_argument("--languages", nargs="+", required=True, help="NLLB codes")
    parser.add_argument("--per-language", type=int, default=100)
    parser.add_argument("--min-words", type=int, default=3)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)

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
            cut = statistics.quantiles(genuine, n=100, method="inclusive")[97]
            print(f"{code}: suggested cut-off (keeps 98% of genuine): dual_xent <= {cut:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
