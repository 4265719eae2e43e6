"""Rendering speed: images per second per core at 768x768, documents and charts.

Run: ``python bench/render.py [--n 60] [--out bench/results/render.md]``

One process renders the bundled sample texts (every script in ``SAMPLE_TEXTS``,
cycled) after a warm-up that loads fonts and caches; the rate is images per CPU
second of this process, i.e. per core, so other load on the machine does not skew
it. Side by side in the same run: documents drawn with the original (hinted) Noto
fonts, the reason the renderer draws with unhinted copies.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

from babelshard.renderers import fonts as fonts_module
from babelshard.renderers.chart_questions import TEMPLATES, QuestionTemplates
from babelshard.renderers.charts import ChartRenderer
from babelshard.renderers.document import DocumentRenderer
from babelshard.renderers.samples import SAMPLE_TEXTS

TARGET_DOCS_PER_CORE = 20.0


def _rate(render: Callable[[str, str, str], object], n: int) -> tuple[float, float]:
    """Images per CPU second and per wall second over ``n`` renders (after a warm-up)."""
    langs = sorted(SAMPLE_TEXTS)
    for i, lang in enumerate(langs * 2):  # warm-up: every font and cache once
        render(SAMPLE_TEXTS[lang], lang, f"warm:{i}")
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        lang = langs[i % len(langs)]
        render(SAMPLE_TEXTS[lang] * 2, lang, f"bench:{i}")
    return n / (time.process_time() - cpu), n / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=60, help="images per measurement")
    parser.add_argument("--out", type=Path, default=None, help="write a Markdown table here")
    args = parser.parse_args()

    documents = DocumentRenderer()
    templates = {
        c: QuestionTemplates(c, dict(TEMPLATES), frozenset(TEMPLATES)) for c in SAMPLE_TEXTS
    }
    charts = ChartRenderer(templates=templates)
    rows = [
        ("documents (unhinted fonts, default)", *_rate(documents.render, args.n)),
        ("charts", *_rate(charts.render, args.n)),
    ]
    # The same documents with the fonts as Debian ships them (TrueType hinting on).
    original = fonts_module.unhinted
    fonts_module.unhinted = lambda path: path  # type: ignore[assignment]
    fonts_module.load_font.cache_clear()
    try:
        hinted = DocumentRenderer()
        rows.append(("documents (hinted fonts, for comparison)", *_rate(hinted.render, args.n)))
    finally:
        fonts_module.unhinted = original
        fonts_module.load_font.cache_clear()

    base = rows[0][1]
    lines = [
        f"Rendering at 768x768, {args.n} images each, scripts cycled over {len(SAMPLE_TEXTS)} "
        f"sample languages; Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| what | images/s per core (CPU time) | images/s (wall) | vs default documents |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, cpu_rate, wall_rate in rows:
        lines.append(f"| {name} | {cpu_rate:.1f} | {wall_rate:.1f} | {cpu_rate / base:.2f}x |")
    verdict = "meets" if base >= TARGET_DOCS_PER_CORE else "misses"
    lines += ["", f"Target: >= {TARGET_DOCS_PER_CORE:.0f} documents/s per core ({verdict} it)."]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            "## Rendering (`bench/render.py`)\n\n"
            f"Command: `python bench/render.py --n {args.n} --out {args.out}`\n\n{text}\n"
        )


if __name__ == "__main__":
    main()
