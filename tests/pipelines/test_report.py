"""The run report ``OUT/report.html``: the numbers, the charts, the samples, a real browser.

The output translates the human corpus into German and French with a strict LID
threshold (0.95), so each language keeps some samples and rejects others, rejects
carry images, and the histograms have both kinds of bars on either side of the
threshold line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from headless import PageVisit, chromium_path, visit
from human_table import HUMAN
from PIL import Image

from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.pipelines.report import (
    READ_ERRORS,
    format_inspect,
    format_summary,
    input_order,
    summarize,
    written_samples,
)
from babelshard.pipelines.report_html import REPORT_NAME, render_report, write_preview

LID_THRESHOLD = 0.95


@pytest.fixture(scope="module")
def reported(human_corpus, tmp_path_factory) -> tuple[Path, dict[str, Any], str]:
    out = tmp_path_factory.mktemp("report") / "out"
    config = RunConfig(
        input=str(human_corpus),
        format="jsonl",
        output=str(out),
        langs="deu_Latn,fra_Latn",
        mix="all",
        model=f"table:{HUMAN}",
        image_root=str(human_corpus.parent / "images"),
        lid_threshold=LID_THRESHOLD,
        shard_size=5,
    )
    manifest = run_translate(config)
    return out, manifest, (out / REPORT_NAME).read_text(encoding="utf-8")


def section(page: str, lang: str) -> str:
    return page.split(f'<section id="{lang}">', 1)[1].split("</section>", 1)[0]


def test_the_job_writes_the_report_with_every_languages_counts(reported):
    _, manifest, page = reported
    totals = manifest["totals"]
    assert f"<b>{totals['written']}</b> written, <b>{totals['rejected']}</b> rejected" in page
    for lang, entry in manifest["languages"].items():
        assert entry["samples"] and entry["rejected"]  # the fixture keeps and rejects some
        row = page.split(f'<tr><td><a href="#{lang}">', 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r"<td class=num>(\d+)</td>", row)
        assert cells[:2] == [str(entry["samples"]), str(entry["rejected"])]
        rate = entry["samples"] / (entry["samples"] + entry["rejected"])
        assert f"{rate:.0%}" in row
    for reason, count in manifest["rejects"]["by_reason"].items():
        assert f"<mark class=reason>{reason}</mark></td><td class=num>{count}</td>" in page


def test_inspect_prints_the_same_summary(reported):
    out, manifest, page = reported
    text = format_inspect(str(out))
    for lang, entry in manifest["languages"].items():
        (line,) = [row for row in text.splitlines() if row.startswith(lang)]
        words = line.split()
        assert words[1:3] == [str(entry["samples"]), str(entry["rejected"])]
        assert words[3] in section(page, lang) or words[3] in page
        for reason in manifest["rejects"]["by_lang"][lang]:
            assert reason in line


def test_read_errors_have_their_own_row_and_fallbacks_count_under_their_language():
    """Read errors carry the source language (English) but were never an English sample."""
    manifest = {
        "totals": {"inputs": 9, "written": 5, "rejected": 4, "shards": 2, "bytes": 0,
                   "fallback_copies": 1},
        "languages": {
            "deu_Latn": {"shards": 1, "samples": 4, "bytes": 0, "rejected": 1, "fallback": 1},
            "eng_Latn": {"shards": 1, "samples": 1, "bytes": 0, "rejected": 3, "fallback": 0},
        },
        "rejects": {
            "by_reason": {"malformed_json": 2, "image_missing": 1, "empty": 1},
            "by_lang": {"deu_Latn": {"empty": 1},
                        "eng_Latn": {"malformed_json": 2, "image_missing": 1}},
            "by_stage_lang": {"filter": {"deu_Latn": {"empty": 1}},
                              "image": {"eng_Latn": {"image_missing": 1}},
                              "read": {"eng_Latn": {"malformed_json": 2}}},
        },
    }  # fmt: skip
    summary = summarize("out", manifest)
    rows = {entry.lang: entry for entry in summary.languages}
    assert set(rows) == {"deu_Latn", "eng_Latn", READ_ERRORS}
    assert (rows[READ_ERRORS].rejected, rows[READ_ERRORS].reasons) == (2, {"malformed_json": 2})
    assert (rows["eng_Latn"].rejected, rows["eng_Latn"].reasons) == (1, {"image_missing": 1})
    assert rows["deu_Latn"].fallback == 1 and rows["eng_Latn"].fallback_copies == 1
    assert rows["eng_Latn"].pass_rate == 0.0  # its one written sample is a fallback copy
    words = [line.split() for line in format_summary(summary).splitlines()]
    text = {row[0]: row for row in words if row and row[0] in rows}
    assert text["deu_Latn"][1:5] == ["4", "1", "1", "80%"]
    assert text["eng_Latn"][1:4] == ["1", "1", "+1"]
    assert text[READ_ERRORS][1:3] == ["0", "2"]
    page = render_report(summary, [])
    assert '<tr><td><a href="#(read)">(read)</a></td><td>read errors' in page


def test_histograms_mark_each_languages_thresholds(reported):
    _, manifest, page = reported
    for lang in manifest["languages"]:
        charts = section(page, lang)
        svgs = re.findall(r"<svg .*?</svg>", charts)
        assert [re.search(r'aria-label="([^"]+)"', svg).group(1) for svg in svgs] == [
            "LID probability",
            "back-translation chrF",
            "length ratio",
        ]
        lid, chrf, length = svgs
        assert f"<title>threshold min {LID_THRESHOLD:.3g}</title>" in lid
        assert 'fill="#2a9d4b"' in lid and 'fill="#c0392b"' in lid  # kept and rejected bars
        assert "<title>threshold min 30</title>" in chrf
        assert "<title>threshold min 0.4</title>" in length
        assert "<title>threshold max 3</title>" in length


def test_samples_come_in_input_order_and_rejects_show_reason_badges_and_image(reported):
    out, manifest, page = reported
    lid_rejects: list[str] = []
    for lang, entry in manifest["languages"].items():
        part = section(page, lang)
        samples, rejects = part.split("<summary>rejects", 1)
        shown = re.findall(
            r'<article class="sample" id="[^"]+"><div class="thumb">.*?<h4>(\S+) ', samples
        )
        assert len(shown) == entry["samples"]
        views = written_samples(str(out), manifest, lang, 1000)
        assert shown == [view.source_id for view in sorted(views, key=input_order)]
        numbers = [int(re.sub(r"\D", "", source_id)) for source_id in shown]
        assert numbers == sorted(numbers)
        articles = re.findall(r'<article class="sample rej".*?</article>', rejects)
        assert len(articles) == entry["rejected"]
        lid_rejects += [a for a in articles if 'class="badge fail" title="lid_group_prob"' in a]
        assert all('<mark class="reason">' in article for article in articles)
        assert all("<details><summary>all scores</summary>" in a for a in articles)
    # The strict threshold rejects some translation by LID (not necessarily in every
    # language): its failing score is a red badge, and the reject shows its image.
    assert lid_rejects
    assert any("data:image/jpeg;base64," in article for article in lid_rejects)


def test_the_page_loads_nothing_and_runs_no_script(reported):
    _, _, page = reported
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "default-src 'none'" in page


def test_the_dry_run_preview_is_the_same_report(reported):
    out, _, page = reported
    preview = Path(write_preview(str(out))).read_text(encoding="utf-8")
    assert preview.replace("babelshard dry-run preview", "babelshard run report") == page


# -- a real browser -------------------------------------------------------------------


def browse(page: Path, profile: Path, *, javascript: bool = True) -> PageVisit:
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make setup` installs it (DEBIAN_PACKAGES)")
        pytest.skip("chromium is not installed (make setup installs it)")
    return visit(page, profile, javascript=javascript)


def test_the_browser_checks_are_real(tmp_path):
    """A script error and a console error are caught; JavaScript off really is off."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><meta charset=utf-8><title>bad</title><p id=p>static</p>"
        "<script>document.getElementById('p').textContent = 'scripted';"
        "console.error('broken'); undefinedFunction();</script>",
        encoding="utf-8",
    )
    on = browse(bad, tmp_path / "on")
    assert any("broken" in problem for problem in on.problems)
    assert any("undefinedFunction" in problem for problem in on.problems)
    assert "scripted" in on.html
    off = browse(bad, tmp_path / "off", javascript=False)
    assert off.problems == [] and ">static<" in off.html


