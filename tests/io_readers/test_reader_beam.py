"""ReadSamples on the DirectRunner gives what read_samples gives, files read in parallel."""

from __future__ import annotations

import json
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to

from babelshard.pipelines.io.readers import InputError, ReaderOptions, ReadSamples, read_samples
from babelshard.pipelines.sample_corpus import SampleCorpus
from babelshard.schemas.records import Sample

from .test_reader_inputs import split_jsonl


def summary(item: Sample | object) -> tuple[str, str, str]:
    """What identifies an output: its key, whether it is a sample, and a reject's reason."""
    if isinstance(item, Sample):
        return (item.key, "sample", item.turns[0].text)
    return (item.key, "reject", item.reason)


def test_read_samples_transform_matches_the_iterator(corpus: SampleCorpus, tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    first, *_ = split_jsonl(corpus, folder, 3)
    with first.open("a") as handle:  # a duplicate of another file's id, and a broken line
        repeat = {"id": f"shapes-{corpus.n_images}", "text": "a repeat"}
        handle.write(json.dumps(repeat) + "\n{broken\n")
    jsonl = (str(folder), ReaderOptions(id_field="id", image_root=str(corpus.images)))
    limited = (str(folder), ReaderOptions(id_field="id", limit=4))
    coco = corpus.reader_args("coco", per_image=True)
    cases = {"jsonl": jsonl, "limited": limited, "coco": coco, "jsonl in order": jsonl}
    expected = {
        name: sorted(map(summary, read_samples("coco" if name == "coco" else "jsonl", *args)))
        for name, args in cases.items()
    }
    duplicates = [s for s in expected["jsonl"] if s[2] == "duplicate_key"]
    assert len(duplicates) == 1  # the later copy (file order) is the reject
    assert sum(kind == "sample" for _, kind, _ in expected["limited"]) == 4

    with beam.Pipeline() as pipeline:  # the DirectRunner
        for name, (source, options) in cases.items():
            format = "coco" if name == "coco" else "jsonl"
            in_order = name.endswith("in order")  # as a local run reads
            read = pipeline | f"Read {name}" >> ReadSamples(
                format, source, options, in_order=in_order
            )
            both = (read.samples, read.rejects) | f"Both {name}" >> beam.Flatten()
            summaries = both | f"Summarise {name}" >> beam.Map(summary)
            assert_that(summaries, equal_to(expected[name]), label=f"Check {name}")


def test_configuration_errors_raise_when_the_pipeline_is_built(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no jsonl input files"):
        ReadSamples("jsonl", str(tmp_path / "*.jsonl"), ReaderOptions())


IN_ORDER = pytest.mark.parametrize(
    "in_order", [False, True], ids=["shuffled by key", "read in order (a local run)"]
)


@IN_ORDER
def test_batched_reading_keeps_the_first_copy_of_a_key_across_blocks_and_buckets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_order: bool
) -> None:
    from babelshard.pipelines.io import readers

    # Small blocks and several buckets, so copies of a key meet in the GroupByKey from
    # different blocks and files (in order: one DoFn meets them file after file).
    monkeypatch.setattr(readers, "_READ_BLOCK", 3)
    monkeypatch.setattr(readers, "dedup_buckets", lambda tasks: 4)
    for part in range(2):
        rows = [{"id": f"r{n % 7}", "text": f"file {part} row {n}"} for n in range(10)]
        (tmp_path / f"part-{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    options = ReaderOptions(id_field="id")
    expected = sorted(map(summary, read_samples("jsonl", str(tmp_path), options)))
    assert sum(kind == "sample" for _, kind, _ in expected) == 7
    with beam.Pipeline() as pipeline:
        read = pipeline | ReadSamples(
            "jsonl", str(tmp_path), options, batched=True, in_order=in_order
        )
        sizes = read.samples | "Sizes" >> beam.Map(len)
        assert_that(sizes, lambda found: all(0 < n <= readers.BATCH_SIZE for n in found), "Sizes")
        samples = read.samples | "OneByOne" >> beam.FlatMap(lambda batch: batch)
        both = (samples, read.rejects) | beam.Flatten()
        assert_that(both | beam.Map(summary), equal_to(expected))


# -- a chunk reads only its own rows ---------------------------------------------------


FORMAT_CASES = {
    "coco": ("coco", {}),
    "coco per image": ("coco", {"per_image": True}),
    "vqa": ("vqa", {}),
    "llava": ("llava", {}),
    "mblip": ("mblip", {}),
    "jsonl by line": ("jsonl", {}),
    "jsonl by id": ("jsonl", {"id_field": "id"}),
    "parquet": ("parquet", {}),
    "wds": ("wds", {}),
}


@pytest.mark.parametrize("case", sorted(FORMAT_CASES))
def test_a_part_skips_other_keys_samples_and_keeps_its_own_as_the_whole_read_does(
    corpus: SampleCorpus, case: str
) -> None:
    from babelshard.pipelines.chunks import ChunkOf
    from babelshard.pipelines.io.readers import plan_reads, read_task

    format, options = FORMAT_CASES[case]
    source, reader_options = corpus.reader_args(format, **options)
    dataset = f"{format}_sample"
    whole = [
        item
        for task in plan_reads(format, source, reader_options)
        for item in read_task(format, task, dataset, reader_options)
    ]
    assert sum(isinstance(item, Sample) for item in whole) > 3
    parts = [ChunkOf(index, 3) for index in range(3)]
    for part in parts:
        read = [
            item
            for task in plan_reads(format, source, reader_options)
            for item in read_task(format, task, dataset, reader_options, part)
        ]
        # No sample of another part is built; in file order, what the part keeps is
        # exactly what it keeps of the whole read.
        assert all(part(item.key) for item in read if isinstance(item, Sample))
        assert [item for item in read if part(item.key)] == [
            item for item in whole if part(item.key)
        ]


@IN_ORDER
def test_chunks_reading_their_own_rows_add_up_to_the_whole_with_duplicates_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_order: bool
) -> None:
    """Copies of one key in several files and blocks, keys of every chunk interleaved:
    each chunk keeps the first copy in file order of its own keys, and the chunks
    together give exactly what one unchunked read gives."""
    from babelshard.pipelines.chunks import ChunkOf
    from babelshard.pipelines.io import readers

    monkeypatch.setattr(readers, "_READ_BLOCK", 3)
    monkeypatch.setattr(readers, "dedup_buckets", lambda tasks: 2)
    for part in range(2):
        rows = [{"id": f"r{n % 9}", "text": f"file {part} row {n}"} for n in range(14)]
        lines = [json.dumps(r) for r in rows] + ["{broken", json.dumps({"id": "r99"})]
        (tmp_path / f"part-{part}.jsonl").write_text("".join(line + "\n" for line in lines))
    cases = {"by id": ReaderOptions(id_field="id"), "by line": ReaderOptions()}
    for name, options in cases.items():
        whole = sorted(map(summary, read_samples("jsonl", str(tmp_path), options)))
        duplicates = sum(reason == "duplicate_key" for _, _, reason in whole)
        assert duplicates == (19 if name == "by id" else 0)  # 28 rows, 9 ids; r99 twice
        chunks = [ChunkOf(index, 3) for index in range(3)]
        assert all(any(chunk(key) for key, _, _ in whole) for chunk in chunks)
        with beam.Pipeline() as pipeline:
            outputs = []
            for chunk in chunks:
                read = pipeline | f"Read {chunk.name}" >> ReadSamples(
                    "jsonl", str(tmp_path), options, part=chunk, batched=True, in_order=in_order
                )
                samples = read.samples | f"Unbatch {chunk.name}" >> beam.FlatMap(list)
                outputs += [samples, read.rejects]
                in_part = (samples, read.rejects) | f"Both {chunk.name}" >> beam.Flatten()
                keys = in_part | f"Keys {chunk.name}" >> beam.Map(lambda item: item.key)
                assert_that(keys, only_keys_of(chunk), label=f"Own {chunk.name}")
            everything = outputs | "All" >> beam.Flatten() | beam.Map(summary)
            assert_that(everything, equal_to(whole))


def only_keys_of(chunk):
    def check(keys: list[str]) -> None:
        assert keys and all(map(chunk, keys)), (chunk, keys)

    return check


@IN_ORDER
def test_a_limit_keeps_the_first_samples_of_the_whole_input_chunked_or_not_and_counts_them(
    tmp_path: Path, in_order: bool
) -> None:
    """``limit`` keeps the first N samples of the whole input in file order (duplicates
    and broken records met on the way become rejects), however the run is split into
    chunks; the read counters count what every chunk read."""
    from apache_beam.metrics.metric import MetricsFilter

    from babelshard.pipelines.chunks import ChunkOf

    first = [json.dumps({"id": f"r{n % 5}", "text": f"row {n}"}) for n in range(8)]
    first.insert(3, "{broken")
    second = [json.dumps({"id": f"s{n}", "text": f"row {n}"}) for n in range(6)]
    second.append(json.dumps({"id": "r0", "text": "after the limit"}))
    for name, lines in {"part-0": first, "part-1": second}.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(line + "\n" for line in lines))
    options = ReaderOptions(id_field="id", limit=7)
    expected = sorted(map(summary, read_samples("jsonl", str(tmp_path), options)))
    kept = sorted(key.rsplit("-", 1)[1] for key, kind, _ in expected if kind == "sample")
    assert kept == ["r0", "r1", "r2", "r3", "r4", "s0", "s1"]
    reasons = sorted(reason for _, kind, reason in expected if kind == "reject")
    assert reasons == ["duplicate_key"] * 3 + ["malformed_json"]

    for name, chunks in {"whole": [None], "in chunks": [ChunkOf(i, 3) for i in range(3)]}.items():
        pipeline = beam.Pipeline()
        outputs = []
        for index, chunk in enumerate(chunks):
            read = pipeline | f"Read {index}" >> ReadSamples(
                "jsonl", str(tmp_path), options, part=chunk, batched=True, in_order=in_order
            )
            outputs += [read.samples | f"Unbatch {index}" >> beam.FlatMap(list), read.rejects]
            if chunk is not None:
                keys = (outputs[-2], outputs[-1]) | f"Both {index}" >> beam.Flatten()
                own = keys | f"Keys {index}" >> beam.Map(lambda item: item.key)
                assert_that(own, only_keys_of(chunk), label=f"Own {index}")
        everything = outputs | "All" >> beam.Flatten() | beam.Map(summary)
        assert_that(everything, equal_to(expected))
        result = pipeline.run()
        result.wait_until_finish()
        query = result.metrics().query(MetricsFilter().with_namespace("babelshard.read"))
        counted = {"samples_read": 0, "rejects": 0}
        for counter in query["counters"]:
            counted[counter.key.metric.name] += counter.committed
        assert counted == {"samples_read": 7, "rejects": 4}, name


