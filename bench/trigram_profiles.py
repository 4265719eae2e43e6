"""Build ``schemas/data/trigram_profiles.tsv`` and measure ``trigram_lid.MAX_MARGIN``.

Profiles (``--write``): for every gettext catalog language of this machine, the
character trigrams of every calibration-half message (``broken_corpus.split_of``;
``trigram_lid.trigrams``: the translation's own words, casefolded), its
``PROFILE_SIZE`` most frequent kept as log-probabilities. Languages with fewer
than ``MIN_TRIGRAMS`` trigrams of text, or alone in their script, are left out.

Bar (``--folds DUMP``): the calibration half is split again in two folds by a hash
of the English; each fold's cases in ``DUMP`` (``bench/quality.py --split
calibration --dump DUMP``) are scored with profiles learnt on the other fold, so
a real translation is never judged by a profile that has seen it. For each bar,
it prints the real texts the rule would reject and the broken ones it would
catch among those the other rules accept.

Per-language bars (``--calibrate``, ``lid_calibration.TRIGRAM_MAX_MARGIN``): every
calibration-half message of each profiled language with ``MIN_TRIGRAMS`` trigrams
or more, scored with the other fold's profiles; a language's bar is the lowest of
``BARS`` above which at most ``MAX_COST`` of its real texts fall (the comment after
each entry: texts above / texts). Only bars above the default are listed.

Another domain (``--man-pages``): the profiles are learnt from UI messages, so
they are also scored on documentation prose, lines of this machine's translated
man pages (``/usr/share/man/LOCALE``) that lid.176 reads as their own language:
how many of those the rule rejects, per language.

Run: ``python bench/trigram_profiles.py --write``, ``--calibrate``, ``--folds DUMP``
and ``--man-pages``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "filters"))

from broken_corpus import GENUINE, GENUINE_STRUCTURED, digest, split_of  # noqa: E402
from gettext_catalogs import catalog_languages, messages  # noqa: E402

from babelshard.filters import reasons, trigram_lid  # noqa: E402
from babelshard.filters.langid import label_languages, load_lid_model  # noqa: E402
from babelshard.schemas.languages import get_language  # noqa: E402
from babelshard.schemas.records import TranslatedSegment  # noqa: E402

MIN_TRIGRAMS = 2000  # a smaller catalog gives a profile of noise
TABLE = ROOT / "schemas" / "data" / "trigram_profiles.tsv"
MARGINS = (0.5, 0.7, 1.0, 1.5)
BARS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0)  # --calibrate: per-language bars tried
MAX_COST = 0.01  # --calibrate: the share of a language's real texts a bar may reject
MIN_TRIGRAMS_TRIED = (1, 4, 6, 8)
MAN_PAGES = Path("/usr/share/man")
MAN_LOCALES = {  # --man-pages: the man page locales of this machine, by NLLB code
    "cs": "ces_Latn", "da": "dan_Latn", "de": "deu_Latn", "es": "spa_Latn", "fi": "fin_Latn",
    "fr": "fra_Latn", "hr": "hrv_Latn", "hu": "hun_Latn", "id": "ind_Latn", "it": "ita_Latn",
    "nl": "nld_Latn", "pl": "pol_Latn", "pt": "por_Latn", "pt_BR": "por_Latn", "ro": "ron_Latn",
    "ru": "rus_Cyrl", "sl": "slv_Latn", "sr": "srp_Cyrl", "sv": "swe_Latn", "tr": "tur_Latn",
    "uk": "ukr_Cyrl",
}  # fmt: skip
MAN_LINES = 300  # --man-pages: lines scored per locale, drawn at random (seed 0)
_TROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\\(..|\\[-e&]|\\s[-+]?\d")


def fold_of(source: str) -> int:
    """0 or 1: the calibration half split again, by a hash of the English."""
    return digest("fold:" + source) % 2


def count_trigrams(folds: tuple[int, ...] = (0, 1)) -> dict[str, Counter[str]]:
    """Trigram counts per language over the calibration-half messages of ``folds``."""
    counts: dict[str, Counter[str]] = {}
    for code in catalog_languages():
        try:
            get_language(code)
        except KeyError:
            continue
        grams: Counter[str] = Counter()
        for en, tr in messages(code).items():
            if split_of(en) == "calibration" and fold_of(en) in folds:
                grams.update(trigram_lid.trigrams(tr, en))
        if grams.total() >= MIN_TRIGRAMS:
            counts[code] = grams
    scripts = Counter(get_language(code).script for code in counts)
    return {c: g for c, g in counts.items() if scripts[get_language(c).script] > 1}


def log_probs(grams: Counter[str]) -> tuple[float, dict[str, float]]:
    """(floor, the ``PROFILE_SIZE`` most frequent trigrams' log-probabilities)."""
    total = grams.total()
    kept = {g: math.log(n / total) for g, n in grams.most_common(trigram_lid.PROFILE_SIZE)}
    return min(kept.values()) - trigram_lid.FLOOR_DROP, kept


def rounded(floor: float, kept: dict[str, float]) -> tuple[float, dict[str, float]]:
    """What the shipped table holds (``trigram_lid.format_profile``: tenths of a nat), so
    the folds are scored at its precision."""
    return round(floor * 10) / 10, {g: round(v * 10) / 10 for g, v in kept.items()}


def write_table() -> None:
    counts = count_trigrams()
    lines = [
        "# Character-trigram profiles of the calibration half of the gettext catalogs "
        "(bench/trigram_profiles.py --write; filters/trigram_lid.py reads it).",
        *(trigram_lid.format_profile(code, *log_probs(counts[code])) for code in sorted(counts)),
    ]
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(counts)} languages, {TABLE.stat().st_size:,} bytes -> {TABLE}")


