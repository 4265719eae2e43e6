"""Filter quality on real human translations: genuine kept, broken rejected, held out.

For every NLLB language with gettext catalogs on this machine, English messages
of at least ``--min-words`` words and their human translations become genuine
cases, and corruptions of the same real translations become broken cases of
every kind NLLB is known to produce (``tests/filters/broken_corpus.py``): a
truncated output, an appended unrelated sentence, a fluent translation of
another message (a detached hallucination or a batch misaligned by one), English
left in the output, the wrong script variant, another language of the same or
another script, a copy, a loop, and multiple-choice blocks with options, lines
or ``<image>`` lost, or a number changed. Each comes with the back-translation a real run
would see.

Messages are split by a hash of the English into a calibration half and a
held-out half (``broken_corpus.split_of``); the report scores the held-out half
only. ``--split calibration`` scores the other half, and ``--calibrate`` prints
the per-language tables the defaults are (``length_norms.LENGTH_NORMS`` and
``lid_calibration``'s thresholds, CLD2 veto and lookalikes; run it with
``--split calibration``), so nothing is fitted on what it is scored on.

Run: ``python bench/quality.py`` (writes ``bench/results/quality.md``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import textwrap
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "filters"))

from broken_corpus import (  # noqa: E402
    BROKEN_KINDS,
    GENUINE,
    GENUINE_ROUND_TRIP,
    GENUINE_STRUCTURED,
    ROUND_TRIP_BROKEN_KINDS,
    Case,
    cases,
    round_trip_cases,
    split_of,
)
from catalog_defects import defect  # noqa: E402
from gettext_catalogs import catalog_languages, messages, round_trips, sentence_pairs  # noqa: E402
from round_trip_defects import round_trip_defect  # noqa: E402

from babelshard.filters import (  # noqa: E402
    alphabets,
    cld2,
    franc_lid,
    langid,
    lid_calibration,
    lingua_lid,
    lingua_rescue,
    missing_letters,
    py3langid_lid,
)
from babelshard.filters.heuristics import length_ratio, numbers  # noqa: E402
from babelshard.filters.policy import FilterConfig, evaluate_many, target_script  # noqa: E402
from babelshard.filters.scripts import letter_count, script_ratio  # noqa: E402
from babelshard.filters.text import language_text  # noqa: E402
from babelshard.schemas.presets import PRESETS  # noqa: E402
from babelshard.schemas.records import ENGLISH, TranslatedSegment, Verdict  # noqa: E402

KINDS = (GENUINE, GENUINE_STRUCTURED, *BROKEN_KINDS, GENUINE_ROUND_TRIP, *ROUND_TRIP_BROKEN_KINDS)
# Catalogs that are not in the language their locale names.
EXCLUDED = {"tat_Cyrl": "this machine's Tatar catalogs are Latin-script Tatar"}
SWITCHES = (
    "check_copy",
    "check_repetition",
    "check_length",
    "check_placeholders",
    "check_digits",
    "check_script",
    "check_langid",
    "check_coverage",
    "check_untranslated",
    "check_variant",
    "check_structure",
    "backtranslation",
)
GENUINE_TARGET, LANGUAGE_TARGET = 97.0, 95.0
THRESHOLD_GRID = (0.2, 0.1, 0.05, 0.02, 0.01)  # --calibrate: lid.176 thresholds tried
VETO_MAX_COST = 0.01  # --calibrate: a calibrated LID rule may cost at most 1% of real text
LINGUA_FLOORS = (0.1, 0.05, 0.02, 0.01)  # --calibrate: lingua confidence floors tried
PY3LANGID_FLOORS = (0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001)  # --calibrate: py3langid's
# --calibrate: franc margin ceilings tried, lowest first (per trigram; franc's own
# distance gives a trigram a profile lacks 300).
FRANC_CEILINGS = (20, 30, 40, 50, 60, 75, 100, 150, 200)
ALPHABET_MIN_TEXTS = 2  # --calibrate: a letter in fewer of a language's real texts is not its own
FOREIGN_MIN_SHARE = 0.05  # --calibrate: ... and foreign when this share of another's texts has it
# --calibrate: the foreign-word rule needs this many real texts of a language, so that
# its 1% Good-Turing bar rests on at least 10 texts.
WORDS_MIN_TEXTS = round(10 / VETO_MAX_COST)
# --calibrate: LOOKALIKE_WORDS, the words of this share of the texts of a language
# lid.176 names for the target's real text (Serbian for Macedonian) ...
LOOKALIKE_WORDS_SHARE = 0.02
# ... listed where at most this share of the target's real texts would be lost
# (Good-Turing): rarer words than FREQUENT_WORDS', held to a tenth of their bar.
LOOKALIKE_WORDS_MAX_COST = VETO_MAX_COST / 10
# --calibrate: a language lid.176 and CLD2 agree on for 0.1% of a language's real text
# is its lookalike (``AGREED_LOOKALIKES``); what they agree on less often rejects.
AGREE_LOOKALIKE_SHARE = 0.001
# --calibrate: the missing-letters rule may cost at most 0.5% of a language's real text
# (calibration half: at 1% it caught 17 more same-script texts and lost 6 real ones
# among the benchmark's cases, at 0.5% 8 and none; docs/filters.md).
MISSING_LETTERS_MAX_COST = 0.005
LINGUA_LOOKALIKE_SHARE = 0.05  # --calibrate: lingua's top label on 5% of real text is allowed
BROKEN_TARGET, KIND_TARGET = 99.5, 98.0


def language_cases(code: str, args: argparse.Namespace, others: dict) -> list[Case]:
    """The held-out (or calibration) cases of one language, seeded sample."""
    split = [p for p in sentence_pairs(code, args.min_words) if split_of(p[0]) == args.split]
    rng = random.Random(f"{args.seed}:{code}")
    pairs = rng.sample(sorted(split), min(args.per_language, len(split)))
    with_numbers = sorted(
        (en, tr)
        for en, tr in messages(code).items()
        if split_of(en) == args.split and numbers(en) and numbers(en) == numbers(tr)
    )
    number_pairs = rng.sample(with_numbers, min(args.per_language // 4, len(with_numbers)))
    trips = [
        t for t in round_trips(code, args.round_trip_languages) if split_of(t[0]) == args.split
    ]
    trips = rng.sample(trips, min(args.per_language, len(trips)))
    return [*cases(code, pairs, others, number_pairs), *round_trip_cases(code, trips, pairs)]


def preset_languages() -> frozenset[str]:
    return frozenset(code for preset in PRESETS.values() for code in preset.codes)


def pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f}" if total else "—"


def without_defects(
    results: dict[str, dict[str, list[int]]], defects: dict[str, dict[str, list[int]]]
) -> dict[str, dict[str, list[int]]]:
    """``results`` with the genuine cases of audited catalog defects left out of both counts."""
    return {
        code: {
            kind: [a - b for a, b in zip(row[kind], defects[code][kind], strict=True)]
            if kind in defects.get(code, {})
            else row[kind]
            for kind in row
        }
        for code, row in results.items()
    }


def genuine_pooled(results: dict[str, dict[str, list[int]]]) -> list[int]:
    """[kept, total] of every genuine case (sentences and multiple-choice blocks)."""
    return [
        sum(results[c][k][i] for c in results for k in (GENUINE, GENUINE_STRUCTURED))
        for i in (0, 1)
    ]


def below_target(results: dict[str, dict[str, list[int]]]) -> list[tuple[float, str]]:
    """(genuine kept %, language) of the languages under ``LANGUAGE_TARGET``, lowest first."""
    return sorted(
        (100 * c[0] / c[1], code)
        for code in results
        if (c := results[code][GENUINE])[1] >= 20 and 100 * c[0] / c[1] < LANGUAGE_TARGET
    )


@dataclasses.dataclass
class ListedRoundTrips:
    """The genuine round trips whose two Englishes the audit found to differ
    (``round_trip_defects``): how many the filters kept, of how many cases and pairs."""

    kept: int = 0
    cases: int = 0
    pairs: set[frozenset[str]] = dataclasses.field(default_factory=set)

    def add(self, case: Case, good: bool) -> None:
        """Count ``case`` (judged ``good``) where it is a genuine round trip of a listed pair."""
        segment = case.segment
        if case.kind == GENUINE_ROUND_TRIP and round_trip_defect(
            segment.source, segment.back_translation
        ):
            self.kept += int(good)
            self.cases += 1
            self.pairs.add(frozenset((segment.source, segment.back_translation)))


def round_trip_lines(
    results: dict[str, dict[str, list[int]]], listed: ListedRoundTrips | None = None
) -> list[str]:
    """The pooled figures of the cases whose back-translation paraphrases the source,
    and the genuine figure again without the audited pairs (``listed``), raw beside it.

    Reported apart: the pooled figures above keep the meaning they had at every
    earlier pass (round trips that give the source back word for word).
    """
    kept = [sum(results[c][GENUINE_ROUND_TRIP][i] for c in results) for i in (0, 1)]
    broken = [
        sum(results[c][k][i] for c in results for k in ROUND_TRIP_BROKEN_KINDS) for i in (0, 1)
    ]
    if not kept[1]:
        return []
    lines = [
        f"- **with human round trips (back-translations that paraphrase the source): genuine "
        f"kept {pct(*kept)}% ({kept[0]}/{kept[1]}), truncated and appended rejected "
        f"{pct(*broken)}% ({broken[0]}/{broken[1]})**"
    ]
    if listed and listed.cases:
        audited = [kept[0] - listed.kept, kept[1] - listed.cases]
        lines.append(
            f"- audited round-trip label noise left out (`tests/filters/round_trip_defects.py`, "
            f"pairs whose two Englishes differ): genuine round trips kept {pct(*kept)}% raw, "
            f"{pct(*audited)}% ({audited[0]}/{audited[1]}) without the {listed.cases} cases of "
            f"{len(listed.pairs)} listed pairs ({listed.kept} of them kept)"
        )
    return lines


def defect_lines(
    results: dict[str, dict[str, list[int]]],
    defects: dict[str, dict[str, list[int]]],
    presets: frozenset[str],
) -> list[str]:
    """The genuine figures again without the audited catalog defects, raw beside them."""
    if not defects:
        return []
    corrected = without_defects(results, defects)
    per_language = ", ".join(
        f"{code} {pct(*results[code][GENUINE])} -> {pct(*corrected[code][GENUINE])} "
        f"({defects[code][GENUINE][1]} defects, {defects[code][GENUINE][0]} of them kept)"
        for code in sorted(defects)
    )
    low = below_target(corrected)
    return [
        f"- audited catalog defects left out (`tests/filters/catalog_defects.py`): "
        f"genuine kept {per_language}; pooled genuine kept {pct(*genuine_pooled(results))}% raw, "
        f"{pct(*genuine_pooled(corrected))}% without them; languages below "
        f"{LANGUAGE_TARGET}% then: {len(low)} (preset languages: "
        f"{sum(1 for _, c in low if c in presets)})"
    ]


def report(
    results: dict[str, dict[str, list[int]]],
    why: dict[str, Counter[str]],
    presets: frozenset[str],
    defects: dict[str, dict[str, list[int]]] | None = None,
    listed: ListedRoundTrips | None = None,
) -> list[str]:
    """Summary lines: pooled and worst per kind, languages below target, reasons.

    ``defects`` holds, per language and genuine kind, [kept, total] of the cases that
    are audited catalog defects (``catalog_defects``), ``listed`` the genuine round
    trips of audited pairs (``round_trip_defects``): reported beside the raw figures.
    """
    lines = []
    for kind in KINDS:
        cells = [results[code][kind] for code in results if results[code][kind][1]]
        hits, total = sum(c[0] for c in cells), sum(c[1] for c in cells)
        if not total:
            continue
        worst = min(
            (100 * c[0] / c[1], code) for code in results if (c := results[code][kind])[1] >= 10
        )
        verb = "kept" if kind.startswith(GENUINE) else "rejected"
        lines.append(
            f"- {kind}: {verb} {pct(hits, total)}% ({hits}/{total}), "
            f"worst language {worst[1]} {worst[0]:.1f}%"
        )
    genuine = genuine_pooled(results)
    broken = [sum(results[c][k][i] for c in results for k in BROKEN_KINDS) for i in (0, 1)]
    lines.append(
        f"- **pooled: genuine kept {pct(*genuine)}% (target {GENUINE_TARGET}), broken rejected "
        f"{pct(*broken)}% (target {BROKEN_TARGET})**"
    )
    lines += round_trip_lines(results, listed)
    low = below_target(results)
    lines.append(
        f"- languages below {LANGUAGE_TARGET}% genuine kept: {len(low)} of {len(results)} "
        f"(preset languages: {sum(1 for _, c in low if c in presets)}): "
        + (", ".join(f"{c} {v:.1f}" for v, c in low) or "none")
    )
    lines += defect_lines(results, defects or {}, presets)
    for kind, counter in why.items():
        listed = ", ".join(f"{reason} {n}" for reason, n in counter.most_common(8))
        lines.append(f"- reasons on {kind}: {listed or 'none'}")
    return lines


def table(results: dict[str, dict[str, list[int]]]) -> list[str]:
    header = ["language", "n", *KINDS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for code, row in results.items():
        cells = [code, str(row[GENUINE][1])] + [pct(*row[kind]) for kind in KINDS]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def print_length_norms(args: argparse.Namespace) -> None:
    """``length_norms.LENGTH_NORMS``: the median length ratio of each language's genuine pairs.

    Uses every pair of the ``--split`` half (``calibration`` when calibrating).
    """
    print("LENGTH_NORMS: dict[str, float] = {")
    for code in sorted(args.languages or catalog_languages()):
        pairs = [p for p in sentence_pairs(code, args.min_words) if split_of(p[0]) == args.split]
        if len(pairs) < args.min_pairs:
            continue
        script = target_script(code)
        ratios = [length_ratio(en, tr, script) for en, tr in pairs]
        print(f'    "{code}": {statistics.median(ratios):.2f},  # n={len(ratios)}')
    print("}")


def calibration_pairs(code: str, args: argparse.Namespace) -> list[tuple[str, str]]:
    """Every pair of the ``--split`` half of ``code``, or a seeded sample of ``--max-pairs``."""
    pairs = sorted(p for p in sentence_pairs(code, args.min_words) if split_of(p[0]) == args.split)
    rng = random.Random(f"{args.seed}:calibrate:{code}")
    return rng.sample(pairs, min(args.max_pairs, len(pairs)))


def good_turing_unseen(seen: Counter) -> int:
    """Labels seen once: Good-Turing's estimate of how many texts would get a new one."""
    return sum(1 for n in seen.values() if n == 1)