def test_a_part_is_asked_once_per_line_of_a_jsonl_file_without_ids(tmp_path: Path) -> None:
    """A line's key is its line's, so the part that checked it before the line was parsed
    is not asked again when its sample is built."""
    from babelshard.pipelines.chunks import ChunkOf
    from babelshard.pipelines.io.readers import plan_reads, read_task

    path = tmp_path / "captions.jsonl"
    path.write_text("".join(json.dumps({"text": f"caption {n}"}) + "\n" for n in range(40)))
    options = ReaderOptions()
    asked: list[str] = []
    chunk = ChunkOf(1, 2)

    def part(key: str) -> bool:
        asked.append(key)
        return chunk(key)

    (task,) = plan_reads("jsonl", str(path), options)
    read = list(read_task("jsonl", task, "captions", options, part))
    assert len(asked) == len(set(asked)) == 40
    assert [item.key for item in read] == [key for key in asked if chunk(key)]
    assert all(isinstance(item, Sample) for item in read) and 0 < len(read) < 40


@pytest.mark.parametrize("id_field", [None, "id"])
def test_a_chunk_asks_its_part_once_per_sample_and_reads_what_the_whole_read_keeps(
    tmp_path: Path, id_field: str | None
) -> None:
    """A chunk's in-order read asks the part about each sample's key once (the samples
    the reader built are its part's already); rejects are still sorted by their key."""
    from babelshard.pipelines.chunks import ChunkOf
    from babelshard.pipelines.io.readers import _prepare, _read_in_order

    path = tmp_path / "captions.jsonl"
    texts = [f"caption {n}" if n % 7 else "" for n in range(60)]  # every 7th a reject
    lines = [json.dumps({"id": f"r{n}", "text": text}) for n, text in enumerate(texts)]
    lines[11] = "{not json"
    path.write_text("\n".join(lines) + "\n")
    options = ReaderOptions(id_field=id_field)
    dataset, tasks = _prepare("jsonl", str(path), options)
    whole = list(_read_in_order("jsonl", tasks, dataset, options))
    both = []
    for index in (0, 1):
        chunk, asked = ChunkOf(index, 2), []

        def part(key: str, chunk: ChunkOf = chunk, asked: list = asked) -> bool:
            asked.append(key)
            return chunk(key)

        read = list(_read_in_order("jsonl", tasks, dataset, options, part))
        assert read == [item for item in whole if chunk(item.key)]
        samples = [item for item in read if isinstance(item, Sample)]
        assert samples and all(asked.count(sample.key) == 1 for sample in samples)
        both += read
    assert sorted(item.key for item in both) == sorted(item.key for item in whole)
    assert len(whole) == 60 and sum(isinstance(item, Sample) for item in whole) < 60
