"""A lookup translator: reuse known translations instead of running a model.

``table:PATH`` names a Parquet or TSV file with the columns ``source``,
``target_lang`` and ``translation`` (optionally ``source_lang``, default
English). Human translations, or the ``_parallel`` output of an earlier run,
become a translator that back-translation can use too: every row also answers
the reverse direction. A text the table does not know comes back empty, which
the filters reject as ``empty_output``; ``misses`` counts them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from babelshard.schemas.records import ENGLISH
from babelshard.translators.base import Translation, expand_targets

REQUIRED_COLUMNS = ("source", "target_lang", "translation")


def _normalise(text: str) -> str:
    return " ".join(text.split())


class TableTranslator:
    """A :class:`~babelshard.translators.base.Translator` answering from a table."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"table:{self.path.name}"
        self.misses = 0
        self._table: dict[tuple[str, str, str], str] = {}
        for source_lang, source, target_lang, translation in _read_rows(self.path):
            self._table.setdefault((source_lang, target_lang, _normalise(source)), translation)
            self._table.setdefault((target_lang, source_lang, _normalise(translation)), source)

    def __len__(self) -> int:
        return len(self._table)

    def target_languages(self, source_lang: str = ENGLISH) -> set[str]:
        """The languages the table can translate ``source_lang`` into."""
        return {target for source, target, _ in self._table if source == source_lang}

    def translate(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_langs: str | Sequence[str],
    ) -> list[Translation]:
        results = []
        for text, target in zip(texts, expand_targets(texts, target_langs), strict=True):
            if not text.strip():
                results.append(Translation("", None))
                continue
            found = self._table.get((source_lang, target, _normalise(text)))
            if found is None:
                self.misses += 1
            results.append(Translation(found or "", None))
        return results

    def describe(self) -> dict[str, str]:
        return {"translator": self.name, "compute_type": "lookup", "device": "none"}


def _read_rows(path: Path) -> list[tuple[str, str, str, str]]:
    if not path.is_file():
        raise FileNotFoundError(
            f"translation table {path} does not exist; pass table:PATH to a file"
        )
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        records = pq.read_table(path).to_pylist()
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if records:
        missing = [column for column in REQUIRED_COLUMNS if column not in records[0]]
        if missing:
            raise ValueError(
                f"translation table {path} lacks columns {missing}; it needs "
                f"{', '.join(REQUIRED_COLUMNS)} (and optionally source_lang)"
            )
    return [
        (
            row.get("source_lang") or ENGLISH,
            row["source"],
            row["target_lang"],
            row["translation"],
        )
        for row in records
        if row["source"] and row["translation"]
    ]
