"""Tabular outputs (Parquet sidecars, parallel text, JSONL rejects) with a stable schema.

A Parquet schema inferred per file drifts: a column that is null in one shard
becomes type ``null`` there and ``double`` in the next, and readers that open
many files at once refuse the mix. So column types are *kinds* collected over
the whole dataset first (``row_kinds`` / ``merge_kinds``, a Beam combine in the
writer), then resolved once into one Arrow schema used for every file.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

Kinds = dict[str, set[str]]

_INT64 = (-(2**63), 2**63 - 1)


def value_kind(value: Any) -> str:
    """The kind of one value: null, bool, int, float, str, bytes, or json (anything else)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if _INT64[0] <= value <= _INT64[1] else "json"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, bytes):
        return "bytes"
    return "json"


def row_kinds(row: Mapping[str, Any]) -> Kinds:
    return {name: {value_kind(value)} for name, value in row.items()}


_KIND_OF_TYPE = {type(None): "null", bool: "bool", float: "float", str: "str", bytes: "bytes"}


def rows_kinds(rows: Iterable[Mapping[str, Any]]) -> Kinds:
    """``merge_kinds(row_kinds(row) for row in rows)`` without a dict of sets per row.

    The distinct (column, value type) pairs are collected first, in C (``zip`` and
    ``map`` over each row), in the order met; a pair of a plain type gives its kind,
    any other (an ``int``: in range or not; a list, a subclass) its values' kinds."""
    rows = rows if isinstance(rows, list) else list(rows)
    typed = dict.fromkeys(
        itertools.chain.from_iterable(
            zip(row, map(type, row.values()), strict=True) for row in rows
        )
    )
    merged: Kinds = {}
    for name, kind_type in typed:
        kind = _KIND_OF_TYPE.get(kind_type)
        if kind is not None:
            merged.setdefault(name, set()).add(kind)
            continue
        kinds = merged.setdefault(name, set())
        for row in rows:
            value = row.get(name)
            if type(value) is kind_type:
                kinds.add(value_kind(value))
    return merged


def merge_kinds(kinds: Iterable[Mapping[str, Iterable[str]]]) -> Kinds:
    merged: Kinds = {}
    for item in kinds:
        for name, names in item.items():
            merged.setdefault(name, set()).update(names)
    return merged


def arrow_type(kinds: Iterable[str]) -> pa.DataType:
    """One Arrow type for a column; mixed or nested values become JSON text."""
    present = set(kinds) - {"null"}
    if not present or present == {"str"}:
        return pa.string()
    if present == {"bool"}:
        return pa.bool_()
    if present == {"int"}:
        return pa.int64()
    if present <= {"int", "float"}:
        return pa.float64()
    if present == {"bytes"}:
        return pa.binary()
    return pa.string()


def table_schema(
    kinds: Mapping[str, Iterable[str]], leading: Sequence[tuple[str, pa.DataType]] = ()
) -> pa.Schema:
    """``leading`` columns first (fixed types), then every other column sorted by name."""
    fixed = {name for name, _ in leading}
    rest = [(name, arrow_type(kinds[name])) for name in sorted(kinds) if name not in fixed]
    return pa.schema([pa.field(name, dtype) for name, dtype in [*leading, *rest]])


def without_nonfinite(value: Any) -> Any:
    """``value`` with every NaN or infinite float (in dicts, lists and tuples) as None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {name: without_nonfinite(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_nonfinite(item) for item in value]
    return value


def json_text(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)``, NaN and infinities written as
    ``null`` (the only change: ``NaN`` is not JSON, and strict readers refuse it)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    except ValueError as error:
        if "Out of range float" not in str(error):
            raise
        return json.dumps(without_nonfinite(value), ensure_ascii=False, **options)


def _convert(value: Any, dtype: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_string(dtype):
        if isinstance(value, str):
            return value
        return json_text(value, sort_keys=True, default=str)
    if pa.types.is_floating(dtype):
        return float(value)
    return value


def to_table(rows: Sequence[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows to a table of exactly ``schema``; missing columns are null, unknown ones an error."""
    columns = _full_columns(rows, schema.names)
    if columns is None:
        names = set(schema.names)
        for row in rows:
            extra = set(row) - names
            if extra:
                raise ValueError(f"columns {sorted(extra)} are not in the table schema")
        columns = [[row.get(name) for row in rows] for name in schema.names]
    arrays = [_column(list(values), f.type) for values, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _full_columns(rows: Sequence[Mapping[str, Any]], names: list[str]) -> list[tuple] | None:
    """The columns ``names`` of rows that each hold exactly those columns (as a shard's
    sidecar rows do), taken row by row and turned into columns in C; None otherwise."""
    if len(names) < 2 or not rows or set(map(len, rows)) != {len(names)}:
        return None
    try:
        return list(zip(*map(operator.itemgetter(*names), rows), strict=True))
    except KeyError:  # a row of as many columns, one of them not in the schema
        return None


def _column(values: list[Any], dtype: pa.DataType) -> pa.Array:
    """One column of ``dtype``; values converted (``_convert``) only if one needs it."""
    if pa.types.is_string(dtype):
        plain: type | None = str
    elif pa.types.is_floating(dtype):
        plain = float
    else:
        plain = None  # _convert passes these as they are
    if plain is not None and not {plain, type(None)}.issuperset(map(type, values)):
        values = [_convert(value, dtype) for value in values]
    return pa.array(values, dtype)


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet file bytes; identical tables give identical bytes (same pyarrow version)."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def jsonl_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 JSON Lines; non-JSON values are written as their ``str``, NaN as ``null``."""
    lines = (json_text(row, default=str) + "\n" for row in rows)
    return "".join(lines).encode("utf-8")


@dataclass
class TableInfo:
    """One written table file (rejects or parallel text), before and after finalizing."""

    group: str  # language (rejects) or language pair (parallel)
    bucket: int
    temp: str  # full temporary path, renamed by the finalize step
    rows: int
    bytes: int
    sha256: str
    ext: str  # "jsonl" or "parquet"
    path: str = ""  # final path relative to the output directory, set when finalized
