"""Values that cross a stage boundary of the in-process runner as one pickle, not many.

The in-process runner (FnApiRunner) encodes every element at every stage
boundary (a shuffle, a side input's wait, a Flatten of several inputs, which it
always materialises), and its default coder pickles each record inside a list
one by one. A batch packed once crosses as bytes, which are copied: so the
translate job moves its samples, pieces and records between stages packed.
"""

from __future__ import annotations

import pickle
from typing import Any


def packed(value: Any) -> bytes:
    """``value`` pickled once (:func:`unpacked` gives it back)."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpacked(data: bytes) -> Any:
    return pickle.loads(data)
