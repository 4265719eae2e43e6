"""The offline test model looks like NLLB where it matters: tokenizer and vocabulary layout."""

from __future__ import annotations

import json

from transformers import AutoTokenizer

from babelshard.schemas.languages import all_languages
from babelshard.translators.models import is_ctranslate2_model, validate_ctranslate2_model

SENTENCES = [
    "A man riding a wave on top of a surfboard.",
    "Ein Mann reitet auf einer Welle.",
    "Мужчина катается на волне на доске для серфинга.",
    "رجل يركب موجة فوق لوح التزلج.",
    "一个男人在冲浪板上乘风破浪。",
    "ชายคนหนึ่งกำลังโต้คลื่นบนกระดานโต้คลื่น",
    "서핑보드 위에서 파도를 타는 남자.",
    "एक आदमी सर्फ़बोर्ड पर लहर की सवारी कर रहा है।",
    "ሰውየው በማዕበል ላይ ይንሸራተታል።",
]


def test_tokenizer_encodes_real_text_without_unk(tiny_hf_model):
    tokenizer = AutoTokenizer.from_pretrained(tiny_hf_model)
    for sentence in SENTENCES:
        ids = tokenizer(sentence)["input_ids"]
        assert tokenizer.unk_token_id not in ids, sentence
        assert tokenizer.decode(ids, skip_special_tokens=True) == sentence


def test_language_tokens_where_nllb_puts_them(tiny_hf_model):
    tokenizer = AutoTokenizer.from_pretrained(tiny_hf_model)
    tokenizer.src_lang = "swh_Latn"
    tokens = tokenizer.convert_ids_to_tokens(tokenizer("Habari ya asubuhi")["input_ids"])
    assert tokens[0] == "swh_Latn"
    assert tokens[-1] == "</s>"
    assert tokens[1].startswith("▁")


def test_vocabulary_layout_matches_nllb(tiny_hf_model):
    tokenizer = AutoTokenizer.from_pretrained(tiny_hf_model)
    vocab = tokenizer.get_vocab()
    assert [vocab[t] for t in ("<s>", "<pad>", "</s>", "<unk>")] == [0, 1, 2, 3]
    codes = [language.code for language in all_languages()]
    assert len(codes) == 202
    language_ids = [vocab[code] for code in codes]
    assert language_ids == list(range(min(language_ids), min(language_ids) + 202))
    assert vocab["<mask>"] == max(language_ids) + 1 == len(vocab) - 1
    config = json.loads((tiny_hf_model / "config.json").read_text())
    assert config["vocab_size"] == len(vocab)
    assert config["architectures"] == ["M2M100ForConditionalGeneration"]


def test_converted_model_is_complete(tiny_model):
    assert is_ctranslate2_model(tiny_model)
    validate_ctranslate2_model(tiny_model)
    assert (tiny_model / "tokenizer.json").is_file()
