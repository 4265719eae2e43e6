"""Segmentation: only sentence text reaches the model, everything else comes back as it was."""

from __future__ import annotations

import re

import pytest

from babelshard.translators.segment import (
    PlaceholderLost,
    estimate_tokens,
    iso_code,
    segment_text,
    sentence_spans,
    split_sentences,
)
from babelshard.translators.shield import PLACEHOLDER_LOST, find_spans, restore


def roundtrip(text: str, **kwargs) -> list[str]:
    seg = segment_text(text, **kwargs)
    assert seg.reassemble(seg.pieces) == text
    return seg.pieces


def test_image_tag_on_its_own_line_is_structure():
    text = "<image>\nWhat is unusual about this image? Describe it briefly."
    seg = segment_text(text)
    assert seg.pieces == ["What is unusual about this image?", "Describe it briefly."]
    out = seg.reassemble(["Was ist ungewöhnlich?", "Beschreibe es kurz."])
    assert out == "<image>\nWas ist ungewöhnlich? Beschreibe es kurz."


def test_only_a_tag_gives_no_pieces():
    for text in ("<image>", "<image>\n", "  <video> <ocr>  ", "", "\n\n", "42", "3.5 %", "---"):
        seg = segment_text(text)
        assert seg.pieces == []
        assert seg.reassemble([]) == text


def test_abbreviations_decimals_and_ellipses_do_not_end_sentences():
    text = "Dr. Smith paid $3.5 million, e.g. for a house on Main St. in Boston... Then he left!"
    assert roundtrip(text) == [
        "Dr. Smith paid $3.5 million, e.g. for a house on Main St. in Boston...",
        "Then he left!",
    ]


def test_markdown_structure_is_kept_and_not_translated():
    text = (
        "## Tips\n\n"
        "1. Feed it twice a day.\n"
        "2) Brush it weekly. Long hair needs more.\n"
        "   - nested item\n"
        "* starred item\n"
        "> quoted text\n"
        "A. first option\n\n"
        "Done.\n"
    )
    seg = segment_text(text)
    for piece in seg.pieces:
        assert not re.match(r"[-*#>\d(]|[A-Z][.)] ", piece), piece
    assert len(seg.pieces) == 9
    upper = seg.reassemble([p.upper() for p in seg.pieces])
    assert upper == (
        "## TIPS\n\n"
        "1. FEED IT TWICE A DAY.\n"
        "2) BRUSH IT WEEKLY. LONG HAIR NEEDS MORE.\n"
        "   - NESTED ITEM\n"
        "* STARRED ITEM\n"
        "> QUOTED TEXT\n"
        "A. FIRST OPTION\n\n"
        "DONE.\n"
    )


def test_fenced_code_block_is_never_sent():
    code = "```python\nprint('Hello. World.')\nx = 1  # Set x. Then y.\n```\n"
    text = f"Run this:\n\n{code}\nIt prints a greeting.\n~~~\nraw text. more.\n~~~"
    pieces = roundtrip(text)
    assert pieces == ["Run this:", "It prints a greeting."]


def test_unterminated_fence_runs_to_the_end():
    text = "Intro sentence.\n```\ncode. more code.\nStill code."
    assert roundtrip(text) == ["Intro sentence."]


def test_table_cells_are_translated_separately():
    text = "| Animal | Color |\n|---|---|\n| Cat | Black and white |\nName\tAge\n"
    assert roundtrip(text) == ["Animal", "Color", "Cat", "Black and white", "Name", "Age"]


def test_whitespace_and_line_endings_are_kept():
    text = "  Leading space. Two  spaces inside.\r\nWindows line.\r\n\r\n\tTabbed.   "
    assert roundtrip(text) == ["Leading space.", "Two  spaces inside.", "Windows line.", "Tabbed."]


def test_inline_spans_become_numbered_placeholders_and_survive_reordering():
    text = "Visit https://example.com/a_(b).html or write to dr.who@bbc.co.uk today."
    seg = segment_text(text)
    assert seg.pieces == ["Visit [1] or write to [2] today."]
    assert seg.shielded
    assert seg.sources() == [text]
    # a translation may reorder spans; each comes back where the model put it
    out = seg.reassemble(["Schreiben Sie heute an [2] oder besuchen Sie [1]."])
    assert out == (
        "Schreiben Sie heute an dr.who@bbc.co.uk oder besuchen Sie https://example.com/a_(b).html."
    )


