"""Rendering speed: scenes, flat pages and charts per second per core, and characters per
second at SynthDoG's page sizes against SynthDoG's own rate.

Run: ``python bench/render.py [--n 60] [--out bench/results/render.md]``

One process renders the bundled sample texts (every script in ``SAMPLE_TEXTS``,
cycled) after a warm-up that loads fonts and caches; the rate is images per CPU
second of this process, i.e. per core, so other load on the machine does not skew
it much. Rows, side by side in one run:

- scenes at 768x768 with every effect applied to every scene (rotation, perspective,
  drop shadow, lighting, background defocus, paper blur, noise, JPEG): the target;
- scenes with the default ranges, flat pages and charts, for comparison;
- English scenes at SynthDoG's page sizes (short side 720-1024, aspect 1-2) and font
  sizes (3.3%-10% of the paper's short side), as characters drawn per CPU second, against
  SynthDoG's rate measured on this project's machine (about 260 characters/s per
  core, 0.6 pages/s);
- flat pages drawn with the fonts as Debian ships them (hinted), for comparison with the
  unhinted copies the renderer draws with (glyph bitmaps are cached, so hinting now runs
  once per glyph and size).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path

from babelshard.renderers import fonts as fonts_module
from babelshard.renderers.chart_questions import TEMPLATES, QuestionTemplates
from babelshard.renderers.charts import ChartRenderer
from babelshard.renderers.document import DocumentRenderer
from babelshard.renderers.fonts import FontRegistry, coverage
from babelshard.renderers.glyphs import forget_fonts
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scene import SceneConfig, SceneRenderer
from babelshard.renderers.scene_effects import SceneEffects
from babelshard.renderers.scripts import script_info

TARGET_SCENES_PER_CORE = 20.0
SYNTHDOG_CHARS_PER_CORE = 260.0  # measured on SynthDoG (clovaai/donut) on this machine
SYNTHDOG_PAGES_PER_CORE = 0.6
TARGET_SYNTHDOG_RATIO = 10.0

# Every effect on every scene: no range starts at "off".
ALL_EFFECTS = SceneEffects(
    shadow=(0.2, 0.5), lighting=(0.65, 0.95), background_blur=(1.0, 6.0), blur=(0.3, 1.0),
    noise=(2.0, 6.0),
)  # fmt: skip


def load_every_cmap() -> None:
    """Read the cmap of every font the sample languages may pick, as a long job's worker
    has after its first few hundred samples (fontTools takes ~0.1 s per font, once)."""
    registry = FontRegistry()
    for lang in SAMPLE_TEXTS:
        info = script_info(lang)
        for face in registry.candidates(info.script, info.lang):
            coverage(face)
            companion = registry.companion(face)
            if companion is not None:
                coverage(companion)


def _rate(
    render: Callable[[str, str, str], object], n: int, copies: int = 2
) -> tuple[float, float]:
    """Images per CPU second and per wall second over ``n`` renders (after a warm-up)."""
    load_every_cmap()
    langs = sorted(SAMPLE_TEXTS)
    for i, lang in enumerate(langs * 3):  # warm-up: fonts, caches, unhinted copies
        render(SAMPLE_TEXTS[lang], lang, f"warm:{i}")
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        lang = langs[i % len(langs)]
        render(" ".join([SAMPLE_TEXTS[lang]] * copies), lang, f"bench:{i}")
    return n / (time.process_time() - cpu), n / (time.perf_counter() - wall)


def synthdog_sizes(count: int, seed: int = 0) -> list[tuple[int, int]]:
    """Page sizes drawn as SynthDoG's config_en.yaml draws them."""
    rng = random.Random(seed)
    sizes = []
    for _ in range(count):
        short = rng.randint(720, 1024)
        long = int(short * rng.uniform(1.0, 2.0))
        sizes.append((long, short) if rng.random() < 0.5 else (short, long))
    return sizes


