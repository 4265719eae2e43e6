"""Readers for generic row data: JSONL and Parquet with configurable columns.

``text_field`` holds a string (one turn) or a list of strings (one turn each);
``image_field`` an optional image path; ``id_field`` an optional record id
(without it the id is the file name and the row's position, stable across runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from babelshard.pipelines.io.readers_common import (
    FileContext,
    RecordError,
    file_reject,
    guarded,
    iter_json_lines,
    json_safe,
    open_input,
    read_id,
    text_paths_sample,
)
from babelshard.schemas.reasons import (
    MALFORMED_FILE,
    MISSING_FIELD,
    NO_TEXTS,
    WRONG_TYPE,
)
from babelshard.schemas.records import ENGLISH, RejectRecord, Sample, Turn

Item = Sample | RejectRecord
PARQUET_BATCH_ROWS = 1024


def read_jsonl(ctx: FileContext) -> Iterator[Item]:
    """One sample per JSON line; a bad line becomes a reject and reading goes on."""
    by_line = ctx.options.id_field is None  # a line's key is known before it is parsed
    with open_input(ctx.path) as handle:
        for line_no, record in iter_json_lines(ctx, iter(handle.readline, b""), by_line):
            if isinstance(record, RejectRecord):
                yield record
                continue
            item = _row(ctx, record, f"L{line_no}", from_json=True, owned=by_line)
            if item is not None:
                yield item


def read_parquet(ctx: FileContext) -> Iterator[Item]:
    """One sample per Parquet row, read in batches so big files stay out of memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open_input(ctx.path, raw=True) as handle:
        try:
            parquet = pq.ParquetFile(handle)
        except (pa.ArrowException, OSError) as err:
            yield file_reject(ctx, MALFORMED_FILE, f"not a Parquet file: {err}")
            return
        if ctx.options.text_field not in parquet.schema_arrow.names:
            yield file_reject(ctx, MISSING_FIELD, f"no column {ctx.options.text_field!r}")
            return
        row_no = 0
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for record in batch.to_pylist():
                item = _row(ctx, record, f"R{row_no}")
                if item is not None:
                    yield item
                row_no += 1


def _row(
    ctx: FileContext, record: Any, where: str, from_json: bool = False, owned: bool = False
) -> Item | None:
    """One row's sample or reject; None for a sample another part of the input reads.

    ``from_json``: the row was parsed from JSON, so it is its own ``meta["original"]``
    (a Parquet row may hold bytes and other values JSON cannot, made safe here).
    ``owned``: the caller found the row's key in ``ctx``'s part already (a JSONL line
    without ids is keyed by its line, checked before it was parsed)."""
    options = ctx.options
    fallback = f"{ctx.file_name}-{where}"
    if not isinstance(record, dict):
        return ctx.reject(
            WRONG_TYPE, fallback, f"expected an object, got {type(record).__name__}", where
        )
    if options.id_field is None:
        source_id: str | RejectRecord = fallback
    else:
        raw_id = record.get(options.id_field)
        if raw_id is None:
            return ctx.reject(MISSING_FIELD, fallback, f"{options.id_field} is missing", where)
        source_id = read_id(ctx, raw_id, options.id_field, fallback, where)
        if isinstance(source_id, RejectRecord):
            return source_id
    if not (owned or ctx.owns(source_id)):
        return None

    def build(source_id: str = source_id) -> Sample:
        turns, paths = _texts(ctx, record.get(options.text_field))
        image_value = record.get(options.image_field)
        image = None if image_value is None else ctx.image(image_value, options.image_field)
        lang = (
            ctx.lang(record.get(options.lang_field), options.lang_field)
            if options.lang_field
            else ENGLISH
        )
        return text_paths_sample(
            ctx,
            source_id=source_id,
            kind="caption" if image else "text",
            turns=turns,
            paths=paths,
            original=record if from_json else json_safe(record),
            image=image,
            lang=lang,
            where=where,
        )

    return guarded(ctx, source_id, where, build)


def _texts(ctx: FileContext, value: Any) -> tuple[list[Turn], list[list[str | int]]]:
    """Turns named after the text column, so the writer puts them back where they were."""
    field = ctx.options.text_field
    if isinstance(value, list):
        if not value:
            raise RecordError(NO_TEXTS, f"{field} is an empty list")
        turns = [Turn(field, ctx.text(v, f"{field}[{i}]")) for i, v in enumerate(value)]
        return turns, [[field, i] for i in range(len(value))]
    return [Turn(field, ctx.text(value, field))], [[field]]