def calibrated_threshold(code: str, pairs: list, results: list) -> float:
    """The highest lid.176 threshold (of ``THRESHOLD_GRID``) that costs at most 1% of real text.

    Its cost is the real translations it rejects beyond those the lowest
    threshold rejects (copies of the source, CLD2 and the short-text rule stay).
    """
    script = target_script(code)

    def rejected(threshold: float) -> int:
        return sum(
            not langid.decide_langid(
                r,
                code,
                ENGLISH,
                short=langid.is_short(letter_count(language_text(tr)), script),
                threshold=threshold,
                second=second,
            ).accepted
            for (_, tr), (r, second) in zip(pairs, results, strict=True)
        )

    floor = rejected(THRESHOLD_GRID[-1])
    return next(t for t in THRESHOLD_GRID if rejected(t) - floor <= VETO_MAX_COST * len(pairs))


def print_lid_calibration(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration``'s tables from the real translations of the ``--split`` half.

    Every language gets the CLD2 veto, with the languages CLD2 names (where
    the veto would fire) for its real translations as lookalikes; a language
    lid.176 does not know gets as lookalikes every language lid.176 names
    confidently for one of them. Either only where the Good-Turing estimate of
    meeting a label not seen yet (labels seen once / texts), i.e. the share of
    real translations the rule would reject, is at most ``VETO_MAX_COST``.
    """
    veto, lookalikes, thresholds = [], [], []
    for code in sorted(args.languages or catalog_languages()):
        pairs = calibration_pairs(code, args)
        if len(pairs) < args.min_pairs or code in EXCLUDED:
            continue
        supported = model.supports(code)
        results = [
            (
                langid.lid_result(model.predict(tr), code, ENGLISH, supported),
                cld2.opinion(language_text(tr)),
            )
            for _, tr in pairs
        ]
        # Counted per label: one CLD2 label may stand for several NLLB languages
        # ("ku": Kurmanji and Sorani), and it is one label seen once, not two.
        vetoing = Counter(
            second.languages
            for r, second in results
            if langid.cld2_vetoes(r, second, code, ENGLISH)
        )
        if (unseen := good_turing_unseen(vetoing)) <= VETO_MAX_COST * len(pairs):
            cld2_alike = sorted(set().union(*vetoing))
            veto.append(f'    "{code}": frozenset({cld2_alike}),  # {unseen}/{len(pairs)}')
        if supported:
            threshold = calibrated_threshold(code, pairs, results)
            if threshold != langid.DEFAULT_THRESHOLD:
                thresholds.append(f'    "{code}": {threshold},')
            continue
        named = Counter(
            r.top_languages for r, _ in results if r.top_prob >= langid.LOOKALIKE_MIN_PROB
        )
        if (unseen := good_turing_unseen(named)) <= VETO_MAX_COST * len(pairs):
            alike = sorted(set().union(*named))
            lookalikes.append(f'    "{code}": frozenset({alike}),  # {unseen}/{len(pairs)}')
    print("THRESHOLDS: dict[str, float] = {")
    print("\n".join(thresholds))
    print("}\n")
    print("CLD2_VETO: dict[str, frozenset[str]] = {")
    print("\n".join(veto))
    print("}\n")
    print("LOOKALIKES: dict[str, frozenset[str]] = {")
    print("\n".join(lookalikes))
    print("}")


def print_agreement_calibration(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration.AGREED_LOOKALIKES`` from the real translations of the ``--split`` half.

    Per language, the languages lid.176's top label and CLD2 agree on
    (``langid.agreed_language``) for its real text (every message of the half,
    short ones too: the rule judges them as well) in at least
    ``AGREE_LOOKALIKE_SHARE`` of it (so that a language CLD2 and lid.176 name
    for a handful of the 21,761 Russian messages, Serbian for "веб-документ",
    still rejects). Listed only where the real texts the rule would reject,
    those agreeing on a language left out plus the Good-Turing estimate of an
    agreement not seen yet (agreements seen once), are at most
    ``VETO_MAX_COST`` of the texts (the comment).
    """
    print("AGREED_LOOKALIKES: dict[str, frozenset[str]] = {")
    for code in sorted(args.languages or catalog_languages()):
        texts = [tr for en, tr in messages(code).items() if split_of(en) == args.split]
        if len(texts) < args.min_pairs or code in EXCLUDED:
            continue
        supported = model.supports(code)
        agreed = Counter()
        for tr in texts:
            result = langid.lid_result(model.predict(tr), code, ENGLISH, supported)
            if both := langid.agreed_language(
                result, cld2.opinion(language_text(tr)), code, ENGLISH
            ):
                agreed[both] += 1
        kept = [both for both, n in agreed.items() if n >= AGREE_LOOKALIKE_SHARE * len(texts)]
        left_out = sum(n for both, n in agreed.items() if both not in kept)
        cost = left_out + good_turing_unseen(agreed)
        if cost <= VETO_MAX_COST * len(texts):
            alike = sorted(set().union(*kept))
            print(f'    "{code}": frozenset({alike}),  # {cost}/{len(texts)}')
    print("}")


def print_lingua_calibration(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration.LINGUA_CONFIRM`` from the real translations of the ``--split`` half.

    For every language the fastText model does not know and lingua does, where
    lingua names the language itself for most of its real text: the languages
    lingua names for at least ``LINGUA_LOOKALIKE_SHARE`` of it are allowed too
    (Xhosa read as Zulu), and the floor is the highest of ``LINGUA_FLOORS``
    below which at most ``VETO_MAX_COST`` of the real text falls.
    """
    known = lingua_lid.known_codes()
    print("LINGUA_CONFIRM: dict[str, tuple[frozenset[str], float]] = {")
    for code in sorted(args.languages or catalog_languages()):
        iso = code.split("_")[0]
        pairs = calibration_pairs(code, args)
        if model.supports(code) or iso not in known or len(pairs) < args.min_pairs:
            continue
        confidences = [lingua_lid.confidences(tr) for _, tr in pairs]
        tops = Counter(max(c, key=c.get) for c in confidences if c)
        if tops[iso] < len(pairs) / 2:
            continue
        allowed = sorted(c for c, n in tops.items() if n >= LINGUA_LOOKALIKE_SHARE * len(pairs))
        masses = [sum(c.get(a, 0.0) for a in allowed) for c in confidences]
        if found := highest_floor(masses, LINGUA_FLOORS):
            floor, cost = found
            print(f'    "{code}": (frozenset({allowed}), {floor}),  # {cost}/{len(pairs)}')
    print("}")


def highest_floor(values: list[float], floors: tuple[float, ...]) -> tuple[float, int] | None:
    """The first of ``floors`` at most ``VETO_MAX_COST`` of ``values`` fall below, and the count."""
    for floor in floors:
        cost = sum(value < floor for value in values)
        if cost <= VETO_MAX_COST * len(values):
            return floor, cost
    return None


def print_py3langid_calibration(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration.PY3LANGID_CONFIRM`` from the real translations of the ``--split`` half.

    For every language the fastText model and lingua do not know and py3langid
    does: the floor is the highest of ``PY3LANGID_FLOORS`` below which at most
    ``VETO_MAX_COST`` of its real text (every message of the half: the floor
    sits in the tail, which needs much text) falls.
    """
    print("PY3LANGID_CONFIRM: dict[str, float] = {")
    for code in sorted(args.languages or catalog_languages()):
        texts = [tr for en, tr in messages(code).items() if split_of(en) == args.split]
        labels = py3langid_lid.group_labels(code)
        lingua_knows = bool(lingua_rescue.lingua_group(code))
        if model.supports(code) or lingua_knows or not labels or len(texts) < args.min_pairs:
            continue
        probabilities = [py3langid_lid.probability(tr, labels) for tr in texts]
        if found := highest_floor(probabilities, PY3LANGID_FLOORS):
            floor, cost = found
            print(f'    "{code}": {floor},  # {cost}/{len(texts)}')
    print("}")


def print_py3langid_agreement(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration.PY3LANGID_AGREED`` from the real translations of the ``--split`` half.

    Every language py3langid knows whose real texts (every message of the half)
    ``langid.confirm_agreement`` would reject at most ``VETO_MAX_COST`` of (the
    comment: real texts rejected / texts).
    """
    print("PY3LANGID_AGREED: frozenset[str] = frozenset(\n    [")
    kept = Verdict(accepted=True)
    for code in sorted(args.languages or catalog_languages()):
        pairs = [(en, tr) for en, tr in messages(code).items() if split_of(en) == args.split]
        if not py3langid_lid.group_labels(code) or len(pairs) < args.min_pairs:
            continue
        if code in EXCLUDED:
            continue
        cost = sum(
            not langid.confirm_agreement(
                TranslatedSegment(en, tr, code), kept, model.predict(tr), model
            ).accepted
            for en, tr in pairs
        )
        if cost <= VETO_MAX_COST * len(pairs):
            print(f'        "{code}",  # {cost}/{len(pairs)}')
    print("    ]\n)")


def print_franc_calibration(args: argparse.Namespace, model: langid.LidModel) -> None:
    """``lid_calibration.FRANC_CONFIRM`` from the real translations of the ``--split`` half.

    For every language the fastText model and lingua do not know and franc
    does: franc's margin (``franc_lid.margin``) on its real texts the short-text
    rule does not call short (every message of the half), the texts the rule
    judges, and the ceiling, the lowest of ``FRANC_CEILINGS`` above which at
    most ``VETO_MAX_COST`` of those texts fall (the comment: real texts above
    it / texts judged); a language with fewer than ``--min-pairs`` such texts
    is left out.
    """
    print("FRANC_CONFIRM: dict[str, float] = {")
    for code in sorted(args.languages or catalog_languages()):
        texts = [tr for en, tr in messages(code).items() if split_of(en) == args.split]
        lingua_knows = bool(lingua_rescue.lingua_group(code))
        if model.supports(code) or lingua_knows or not franc_lid.knows(code):
            continue
        if code in EXCLUDED:
            continue
        script = target_script(code)
        margins = [
            franc_lid.margin(tr, code)
            for tr in texts
            if not langid.is_short(letter_count(language_text(tr)), script)
        ]
        if len(margins) < args.min_pairs:
            continue
        # highest_floor counts values below a floor: negated, values above a ceiling.
        found = highest_floor([-m for m in margins], tuple(-c for c in FRANC_CEILINGS))
        if found:
            ceiling, cost = found
            print(f'    "{code}": {-ceiling},  # {cost}/{len(margins)}')
    print("}")


def half_texts(code: str, args: argparse.Namespace) -> list[str]:
    """Every real text of ``code`` in the ``--split`` half, short ones too."""
    return [tr for en, tr in messages(code).items() if split_of(en) == args.split]


def letter_counts(args: argparse.Namespace) -> tuple[dict[str, Counter[str]], dict[str, int]]:
    """Per language: in how many of its real texts each letter is (words, names left out).

    Every message of the ``--split`` half, short ones too: rare letters need
    much text. Also the number of texts per language.
    """
    seen: dict[str, Counter[str]] = {}
    sizes: dict[str, int] = {}
    for code in sorted(catalog_languages()):
        texts = half_texts(code, args)
        if len(texts) < args.min_pairs or code in EXCLUDED:
            continue
        seen[code] = Counter(ch for tr in texts for ch in alphabets.word_letters(tr))
        sizes[code] = len(texts)
    return seen, sizes


def print_missing_letters_calibration(args: argparse.Namespace) -> None:
    """``lid_calibration.OWN_LETTERS``, ``ALPHABETS`` and ``MISSING_LETTERS_ON``.

    From every message of the ``--split`` half: a language's own letters are
    those of at least ``FOREIGN_MIN_SHARE`` of its texts, its alphabet those of
    at least ``ALPHABET_MIN_TEXTS`` (``alphabets.word_letters``). For each
    language, ``missing_letters.check_missing_letters`` with no lookalike is
    run on its real texts; the languages CLD2 names for at least
    ``AGREE_LOOKALIKE_SHARE`` of them (where the rule would reject) become its
    lookalikes, and the language is listed where the texts it would still reject
    (a language left out, plus languages named once, the Good-Turing estimate
    of one not seen yet) are at most ``MISSING_LETTERS_MAX_COST`` of them (the comment).
    The rule reads the first two tables as ``lid_calibration`` holds them: paste
    those first, then print again for the third.
    """
    seen, sizes = letter_counts(args)
    own = {
        c: "".join(sorted(ch for ch, n in seen[c].items() if n >= FOREIGN_MIN_SHARE * sizes[c]))
        for c in seen
    }
    alphabet = {
        c: "".join(sorted(ch for ch, n in seen[c].items() if n >= ALPHABET_MIN_TEXTS)) for c in seen
    }
    for name, table in (("OWN_LETTERS", own), ("ALPHABETS", alphabet)):
        print(f"{name}: dict[str, str] = {{")
        for code, letters in table.items():
            chunks = [letters[i : i + 64] for i in range(0, len(letters), 64)]
            print_entry(code, chunks, "", one_line=len(chunks) == 1)
        print("}\n")
    print("MISSING_LETTERS_ON: dict[str, frozenset[str]] = {")
    for code in sorted(args.languages or seen):
        script = target_script(code)
        others = [o for o in seen if o != code and target_script(o) == script]
        if code not in seen or not any(missing_letters.markers(code, o) for o in others):
            continue  # no language of its script lacks its letters: the rule could not fire
        named = Counter()
        for en, tr in messages(code).items():
            if split_of(en) != args.split:
                continue
            verdict = missing_letters.check_missing_letters(
                TranslatedSegment(en, tr, code), frozenset()
            )
            if not verdict.accepted:
                opinion = cld2.opinion(language_text(tr))
                named[missing_letters.named_other(opinion, code)] += 1
        kept = [both for both, n in named.items() if n >= AGREE_LOOKALIKE_SHARE * sizes[code]]
        cost = sum(n for both, n in named.items() if both not in kept) + good_turing_unseen(named)
        if cost <= MISSING_LETTERS_MAX_COST * sizes[code]:
            alike = sorted(set().union(*kept))
            print(f'    "{code}": frozenset({alike}),  # {cost}/{sizes[code]}')
    print("}")


def print_alphabet_calibration(args: argparse.Namespace) -> None:
    """``lid_calibration.FOREIGN_LETTERS`` from the real translations of the ``--split`` half.

    A language's alphabet is the letters of its words (names left out) in at
    least ``ALPHABET_MIN_TEXTS`` of its real texts (every message of the half);
    a letter is foreign to it when it is outside that alphabet and in at least
    ``FOREIGN_MIN_SHARE`` of the texts of another language of the same script.
    A language gets an entry only where the Good-Turing estimate of a real text
    with a letter not seen yet (letters seen once / texts) is at most
    ``VETO_MAX_COST``.
    """
    seen, sizes = letter_counts(args)
    print("FOREIGN_LETTERS: dict[str, str] = {")
    for code in sorted(args.languages or seen):
        if code not in seen:
            continue
        alphabet = {ch for ch, n in seen[code].items() if n >= ALPHABET_MIN_TEXTS}
        unseen = good_turing_unseen(seen[code])
        if unseen > VETO_MAX_COST * sizes[code]:
            continue
        script = target_script(code)
        foreign = {
            ch
            for other, letters in seen.items()
            if other != code and target_script(other) == script
            for ch, n in letters.items()
            if n >= FOREIGN_MIN_SHARE * sizes[other] and ch not in alphabet
        }
        letters = "".join(sorted(foreign))
        if letters:
            chunks = [letters[i : i + 64] for i in range(0, len(letters), 64)]
            print_entry(code, chunks, f"{unseen}/{sizes[code]}", one_line=len(chunks) == 1)
    print("}")


def print_word_calibration(args: argparse.Namespace) -> None:
    """``lid_calibration.FREQUENT_WORDS`` and ``KNOWN_WORDS`` from the ``--split`` half.

    A language's frequent words are the words (names left out) of at least
    ``FOREIGN_MIN_SHARE`` of its real texts (every message of the half). A
    language's known words are the other same-script languages' frequent words
    it uses in at least ``ALPHABET_MIN_TEXTS`` of its own texts; the rest of
    them are foreign to it (``alphabets.foreign_words``). A language is listed
    in ``KNOWN_WORDS`` (the rule is on) only where the Good-Turing estimate of
    a real text with a foreign word, the texts holding such a word that only one
    text has, divided by the texts, is at most ``VETO_MAX_COST``, on at least
    ``WORDS_MIN_TEXTS`` texts.
    """
    seen: dict[str, Counter[str]] = {}
    texts_of: dict[str, list[set[str]]] = {}
    for code in sorted(catalog_languages()):
        texts = [tr for en, tr in messages(code).items() if split_of(en) == args.split]
        if len(texts) < args.min_pairs or code in EXCLUDED:
            continue
        texts_of[code] = [alphabets.common_words(tr) for tr in texts]
        seen[code] = Counter(word for words in texts_of[code] for word in words)
    frequent = {
        code: sorted(w for w, n in seen[code].items() if n >= FOREIGN_MIN_SHARE * len(texts))
        for code, texts in texts_of.items()
    }
    print("FREQUENT_WORDS: dict[str, str] = {")
    for code in sorted(seen):
        if frequent[code]:
            print_words(code, frequent[code])
    print("}\n")
    print("KNOWN_WORDS: dict[str, str] = {")
    for code in sorted(args.languages or seen):
        if code not in seen:
            continue
        script = target_script(code)
        others = {
            w for o in seen if o != code and target_script(o) == script for w in frequent[o]
        } - set(frequent[code])
        once = {w for w in others if seen[code][w] == 1}
        unseen = sum(1 for words in texts_of[code] if words & once)
        if len(texts_of[code]) < WORDS_MIN_TEXTS or not others:
            continue
        if unseen > VETO_MAX_COST * len(texts_of[code]):
            continue
        known = sorted(w for w in others if seen[code][w] >= ALPHABET_MIN_TEXTS)
        print_words(code, known, f"{unseen}/{len(texts_of[code])}")
    print("}\n")
    print_lookalike_words(args, seen, texts_of)


def print_lookalike_words(
    args: argparse.Namespace, seen: dict[str, Counter[str]], texts_of: dict[str, list[set[str]]]
) -> None:
    """``lid_calibration.LOOKALIKE_WORDS``: per language, the words of at least
    ``LOOKALIKE_WORDS_SHARE`` of the texts of its same-script lookalikes
    (``LOOKALIKES`` and ``AGREED_LOOKALIKES``: languages lid.176 and CLD2 name for its
    real text, so that their verdict cannot tell them apart) that its own real text uses
    in fewer than ``ALPHABET_MIN_TEXTS`` texts; listed where the Good-Turing estimate of
    a real text with one (the comment) is at most ``LOOKALIKE_WORDS_MAX_COST``, on at
    least ``WORDS_MIN_TEXTS`` texts. The words add to ``alphabets.foreign_words``.
    """
    print("LOOKALIKE_WORDS: dict[str, str] = {")
    for code in sorted(args.languages or seen):
        if code not in seen or len(texts_of[code]) < WORDS_MIN_TEXTS:
            continue
        script = target_script(code)
        named = lid_calibration.LOOKALIKES.get(code, frozenset())
        named |= lid_calibration.AGREED_LOOKALIKES.get(code, frozenset())
        lookalikes = [o for o in sorted(named) if o in seen and target_script(o) == script]
        words = {
            word
            for other in lookalikes
            for word, n in seen[other].items()
            if n >= LOOKALIKE_WORDS_SHARE * len(texts_of[other])
        }
        # In the target's script only: English left in a lookalike's catalogs is no
        # evidence of that language.
        own_script = {w for w in words if script_ratio(w, script)[0] == 1.0}
        foreign = {w for w in own_script if seen[code][w] < ALPHABET_MIN_TEXTS}
        once = {w for w in foreign if seen[code][w] == 1}
        unseen = sum(1 for words in texts_of[code] if words & once)
        if foreign and unseen <= LOOKALIKE_WORDS_MAX_COST * len(texts_of[code]):
            print_words(code, sorted(foreign), f"{unseen}/{len(texts_of[code])}")
    print("}")


def print_words(code: str, words: list[str], comment: str = "") -> None:
    """One table entry of space-separated words, wrapped at 80 characters."""
    joined = " ".join(words)
    note = f"  # {comment}" if comment else ""
    if len(f'    "{code}": "{joined}",{note}') <= 100:
        print_entry(code, [joined], comment, one_line=True)
    else:
        chunks = textwrap.wrap(joined, 80, break_long_words=False, drop_whitespace=False)
        print_entry(code, chunks, comment, one_line=False)


def print_entry(code: str, chunks: list[str], comment: str, one_line: bool) -> None:
    """One entry of a printed table: its one chunk on one line, or its chunks in parentheses."""
    note = f"  # {comment}" if comment else ""
    if one_line:
        print(f'    "{code}": "{chunks[0]}",{note}')
        return
    print(f'    "{code}": ({note}')
    print("\n".join(f'        "{chunk}"' for chunk in chunks))
    print("    ),")


def check_costs(segments: list, config: FilterConfig, model: langid.LidModel) -> list[str]:
    """Segments/s of the whole policy, and each check's share: the time it saves when off."""

    def rate(cfg: FilterConfig) -> float:
        """Best of three passes: the machine's other load only ever adds time."""
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            evaluate_many(segments, cfg, model)
            best = min(best, time.process_time() - started)
        return len(segments) / best

    rate(config)  # warm caches (lid model, zhconv tables) out of the timing
    full = rate(config)
    lines = [
        f"- all checks, caches warm: {full:.0f} segments/s per core "
        f"({1e6 / full:.0f} µs per segment)"
    ]
    for switch in SWITCHES:
        without = rate(dataclasses.replace(config, **{switch: False}))
        cost = max(0.0, 1e6 / full - 1e6 / without)
        lines.append(f"- {switch}: {cost:.0f} µs per segment")
    return lines


def add_sampling_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that decide which cases are drawn (``bench/round_trip_pairs.py`` shares them)."""
    parser.add_argument("--per-language", type=int, default=120)
    parser.add_argument("--min-words", type=int, default=3)
    parser.add_argument("--min-pairs", type=int, default=40)
    parser.add_argument("--languages", nargs="*", help="only these NLLB codes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--round-trip-languages",
        type=int,
        default=3,
        help="a human round trip needs this many languages that translate both Englishes alike",
    )


def skip_reason(code: str, args: argparse.Namespace) -> str | None:
    """Why the benchmark leaves ``code`` out, or None."""
    if code in EXCLUDED:
        return EXCLUDED[code]
    if len(sentence_pairs(code, args.min_words)) < 2 * args.min_pairs:
        return "too few messages"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_sampling_arguments(parser)
    parser.add_argument(
        "--max-pairs", type=int, default=1000, help="--calibrate: most pairs per language"
    )
    parser.add_argument("--split", choices=("heldout", "calibration"), default="heldout")
    parser.add_argument("--lid-model", default=None, help="fastText LID model (default lid.176)")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="print LENGTH_NORMS and lid_calibration's tables from the genuine pairs "
        "(use --split calibration)",
    )
    parser.add_argument("--dump", type=Path, help="write every case's verdict as JSON lines")
    parser.add_argument(
        "--no-costs", action="store_true", help="skip the per-check cost measurement"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "quality.md")
    args = parser.parse_args(argv)

    if args.calibrate:
        print_length_norms(args)
        print_lid_calibration(args, langid.load_lid_model(args.lid_model))
        print_agreement_calibration(args, langid.load_lid_model(args.lid_model))
        print_lingua_calibration(args, langid.load_lid_model(args.lid_model))
        print_py3langid_calibration(args, langid.load_lid_model(args.lid_model))
        print_py3langid_agreement(args, langid.load_lid_model(args.lid_model))
        print_franc_calibration(args, langid.load_lid_model(args.lid_model))
        print_alphabet_calibration(args)
        print_word_calibration(args)
        print_missing_letters_calibration(args)
        return 0
    config = FilterConfig(lid_model=args.lid_model)
    model = langid.load_lid_model(args.lid_model)
    languages = sorted(args.languages or catalog_languages())
    all_messages = {code: messages(code) for code in catalog_languages()}
    results: dict[str, dict[str, list[int]]] = {}
    why: dict[str, Counter[str]] = defaultdict(Counter)
    defects: dict[str, dict[str, list[int]]] = {}
    listed = ListedRoundTrips()
    cpu = 0.0
    evaluated = 0
    skipped = []
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    timing: list = []
    for code in languages:
        if reason := skip_reason(code, args):
            skipped.append(f"{code} ({reason})")
            continue
        others = {c: m for c, m in all_messages.items() if c != code}
        batch = language_cases(code, args, others)
        started = time.process_time()
        verdicts = evaluate_many([case.segment for case in batch], config, model)
        cpu += time.process_time() - started
        evaluated += len(batch)
        timing += [case.segment for case in batch[:: max(1, len(batch) // 25)]]
        row = results[code] = {kind: [0, 0] for kind in KINDS}
        for case, verdict in zip(batch, verdicts, strict=True):
            good = verdict.accepted == case.genuine
            row[case.kind][0] += int(good)
            row[case.kind][1] += 1
            if not good:
                why[case.kind].update(verdict.reasons or ("(accepted)",))
            # The audit read the sampled pairs, not the round trips' second Englishes.
            if case.kind in (GENUINE, GENUINE_STRUCTURED) and defect(code, case.segment.source):
                tally = defects.setdefault(code, {GENUINE: [0, 0], GENUINE_STRUCTURED: [0, 0]})
                tally[case.kind][0] += int(good)
                tally[case.kind][1] += 1
            listed.add(case, good)
            if dump:
                record = {"lang": code, "kind": case.kind, "accepted": verdict.accepted}
                record |= dataclasses.asdict(case.segment)
                record |= {"reasons": list(verdict.reasons), "scores": verdict.scores}
                dump.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(
            f"{code:9} " + " ".join(f"{k[:8]}={pct(*row[k])}" for k in KINDS if row[k][1]),
            flush=True,
        )
    presets = preset_languages()
    summary = report(results, why, presets, defects, listed)
    costs = [] if args.no_costs else check_costs(timing, config, model)
    rate = evaluated / cpu if cpu else 0.0
    command = "python bench/quality.py" + (" " + " ".join(sys.argv[1:]) if argv is None else "")
    lines = [
        "## Filter quality on real human translations (held out)",
        "",
        f"Command: `{command}`",
        "",
        f"Data: the gettext catalogs of this machine, {len(results)} NLLB languages with at "
        f"least {2 * args.min_pairs} prose messages of {args.min_words}+ English words; the "
        f"`{args.split}` half of the messages (hash split on the English), up to "
        f"{args.per_language} per language; broken cases are corruptions of the same real "
        "translations (`tests/filters/broken_corpus.py`) with the back-translation a real run "
        "would see; human round trips pair a real translation with another English message "
        f"the catalogs of {args.round_trip_languages}+ languages translate the same way, as its "
        "back-translation (`gettext_catalogs.round_trips`). Policy: `FilterConfig()` defaults, "
        f"LID model `{Path(model.path).name}`.",
        "",
        *summary,
        "",
        f"Speed: {evaluated} segments in {cpu:.1f} s CPU = {rate:.0f} segments/s per core "
        "(all checks, LID included, one process, first pass: caches cold). Per check, "
        f"on a {len(timing)}-segment sample of every kind and language (the time saved "
        "when the check is off):",
        "",
        *costs,
        "",
        *table(results),
        "",
    ]
    if skipped:
        lines += ["Skipped: " + ", ".join(skipped), ""]
    print("\n".join(summary))
    print(f"speed {rate:.0f} segments/s per core")
    print("\n".join(costs))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
