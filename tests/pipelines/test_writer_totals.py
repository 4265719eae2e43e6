"""The writer's one combine of what its buckets wait for (``pipelines/io/writer.py``).

Rows per group, the columns' kinds and the English fallback copies are counted
in one combine (a combine per count cost every chunk's pipeline a dozen
transforms); these tests check it gives what the separate counts gave, however
the runner splits and merges its accumulators.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to

from babelshard.pipelines.io.writer import Totals, _BatchTotals, _Totals, pack_records
from babelshard.pipelines.io.writer_tables import value_kind
from babelshard.schemas.records import ShardRecord


def combined(fn: beam.CombineFn, items: list[Any], parts: int) -> Totals:
    """``fn`` over ``items`` added in ``parts`` accumulators, then merged."""
    accumulators = [fn.create_accumulator() for _ in range(parts)]
    for index, item in enumerate(items):
        accumulators[index % parts] = fn.add_input(accumulators[index % parts], item)
    return fn.extract_output(fn.merge_accumulators(accumulators))


def expected_kinds(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            kinds.setdefault(name, set()).add(value_kind(value))
    return {name: sorted(names) for name, names in kinds.items()}


TABLE_ROWS = [
    ("deu_Latn", ("k1",), {"key": "k1", "score": 0.5, "note": None}),
    ("deu_Latn", ("k2",), {"key": "k2", "score": 1, "extra": [1, 2]}),
    ("fra_Latn", ("k3",), {"key": "k3", "score": None, "note": "short"}),
    ("fra_Latn", ("k4",), {"key": "k4", "flag": True}),
    ("jpn_Jpan", ("k5",), {"key": "k5"}),
]


def test_table_totals_count_each_group_and_merge_every_rows_kinds() -> None:
    rows = [row for _, _, row in TABLE_ROWS]
    groups = dict(Counter(group for group, _, _ in TABLE_ROWS))
    for parts in (1, 2, 3, 5):
        totals = combined(_Totals(), TABLE_ROWS, parts)
        assert totals.groups == groups
        assert totals.kinds == expected_kinds(rows)
        assert totals.fallback_copies == 0


def test_no_rows_give_empty_totals() -> None:
    assert combined(_Totals(), [], 2) == Totals({}, {}, 0)


def record(key: str, lang: str, fallback_from: str | None = None, image: bool = False) -> Any:
    columns = {"lang": lang, "fallback_from": fallback_from, "image": "a.jpg" if image else None}
    return ShardRecord(key=key, lang=lang, doc={"key": key}, text=key, columns=columns)


def test_record_totals_count_languages_kinds_and_fallback_copies() -> None:
    records = [
        record("a-deu", "deu_Latn"),
        record("b-deu", "deu_Latn", image=True),
        record("c-eng", "eng_Latn", fallback_from="deu_Latn,fra_Latn"),
        record("d-fra", "fra_Latn"),
        record("e-eng", "eng_Latn", fallback_from="fra_Latn"),
        record("f-eng", "eng_Latn"),
    ]
    batches = [pack_records(records[:2]), pack_records(records[2:3]), pack_records(records[3:])]
    for parts in (1, 2, 3):
        totals = combined(_BatchTotals(), batches, parts)
        assert totals.groups == {"deu_Latn": 2, "eng_Latn": 3, "fra_Latn": 1}
        assert totals.kinds == expected_kinds([r.columns for r in records])
        assert totals.fallback_copies == 2


def test_totals_in_a_pipeline_equal_the_direct_counts() -> None:
    with beam.Pipeline() as pipeline:  # the DirectRunner, as in the other pipeline tests
        totals = (
            pipeline
            | beam.Create(TABLE_ROWS, reshuffle=False)
            | beam.CombineGlobally(_Totals())
            | beam.Map(lambda t: (t.groups, t.kinds))
        )
        rows = [row for _, _, row in TABLE_ROWS]
        groups = dict(Counter(group for group, _, _ in TABLE_ROWS))
        assert_that(totals, equal_to([(groups, expected_kinds(rows))]))


def test_buckets_gather_the_records_of_many_batches(monkeypatch) -> None:
    """A bucket's records leave the step together (one element per bucket as the bundle
    ends, or every ``BUCKET_FLUSH`` records), in the order they came; a record whose
    language cannot name a folder is a reject at once."""
    from apache_beam.pvalue import TaggedOutput

    from babelshard.pipelines.io import writer
    from babelshard.pipelines.packing import unpacked

    records = [record(f"k{n:02d}", "deu_Latn") for n in range(12)]
    batches = [pack_records(records[start : start + 3]) for start in range(0, 12, 3)]
    totals = Totals({"deu_Latn": 12}, {}, 0)
    step = writer._AssignBucket(shard_size=4, carrier=writer.PACKED)  # three buckets
    step.start_bundle()
    assert [o for batch in batches for o in step.process(batch, totals)] == []
    sent = [windowed.value for windowed in step.finish_bundle()]
    assert len(sent) == 3 and len({bucket for bucket, _ in sent}) == 3
    keys = [unpacked(data).key for _, bucket in sent for data in bucket]
    assert sorted(keys) == [r.key for r in records]
    for _, bucket in sent:  # each bucket in the order its records came
        in_bucket = [unpacked(data).key for data in bucket]
        assert in_bucket == sorted(in_bucket)
    monkeypatch.setattr(writer, "BUCKET_FLUSH", 5)
    refused = pack_records([record("bad", "../x")])
    step.start_bundle()
    outputs = [o for batch in (*batches[:2], refused) for o in step.process(batch, totals)]
    rejects = [o.value for o in outputs if isinstance(o, TaggedOutput)]
    assert [r.key for r in rejects] == ["bad"] and rejects[0].reason == "invalid_lang"
    early = [o for o in outputs if not isinstance(o, TaggedOutput)]  # after six records
    assert sum(len(bucket) for _, bucket in early) == 6
    assert list(step.finish_bundle()) == []
