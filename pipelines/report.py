"""What a finished output holds, read back for people: the ``inspect`` table and the data
of the run report (``pipelines/report_html.py`` draws it).

Everything here is read from the finished output folder (manifest, shards, rejects),
so the report can be rebuilt for any output, and the terminal summary and the HTML
page show the same numbers.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babelshard.filters.policy import FilterConfig
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest, reject_rows, shard_samples
from babelshard.schemas.languages import find_language
from babelshard.schemas.records import ENGLISH

REPORT_NAME = "report.html"
MAX_IMAGE_BYTES = 20_000_000  # larger images are not inlined in the report
MAIN_SCORES: tuple[tuple[str, str], ...] = (
    ("lid_group_prob", "LID probability"),
    ("bt_chrf", "back-translation chrF"),
    ("length_ratio", "length ratio"),
)
"""The scores whose distributions say whether a language's thresholds are right."""


READ_ERRORS = "(read)"
"""The summary row of inputs that never became a sample (read stage): no language yet."""


@dataclass
class LanguageSummary:
    """One language of an output: its counts and why it lost samples.

    ``fallback``: its rejected samples written in English instead
    (``--fallback-english``; they count as rejected here, and the English copies
    as written under English, ``fallback_copies`` of them).
    """

    lang: str
    written: int
    rejected: int
    shards: int
    reasons: dict[str, int] = field(default_factory=dict)
    fallback: int = 0
    fallback_copies: int = 0

    @property
    def name(self) -> str:
        if self.lang == READ_ERRORS:
            return "read errors (not yet a sample)"
        language = find_language(self.lang)
        return language.name if language else self.lang

    @property
    def pass_rate(self) -> float | None:
        """Of the samples planned in this language, the share written (fallback copies,
        planned for other languages, left out)."""
        planned = self.written - self.fallback_copies
        total = planned + self.rejected
        return planned / total if total else None


@dataclass
class OutputSummary:
    """The numbers at the top of the report and of ``babelshard inspect``."""

    out_dir: str
    totals: dict[str, Any]
    languages: list[LanguageSummary]
    by_reason: dict[str, int]
    created: str | None = None
    version: str | None = None


@dataclass
class SampleView:
    """A written or rejected sample as the report shows it."""

    key: str
    lang: str
    source_id: str
    turns: list[dict[str, Any]]
    scores: dict[str, float | None]
    image: bytes | None = None
    reason: str | None = None  # None: written
    stage: str | None = None
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return self.reason is None


