"""Charts: labels are words of the language, questions are right and in that language."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from babelshard.renderers.augment import AugmentConfig
from babelshard.renderers.chart_questions import TEMPLATES, translate_templates
from babelshard.renderers.charts import ChartConfig, ChartRenderer, label_candidates
from babelshard.renderers.errors import RenderError
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scripts import script_info
from babelshard.renderers.unicode_text import line_segments
from babelshard.translators.base import Translation

LANGS = ["deu_Latn", "arb_Arab", "tha_Thai", "zho_Hans", "hin_Deva"]


class TagTranslator:
    """A stand-in for a real translator: tags each text with its target language."""

    name = "tag"

    def __init__(self, drop_placeholder: bool = False) -> None:
        self.calls = 0
        self.drop_placeholder = drop_placeholder

    def translate(
        self, texts: Sequence[str], source_lang: str, target_langs: str | Sequence[str]
    ) -> list[Translation]:
        self.calls += 1
        out = []
        for text in texts:
            if self.drop_placeholder:
                text = text.replace('"X"', "it")
            out.append(Translation(f"[{target_langs}] {text}"))
        return out


def _renderer(registry, kinds: dict[str, float], translator=None) -> ChartRenderer:
    templates = translate_templates(translator or TagTranslator(), LANGS)
    config = ChartConfig(size=(512, 512), kinds=kinds, augment=AugmentConfig.off())
    return ChartRenderer(registry, config, templates)


@pytest.mark.parametrize("kind", ["bar_vertical", "bar_horizontal", "pie"])
@pytest.mark.parametrize("lang", LANGS)
def test_chart_labels_questions_and_answers(registry, lang, kind):
    sample = _renderer(registry, {kind: 1.0}).render(SAMPLE_TEXTS[lang], lang, seed=4)
    doc = sample.doc
    labels = [item["text"] for item in doc["labels"]]
    values = [item["value"] for item in doc["labels"]]
    assert 4 <= len(labels) <= 8 and len(set(values)) == len(values)
    assert all(label in SAMPLE_TEXTS[lang] for label in labels)
    assert doc["chart"] == ("pie" if kind == "pie" else "bar")
    largest = labels[int(np.argmax(values))]
    smallest = labels[int(np.argmin(values))]
    for qa in doc["qa"]:
        assert qa["question"].startswith(f"[{lang}] ") and qa["question_lang"] == lang
        target = largest if "largest" in qa["template"] else smallest
        if qa["type"] == "naming":
            assert qa["answer"] == target
        else:
            asked = next(label for label in labels if f'"{label}"' in qa["question"])
            assert qa["answer"] == f"[{lang}] " + ("Yes" if asked == target else "No")
    # Every label box holds dark (text-coloured) pixels.
    arr = np.asarray(sample.image.convert("L"))
    for item in doc["labels"]:
        x0, y0, x1, y1 = item["box"]
        assert x1 > x0 and y1 > y0 and arr[y0:y1, x0:x1].min() < 80


def test_thai_labels_are_whole_words(registry):
    text = SAMPLE_TEXTS["tha_Thai"]
    sample = _renderer(registry, {"pie": 1.0}).render(text, "tha_Thai", seed=9)
    segments = {seg.strip() for seg in line_segments(text, "th")}
    assert all(item["text"] in segments for item in sample.doc["labels"])


def test_templates_are_translated_once_per_language():
    translator = TagTranslator()
    templates = translate_templates(translator, ["deu_Latn", "tha_Thai", "eng_Latn"])
    assert translator.calls == 2  # English needs no translation
    assert set(templates["deu_Latn"].templates) == set(TEMPLATES)
    assert "{label}" in templates["deu_Latn"].templates["bar.largest.yes_no"]


def test_lost_placeholder_falls_back_to_english(registry):
    renderer = _renderer(registry, {"bar_horizontal": 1.0}, TagTranslator(drop_placeholder=True))
    sample = renderer.render(SAMPLE_TEXTS["deu_Latn"], "deu_Latn", seed=1)
    grounding = [qa for qa in sample.doc["qa"] if qa["type"] == "grounding"]
    assert grounding and all(qa["question_lang"] == "eng_Latn" for qa in grounding)
    assert all(qa["question"].startswith("Is the") for qa in grounding)


def test_chart_errors_are_reasons(registry):
    renderer = _renderer(registry, {"pie": 1.0})
    with pytest.raises(RenderError) as err:
        renderer.render("nur zwei Wörter", "deu_Latn", seed=1)
    assert err.value.reason == "too_few_labels"
    with pytest.raises(RenderError) as err:
        renderer.render(SAMPLE_TEXTS["rus_Cyrl"], "rus_Cyrl", seed=1)
    assert err.value.reason == "no_templates"


def test_chart_is_deterministic(registry):
    renderer = _renderer(registry, {"bar_vertical": 1.0, "pie": 1.0})
    a = renderer.render(SAMPLE_TEXTS["hin_Deva"], "hin_Deva", seed=3)
    b = renderer.render(SAMPLE_TEXTS["hin_Deva"], "hin_Deva", seed=3)
    assert a.image_bytes == b.image_bytes and a.doc == b.doc


def _axis_column(image) -> int:
    """The x of the vertical value axis: the column with the longest run of axis grey."""
    arr = np.asarray(image.convert("RGB"), dtype=np.int16)
    axis = (np.abs(arr - np.array([60, 60, 60])).sum(axis=2) < 6).sum(axis=0)
    return int(axis.argmax())


@pytest.mark.parametrize("lang", ["arb_Arab", "heb_Hebr", "deu_Latn"])
def test_vertical_bar_charts_are_mirrored_for_right_to_left_scripts(registry, lang):
    """Arabic was drawn with its value axis on the left while Hebrew charts were mirrored."""
    templates = translate_templates(TagTranslator(), [lang])
    config = ChartConfig(size=(512, 512), kinds={"bar_vertical": 1.0}, augment=AugmentConfig.off())
    short = sorted(label_candidates(SAMPLE_TEXTS[lang], script_info(lang)), key=len)[:5]
    renderer = ChartRenderer(registry, config, templates)
    sample = renderer.render(SAMPLE_TEXTS[lang], lang, seed=4, labels=short)
    assert sample.doc["orientation"] == "vertical"
    labels = [item["box"] for item in sample.doc["labels"]]
    axis = _axis_column(sample.image)
    rtl = sample.doc["direction"] == "rtl"
    if rtl:
        assert all(box[2] < axis for box in labels)
        assert labels[0][0] > labels[-1][0]  # the first bar stands on the right
    else:
        assert all(box[0] > axis for box in labels)
        assert labels[0][0] < labels[-1][0]


def test_japanese_labels_are_words_not_fragments(registry):
    """ICU cuts 'にして' and 'しなければ' into 'にし', 'しな': no such label is drawn."""
    info = script_info("jpn_Jpan")
    labels = label_candidates(SAMPLE_TEXTS["jpn_Jpan"], info)
    assert labels and "にし" not in labels and "しな" not in labels
    assert all(any(not "\u3040" <= ch <= "\u309f" for ch in label) for label in labels)
    assert {"人間", "自由", "尊厳"} <= set(labels)
