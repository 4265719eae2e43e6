"""Document scenes: ground truth that survives the warp, reading order, questions, speed knobs.

The central check: every word and line quadrilateral lies inside the image, and its
crop, un-warped to an upright rectangle, holds ink (dark pixels on the light paper).
"""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from babelshard.renderers.backgrounds import upscale_around
from babelshard.renderers.chart_questions import translate_templates
from babelshard.renderers.document import DocumentConfig, DocumentRenderer
from babelshard.renderers.document_questions import DOCUMENT_TEMPLATES
from babelshard.renderers.errors import RenderError
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scene import SceneConfig, SceneRenderer
from babelshard.renderers.scene_effects import SceneEffects
from babelshard.renderers.unicode_text import words

LANGS = ["eng_Latn", "arb_Arab", "heb_Hebr", "hin_Deva", "tha_Thai", "jpn_Jpan", "kor_Hang"]
SIZE = (512, 512)


def _long(lang: str) -> str:
    return " ".join([SAMPLE_TEXTS[lang]] * 3)


def _unwarp(image: Image.Image, quad: list[list[float]]) -> np.ndarray:
    """The quad's content as an upright greyscale rectangle (Pillow's QUAD transform)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    width = max(4, round(np.hypot(x1 - x0, y1 - y0)))
    height = max(4, round(np.hypot(x3 - x0, y3 - y0)))
    # QUAD wants upper-left, lower-left, lower-right, upper-right.
    data = (x0, y0, x3, y3, x2, y2, x1, y1)
    crop = image.convert("L").transform((width, height), Image.QUAD, data, Image.BILINEAR)
    return np.asarray(crop, dtype=np.float32)


@pytest.fixture(scope="module")
def renderer(registry) -> SceneRenderer:
    return SceneRenderer(registry, SceneConfig(size=SIZE, image_ext="png"))


@pytest.mark.parametrize("lang", LANGS)
def test_quads_lie_inside_the_image_and_unwarped_crops_hold_ink(renderer, lang):
    for seed in range(3):
        sample = renderer.render(_long(lang), lang, seed=seed)
        doc = sample.doc
        assert doc["augment"]["rotate_deg"] != 0 or doc["augment"]["perspective"] > 0
        items = [*doc["lines"], *(w for line in doc["lines"] for w in line.get("words", []))]
        assert items
        faint = []
        for item in items:
            quad = np.asarray(item["quad"])
            assert quad.shape == (4, 2)
            assert (quad >= 0).all() and (quad[:, 0] <= SIZE[0]).all()
            assert (quad[:, 1] <= SIZE[1]).all()
            crop = _unwarp(sample.image, item["quad"])
            # Ink: pixels well below the paper around the quad (its bright quantile).
            centre = quad.mean(axis=0)
            around = (quad - centre) * 1.5 + np.sign(quad - centre) * 6 + centre
            paper = np.quantile(_unwarp(sample.image, around.tolist()), 0.95)
            if (crop < paper - 40).mean() <= 0.05:
                faint.append(item["text"])
        # Camera blur on the smallest text (a 9-pixel CJK table cell, a list's dash) may
        # leave a few boxes with faint ink; every other box holds clear ink.
        assert len(faint) <= 0.05 * len(items), (lang, seed, faint)
        # The space around the paper holds no text: the quads' hull is on the paper.
        paper_quad = np.asarray(doc["paper"]["quad"])
        assert (paper_quad >= 0).all() and (paper_quad <= SIZE[0]).all()


def test_lines_are_in_reading_order_right_to_left_for_rtl(renderer):
    for lang in ("arb_Arab", "heb_Hebr"):
        doc = renderer.render(_long(lang), lang, seed=1).doc
        assert doc["direction"] == "rtl"
        for line in doc["lines"]:
            ws = line.get("words", [])
            if len(ws) > 1 and not any(ch.isdigit() for ch in line["text"]):
                # In reading order, each next word starts further left (along the line).
                tops = [np.asarray(w["quad"])[0] for w in ws]
                direction = np.asarray(line["quad"][1]) - np.asarray(line["quad"][0])
                along = [float(np.dot(p, direction)) for p in tops]
                assert along == sorted(along, reverse=True), line["text"]


def test_blocks_hold_every_line_once_and_text_sequence_is_donut_ready(renderer):
    doc = renderer.render(_long("eng_Latn"), "eng_Latn", seed=5).doc
    assert doc["blocks"][0]["kind"] == "title"
    indices = [i for block in doc["blocks"] for i in block["lines"]]
    assert indices == list(range(len(doc["lines"])))  # reading order = block order
    sequence = doc["gt_parse"]["text_sequence"]
    assert sequence and "\n" not in sequence
    for line in doc["lines"]:
        assert line["text"].split()[-1] in sequence
    assert {"paper", "augment", "lines", "blocks", "qa", "conversations"} <= set(doc)


def test_layouts_reach_lists_columns_and_tables(renderer):
    kinds = set()
    for seed in range(12):
        doc = renderer.render(_long("eng_Latn"), "eng_Latn", seed=seed).doc
        kinds |= {block["kind"] for block in doc["blocks"]}
        for block in doc["blocks"]:
            if block["kind"] == "table":
                cells = [doc["lines"][i]["cell"] for i in block["lines"]]
                assert cells == sorted(cells)  # row by row
    assert {"title", "paragraph", "list", "columns", "table"} <= kinds


def test_questions_are_answered_by_the_page(registry):
    class Tag:
        def translate(self, texts, source_lang, target_langs):
            from babelshard.translators.base import Translation

            return [Translation(f"[{target_langs}] {t}") for t in texts]

    templates = translate_templates(Tag(), ["deu_Latn"], DOCUMENT_TEMPLATES)
    renderer = SceneRenderer(registry, SceneConfig(size=SIZE), templates=templates)
    asked = set()
    for seed in range(8):
        doc = renderer.render(_long("deu_Latn"), "deu_Latn", seed=seed).doc
        page_text = doc["text"]
        for qa in doc["qa"]:
            asked.add(qa["type"])
            assert qa["question"].startswith("[deu_Latn]") and qa["question_lang"] == "deu_Latn"
            assert qa["answer"] and qa["answer"].split()[0] in page_text
            if qa["type"] == "title":
                assert qa["answer"] == doc["lines"][0]["text"]
            if qa["type"] == "next_word":
                word = qa["question"].split('"')[1]
                tokens = words(doc["gt_parse"]["text_sequence"], "de")
                pairs = set(itertools.pairwise(tokens))
                assert (word, qa["answer"]) in pairs
        conv = doc["conversations"]
        if conv:
            assert conv[0]["from"] == "human" and conv[0]["value"].startswith("<image>\n")
            assert [turn["from"] for turn in conv] == ["human", "gpt"] * len(doc["qa"])
    assert {"title", "list_item", "next_word"} <= asked


def test_languages_without_templates_get_no_questions(renderer):
    doc = renderer.render(_long("tha_Thai"), "tha_Thai", seed=2).doc
    assert doc["qa"] == [] and doc["conversations"] == []


def test_same_seed_same_bytes_and_background_images_are_used(registry):
    photo = Image.new("RGB", (300, 200), (10, 200, 30))
    buf = io.BytesIO()
    photo.save(buf, "PNG")
    config = SceneConfig(size=(256, 256))
    renderer = SceneRenderer(registry, config, background_images=[buf.getvalue()])
    a = renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=5)
    b = renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=5)
    assert a.image_bytes == b.image_bytes and a.doc == b.doc
    assert a.doc["background"] == "image"
    corner = np.asarray(a.image)[:4, :4].reshape(-1, 3).mean(axis=0)
    paper = np.asarray(a.doc["paper"]["quad"])
    if paper[:, 0].min() > 8 and paper[:, 1].min() > 8:  # the corner shows the photo
        assert corner[1] > corner[0] and corner[1] > corner[2]


def test_effects_off_gives_an_upright_paper(registry):
    config = SceneConfig(size=SIZE, effects=SceneEffects.off(), image_ext="png")
    doc = SceneRenderer(registry, config).render(SAMPLE_TEXTS["eng_Latn"], "eng_Latn", 3).doc
    for line in doc["lines"]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = line["quad"]
        assert y0 == y1 and x1 == x2 and y2 == y3 and x0 == x3


@pytest.mark.parametrize("kind", ["scene", "page"])
def test_unrenderable_text_raises_render_error(registry, kind):
    renderer = (
        SceneRenderer(registry, SceneConfig(size=SIZE))
        if kind == "scene"
        else DocumentRenderer(registry, DocumentConfig(size=SIZE))
    )
    with pytest.raises(RenderError) as err:
        renderer.render("   \n\t ", "eng_Latn", seed=1)
    assert err.value.reason == "empty_text"
    with pytest.raises(RenderError) as err:
        renderer.render("ภาษาไทย ሀለሐ", "tha_Thai", seed=1)
    assert err.value.reason == "missing_glyphs"


def test_upscale_around_gives_one_resize_s_pixels_outside_the_hole():
    rng = np.random.default_rng(1)
    small = Image.fromarray(rng.integers(0, 256, (97, 123, 3), dtype=np.uint8))
    size, hole = (768, 700), (100, 150, 600, 650)
    whole = np.asarray(small.resize(size, Image.BILINEAR), dtype=int)
    around = np.asarray(upscale_around(small, size, hole), dtype=int)
    outside = np.ones(whole.shape[:2], bool)
    outside[hole[1] : hole[3], hole[0] : hole[2]] = False
    assert np.abs(whole - around)[outside].max() <= 1


def _paper_mask(doc: dict, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Pixels well inside the paper's quad, and well outside it."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon([tuple(p) for p in doc["paper"]["quad"]], fill=255)
    inner = np.asarray(mask.filter(ImageFilter.MinFilter(9))) > 0
    outer = np.asarray(mask.filter(ImageFilter.MaxFilter(9))) == 0
    return inner, outer


@pytest.mark.parametrize(
    "effect, dim, lit",
    [
        # Lighting darkens paper and background alike; the shadow only the background.
        ({"lighting": (0.6, 0.6)}, {"lighting": (0.9999, 0.9999)}, (0.6, 0.6)),
        ({"shadow": (0.5, 0.5)}, {"shadow": (0.0001, 0.0001)}, (1.0, None)),
    ],
)
def test_lighting_and_shadow_keep_their_strength(registry, effect, dim, lit):
    """The same scene (the same draws) with an effect at full and at no strength."""
    base = SceneEffects.off()
    images = []
    for changes in (effect, dim):
        config = SceneConfig(size=SIZE, effects=replace(base, **changes), image_ext="png")
        sample = SceneRenderer(registry, config).render(SAMPLE_TEXTS["eng_Latn"], "eng_Latn", 4)
        images.append(np.asarray(sample.image.convert("L"), dtype=np.float64))
    paper, background = _paper_mask(sample.doc, SIZE)
    on, off = images
    assert np.median(on[paper] / np.maximum(off[paper], 1)) == pytest.approx(lit[0], abs=0.03)
    ratio = on[background] / np.maximum(off[background], 1)
    if lit[1] is not None:
        assert np.median(ratio) == pytest.approx(lit[1], abs=0.03)
    else:  # the drop shadow, at half strength, darkens the background beside the paper
        assert np.percentile(ratio, 1) < 0.8 and np.median(ratio) > 0.97
