"""A record's JSON is ``json.dumps(doc, ensure_ascii=False)``, however it is encoded.

``writer_shard.DocEncoder`` encodes the parts that docs or places repeat once
(the score set a one-turn sample's turn shares with the sample, the provenance
every record of a job shares) and writes each doc item by item around them;
``build_record`` shares the score set only where it is the same values. These
tests check the bytes never change for it, whatever the texts hold.
"""

from __future__ import annotations

import json
import math
import random
import struct
from typing import Any

import pytest

from babelshard.pipelines.assemble import TurnResult, build_record, untranslated_record
from babelshard.pipelines.io.writer_shard import (
    DocEncoder,
    JsonText,
    NumbersEncoder,
    encode_record,
)
from babelshard.schemas.records import Sample, Turn

PROVENANCE = {"pipeline": "translate", "model": "table:x.tsv", "back_translation": False}


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False)


def sample(*texts: str) -> Sample:
    turns = [Turn("caption", text) for text in texts]
    original = {"id": "1", "captions": list(texts)}
    meta = {"original": original, "text_paths": [["captions", i] for i in range(len(texts))]}
    return Sample(key="c-1", dataset="c", source_id="1", kind="caption", turns=turns, meta=meta)


def test_a_one_turn_sample_shares_its_scores_and_encodes_as_json_dumps() -> None:
    scores = {"lid_group_prob": 0.91234567, "bt_chrf": 71.5, "extra_score": 2.0}
    record = build_record(
        sample("A dog runs."), "deu_Latn", [TurnResult("Ein Hund läuft.", True, scores)], PROVENANCE
    )
    doc = record.doc
    assert doc["turns"][0]["scores"] is doc["scores"]
    assert DocEncoder()(doc) == dumps(doc)
    assert json.loads(encode_record(record).doc_json) == json.loads(dumps(doc))


def test_turns_with_other_scores_keep_their_own() -> None:
    results = [
        TurnResult("Ein Hund.", True, {"lid_group_prob": 0.5, "bt_chrf": 90.0}),
        TurnResult("Eine Katze.", True, {"lid_group_prob": 0.8, "bt_chrf": 60.0}),
    ]
    doc = build_record(sample("A dog.", "A cat."), "deu_Latn", results, PROVENANCE).doc
    assert all(turn["scores"] is not doc["scores"] for turn in doc["turns"])
    assert doc["scores"]["lid_group_prob"] == 0.5 and doc["scores"]["bt_chrf"] == 60.0
    assert DocEncoder()(doc) == dumps(doc)


def test_equal_numbers_of_another_type_are_not_shared() -> None:
    """1 and 1.0 are equal but written differently: the turn keeps its own set."""
    results = [
        TurnResult("Ein Hund.", True, {"lid_group_prob": 1}),
        TurnResult("Eine Katze.", True, {"lid_group_prob": 1.0}),
    ]
    doc = build_record(sample("A dog.", "A cat."), "deu_Latn", results, PROVENANCE).doc
    assert doc["turns"][1]["scores"] is not doc["scores"]
    assert '"lid_group_prob": 1.0' in DocEncoder()(doc)
    assert DocEncoder()(doc) == dumps(doc)


def test_an_untranslated_record_encodes_as_json_dumps() -> None:
    record = untranslated_record(sample("A dog.", "A cat."), "eng_Latn", PROVENANCE, "c-1-eng")
    assert DocEncoder()(record.doc) == dumps(record.doc)


SCORES = {"lid_group_prob": 0.7}
LOOKALIKES = [json.dumps(SCORES), json.dumps(PROVENANCE), '"scores": {}', '}, "provenance": ']


@pytest.mark.parametrize("text", LOOKALIKES)
def test_a_text_that_looks_like_a_shared_part_is_written_as_it_is(text: str) -> None:
    provenance = {**PROVENANCE, "note": text}
    record = build_record(sample(text), "deu_Latn", [TurnResult(text, True, SCORES)], provenance)
    assert DocEncoder()(record.doc) == dumps(record.doc)
    assert json.loads(DocEncoder()(record.doc))["turns"][0]["text"] == text


def test_a_score_named_like_a_doc_field_is_written_as_it_is() -> None:
    scores = {"provenance": 0.5, "turns": 1.0, "bt_chrf": math.nan}
    record = build_record(sample("A dog."), "deu_Latn", [TurnResult("Hund", True, scores)], {})
    assert DocEncoder()(record.doc) == dumps(record.doc)


def test_docs_of_one_batch_share_the_encoding_of_their_provenance() -> None:
    """One encoder, docs of several provenances in turn: each gets its own."""
    encoder = DocEncoder()
    first, second = dict(PROVENANCE), {**PROVENANCE, "device": "cuda"}
    for provenance in (first, second, first, second):
        results = [TurnResult("Ein Hund.", True, {"bt_chrf": 50.0})]
        doc = build_record(sample("A dog."), "deu_Latn", results, provenance).doc
        assert encoder(doc) == dumps(doc)
    doc = {"scores": {}, "turns": [], "provenance": first}
    assert "device" not in json.loads(encoder(doc))["provenance"]
    first["device"] = "cpu"  # the same dict, changed: a new batch's encoder sees it
    assert json.loads(DocEncoder()(doc))["provenance"]["device"] == "cpu"


