"""The run report, ``OUT/report.html`` (and the dry run's ``preview.html``): one static page.

Per-language counts and pass rates, rejects by reason, histograms of the main scores
with each language's thresholds marked, and browsable samples and rejects (images
inline, the reject reason highlighted, the main scores as badges, every other score
folded away). It has no script and loads nothing: charts are inline SVG, images are
``data:`` URIs, and a Content-Security-Policy forbids anything else, so it opens
offline, from a bucket, attached to a mail, with JavaScript off.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.report import (
    MAIN_SCORES,
    REPORT_NAME,
    LanguageSummary,
    OutputSummary,
    SampleView,
    fallback_cell,
    filter_config_of,
    input_order,
    rejected_samples,
    summarize,
    thresholds,
    written_samples,
)

PREVIEW_NAME = "preview.html"
SHOWN_PER_LANG = 40  # samples and rejects browsable per language
SCORED_PER_LANG = 400  # samples and rejects read per language for the histograms
BINS = 20
SCORE_RANGES = {"lid_group_prob": (0.0, 1.0), "bt_chrf": (0.0, 100.0), "length_ratio": (0.0, 4.0)}
_THUMBNAIL = (192, 192)
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse} th,td{padding:3px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:1px solid #999} .num{text-align:right;font-variant-numeric:tabular-nums}
td.rate{white-space:nowrap}
.bar{background:#e6e6e6;width:8em;height:.8em;display:inline-block;vertical-align:middle}
.bar span{background:#2a9d4b;height:100%;display:block}
nav a{margin-right:.8em} .charts{display:flex;flex-wrap:wrap;gap:1em}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}
.sample{border:1px solid #ccc;border-radius:4px;margin:.8em 0;padding:.6em;overflow:auto}
.sample.rej{border-color:#c0392b;background:#fff8f7}
.sample h4{margin:0 0 .4em 0;font-weight:600} .thumb{float:right;margin-left:1em}
.thumb img{max-width:192px;border:1px solid #ccc} .noimg{color:#888;font-size:85%}
.badge{display:inline-block;border-radius:3px;padding:1px 6px;margin:0 4px 4px 0;font-size:85%;
background:#e8f5ec;border:1px solid #2a9d4b} .badge.fail{background:#fde8e6;border-color:#c0392b;
font-weight:600} .badge.none{background:#f2f2f2;border-color:#bbb;color:#666}
mark.reason{background:#c0392b;color:#fff;padding:1px 6px;border-radius:3px;font-weight:600}
.turns td{border-top:1px solid #eee} .bt{color:#555} .note{color:#a05a00;font-weight:600}
details>summary{cursor:pointer} .scores td{font-size:85%;padding:1px 6px}
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


# -- charts ----------------------------------------------------------------------------


def _bins(values: Iterable[float], low: float, high: float) -> list[int]:
    counts = [0] * BINS
    for value in values:
        position = int((value - low) / (high - low) * BINS)
        counts[min(max(position, 0), BINS - 1)] += 1
    return counts


def histogram_svg(
    title: str,
    kept: Sequence[float],
    rejected: Sequence[float],
    value_range: tuple[float, float],
    limits: tuple[float | None, float | None],
) -> str:
    """A stacked histogram (kept green, rejected red) with the thresholds as dashed lines."""
    width, height, left, bottom, top = 300, 150, 34, 22, 18
    plot_w, plot_h = width - left - 8, height - bottom - top
    low, high = value_range
    kept_bins, rejected_bins = _bins(kept, low, high), _bins(rejected, low, high)
    peak = max([k + r for k, r in zip(kept_bins, rejected_bins, strict=True)] + [1])
    bar_w = plot_w / BINS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}: {len(kept)} kept, {len(rejected)} rejected</title>",
        f'<text x="{left}" y="12" font-size="12" font-weight="600">{_esc(title)}</text>',
    ]
    for index, (k, r) in enumerate(zip(kept_bins, rejected_bins, strict=True)):
        x = left + index * bar_w
        for count, below, colour in ((k, 0, "#2a9d4b"), (r, k, "#c0392b")):
            if count:
                h = count / peak * plot_h
                y = top + plot_h - (below / peak * plot_h) - h
                parts.append(
                    f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" '
                    f'height="{h:.1f}" fill="{colour}"/>'
                )
    base = top + plot_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#555"/>')
    for fraction in (0.0, 0.5, 1.0):
        x = left + fraction * plot_w
        label = _fmt(low + fraction * (high - low))
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[fraction]
        parts.append(
            f'<text x="{x:.1f}" y="{base + 14}" font-size="10" '
            f'text-anchor="{anchor}">{label}</text>'
        )
    parts.append(
        f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end">{peak}</text>'
    )
    for limit, word in ((limits[0], "min"), (limits[1], "max")):
        if limit is None:
            continue
        x = left + (min(max(limit, low), high) - low) / (high - low) * plot_w
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{base}" stroke="#1f4e9c" '
            f'stroke-width="2" stroke-dasharray="4 3"><title>threshold {word} {_fmt(limit)}'
            f"</title></line>"
        )
        # Labels near the right edge go left of their line, so they stay inside the chart.
        near_right = x > left + 0.7 * plot_w
        side = f'x="{x - 3:.1f}" text-anchor="end"' if near_right else f'x="{x + 3:.1f}"'
        parts.append(
            f'<text {side} y="{top + 2}" font-size="10" fill="#1f4e9c">{word} {_fmt(limit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _score_values(views: Iterable[SampleView], name: str) -> list[float]:
    return [v for view in views if isinstance(v := view.scores.get(name), int | float)]


def language_charts(
    written: Sequence[SampleView],
    rejected: Sequence[SampleView],
    limits: Mapping[str, tuple[float | None, float | None]],
) -> str:
    charts = []
    for name, label in MAIN_SCORES:
        kept, lost = _score_values(written, name), _score_values(rejected, name)
        if not kept and not lost:
            charts.append(f'<p class="noimg">{_esc(label)}: not measured in this language</p>')
            continue
        charts.append(histogram_svg(label, kept, lost, SCORE_RANGES[name], limits[name]))
    return f'<div class="charts">{"".join(charts)}</div>'


# -- samples ---------------------------------------------------------------------------


def thumbnail(image: bytes | None) -> str:
    if not image:
        return '<span class="noimg">no image</span>'
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as img:
            img.thumbnail(_THUMBNAIL)
            buffer = io.BytesIO()
            img.convert("RGB").save(buffer, "JPEG", quality=82)
    except (OSError, ValueError, Image.DecompressionBombError):
        return '<span class="noimg">unreadable image</span>'
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img src="data:image/jpeg;base64,{data}" alt="sample image">'


def badges(scores: Mapping[str, Any], limits: Mapping[str, tuple[float | None, float | None]]):
    out = []
    for name, label in MAIN_SCORES:
        value = scores.get(name)
        if not isinstance(value, int | float):
            out.append(f'<span class="badge none">{_esc(label)} –</span>')
            continue
        low, high = limits[name]
        failed = (low is not None and value < low) or (high is not None and value > high)
        css = "badge fail" if failed else "badge"
        out.append(f'<span class="{css}" title="{name}">{_esc(label)} {_fmt(value)}</span>')
    return "".join(out)


def _scores_table(scores: Mapping[str, Any]) -> str:
    rows = "".join(
        f'<tr><td>{_esc(name)}</td><td class="num">{_fmt(value)}</td></tr>'
        for name, value in sorted(scores.items())
        if isinstance(value, int | float)
    )
    return f'<table class="scores">{rows}</table>' if rows else "<p>no scores</p>"


def _turns(view: SampleView) -> str:
    rows = []
    for turn in view.turns:
        note = f'<br><span class="note">{_esc(turn["note"])}</span>' if turn.get("note") else ""
        rows.append(
            f"<tr><td>{_esc(turn.get('role'))}</td><td>{_esc(turn.get('source'))}</td>"
            f"<td dir=auto>{_esc(turn.get('text'))}{note}</td>"
            f'<td class="bt">{_esc(turn.get("back_translation"))}</td></tr>'
        )
    head = "<tr><th>role</th><th>source</th><th>translation</th><th>back-translation</th></tr>"
    return f'<table class="turns">{head}{"".join(rows)}</table>'


def sample_html(view: SampleView, limits: Mapping[str, tuple[float | None, float | None]]) -> str:
    if view.accepted:
        header = f"<h4>{_esc(view.source_id)} <small>{_esc(view.key)}</small></h4>"
    else:
        header = (
            f'<h4><mark class="reason">{_esc(view.reason)}</mark> {_esc(view.source_id)} '
            f"<small>{_esc(view.key)} · {_esc(view.stage)}</small></h4>"
            f"<p>{_esc(view.detail)}</p>"
        )
    folded = "".join(
        f"<p>turn {index} ({_esc(turn.get('role'))})</p>{_scores_table(turn.get('scores') or {})}"
        for index, turn in enumerate(view.turns)
        if len(view.turns) > 1
    )
    return (
        f'<article class="sample{"" if view.accepted else " rej"}" id="{_esc(view.key)}">'
        f'<div class="thumb">{thumbnail(view.image)}</div>{header}'
        f"<div>{badges(view.scores, limits)}</div>{_turns(view)}"
        f"<details><summary>all scores</summary>{_scores_table(view.scores)}{folded}</details>"
        "</article>"
    )


# -- the page --------------------------------------------------------------------------


def _summary_table(summary: OutputSummary) -> str:
    rows = []
    for entry in summary.languages:
        rate = entry.pass_rate
        bar = (
            f'<span class="bar"><span style="width:{rate * 100:.0f}%"></span></span> {rate:.0%}'
            if rate is not None
            else "–"
        )
        reasons = ", ".join(f"{_esc(r)} {n}" for r, n in entry.reasons.items())
        rows.append(
            f'<tr><td><a href="#{_esc(entry.lang)}">{_esc(entry.lang)}</a></td>'
            f"<td>{_esc(entry.name)}</td><td class=num>{entry.written}</td>"
            f"<td class=num>{entry.rejected}</td><td class=num>{fallback_cell(entry)}</td>"
            f"<td class=rate>{bar}</td><td class=num>{entry.shards}</td><td>{reasons}</td></tr>"
        )
    head = (
        "<thead><tr><th>config</th><th>language</th><th>written</th><th>rejected</th>"
        '<th title="rejected, written in English instead (English: +copies it holds)">'
        "fallback</th><th>pass rate</th><th>shards</th><th>reject reasons</th></tr></thead>"
    )
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _reasons_table(summary: OutputSummary) -> str:
    if not summary.by_reason:
        return "<p>No sample was rejected.</p>"
    rows = "".join(
        f"<tr><td><mark class=reason>{_esc(reason)}</mark></td><td class=num>{count}</td></tr>"
        for reason, count in summary.by_reason.items()
    )
    return f"<table><thead><tr><th>reason</th><th>count</th></tr></thead>{rows}</table>"


def language_section(
    entry: LanguageSummary,
    written: list[SampleView],
    rejected: list[SampleView],
    limits: Mapping[str, tuple[float | None, float | None]],
    shown: int,
) -> str:
    legend = (
        '<p class="legend">Scores of the first samples read '
        f"({len(written)} written, {len(rejected)} rejected):"
        '<span style="background:#2a9d4b"></span>kept<span style="background:#c0392b"></span>'
        'rejected<span style="background:#1f4e9c"></span>threshold</p>'
    )
    kept = sorted(written, key=input_order)[:shown]
    lost = sorted(rejected, key=input_order)[:shown]
    kept_html = "".join(sample_html(view, limits) for view in kept) or "<p>none</p>"
    lost_html = "".join(sample_html(view, limits) for view in lost) or "<p>none</p>"
    return (
        f'<section id="{_esc(entry.lang)}"><h2>{_esc(entry.lang)} · {_esc(entry.name)}</h2>'
        f"<p>{entry.written} written, {entry.rejected} rejected{_fallback_note(entry)}</p>"
        f"{legend}{language_charts(written, rejected, limits)}"
        f"<details><summary>samples ({len(kept)} of {entry.written}, in input order)</summary>"
        f"{kept_html}</details>"
        f"<details><summary>rejects ({len(lost)} of {entry.rejected}, in input order)</summary>"
        f"{lost_html}</details></section>"
    )


def _fallback_note(entry: LanguageSummary) -> str:
    if entry.fallback_copies:
        return f" ({entry.fallback_copies} of them English fallback copies)"
    if entry.fallback:
        return f" ({entry.fallback} of them written in English instead)"
    return ""


def render_report(
    summary: OutputSummary, sections: Sequence[str], title: str = "babelshard run report"
) -> str:
    totals = summary.totals
    nav = " ".join(
        f'<a href="#{_esc(entry.lang)}">{_esc(entry.lang)}</a>' for entry in summary.languages
    )
    warning = (
        f"<p><mark class=reason>{totals['unaccounted']} inputs are neither written nor "
        "rejected</mark></p>"
        if totals.get("unaccounted")
        else ""
    )
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_esc(title)}</h1><p>{_esc(summary.out_dir)} · babelshard {_esc(summary.version)}"
        f" · {_esc(summary.created)}</p>"
        f"<p><b>{totals['written']}</b> written, <b>{totals['rejected']}</b> rejected of "
        f"<b>{totals['inputs']}</b> inputs in {totals['shards']} shards "
        f"({totals['bytes'] / 1e6:.1f} MB)</p>{warning}"
        f"<nav>{nav}</nav><h2>Languages</h2>{_summary_table(summary)}"
        f"<h2>Rejects by reason</h2>{_reasons_table(summary)}"
        f"{''.join(sections)}</body></html>\n"
    )


def build_report(
    out_dir: str,
    manifest: Mapping[str, Any] | None = None,
    *,
    title: str = "babelshard run report",
    shown: int = SHOWN_PER_LANG,
    scored: int = SCORED_PER_LANG,
) -> str:
    """The report page of a finished output, as HTML text."""
    manifest = manifest or read_manifest(out_dir)
    summary = summarize(out_dir, manifest)
    config = filter_config_of(manifest)
    sections = []
    for entry in summary.languages:
        limit = max(scored, shown)
        written = written_samples(out_dir, manifest, entry.lang, limit)
        rejected = rejected_samples(out_dir, manifest, entry.lang, limit)
        sections.append(
            language_section(entry, written, rejected, thresholds(config, entry.lang), shown)
        )
    return render_report(summary, sections, title)


def write_report(
    out_dir: str, manifest: Mapping[str, Any] | None = None, name: str = REPORT_NAME, **kwargs
) -> str:
    """Write ``OUT/report.html`` (or ``name``) atomically; returns its path."""
    path = filesystem.join(out_dir, name)
    filesystem.write_atomic(path, build_report(out_dir, manifest, **kwargs).encode("utf-8"))
    return path


def write_preview(out_dir: str) -> str:
    """The dry run's ``OUT/preview.html``: the run report of the trial output."""
    return write_report(out_dir, name=PREVIEW_NAME, title="babelshard dry-run preview")
