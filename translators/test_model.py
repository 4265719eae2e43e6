"""Build a random-weight model with NLLB-200's architecture and a real tokenizer, offline.

Tests and benchmarks need an NLLB model but may not download one. This module
writes a Hugging Face checkpoint (``M2M100ForConditionalGeneration``, the class
NLLB checkpoints use) with random weights and a ``tokenizer.json`` laid out like
NLLB's: ``<s> <pad> </s> <unk>``, SentencePiece-style Unigram pieces, the 202
language tokens, ``<mask>``. The checkpoint then goes through the same
CTranslate2 conversion as a real one (:mod:`babelshard.translators.models`).

The tokenizer is a BPE trained here with the ``tokenizers`` library, like the
one NLLB ships, whose alphabet holds every character of the scripts NLLB's
languages use, so real text encodes without ``<unk>``. It is written as a
``tokenizer.json`` on purpose: that is what real NLLB checkpoints ship, and it
loads without protobuf (transformers cannot convert a raw SentencePiece model
while Beam pins protobuf below 7).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from babelshard.schemas.languages import all_languages

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>"]
NLLB_LANGUAGE_CODES = [language.code for language in all_languages()]
MASK_TOKEN = "<mask>"


@dataclass(frozen=True)
class ModelShape:
    """Dimensions of an NLLB-architecture transformer."""

    d_model: int
    layers: int
    heads: int
    ffn: int
    # Total, language tokens and <mask> included; None: whatever the tokenizer learns.
    vocab_size: int | None
    max_positions: int = 1024


SHAPES: dict[str, ModelShape] = {
    # Small enough to build and convert in a few seconds on 2 cores.
    "tiny": ModelShape(d_model=64, layers=2, heads=4, ffn=128, vocab_size=None),
    # facebook/nllb-200-distilled-600M's dimensions, for benchmarks.
    "nllb-600m": ModelShape(d_model=1024, layers=12, heads=16, ffn=4096, vocab_size=256206),
}

# Real English prose the tokenizer learns its pieces from. Byte fallback covers
# everything else, so the corpus only shapes how efficiently English encodes.
_TRAINING_TEXT = """\
A man riding a wave on top of a surfboard. A group of people standing around a kitchen.
Two dogs are playing with a red frisbee in the park. A plate of food with broccoli and rice.
The cat is sleeping on a laptop keyboard next to a cup of coffee.
A train is pulling into the station.
What is the color of the bus? How many people are in the picture? Is there a clock on the wall?
Describe the image in detail.
The picture shows a busy street with cars, bicycles and pedestrians.
A woman holds an umbrella while walking in the rain.
Children are flying kites on the beach at sunset.
The table has a bowl of fruit, a vase of flowers and two glasses of water.
An airplane flies over snowy mountains under a clear blue sky. A red circle and a blue square.
Please explain what is unusual about this image. The answer is yes.
There are three birds on the fence.
The quick brown fox jumps over the lazy dog while the sun shines brightly over the green hills.
She reads a book in the library, and he writes a letter to his friend about the long journey home.
Numbers such as 1, 2, 3, 10, 25 and 100 appear in captions, prices and dates like 2024-05-01.
"""


def _training_lines() -> list[str]:
    lines = [line.strip() for line in _TRAINING_TEXT.splitlines() if line.strip()]
    # Lower-cased and title-cased copies give the trainer more pieces to choose from.
    return lines + [line.lower() for line in lines] + [line.title() for line in lines]


# Unicode blocks of the scripts NLLB-200's languages are written in. Every
# assigned character in them is in the test tokenizer's alphabet, so real text
# in any of those languages encodes without <unk>, as it does with NLLB's own.
_SCRIPT_BLOCKS = (
    (0x0020, 0x036F),  # Basic Latin … combining diacritics
    (0x0370, 0x052F),  # Greek, Cyrillic
    (0x0530, 0x06FF),  # Armenian, Hebrew, Arabic
    (0x0750, 0x077F),  # Arabic supplement
    (0x08A0, 0x08FF),  # Arabic extended-A
    (0x0900, 0x0FFF),  # Indic scripts, Sinhala, Thai, Lao, Tibetan
    (0x1000, 0x139F),  # Myanmar, Georgian, Hangul jamo, Ethiopic
    (0x1780, 0x17FF),  # Khmer
    (0x1C50, 0x1C7F),  # Ol Chiki
    (0x1E00, 0x1FFF),  # Latin extended additional (Vietnamese), Greek extended
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency symbols
    (0x2C60, 0x2C7F),  # Latin extended-C
    (0x2D30, 0x2D7F),  # Tifinagh
    (0x3000, 0x30FF),  # CJK punctuation, Hiragana, Katakana
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA720, 0xA7FF),  # Latin extended-D
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xFB50, 0xFDFF),  # Arabic presentation forms-A
    (0xFE70, 0xFEFF),  # Arabic presentation forms-B
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def _alphabet() -> list[str]:
    import unicodedata

    return ["▁"] + [
        chr(code)
        for first, last in _SCRIPT_BLOCKS
        for code in range(first, last + 1)
        if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co", "Cc") and chr(code) != " "
    ]


def build_tokenizer_json(vocab_size: int | None = None, merges: int = 3000) -> str:
    """Return an NLLB-layout BPE ``tokenizer.json``.

    Layout as in NLLB: ``<s> <pad> </s> <unk>``, the BPE pieces (the script
    alphabets plus ``merges`` merges learned from English prose), padding pieces
    up to ``vocab_size`` if given, the 202 language tokens, ``<mask>``.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    alphabet = _alphabet()
    n_learned = len(SPECIAL_TOKENS) + len(alphabet) + merges
    trainer = trainers.BpeTrainer(
        vocab_size=n_learned,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=alphabet,
        limit_alphabet=len(alphabet),
        show_progress=False,
    )
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.train_from_iterator(_training_lines(), trainer)

    data = json.loads(tokenizer.to_str())
    vocab: dict[str, int] = data["model"]["vocab"]
    if vocab_size is not None:
        n_model_pieces = vocab_size - len(NLLB_LANGUAGE_CODES) - 1
        if n_model_pieces < len(vocab):
            raise ValueError(f"vocab_size {vocab_size} is smaller than the learned vocabulary")
        # NLLB's vocabulary is 256k pieces; pad with unreachable ones to match a shape.
        for index in range(n_model_pieces - len(vocab)):
            vocab[f"▁madeup{index}"] = len(vocab)
    added = data["added_tokens"]
    template = dict(added[0])
    for token in [*NLLB_LANGUAGE_CODES, MASK_TOKEN]:
        added.append({**template, "id": len(vocab), "content": token})
        vocab[token] = len(vocab)
    return json.dumps(data, ensure_ascii=False)