def test_a_doc_that_is_not_json_fails_as_json_dumps_does() -> None:
    record = build_record(sample("A dog."), "deu_Latn", [TurnResult("Hund", True, {})], PROVENANCE)
    record.doc["record"] = {"bad": {1, 2}}
    with pytest.raises(TypeError):
        dumps(record.doc)
    encoded = encode_record(record)
    assert encoded.doc_json is None and "not JSON-serialisable" in encoded.doc_error


@pytest.mark.parametrize(
    "doc",
    [
        ["not", "a", "dict"],
        {"key": "k", "scores": {"a": 1.0}},
        {"scores": {"a": 1.0}, "turns": "not turns", "provenance": {}},
        {"scores": None, "turns": [], "provenance": {"a": 1}},
        {"scores": {}, "turns": [{"scores": {}}, "text", 3], "provenance": {}, 1: None, 2.5: 1},
        {"turns": [], "scores": {"a": 1.0}, "provenance": {"b": [1]}, "k": True, None: "x"},
    ],
)
def test_other_docs_encode_as_json_dumps(doc: Any) -> None:
    assert DocEncoder()(doc) == dumps(doc)


def _floats(count: int) -> list[float]:
    """Doubles of every exponent (random bit patterns) and of the ranges scores take."""
    rng = random.Random(11)
    floats = [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]]
    while len(floats) < count:
        bits = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        floats += [bits, rng.random(), rng.random() * 10 ** rng.randint(-12, 20)]
    return floats


def test_score_sets_are_written_as_json_dumps_writes_them() -> None:
    """Every kind of number a score set may hold, the ones orjson writes otherwise too
    (NaN, infinities, 1e-5, integers beyond 64 bits): the bytes stay json.dumps's."""
    floats = _floats(30_000)
    specials = [math.nan, math.inf, -math.inf, 1e-5, 9.99e-5, 1.5e-7, 1e16, 1e22, -0.0, 5e-324]
    integers = [0, -1, 2**63 - 1, 2**64, -(2**70), True, False]
    encoder = NumbersEncoder()
    assert NumbersEncoder.enabled  # the installed orjson is the one these bytes rely on
    for value in floats:  # one number a set: each takes orjson's way or json's on its own
        scores = {"score": value, "unmeasured": None, "passed": 1.0}
        assert encoder(scores) == dumps(scores)
    for value in [*specials, *integers, None, "text, with: separators", [1.5, 2], {"a": 1}]:
        scores = {"lid_group_prob": 0.5, "other": value, "bt_chrf": None}
        assert encoder(scores) == dumps(scores), value


@pytest.mark.parametrize(
    "names",
    [["a:b", "c"], ['say "hi"', "x"], ["nullable", "x"], ["Ünïcode", "x"], [1, "x"], ["e-1", "x"]],
)
def test_score_names_that_are_not_plain_are_written_as_json_dumps_writes_them(names) -> None:
    scores = dict(zip(names, [0.25, None], strict=True))
    assert NumbersEncoder()(scores) == dumps(scores)


def test_a_doc_with_real_texts_and_scores_encodes_as_json_dumps() -> None:
    """Unicode texts, multi-turn samples with their own score sets, NaN among them."""
    texts = ["Ein Hund läuft über die Straße.", "狗在跑。", 'Quote " and \\ and \n\t\u2028', "🐕"]
    floats = iter(_floats(400))
    results = [
        TurnResult(text, True, {f"s{i}": next(floats) for i in range(30)} | {"n": math.nan})
        for text in texts
    ]
    doc = build_record(sample(*texts), "deu_Latn", results, PROVENANCE).doc
    assert DocEncoder()(doc) == dumps(doc)


def _no_json(value: Any) -> str:
    raise AssertionError(f"json's encoder wrote {value!r}")


def test_a_usual_score_set_is_written_by_orjson() -> None:
    """Names, floats of every size scores take (not below 1e-4), None: no json."""
    floats = [v for v in _floats(3_000) if math.isfinite(v) and (abs(v) >= 1e-4 or v == 0)]
    scores = {f"score_{i}": value for i, value in enumerate(floats)} | {"none": None, "n": 3}
    assert NumbersEncoder(_no_json)(scores) == dumps(scores)


def test_the_kept_json_encoder_fails_as_json_dumps_does_and_goes_on() -> None:
    """A value json refuses, a circular one: the same error; the next values as before."""
    text = JsonText()
    circular: list[Any] = [1]
    circular.append(circular)
    for bad, error in (({"a": [1, {2}]}, TypeError), ({"b": circular}, ValueError)):
        with pytest.raises(error) as raised:
            text(bad)
        with pytest.raises(error) as expected:
            dumps(bad)
        assert str(raised.value) == str(expected.value)
        shared = [1.5, math.nan, "é\n"]
        value = {"a": shared, "b": shared, "c": None, "d": "x"}
        assert text(value) == dumps(value)