def fold_profiles() -> dict[int, trigram_lid.TrigramProfiles]:
    """Per fold, the profiles learnt on the other fold (at the shipped precision)."""
    profiles = {}
    for fold in (0, 1):
        counts = count_trigrams((1 - fold,))
        profiles[fold] = trigram_lid.TrigramProfiles.from_log_probs(
            {code: rounded(*log_probs(grams)) for code, grams in counts.items()}
        )
    return profiles


def calibrate(profiles: dict[int, trigram_lid.TrigramProfiles]) -> dict[str, float]:
    """Print ``TRIGRAM_MAX_MARGIN`` and return every profiled language's bar."""
    bars = {}
    print("TRIGRAM_MAX_MARGIN: dict[str, float] = {")
    for code in sorted(profiles[0].floors):
        margins = []
        for en, tr in messages(code).items():
            if split_of(en) != "calibration":
                continue
            grams = trigram_lid.trigrams(tr, en)
            if len(grams) >= trigram_lid.MIN_TRIGRAMS:
                found = profiles[fold_of(en)].rival_margin(code, grams)
                if found is not None:
                    margins.append(found[0])
        if not margins:
            continue
        for bar in BARS:
            above = sum(m > bar for m in margins)
            if above <= MAX_COST * len(margins):
                break
        else:
            bar = math.inf
        bars[code] = bar
        if bar > trigram_lid.MAX_MARGIN:
            print(f'    "{code}": {bar},  # {above}/{len(margins)}')
    print("}")
    return bars


def measure_folds(
    dump: Path, profiles: dict[int, trigram_lid.TrigramProfiles], bars: dict[str, float]
) -> None:
    margins: list[tuple[str, str, float, int]] = []
    totals: Counter[str] = Counter()
    with dump.open(encoding="utf-8") as lines:
        for line in lines:
            case = json.loads(line)
            if not case["accepted"] and case["reasons"] != [reasons.TRIGRAM_LANGUAGE]:
                continue  # another rule rejects it already
            totals[case["kind"]] += 1
            table = profiles[fold_of(case["source"])]
            grams = trigram_lid.trigrams(case["hypothesis"], case["source"])
            found = table.rival_margin(case["lang"], grams)
            if found is not None:
                margins.append((case["lang"], case["kind"], found[0], len(grams)))
    genuine = (GENUINE, GENUINE_STRUCTURED)
    real = sum(totals[k] for k in genuine)
    print(
        f"accepted by the other rules: {real} real, "
        + ", ".join(f"{k} {n}" for k, n in totals.most_common() if k not in genuine)
    )

    def report(label: str, hit) -> None:
        hits = Counter(kind for code, kind, m, n in margins if hit(code, m, n))
        lost = sum(hits[k] for k in genuine)
        caught = ", ".join(f"{k} {n}" for k, n in hits.most_common() if k not in genuine)
        print(f"{label}: real lost {lost} of {real}; caught {caught}")

    for least in MIN_TRIGRAMS_TRIED:
        for bar in MARGINS:
            report(
                f"{least}+ trigrams, margin > {bar}",
                lambda code, m, n, bar=bar, least=least: m > bar and n >= least,
            )
    if bars:
        report(
            f"{trigram_lid.MIN_TRIGRAMS}+ trigrams, the calibrated bars",
            lambda code, m, n: (
                n >= trigram_lid.MIN_TRIGRAMS and m > bars.get(code, trigram_lid.MAX_MARGIN)
            ),
        )


def man_page_lines(locale: str, code: str) -> list[str]:
    """Up to ``MAN_LINES`` text lines (6+ words) of ``locale``'s man pages that lid.176
    reads as ``code``: translated pages keep English lines, which the rule should reject."""
    lid = load_lid_model()

    def read_as_own(line: str) -> bool:
        probabilities = lid.predict(line)
        return bool(probabilities) and code in label_languages(
            max(probabilities, key=probabilities.__getitem__)
        )

    lines = []
    for path in sorted((MAN_PAGES / locale).rglob("*.gz")):
        try:
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            if not line.startswith((".", "'")):
                line = _TROFF_ESCAPE.sub("", line).strip()
                if len(line.split()) >= 6:
                    lines.append(line)
    random.Random(0).shuffle(lines)
    return [line for line in lines if read_as_own(line)][:MAN_LINES]


def measure_man_pages() -> None:
    """How many man page lines in their own language the rule rejects, per language."""
    profiles = trigram_lid.load_profiles()
    total = rejected = 0
    print("| locale | language | lines | rejected | example |\n| --- | --- | --- | --- | --- |")
    for locale, code in MAN_LOCALES.items():
        if code not in profiles.floors:
            continue
        lines = man_page_lines(locale, code)
        lost = [
            line
            for line in lines
            if not trigram_lid.check_trigrams(TranslatedSegment("", line, code)).accepted
        ]
        total, rejected = total + len(lines), rejected + len(lost)
        example = lost[0][:60].replace("|", "\\|") if lost else ""
        print(f"| {locale} | {code} | {len(lines)} | {len(lost)} | {example} |")
    print(f"\npooled: {rejected} of {total} rejected ({100 * rejected / max(total, 1):.2f}%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the shipped table")
    parser.add_argument("--calibrate", action="store_true", help="print TRIGRAM_MAX_MARGIN")
    parser.add_argument("--folds", type=Path, help="a --split calibration --dump file")
    parser.add_argument(
        "--man-pages", action="store_true", help="score the machine's translated man pages"
    )
    args = parser.parse_args(argv)
    if args.write:
        write_table()
    if args.calibrate or args.folds:
        profiles = fold_profiles()
        bars = calibrate(profiles) if args.calibrate else {}
        if args.folds:
            measure_folds(args.folds, profiles, bars)
    if args.man_pages:
        measure_man_pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