def _tokenizer_config() -> dict:
    return {
        "tokenizer_class": "NllbTokenizer",
        "bos_token": "<s>",
        "eos_token": "</s>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": MASK_TOKEN,
        "src_lang": "eng_Latn",
        "tgt_lang": None,
        "legacy_behaviour": False,
        "model_max_length": 1024,
        "additional_special_tokens": list(NLLB_LANGUAGE_CODES),
        "extra_special_tokens": list(NLLB_LANGUAGE_CODES),
    }


def write_hf_test_model(output_dir: str | Path, shape: str = "tiny", seed: int = 0) -> Path:
    """Write a random-weight Hugging Face NLLB-architecture checkpoint; needs torch."""
    try:
        import torch
        from transformers import M2M100Config, M2M100ForConditionalGeneration
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "building a test model needs torch: pip install 'babelshard[convert]' "
            "(on CPU-only machines: pip install torch==2.13.0)"
        ) from error

    dims = SHAPES[shape]
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    tokenizer_json = build_tokenizer_json(dims.vocab_size)
    (output / "tokenizer.json").write_text(tokenizer_json, encoding="utf-8")
    vocab_size = len(json.loads(tokenizer_json)["model"]["vocab"])
    (output / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(), indent=2))

    config = M2M100Config(
        vocab_size=vocab_size,
        d_model=dims.d_model,
        encoder_layers=dims.layers,
        decoder_layers=dims.layers,
        encoder_attention_heads=dims.heads,
        decoder_attention_heads=dims.heads,
        encoder_ffn_dim=dims.ffn,
        decoder_ffn_dim=dims.ffn,
        max_position_embeddings=dims.max_positions,
        activation_function="relu",
        scale_embedding=True,
        dropout=0.0,
        attention_dropout=0.0,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class="NllbTokenizer",
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    model.save_pretrained(output)
    return output
