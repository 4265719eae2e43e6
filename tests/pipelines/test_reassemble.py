"""Reassembly: mBLIP's short-answer rule, filter rejects and lost placeholders.

Reassembly is a plain function (``pipelines/assemble.py``); only segmenting is
driven through the job's DoFn, to check what it emits.
"""

from __future__ import annotations

import json

from apache_beam.pvalue import TaggedOutput

from babelshard.pipelines.assemble import (
    SHORT_ANSWER_KEPT_ENGLISH,
    fallback_record,
    mark_fallback,
    reassemble_sample,
)
from babelshard.pipelines.translate import SegmentSample, unpacked
from babelshard.schemas.records import (
    Piece,
    RejectRecord,
    Sample,
    ScoredPiece,
    ShardRecord,
    TranslatedPiece,
    Turn,
    Verdict,
)
from babelshard.translators.documents import Segmenter
from babelshard.translators.shield import PLACEHOLDER_LOST

ACCEPT = Verdict(True, {"lid_group_prob": 0.9, "bt_chrf": 80.0})


def vqa_sample() -> Sample:
    return Sample(
        key="vqa-1",
        dataset="vqa",
        source_id="1",
        kind="vqa",
        turns=[
            Turn("question", "What color is the bus?"),
            Turn("answer", "red", short_answer=True),
            Turn("answer", "two", short_answer=True),
        ],
    )


def outcome(source: str, hypothesis: str, back: str, verdict: Verdict = ACCEPT) -> ScoredPiece:
    piece = Piece(source, "eng_Latn", "deu_Latn")
    return ScoredPiece(TranslatedPiece(piece, (), hypothesis, None, back), verdict)


def reassemble(sample: Sample, outcomes: dict[str, ScoredPiece]):
    segmented = list(SegmentSample(200).process([(sample, "deu_Latn")]))
    pieces = [o.value for o in segmented if isinstance(o, TaggedOutput)]
    _, packed = next(o for o in segmented if not isinstance(o, TaggedOutput))
    scored = {
        (owner.turn, owner.index): outcomes[piece.text]
        for piece, owners in pieces
        for owner in unpacked(owners)
    }
    (only,) = unpacked(packed)
    record = reassemble_sample(only, scored, {"pipeline": "test"}, back_translation_checked=True)
    return [record]


def test_short_answers_follow_mblips_rule():
    (record,) = reassemble(
        vqa_sample(),
        {
            "What color is the bus?": outcome("What color is the bus?", "Welche Farbe hat der Bus?",
                                              "What color is the bus?"),
            "red": outcome("red", "rot", "Red"),  # back-translation matches: kept
            "two": outcome("two", "zwei", "couple", Verdict(False, {}, ("lid_wrong_language",))),
        },
    )  # fmt: skip
    assert isinstance(record, ShardRecord)
    turns = record.doc["turns"]
    assert [t["text"] for t in turns] == ["Welche Farbe hat der Bus?", "rot", "two"]
    assert turns[1]["translated"] and not turns[2]["translated"]
    assert turns[2]["note"] == SHORT_ANSWER_KEPT_ENGLISH
    assert record.doc["notes"] == [SHORT_ANSWER_KEPT_ENGLISH]
    assert turns[1]["scores"]["short_answer_match"] == 1.0


def test_a_failed_question_rejects_the_sample_or_falls_back():
    bad = Verdict(False, {"lid_group_prob": 0.01}, ("lid_wrong_language",))
    outcomes = {
        "What color is the bus?": outcome("What color is the bus?", "Quel", "Which", bad),
        "red": outcome("red", "rot", "red"),
        "two": outcome("two", "zwei", "two"),
    }
    (rejected,) = reassemble(vqa_sample(), outcomes)
    assert isinstance(rejected, RejectRecord)
    assert rejected.reason == "lid_wrong_language" and rejected.stage == "filter"
    marked = mark_fallback(rejected, vqa_sample())
    assert marked.reason == rejected.reason and marked.doc["fallback_to"] == "vqa-1-eng_Latn"
    fallback = fallback_record(vqa_sample(), ["fra_Latn", "deu_Latn"], {"pipeline": "test"})
    assert fallback.lang == "eng_Latn" and fallback.doc["fallback_from"] == "deu_Latn,fra_Latn"
    assert fallback.key == marked.doc["fallback_to"]  # the sample's own-language key


def test_a_lost_placeholder_is_a_reject_not_broken_text():
    sample = Sample(
        key="llava-1",
        dataset="llava",
        source_id="1",
        kind="conversation",
        turns=[Turn("gpt", "See https://example.org/a for details.")],
    )
    segmented = list(SegmentSample(200).process([(sample, "deu_Latn")]))
    (piece,) = [o.value[0].text for o in segmented if isinstance(o, TaggedOutput)]
    assert "https://" not in piece  # the URL is shielded from the model
    (result,) = reassemble(sample, {piece: outcome(piece, "Siehe für Details.", "See details.")})
    assert isinstance(result, RejectRecord) and result.reason == PLACEHOLDER_LOST


