"""Small helpers shared by the reader tests."""

from __future__ import annotations

from typing import Any

from babelshard.schemas.records import RejectRecord, Sample


def split(items: list) -> tuple[list[Sample], list[RejectRecord]]:
    samples = [i for i in items if isinstance(i, Sample)]
    rejects = [i for i in items if isinstance(i, RejectRecord)]
    assert len(samples) + len(rejects) == len(items)
    return samples, rejects


def at_path(document: Any, path: list[str | int]) -> Any:
    """Follow a ``meta["text_paths"]`` entry into ``meta["original"]``."""
    for step in path:
        document = document[step]
    return document