def _by_count(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def summarize(out_dir: str, manifest: Mapping[str, Any] | None = None) -> OutputSummary:
    """Per-language counts, pass rates and reject reasons from ``OUT/manifest.json``.

    Inputs rejected while reading have no language yet: they get their own row
    (``READ_ERRORS``), not the source language's (manifests that predate the
    per-stage counts keep them under it).
    """
    manifest = manifest or read_manifest(out_dir)
    rejects = manifest["rejects"]
    read = rejects.get("by_stage_lang", {}).get("read", {})
    languages = []
    for lang, entry in manifest["languages"].items():
        reasons = Counter(rejects.get("by_lang", {}).get(lang, {}))
        reasons.subtract(read.get(lang, {}))
        reasons = +reasons
        if not entry["samples"] and not reasons and lang in read:
            continue  # only read errors: they have their own row
        languages.append(
            LanguageSummary(
                lang=lang,
                written=entry["samples"],
                rejected=sum(reasons.values()),
                shards=entry["shards"],
                reasons=_by_count(reasons),
                fallback=entry.get("fallback", 0),
                # the copies are written in English, the source language
                fallback_copies=manifest["totals"].get("fallback_copies", 0)
                if lang == ENGLISH
                else 0,
            )
        )
    read_reasons = sum((Counter(counts) for counts in read.values()), Counter())
    if read_reasons:
        total = sum(read_reasons.values())
        languages.append(LanguageSummary(READ_ERRORS, 0, total, 0, _by_count(read_reasons)))
    by_reason = _by_count(manifest["rejects"].get("by_reason", {}))
    return OutputSummary(
        out_dir=out_dir,
        totals=dict(manifest["totals"]),
        languages=languages,
        by_reason=by_reason,
        created=manifest.get("created"),
        version=manifest.get("babelshard_version"),
    )


def format_summary(summary: OutputSummary) -> str:
    """The terminal table of ``babelshard inspect`` (the report's summary, as text)."""
    totals = summary.totals
    lines = [
        f"{summary.out_dir}: {totals['written']} written, {totals['rejected']} rejected "
        f"of {totals['inputs']} inputs in {totals['shards']} shards "
        f"({totals['bytes'] / 1e6:.1f} MB)",
    ]
    if totals.get("unaccounted"):
        lines.append(f"WARNING: {totals['unaccounted']} inputs are neither written nor rejected")
    lines.append("")
    lines.append(
        f"{'language':<10} {'written':>8} {'rejected':>9} {'fallback':>9} {'pass':>6} "
        f"{'shards':>7}  reasons"
    )
    for entry in summary.languages:
        rate = f"{entry.pass_rate:.0%}" if entry.pass_rate is not None else "-"
        reasons = ", ".join(f"{reason} {count}" for reason, count in entry.reasons.items())
        lines.append(
            f"{entry.lang:<10} {entry.written:>8} {entry.rejected:>9} {fallback_cell(entry):>9} "
            f"{rate:>6} {entry.shards:>7}  {reasons}"
        )
    if any(entry.fallback for entry in summary.languages):
        lines.append(
            "fallback: rejected samples of the language written in English instead "
            "(English: +N copies among its written)"
        )
    if summary.by_reason:
        lines.append("")
        lines.append("rejects by reason:")
        for reason, count in summary.by_reason.items():
            lines.append(f"  {reason:<28} {count}")
    return "\n".join(lines)


def fallback_cell(entry: LanguageSummary) -> str:
    """A language's fallback count (its samples written in English instead); English
    shows the copies it holds as ``+N``."""
    if entry.fallback_copies:
        return f"+{entry.fallback_copies}"
    return str(entry.fallback) if entry.fallback else "-"


def format_inspect(out_dir: str) -> str:
    """Per-language counts, pass rates and reject reasons from ``OUT/manifest.json``,
    and where the run report with the charts and samples is."""
    text = format_summary(summarize(out_dir))
    report = filesystem.join(out_dir, REPORT_NAME)
    return f"{text}\n\nreport: {report}" if filesystem.exists(report) else text


def write_preview(out_dir: str) -> str:
    """The dry run's ``OUT/preview.html`` (the run report's code; see ``report_html``)."""
    from babelshard.pipelines.report_html import write_preview as write_page

    return write_page(out_dir)


# -- thresholds ------------------------------------------------------------------------


def filter_config_of(manifest: Mapping[str, Any]) -> FilterConfig:
    """The filter settings the job ran with, rebuilt from the config its manifest records."""
    from babelshard.pipelines.options import RunConfig

    recorded = manifest.get("config", {})
    known = {f.name for f in dataclasses.fields(RunConfig)}
    try:
        return RunConfig(**{k: v for k, v in recorded.items() if k in known}).filter_config()
    except (TypeError, ValueError):
        return FilterConfig()


def thresholds(config: FilterConfig, lang: str) -> dict[str, tuple[float | None, float | None]]:
    """``{score: (lowest kept, highest kept)}`` of the main scores in one language."""
    cfg = config.for_language(lang)
    return {
        "lid_group_prob": (cfg.lid_threshold if cfg.check_langid else None, None),
        "bt_chrf": (cfg.bt_threshold if cfg.backtranslation else None, None),
        "length_ratio": (
            (cfg.length_ratio_min, cfg.length_ratio_max) if cfg.check_length else (None, None)
        ),
    }


# -- one score's distribution -------------------------------------------------------------

DISTRIBUTION_POINTS = (2, 5, 50, 95, 98)
"""The percentiles ``inspect --score`` prints; 2 and 98 are the cut-offs that keep 98%."""


def percentiles(values: list[float], points: tuple[int, ...] = DISTRIBUTION_POINTS) -> list[float]:
    """The ``points`` percentiles of ``values`` (inclusive method; needs two values)."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return [cuts[point - 1] for point in points]


def score_values(out_dir: str, score: str) -> dict[str, dict[str, list[float]]]:
    """``{lang: {"written": [...], "rejected": [...]}}``: one score of every sample (its
    weakest piece's, as the sample JSON records it) where it was measured."""
    manifest = read_manifest(out_dir)
    found: dict[str, dict[str, list[float]]] = {}

    def add(lang: str, kind: str, value: Any) -> None:
        if isinstance(value, int | float) and math.isfinite(value):
            found.setdefault(lang, {"written": [], "rejected": []})[kind].append(float(value))

    for shard in manifest["shards"]:
        for members in shard_samples(filesystem.join(out_dir, shard["path"])):
            doc = json.loads(members["json"])
            add(doc["lang"], "written", (doc.get("scores") or {}).get(score))
    for reject in reject_rows(out_dir, manifest["rejects"].get("files", [])):
        add(reject["lang"], "rejected", (reject.get("scores") or {}).get(score))
    return dict(sorted(found.items()))


def format_distribution(out_dir: str, score: str) -> str:
    """The table of ``babelshard inspect OUT --score NAME``: per language, the score's
    percentiles over written samples and its median over rejected ones, to set a threshold
    on real output (e.g. ``--max-dual-xent`` at the p98 of a run's written samples)."""
    values = score_values(out_dir, score)
    if not values:
        return f"{out_dir}: no sample has a measured {score}"
    heads = " ".join(f"{'p' + str(p):>8}" for p in DISTRIBUTION_POINTS)
    lines = [
        f"{score} of written samples (percentiles) and of rejected ones (median)",
        f"{'language':<10} {'written':>8} {heads} {'rejected':>9} {'p50':>8}",
    ]
    for lang, kinds in values.items():
        written, rejected = kinds["written"], kinds["rejected"]
        cuts = percentiles(written) if len(written) >= 2 else []
        shown = " ".join(f"{cut:>8.3f}" for cut in cuts) or " ".join(
            f"{'-':>8}" for _ in DISTRIBUTION_POINTS
        )
        median = f"{statistics.median(rejected):>8.3f}" if rejected else f"{'-':>8}"
        lines.append(f"{lang:<10} {len(written):>8} {shown} {len(rejected):>9} {median}")
    return "\n".join(lines)


# -- samples -----------------------------------------------------------------------------


def input_order(view: SampleView) -> tuple:
    """Natural order of source ids (``L2`` before ``L10``): the order of the input."""
    parts = re.split(r"(\d+)", view.source_id)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def written_samples(
    out_dir: str, manifest: Mapping[str, Any], lang: str, limit: int
) -> list[SampleView]:
    """Up to ``limit`` written samples of ``lang``, with their image bytes."""
    views: list[SampleView] = []
    for shard in manifest["shards"]:
        if shard["lang"] != lang:
            continue
        for members in shard_samples(filesystem.join(out_dir, shard["path"])):
            if len(views) >= limit:
                return views
            doc = json.loads(members.pop("json"))
            members.pop("txt", None)
            views.append(
                SampleView(
                    key=doc["key"],
                    lang=doc["lang"],
                    source_id=str(doc.get("source_id", "")),
                    turns=doc.get("turns", []),
                    scores=doc.get("scores", {}),
                    image=next(iter(members.values()), None),
                )
            )
    return views


def _reject_image(doc: Mapping[str, Any]) -> bytes | None:
    uri = doc.get("image")
    if not uri:
        return None
    try:
        with filesystem.open_read(uri) as stream:
            data = stream.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError):
        return None
    return data if len(data) <= MAX_IMAGE_BYTES else None


def _in_row(reject: Mapping[str, Any], lang: str) -> bool:
    """Whether a reject belongs to the summary row ``lang`` (read errors have their own)."""
    if reject.get("stage") == "read":
        return lang == READ_ERRORS
    return reject.get("lang") == lang


def rejected_samples(
    out_dir: str, manifest: Mapping[str, Any], lang: str, limit: int
) -> list[SampleView]:
    """Up to ``limit`` rejects of ``lang``, with their image where it can still be read."""
    views: list[SampleView] = []
    for entry in manifest["rejects"].get("files", []):
        if lang != READ_ERRORS and entry.get("lang") not in (lang, None):
            continue
        text = filesystem.read_bytes(filesystem.join(out_dir, entry["path"])).decode("utf-8")
        for line in text.splitlines():
            if len(views) >= limit:
                return views
            if not line.strip():
                continue
            reject = json.loads(line)
            if not _in_row(reject, lang):
                continue
            doc = reject.get("doc") or {}
            views.append(
                SampleView(
                    key=reject["key"],
                    lang=lang,
                    source_id=str(reject.get("source_id", "")),
                    turns=doc.get("turns", []),
                    scores=reject.get("scores") or {},
                    image=_reject_image(doc),
                    reason=reject["reason"],
                    stage=reject.get("stage"),
                    detail=reject.get("detail", ""),
                )
            )
    return views
