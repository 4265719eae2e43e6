"""The distinct English pairs ``bench/quality.py`` samples as genuine round trips, for an audit.

Prints, per half, every (English, other English) pair of a ``genuine_round_trip``
case exactly as the benchmark draws them (same languages, seed and caps), with the
languages it is drawn for: no filter runs, so the pairs can be read blind to the
verdicts. Pairs already in ``tests/filters/round_trip_defects.py`` are marked with
``*`` (their reason is not printed).

Run: ``python bench/round_trip_pairs.py`` (both halves).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import quality  # puts tests/filters on the path for the two below
from gettext_catalogs import catalog_languages, messages
from round_trip_defects import round_trip_defect


def sampled_pairs(args: argparse.Namespace) -> dict[frozenset[str], set[str]]:
    """The ``--split`` half's genuine round trips: distinct unordered English pairs -> languages."""
    all_messages = {code: messages(code) for code in catalog_languages()}
    pairs: dict[frozenset[str], set[str]] = defaultdict(set)
    for code in sorted(args.languages or catalog_languages()):
        if quality.skip_reason(code, args):
            continue
        others = {c: m for c, m in all_messages.items() if c != code}
        for case in quality.language_cases(code, args, others):
            if case.kind == quality.GENUINE_ROUND_TRIP:
                segment = case.segment
                pairs[frozenset((segment.source, segment.back_translation))].add(code)
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    quality.add_sampling_arguments(parser)
    args = parser.parse_args(argv)
    for split in ("heldout", "calibration"):
        pairs = sampled_pairs(argparse.Namespace(**vars(args), split=split))
        print(f"## {split}: {len(pairs)} distinct pairs")
        for number, (pair, codes) in enumerate(sorted(pairs.items(), key=lambda p: sorted(p[0]))):
            first, second = sorted(pair)
            mark = "*" if round_trip_defect(first, second) else " "
            print(f"{mark}{number:03d} [{len(codes)}] {first}\n         {second}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
