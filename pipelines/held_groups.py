"""Values grouped by key over a bundle's elements, sent on together.

The in-process runner's cost is per element crossing a stage boundary, so a DoFn
that would send one small group per input element (a piece per batch, a bucket per
batch) holds its groups across the bundle instead, and sends each key once when it
holds ``limit`` values or the bundle ends. What ``finish_bundle`` yields must carry
a window: :func:`in_global_window`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.windowed_value import WindowedValue

K = TypeVar("K")
V = TypeVar("V")


class HeldGroups(Generic[K, V]):
    """Lists of values by key, in the order keys were first met, and how many are held
    (``weight`` each: what the limit counts, e.g. the places a value stands for)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.groups: dict[K, list[V]] = {}
        self.held = 0

    def add(self, key: K, value: V, weight: int = 1) -> None:
        self.groups.setdefault(key, []).append(value)
        self.held += weight

    def full(self) -> bool:
        return self.held >= self.limit

    def take(self) -> list[tuple[K, list[V]]]:
        """Every group held, in first-met order; none held afterwards."""
        groups = list(self.groups.items())
        self.groups, self.held = {}, 0
        return groups


def in_global_window(values: Iterable[Any]) -> Iterator[WindowedValue]:
    """``values`` as ``finish_bundle`` must yield them (every job here is globally windowed)."""
    for value in values:
        yield GlobalWindows.windowed_value(value)
