"""Line breaking: dictionary breaks for Thai, whole words for Korean, widths respected."""

from __future__ import annotations

from babelshard.renderers.fonts import FontStack
from babelshard.renderers.layout import Shaper, TextFlow
from babelshard.renderers.samples import SAMPLE_TEXTS
from babelshard.renderers.scripts import script_info
from babelshard.renderers.unicode_text import line_segments, normalize_paragraphs

# Thai written without spaces, as a list of its words (a reader's segmentation).
THAI_WORDS = [
    "ภาษา",
    "ไทย",
    "เป็น",
    "ภาษา",
    "ที่",
    "สวยงาม",
    "มาก",
    "และ",
    "มี",
    "ประวัติศาสตร์",
    "ยาวนาน",
]


def _stack(registry, script: str, family: str) -> FontStack:
    face = next(f for f in registry.candidates(script) if f.family == family)
    companion = registry.companion(face)
    return FontStack((face,) if companion in (None, face) else (face, companion))


def _flow_all(text: str, lang: str, stack: FontStack, width: int, **kw) -> list:
    info = script_info(lang)
    shaper = Shaper(stack, 28, info)
    flow = TextFlow(normalize_paragraphs(text), info.bcp47, **kw)
    lines = flow.take(shaper, width, 1000)
    assert flow.done
    return lines, shaper


def test_thai_breaks_only_between_words(registry):
    text = "".join(THAI_WORDS) * 3
    word_ends = set()
    pos = 0
    for _ in range(3):
        for word in THAI_WORDS:
            pos += len(word)
            word_ends.add(pos)
    stack = _stack(registry, "Thai", "NotoSansThai")
    for width in (200, 260, 330):
        lines, _ = _flow_all(text, "tha_Thai", stack, width)
        assert len(lines) > 2
        assert "".join(line.text for line in lines) == text
        cut = 0
        for line in lines[:-1]:
            cut += len(line.text)
            assert cut in word_ends, f"line broken inside a word at {cut}: {line.text!r}"
            assert not line.broken_word


def test_thai_is_not_split_on_spaces_only():
    # A splitter on spaces would return the whole text as one piece.
    assert len(line_segments("".join(THAI_WORDS), "th")) >= len(THAI_WORDS) - 1


def test_lines_fit_width_and_rebuild_text(registry):
    text = "All human beings are born free and equal in dignity and rights. " * 3
    stack = _stack(registry, "Latn", "NotoSans")
    lines, shaper = _flow_all(text, "eng_Latn", stack, 300)
    assert all(shaper.width(line.text) <= 300 for line in lines)
    rebuilt = "".join(line.text + line.joiner for line in lines).strip()
    assert rebuilt == " ".join(text.split())


def test_cjk_breaks_between_characters_without_spaces(registry):
    text = "人人生而自由，在尊严和权利上一律平等。" * 2
    stack = _stack(registry, "Hans", "Noto Sans CJK SC")
    lines, _ = _flow_all(text, "zho_Hans", stack, 150)
    assert len(lines) > 3
    assert "".join(line.text for line in lines) == text
    assert all(line.joiner == "" for line in lines[:-1])
    # Closing punctuation never starts a line (UAX #14 class CL).
    assert not any(line.text[0] in "，。" for line in lines)


def test_korean_keeps_words_whole(registry):
    text = "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다."
    stack = _stack(registry, "Hang", "Noto Sans CJK KR")
    lines, _ = _flow_all(text, "kor_Hang", stack, 160, keep_all=True)
    words = set(text.split())
    assert len(lines) > 1
    for line in lines:
        assert set(line.text.split()) <= words


def test_word_wider_than_line_is_split_and_flagged(registry):
    stack = _stack(registry, "Latn", "NotoSans")
    lines, shaper = _flow_all("Donaudampfschifffahrtsgesellschaft ok", "deu_Latn", stack, 120)
    assert lines[0].broken_word
    assert all(shaper.width(line.text) <= 120 for line in lines)
    assert "".join(line.text + line.joiner for line in lines).strip() == (
        "Donaudampfschifffahrtsgesellschaft ok"
    )


def test_sentences_end_at_every_scripts_full_stop():
    from babelshard.renderers.unicode_text import sentences

    assert sentences("One. Two?  Three", "en") == ["One.", "Two?", "Three"]
    assert len(sentences(SAMPLE_TEXTS["khm_Khmr"], "km")) == 2  # "។", which ICU misses
    assert len(sentences(SAMPLE_TEXTS["jpn_Jpan"], "ja")) == 2
    assert len(sentences(SAMPLE_TEXTS["hin_Deva"], "hi")) == 2
