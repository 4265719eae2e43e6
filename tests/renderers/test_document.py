"""Document pages: deterministic, and the ground truth matches the ink that was drawn."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from PIL import Image

from babelshard.renderers.augment import AugmentConfig
from babelshard.renderers.document import DocumentConfig, DocumentRenderer
from babelshard.renderers.samples import SAMPLE_TEXTS

PLAIN = DocumentConfig(
    size=(384, 384),
    font_size=(14, 22),
    backgrounds={"solid": 1.0},
    augment=AugmentConfig.off(),
    image_ext="png",
)
LANGS = ["eng_Latn", "arb_Arab", "heb_Hebr", "hin_Deva", "tha_Thai", "zho_Hans", "kor_Hang"]


def _ink(image: Image.Image, threshold: int = 0) -> np.ndarray:
    """Pixels that differ from the (solid) background colour."""
    arr = np.asarray(image.convert("RGB"), dtype=np.int16)
    return np.abs(arr - arr[0, 0]).sum(axis=2) > threshold


def _inside(mask_shape, boxes, grow: int = 0) -> np.ndarray:
    inside = np.zeros(mask_shape, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        inside[max(0, y0 - grow) : y1 + grow, max(0, x0 - grow) : x1 + grow] = True
    return inside


@pytest.fixture(scope="module")
def renderer(registry) -> DocumentRenderer:
    return DocumentRenderer(registry, PLAIN)


@pytest.mark.parametrize("lang", LANGS)
def test_line_boxes_enclose_all_ink_tightly(renderer, lang):
    sample = renderer.render(SAMPLE_TEXTS[lang], lang, seed=7)
    ink = _ink(sample.image)
    lines = sample.doc["lines"]
    assert lines and ink.any()
    assert not (ink & ~_inside(ink.shape, [line["box"] for line in lines])).any()
    for line in lines:
        x0, y0, x1, y1 = line["box"]
        own = ink[y0:y1, x0:x1]
        # Tight: ink within two pixels of every edge (the faintest anti-aliasing may
        # round back to the background colour).
        assert own[:2].any() and own[-2:].any() and own[:, :2].any() and own[:, -2:].any()


@pytest.mark.parametrize("lang", ["eng_Latn", "arb_Arab", "hin_Deva"])
def test_word_boxes_lie_in_their_line_in_reading_order(renderer, lang):
    sample = renderer.render(SAMPLE_TEXTS[lang], lang, seed=3)
    for line in sample.doc["lines"]:
        words = line["words"]
        assert [w["text"] for w in words] == line["text"].split()
        lx0, ly0, lx1, ly1 = line["box"]
        for w in words:
            x0, y0, x1, y1 = w["box"]
            assert lx0 <= x0 < x1 <= lx1 and ly0 <= y0 < y1 <= ly1
        starts = [w["box"][0] for w in words]
        expected = sorted(starts, reverse=sample.doc["direction"] == "rtl")
        if not any(ch.isdigit() for ch in line["text"]):
            assert starts == expected


def test_ground_truth_is_the_text_in_reading_order(renderer):
    text = SAMPLE_TEXTS["tha_Thai"]
    sample = renderer.render(text, "tha_Thai", seed=11)
    doc = sample.doc
    assert doc["script"] == "Thai" and doc["direction"] == "ltr"
    assert doc["font"]["name"].endswith(".ttf") and "/" not in doc["font"]["name"]
    assert not doc["truncated"]
    assert doc["gt_parse"]["text_sequence"] == " ".join(text.split())
    assert sample.text == "\n".join(line["text"] for line in doc["lines"])
    assert "words" not in doc["lines"][0]  # Thai has no spaces between words
    image = Image.open(io.BytesIO(sample.image_bytes))
    assert image.size == (384, 384) and sample.image_ext == "png"


def test_long_text_is_truncated_to_what_fits(renderer):
    sample = renderer.render(SAMPLE_TEXTS["eng_Latn"] * 20, "eng_Latn", seed=1)
    doc = sample.doc
    assert doc["truncated"]
    drawn = doc["gt_parse"]["text_sequence"]
    assert (SAMPLE_TEXTS["eng_Latn"] * 20).replace("  ", " ").startswith(drawn[:200])
    assert len(doc["blocks"]) >= 1
    assert sorted(i for b in doc["blocks"] for i in b["lines"]) == list(range(len(doc["lines"])))


def test_same_seed_same_bytes_other_seed_other_page(registry):
    renderer = DocumentRenderer(registry, DocumentConfig(size=(256, 256)))
    a = renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=5)
    b = renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=5)
    c = renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=6)
    assert a.image_bytes == b.image_bytes and a.doc == b.doc
    assert a.image_bytes != c.image_bytes


def test_rotated_page_boxes_follow_the_text(registry):
    config = DocumentConfig(
        size=(384, 384),
        backgrounds={"solid": 1.0},
        augment=AugmentConfig(
            rotate_p=1.0, perspective_p=1.0, blur_p=0, noise_p=0, jpeg_quality=(95, 95)
        ),
        image_ext="png",
    )
    sample = DocumentRenderer(registry, config).render(SAMPLE_TEXTS["deu_Latn"], "deu_Latn", 2)
    assert "rotate_deg" in sample.doc["augment"]
    lines = sample.doc["lines"]
    assert all(len(line["quad"]) == 4 for line in lines)
    ink = _ink(sample.image, threshold=30)
    outside = ink & ~_inside(ink.shape, [line["box"] for line in lines], grow=1)
    assert outside.sum() <= 0.002 * ink.sum()  # bilinear resampling may smear a pixel


@pytest.mark.parametrize("lang", ["deu_Latn", "rus_Cyrl", "sin_Sinh", "arb_Arab"])
def test_one_body_size_and_an_even_line_pitch_on_every_page(registry, lang):
    """Columns share one size (the Russian page's second column was larger), and every
    line sits one pitch below the one before it, the last included (a German page's last
    line ran on into the next stacked block, a block gap further down; Sinhala likewise)."""
    config = DocumentConfig(
        size=(512, 512), backgrounds={"solid": 1.0}, augment=AugmentConfig.off()
    )
    renderer = DocumentRenderer(registry, config)
    layouts = set()
    for seed in range(16):
        doc = renderer.render(SAMPLE_TEXTS[lang] * 3, lang, seed=seed).doc
        assert len({block["font_size"] for block in doc["blocks"]}) == 1
        layouts.add(len(doc["blocks"]))
        for block in doc["blocks"]:
            baselines = [doc["lines"][i]["baseline"] for i in block["lines"]]
            assert len({b - a for a, b in itertools.pairwise(baselines)}) <= 1
        # A paragraph cut at a stacked block's end runs on at the same pitch.
        pitch = {
            doc["lines"][b["lines"][1]]["baseline"] - doc["lines"][b["lines"][0]]["baseline"]
            for b in doc["blocks"]
            if len(b["lines"]) > 1
        }
        assert len(pitch) <= 1
    assert max(layouts) > 1  # the seeds reach multi-block layouts