def test_a_sample_is_segmented_once_for_all_its_languages(monkeypatch):
    from babelshard.translators import documents

    calls = []
    real = documents.segment_text
    monkeypatch.setattr(documents, "segment_text", lambda *a, **k: calls.append(a) or real(*a, **k))
    step, sample = SegmentSample(200), vqa_sample()
    outputs = [
        list(step.process([(sample, lang)])) for lang in ("deu_Latn", "fra_Latn", "swh_Latn")
    ]
    assert len(calls) == len(sample.turns)
    keys = [o[-1][0] for o in outputs]
    assert keys == ["vqa-1-deu_Latn", "vqa-1-fra_Latn", "vqa-1-swh_Latn"]
    pieces = [[p.value for p in o if isinstance(p, TaggedOutput)] for o in outputs]
    assert {(piece.text, piece.target_lang) for o in pieces for piece, _ in o} == {
        (text, lang)
        for lang in ("deu_Latn", "fra_Latn", "swh_Latn")
        for text in ("What color is the bus?", "red", "two")
    }


def test_repeated_texts_are_segmented_once_within_the_cache_size(monkeypatch):
    from dataclasses import replace

    from babelshard.translators import documents

    calls = []
    real = documents.segment_text
    monkeypatch.setattr(documents, "segment_text", lambda *a, **k: calls.append(a) or real(*a, **k))
    step = SegmentSample(200, Segmenter(200, cache_size=3))
    first, second = vqa_sample(), replace(vqa_sample(), key="vqa-2", source_id="2")
    for sample in (first, second):
        list(step.process([(sample, "deu_Latn")]))
    assert sorted(calls) == sorted((t.text,) for t in first.turns)  # the second sample: all hits
    # Texts that did not recur lately are cut again: the cache stays bounded.
    other = replace(
        vqa_sample(), key="vqa-3", turns=[Turn("question", f"Is it {n}?") for n in "ab"]
    )
    list(step.process([(other, "deu_Latn")]))
    list(step.process([(first, "fra_Latn")]))
    # Two new texts pushed out two of the first's; cutting those again pushed out the third.
    assert len(calls) == len(first.turns) + 2 + len(first.turns)
    assert len(step.cut._cuts) == 3


def test_a_batch_sends_each_piece_once_and_reassembles_every_sample():
    from dataclasses import replace

    from babelshard.pipelines.translate import Reassemble, fan_out

    first, second = vqa_sample(), replace(vqa_sample(), key="vqa-2", source_id="2")
    outputs = list(SegmentSample(200).process([(first, "deu_Latn"), (second, "deu_Latn")]))
    pieces = [o.value for o in outputs if isinstance(o, TaggedOutput)]
    batch_key, packed = next(o for o in outputs if not isinstance(o, TaggedOutput))
    assert batch_key == "vqa-1-deu_Latn"
    # Both samples share all three texts: each piece leaves the batch once, with both owners.
    assert sorted(piece.text for piece, _ in pieces) == ["What color is the bus?", "red", "two"]
    pieces = [(piece, unpacked(owners)) for piece, owners in pieces]
    for _, owners in pieces:
        assert {owner.key for owner in owners} == {"vqa-1-deu_Latn", "vqa-2-deu_Latn"}
        assert {owner.batch for owner in owners} == {batch_key}
    translations = {"What color is the bus?": "Welche Farbe hat der Bus?", "red": "rot"}
    fanned = [
        keyed
        for piece, owners in pieces
        for keyed in fan_out(
            ScoredPiece(
                TranslatedPiece(piece, owners, translations.get(piece.text, "zwei"), None, "x"),
                ACCEPT,
            )
        )
    ]
    assert {key for key, _ in fanned} == {batch_key}
    step = Reassemble({"pipeline": "test"}, back_translation=False, fallback=False)
    joined = {"samples": [packed], "pieces": [value for _, value in fanned]}
    (batch,) = list(step.process((batch_key, joined)))
    records = [unpacked(data) for _, _, data in batch.records]
    assert [record.key for record in records] == ["vqa-1-deu_Latn", "vqa-2-deu_Latn"]
    assert [(lang, key) for lang, key, _ in batch.records] == [
        (record.lang, record.key) for record in records
    ]
    assert batch.langs == {"deu_Latn": 2} and batch.fallback_copies == 0
    texts = [json.loads(record.doc_json)["turns"][0]["text"] for record in records]
    assert texts == ["Welche Farbe hat der Bus?"] * 2


def test_weakest_scores_of_one_set_or_several():
    from babelshard.pipelines.assemble import min_scores

    one = {"lid": 0.9, "unmeasured": None, "length": 1, "flag": True}
    assert min_scores([one]) == {"lid": 0.9, "length": 1, "flag": True}
    assert list(min_scores(iter([one]))) == ["lid", "length", "flag"]  # its own order
    numbers = {"lid": 0.9, "length": 1}
    assert min_scores([numbers]) == numbers and min_scores([numbers]) is not numbers
    several = min_scores([one, {"lid": 0.4, "length": 2, "bt": 55.0}, {"unmeasured": None}])
    assert several == {"lid": 0.4, "length": 1, "flag": True, "bt": 55.0}
    assert min_scores([]) == {}

    class Number(float):  # a float subclass (numpy's float64) is a number too
        pass

    odd = {"lid": Number(0.5), "text": "not a number", "none": None}
    assert min_scores([odd]) == {"lid": 0.5}