def synthdog_rate(n: int) -> tuple[float, float, float]:
    """English scenes at SynthDoG's sizes: characters/s and pages/s per core, chars/page."""
    # About SynthDoG's text amount per page (~433 characters): ~430 of running text, the
    # rest is the title and table cells the scene quotes from it.
    text = " ".join([SAMPLE_TEXTS["eng_Latn"]] * 3)[:430].rsplit(" ", 1)[0]
    renderers = []
    for size in synthdog_sizes(4):
        # SynthDoG's text_scale is 0.0334-0.1 of its document's short side; SceneConfig's
        # sizes are on a 768-pixel scene whose paper is 0.6-0.95 of it (0.775 on average).
        font = (round(0.0334 * 768 * 0.775), round(0.1 * 768 * 0.775))
        config = SceneConfig(size=size, font_size=font, effects=ALL_EFFECTS)
        renderers.append(SceneRenderer(config=config))
    for i, renderer in enumerate(renderers):
        renderer.render(text, "eng_Latn", f"warm:{i}")
    chars = 0
    cpu = time.process_time()
    for i in range(n):
        renderer = renderers[i % len(renderers)]
        chars += len(
            renderer.render(text, "eng_Latn", f"bench:{i}").doc["gt_parse"]["text_sequence"]
        )
    seconds = time.process_time() - cpu
    return chars / seconds, n / seconds, chars / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=60, help="images per measurement")
    parser.add_argument("--out", type=Path, default=None, help="write a Markdown table here")
    args = parser.parse_args()

    templates = {
        c: QuestionTemplates(c, dict(TEMPLATES), frozenset(TEMPLATES)) for c in SAMPLE_TEXTS
    }
    scenes = SceneRenderer(config=SceneConfig(effects=ALL_EFFECTS))
    rows = [
        ("scenes, every effect on every scene (target)", *_rate(scenes.render, args.n)),
        ("scenes, default effect ranges", *_rate(SceneRenderer().render, args.n)),
        ("flat pages (unhinted fonts, default)", *_rate(DocumentRenderer().render, args.n)),
        ("charts", *_rate(ChartRenderer(templates=templates).render, args.n)),
    ]
    # The same pages with the fonts as Debian ships them (TrueType hinting on).
    original = fonts_module.unhinted
    fonts_module.unhinted = lambda path: path  # type: ignore[assignment]
    forget_fonts()
    try:
        hinted = DocumentRenderer()
        rows.append(("flat pages (hinted fonts, for comparison)", *_rate(hinted.render, args.n)))
    finally:
        fonts_module.unhinted = original
        forget_fonts()
    chars, pages, per_page = synthdog_rate(max(8, args.n // 2))

    base = rows[0][1]
    lines = [
        f"{args.n} images per row, scripts cycled over {len(SAMPLE_TEXTS)} sample languages "
        f"(each text twice); Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| what (768x768) | images/s per core (CPU time) | images/s (wall) | vs target row |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, cpu_rate, wall_rate in rows:
        lines.append(f"| {name} | {cpu_rate:.1f} | {wall_rate:.1f} | {cpu_rate / base:.2f}x |")
    verdict = "meets" if base >= TARGET_SCENES_PER_CORE else "misses"
    ratio = chars / SYNTHDOG_CHARS_PER_CORE
    synthdog_per_page = SYNTHDOG_CHARS_PER_CORE / SYNTHDOG_PAGES_PER_CORE
    lines += [
        "",
        f"Target: >= {TARGET_SCENES_PER_CORE:.0f} scenes/s per core with every effect on "
        f"({verdict} it).",
        "",
        "| SynthDoG page sizes, English, every effect | characters/s per core | pages/s per core "
        "| characters/page |",
        "| --- | ---: | ---: | ---: |",
        f"| babelshard scenes | {chars:.0f} | {pages:.2f} | {per_page:.0f} |",
        f"| SynthDoG (measured earlier on this machine) | {SYNTHDOG_CHARS_PER_CORE:.0f} "
        f"| {SYNTHDOG_PAGES_PER_CORE:.1f} | {synthdog_per_page:.0f} |",
        "",
        f"Characters per second: {ratio:.1f}x SynthDoG's (target >= {TARGET_SYNTHDOG_RATIO:.0f}x, "
        f"{'meets' if ratio >= TARGET_SYNTHDOG_RATIO else 'misses'} it).",
    ]
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
