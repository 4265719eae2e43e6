"""How values cross a stage boundary: pickled once, or, in one process, by reference.

The in-process runner (FnApiRunner) encodes every element at every stage
boundary (a shuffle, a side input's wait, a Flatten of several inputs, which it
always materialises), and its default coder pickles each record inside a list
one by one. A batch packed once crosses as bytes, which are copied: so the
translate job moves its samples, pieces and records between stages packed.

Where every stage runs in this very process (the in-memory FnApiRunner), even
that is more than needed: the translate job's samples wait for their pieces and
its records for their shard bucket as Python objects, and only a ticket crosses
the shuffle (:class:`InProcess`). A :class:`Carrier` is the one choice the stages
share: ``send`` where a value leaves a stage, ``receive`` where a later one takes
it, whatever crosses in between.
"""

from __future__ import annotations

import itertools
import pickle
import uuid
from typing import Any

from apache_beam import coders


def packed(value: Any) -> bytes:
    """``value`` pickled once (:func:`unpacked` gives it back)."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpacked(data: bytes) -> Any:
    return pickle.loads(data)


class Batch(list):
    """A batch of records (samples, planned samples) as one element, with its own coder.

    Beam estimates the size of some elements of every stage's output for its
    metrics by encoding them; a plain list of records is encoded record by record,
    each pickled on its own (about 4% of a 100k-sample run's CPU, for figures
    nothing reads). A ``Batch`` output (``.with_output_types(Batch)``) is pickled
    whole where it really crosses a boundary, and sized by its length."""


class BatchCoder(coders.Coder):
    """:class:`Batch` pickled once (:func:`packed`); its size estimated, not encoded."""

    RECORD_BYTES = 1024
    """The size Beam's metrics are given per record of a batch (nothing decides on it)."""

    def encode(self, value: Batch) -> bytes:
        return packed(value)

    def decode(self, encoded: bytes) -> Batch:
        return unpacked(encoded)

    def is_deterministic(self) -> bool:
        return False

    def estimate_size(self, value: Batch) -> int:
        return self.RECORD_BYTES * len(value)

    def to_type_hint(self) -> type:
        return Batch


coders.registry.register_coder(Batch, BatchCoder)


class Carrier:
    """Packs values for a later stage (:func:`packed`); works on every runner."""

    def send(self, value: Any) -> Any:
        """What crosses the stage boundary in ``value``'s place (picklable)."""
        return packed(value)

    def receive(self, sent: Any) -> Any:
        """The value ``send`` gave ``sent`` for; each is received once."""
        return unpacked(sent)

    def close(self) -> None:
        """Drop whatever this carrier still holds (the job is over)."""

    def __enter__(self) -> Carrier:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


PACKED = Carrier()

# What InProcess carriers hold, by carrier token, then ticket. Module-level: Beam
# pickles the stages' DoFns (and the carrier with them) and unpickles them in this
# same process, where the token finds the same values.
_HELD: dict[str, dict[int, Any]] = {}
_TICKETS = itertools.count()


class InProcess(Carrier):
    """Holds each value here and sends an int ticket in its place: nothing is pickled,
    copied or decoded on the way. Only for a job whose stages all run in the process
    that made the carrier (``runners.runs_in_this_process``); close it when the job ends.
    """

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        _HELD[self.token] = {}

    def send(self, value: Any) -> int:
        ticket = next(_TICKETS)
        self._held()[ticket] = value
        return ticket

    def receive(self, sent: int) -> Any:
        return self._held().pop(sent)

    def close(self) -> None:
        _HELD.pop(self.token, None)

    def _held(self) -> dict[int, Any]:
        held = _HELD.get(self.token)
        if held is None:
            raise RuntimeError(
                "an in-process carrier was used outside the process (or after the job) "
                "that made it; remote and multi-process runners need packed values"
            )
        return held
