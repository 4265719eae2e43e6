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
from babelshard.pipelines.packing import PACKED
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


def segment(step: SegmentSample, *batches: list) -> list:
    """What ``step`` emits for ``batches`` in one bundle: each batch's outputs, then the
    pieces it held (sent as the bundle ends, taken out of their windowed values)."""
    step.start_bundle()
    outputs = [output for batch in batches for output in step.process(batch)]
    held = [TaggedOutput(output.tag, output.value.value) for output in step.finish_bundle()]
    return outputs + held


def reassemble(sample: Sample, outcomes: dict[str, ScoredPiece]):
    segmented = segment(SegmentSample(200), [(sample, "deu_Latn")])
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
    segmented = segment(SegmentSample(200), [(sample, "deu_Latn")])
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
    outputs = [segment(step, [(sample, lang)]) for lang in ("deu_Latn", "fra_Latn", "swh_Latn")]
    assert len(calls) == len(sample.turns)
    keys = [next(p for p in o if not isinstance(p, TaggedOutput))[0] for o in outputs]
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
    outputs = segment(SegmentSample(200), [(first, "deu_Latn"), (second, "deu_Latn")])
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
    joined = {"samples": [packed], "pieces": [PACKED.send([value for _, value in fanned])]}
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


def test_a_bundle_sends_each_piece_once_with_its_owners_in_every_batch(monkeypatch):
    """Pieces said in several batches leave the bundle once, their owners in the order
    they were met (each naming its batch); past ``PIECES_FLUSH`` owners, as they come."""
    from dataclasses import replace

    from babelshard.pipelines import translate

    samples = [replace(vqa_sample(), key=f"vqa-{n}", source_id=str(n)) for n in range(4)]
    batches = [[(sample, "deu_Latn")] for sample in samples]
    outputs = segment(SegmentSample(200), *batches)
    sent = [o.value for o in outputs if isinstance(o, TaggedOutput)]
    pieces = [(piece.text, unpacked(owners)) for piece, owners in sent]
    assert [text for text, _ in pieces] == ["What color is the bus?", "red", "two"]
    for _, owners in pieces:
        assert [owner.key for owner in owners] == [f"vqa-{n}-deu_Latn" for n in range(4)]
        assert [owner.batch for owner in owners] == [f"vqa-{n}-deu_Latn" for n in range(4)]
    monkeypatch.setattr(translate, "PIECES_FLUSH", 6)  # two batches' owners
    outputs = segment(SegmentSample(200), *batches)
    kinds = "".join("p" if isinstance(o, TaggedOutput) else "s" for o in outputs)
    assert kinds == "spppssppps"  # sent with the second and the fourth batch
    sent = [o for o in outputs if isinstance(o, TaggedOutput)]
    owners = [owner.key for o in sent for owner in unpacked(o.value[1])]
    assert sorted(owners) == sorted(f"vqa-{n}-deu_Latn" for n in range(4) for _ in range(3))


def test_fan_out_sends_each_batch_its_pieces_together(monkeypatch):
    from babelshard.pipelines import translate
    from babelshard.schemas.records import PieceOwner

    def scored(text: str, batches: list[str]) -> ScoredPiece:
        owners = tuple(PieceOwner(f"{b}-k", 0, 0, False, b) for b in batches)
        return ScoredPiece(
            TranslatedPiece(Piece(text, "eng_Latn", "deu_Latn"), owners, text.upper(), None), ACCEPT
        )

    pieces = [scored("a", ["b1", "b2"]), scored("b", ["b2"]), scored("c", ["b1", "b3"])]
    step = translate.FanOut()
    step.start_bundle()
    assert [o for piece in pieces for o in step.process(piece)] == []
    sent = {o.value[0]: unpacked(o.value[1]) for o in step.finish_bundle()}
    assert sorted(sent) == ["b1", "b2", "b3"]
    texts = {
        b: [unpacked(data).translated.piece.text for _, data in parts] for b, parts in sent.items()
    }
    assert texts == {"b1": ["a", "c"], "b2": ["a", "b"], "b3": ["c"]}
    assert sent["b1"][0][0] == [("b1-k", 0, 0)]
    monkeypatch.setattr(translate, "PLACES_FLUSH", 2)
    step.start_bundle()
    early = [o for piece in pieces for o in step.process(piece)]
    # Sent after the first piece (two places) and after the third (three), none left.
    assert [batch for batch, _ in early] == ["b1", "b2", "b2", "b1", "b3"]
    assert list(step.finish_bundle()) == []