def test_chromium_renders_the_report_without_console_errors(reported, tmp_path):
    out, manifest, _ = reported
    seen = browse(out / REPORT_NAME, tmp_path / "profile")
    assert seen.problems == []
    for lang in manifest["languages"]:
        assert f'<section id="{lang}">' in seen.html


def test_the_report_reads_the_same_with_javascript_off(reported, tmp_path):
    out, manifest, _ = reported
    on = browse(out / REPORT_NAME, tmp_path / "on")
    off = browse(out / REPORT_NAME, tmp_path / "off", javascript=False)
    assert off.problems == []
    assert off.html == on.html
    assert off.screenshot == on.screenshot
    for lang, entry in manifest["languages"].items():
        part = off.html.split(f'<section id="{lang}">', 1)[1]
        assert part.count("<svg") >= 3
        assert f"samples ({entry['samples']} of {entry['samples']}" in part


def test_a_screenshot_of_the_report_shows_the_page(reported, tmp_path):
    out, _, _ = reported
    seen = browse(out / REPORT_NAME, tmp_path / "profile")
    (tmp_path / "report.png").write_bytes(seen.screenshot)
    with Image.open(tmp_path / "report.png") as image:
        assert image.width == 1200 and image.height > 1000
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, bars, charts: not a blank page
    greens = sum(count for count, rgb in colours if rgb == (0x2A, 0x9D, 0x4B))
    reds = sum(count for count, rgb in colours if rgb == (0xC0, 0x39, 0x2B))
    assert greens > 500 and reds > 50  # pass-rate bars and kept bars; reasons and rejected bars