def test_code_spans_and_mid_sentence_tags_are_shielded():
    seg = segment_text("Call `os.path.join(a, b)` on <image> first.")
    assert seg.pieces == ["Call [1] on [2] first."]
    assert seg.reassemble(["Rufe zuerst [1] auf [2] auf."]) == (
        "Rufe zuerst `os.path.join(a, b)` auf <image> auf."
    )


def test_url_keeps_query_but_not_sentence_punctuation():
    text = "See https://x.org/p?q=1&r=2. And (https://en.wikipedia.org/wiki/Cat_(animal))."
    spans = [text[s.start : s.end] for s in find_spans(text)]
    assert spans == ["https://x.org/p?q=1&r=2", "https://en.wikipedia.org/wiki/Cat_(animal)"]
    assert roundtrip(text) == ["See [1].", "And ([1])."]


@pytest.mark.parametrize(
    "translation",
    ["Besuche [1] jetzt.", "Besuche [ 1 ] jetzt.", "Besuche ［1］ jetzt.", "زر [١] الآن."],
)
def test_restore_tolerates_what_models_do_to_placeholders(translation):
    seg = segment_text("Visit www.example.com now.")
    assert "www.example.com" in seg.reassemble([translation])


@pytest.mark.parametrize(
    "translation", ["Besuche jetzt.", "Besuche [1] und [1].", "Besuche [1] oder [2]."]
)
def test_lost_duplicated_or_invented_placeholder_is_reported(translation):
    seg = segment_text("Intro. Visit www.example.com now.")
    translations = ["Einleitung.", translation]
    assert set(seg.lost_placeholders(translations)) == {1}
    with pytest.raises(PlaceholderLost) as info:
        seg.reassemble(translations)
    assert info.value.reason == PLACEHOLDER_LOST
    assert set(info.value.pieces) == {1}


def test_split_mode_keeps_spans_out_of_the_model():
    text = "Visit https://example.com or write to a@b.io for the `code` details."
    seg = segment_text(text, shield="split")
    assert seg.pieces == ["Visit", "or write to", "for the", "details."]
    assert not seg.shielded
    out = seg.reassemble(["Besuche", "oder schreibe an", "für die", "Details."])
    assert out == "Besuche https://example.com oder schreibe an a@b.io für die `code` Details."


def test_text_that_already_looks_like_a_placeholder_falls_back_to_split():
    text = "As shown in [1], see https://x.org for the data."
    seg = segment_text(text)
    assert seg.pieces == ["As shown in [1], see", "for the data."]
    assert seg.reassemble(["Wie in [1] gezeigt, siehe", "für die Daten."]) == (
        "Wie in [1] gezeigt, siehe https://x.org für die Daten."
    )


def test_a_lone_url_or_number_line_is_not_sent():
    assert roundtrip("https://example.com/x\n12.5\nuser@example.com\n`ls -la`") == []


def test_wrong_number_of_translations_is_an_error():
    seg = segment_text("One. Two.")
    with pytest.raises(ValueError, match="2 pieces"):
        seg.reassemble(["Eins."])


def test_long_sentence_is_cut_at_clauses_within_the_budget():
    clause = "the cat sat on the warm mat near the door"
    text = "; ".join([clause] * 12) + "."
    seg = segment_text(text, max_tokens=40)
    assert len(seg.pieces) > 1
    assert all(estimate_tokens(p) <= 40 for p in seg.pieces)
    assert all(p.endswith((";", ".")) for p in seg.pieces)
    assert seg.reassemble(seg.pieces) == text


def test_long_sentence_without_punctuation_is_cut_at_words():
    words = [f"word{i}" for i in range(300)]
    text = " ".join(words)
    seg = segment_text(text, count_tokens=lambda s: len(s.split()), max_tokens=50)
    assert [len(p.split()) for p in seg.pieces] == [50] * 6
    assert " ".join(seg.pieces).split() == words


def test_long_text_without_spaces_is_cut_between_characters():
    text = "这是一个很长的句子没有任何标点符号" * 20
    seg = segment_text(text, lang="zho_Hans", max_tokens=30)
    assert all(estimate_tokens(p) <= 30 for p in seg.pieces)
    assert "".join(seg.pieces) == text


