"""A record's ``KEY.json`` is its doc as compact JSON in UTF-8 (``writer_shard.doc_json``).

orjson writes it: no spaces, keys in the doc's order, NaN and infinities as ``null``.
What orjson refuses, ``json`` writes in the same format; what ``json`` refuses too is
a reject (``doc is not JSON-serialisable``), never a lost doc.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from babelshard.pipelines.assemble import TurnResult, build_record, untranslated_record
from babelshard.pipelines.io.writer_shard import doc_json, encode_record
from babelshard.schemas.records import Sample, Turn

PROVENANCE = {"pipeline": "translate", "model": "table:x.tsv", "back_translation": False}
TEXTS = ["Ein Hund läuft über die Straße.", "狗在跑。", 'Quote " and \\ and \n\t\u2028', "🐕"]


def sample(*texts: str) -> Sample:
    turns = [Turn("caption", text) for text in texts]
    original = {"id": "1", "captions": list(texts)}
    meta = {"original": original, "text_paths": [["captions", i] for i in range(len(texts))]}
    return Sample(key="c-1", dataset="c", source_id="1", kind="caption", turns=turns, meta=meta)


def translated(*texts: str, scores: dict[str, Any] | None = None) -> dict[str, Any]:
    results = [TurnResult(text, True, dict(scores or {"bt_chrf": 71.5})) for text in texts]
    return build_record(sample(*texts), "deu_Latn", results, PROVENANCE).doc


def test_a_doc_reads_back_as_itself_in_its_own_order() -> None:
    doc = translated(*TEXTS, scores={"lid_group_prob": 0.91234567, "bt_chrf": 1e-05, "n": 3})
    written = doc_json(doc)
    assert json.loads(written) == doc
    assert list(json.loads(written)) == list(doc)
    assert json.loads(written)["turns"][1]["scores"] == doc["turns"][1]["scores"]


def test_a_doc_is_compact_utf8() -> None:
    doc = translated("A dog: runs, fast.")
    written = doc_json(doc)
    assert written == json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert b'"lang":"deu_Latn","source_lang"' in written
    assert "läuft".encode() in doc_json(translated("läuft"))  # not \\u escapes


def test_an_untranslated_record_reads_back_as_itself() -> None:
    record = untranslated_record(sample("A dog.", "A cat."), "eng_Latn", PROVENANCE, "c-1-eng")
    assert json.loads(doc_json(record.doc)) == record.doc


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinities_are_written_as_null(value: float) -> None:
    doc = translated("Hund", scores={"bt_chrf": value, "lid_group_prob": 0.5})
    doc["record"]["weight"] = [value, 1.5]  # an input record's own number
    written = doc_json(doc)
    assert b"NaN" not in written and b"Infinity" not in written
    loaded = json.loads(written)
    assert loaded["scores"]["bt_chrf"] is None and loaded["scores"]["lid_group_prob"] == 0.5
    assert loaded["record"]["weight"] == [None, 1.5]


def test_what_orjson_refuses_json_writes_in_the_same_format() -> None:
    """An integer beyond 64 bits, keys that are not strings, a str subclass; a NaN too."""

    class Name(str):
        pass

    doc = translated("Hund", scores={"bt_chrf": math.nan})
    doc["record"].update({"big": 2**70, "negative": -(2**64), 7: "seven", Name("n"): Name("v")})
    written = doc_json(doc)
    loaded = json.loads(written)
    assert loaded["record"]["big"] == 2**70 and loaded["record"]["negative"] == -(2**64)
    assert loaded["record"]["7"] == "seven" and loaded["record"]["n"] == "v"
    assert loaded["scores"]["bt_chrf"] is None and b"NaN" not in written
    assert b", " not in written and b'": ' not in written  # compact: no separator spaces
    assert list(loaded) == list(doc)


@pytest.mark.parametrize(
    ("bad", "error"),
    [({1, 2}, TypeError), ("lone \ud800 surrogate", ValueError), (object(), TypeError)],
)
def test_a_doc_json_cannot_write_is_a_reject_not_a_loss(bad: Any, error: type) -> None:
    record = build_record(sample("A dog."), "deu_Latn", [TurnResult("Hund", True, {})], PROVENANCE)
    record.doc["record"] = {"bad": bad}
    with pytest.raises(error):
        json.dumps(record.doc, ensure_ascii=False).encode("utf-8")
    encoded = encode_record(record)
    assert encoded.doc_json is None and encoded.doc is record.doc
    assert encoded.doc_error.startswith("doc is not JSON-serialisable")


def test_a_circular_doc_is_a_reject() -> None:
    record = build_record(sample("A dog."), "deu_Latn", [TurnResult("Hund", True, {})], PROVENANCE)
    loop: list[Any] = [math.nan]
    loop.append(loop)
    record.doc["record"] = {"loop": loop}
    encoded = encode_record(record)
    assert encoded.doc_json is None and "not JSON-serialisable" in encoded.doc_error


def test_an_encoded_record_keeps_the_bytes_it_has() -> None:
    record = build_record(sample("A dog."), "deu_Latn", [TurnResult("Hund", True, {})], PROVENANCE)
    encoded = encode_record(record)
    assert encode_record(encoded) is encoded
    assert encoded.doc_json == doc_json(record.doc)