def test_character_cuts_keep_combining_marks_with_their_base():
    text = "नमस्ते" * 40  # Devanagari: vowel signs and virama are combining marks
    seg = segment_text(text, lang="hin_Deva", count_tokens=len, max_tokens=25)
    assert seg.reassemble(seg.pieces) == text
    assert all(p[0] not in "्े" for p in seg.pieces)


def test_chunking_never_cuts_inside_a_placeholder():
    text = " ".join(f"see https://x.org/{i}" for i in range(30))
    seg = segment_text(text, max_tokens=10)
    for piece in seg.pieces:
        assert re.fullmatch(r"(?:see \[\d\]|\[\d\]|see)(?: (?:see \[\d\]|\[\d\]|see))*", piece)
    assert seg.reassemble(seg.pieces) == text


def test_max_tokens_must_be_positive():
    with pytest.raises(ValueError):
        segment_text("Hello.", max_tokens=0)


def test_split_sentences_across_scripts():
    assert split_sentences("Dr. Who arrived. He said hi!\nNew line here", "eng_Latn") == [
        "Dr. Who arrived.",
        "He said hi!",
        "New line here",
    ]
    assert split_sentences("你好。我是学生！你呢？", "zho_Hans") == [
        "你好。",
        "我是学生！",
        "你呢？",
    ]
    assert split_sentences("यह एक वाक्य है। यह दूसरा है. ठीक?", "hin_Deva") == [
        "यह एक वाक्य है।",
        "यह दूसरा है.",
        "ठीक?",
    ]
    assert split_sentences("حاول اسمًا آخر، أو غيّر الملف. هل تم؟ نعم.", "arb_Arab") == [
        "حاول اسمًا آخر، أو غيّر الملف.",
        "هل تم؟",
        "نعم.",
    ]
    assert split_sentences("ሰላም ነው። ደህና ነህ?", "amh_Ethi") == ["ሰላም ነው።", "ደህና ነህ?"]


def test_sentence_spans_tile_the_text():
    text = "First one. Second one!\n\n  Third?\r\nLast"
    spans = sentence_spans(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert [a for a, _ in spans] == sorted(a for a, _ in spans)


def test_iso_code_for_splitters():
    assert iso_code("eng_Latn") == "en"
    assert iso_code("arz_Arab") == "ar"  # dialects share the macrolanguage's rules
    assert iso_code("yue_Hant") == "zh"
    assert iso_code("ckb_Arab") == "ckb"
    assert iso_code("xyz_Latn") == "xyz"


def test_estimate_is_higher_for_denser_scripts():
    assert estimate_tokens("") == 0
    assert estimate_tokens("a cat") == 3
    assert estimate_tokens("猫在桌子上") == 5
    assert estimate_tokens("internationalization") == 7


def test_restore_without_placeholders_is_identity():
    assert restore("[1] stays", ()) == "[1] stays"


def test_segmented_text_pickles_for_beam():
    import pickle

    seg = segment_text("Visit https://x.org now. Then rest.\n- item")
    again = pickle.loads(pickle.dumps(seg))
    assert again == seg
    assert again.reassemble(again.pieces) == "Visit https://x.org now. Then rest.\n- item"


def test_budget_holds_with_a_real_tokenizer(tiny_hf_model):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_hf_model)

    def count(text: str) -> int:
        return len(tokenizer(text)["input_ids"])  # language tag and </s> included

    text = (
        "The unusual aspect of this image is that a man is ironing clothes on a board attached "
        "to the roof of a moving taxi, while other cars, buses and pedestrians pass by on a busy "
        "street in what looks like New York; nobody seems to notice him at all.\n"
        "Мужчина гладит одежду на крыше такси, которое едет по оживлённой улице, и никто этого "
        "не замечает, хотя вокруг много машин, автобусов и пешеходов."
    )
    for lang in ("eng_Latn", "rus_Cyrl"):
        seg = segment_text(text, lang=lang, max_tokens=24, count_tokens=count)
        assert len(seg.pieces) > 4
        assert all(count(p) <= 24 for p in seg.pieces)
        assert seg.reassemble(seg.pieces) == text
