"""Sample keys: the one alphabet every key, language folder and table group is written in.

WebDataset splits a member name at its first dot, and slashes would make
folders, so a key uses only ``A-Za-z0-9_-``. Readers build keys as
``{dataset}-{id}``, the translate job adds the target language, and the writer
refuses any record whose key is not in the alphabet.
"""

from __future__ import annotations

import re

KEY_CHARS = "A-Za-z0-9_-"
"""The key alphabet, as a regular-expression character class body."""

_UNSAFE = re.compile(f"[^{KEY_CHARS}]")
_KEY = re.compile(f"^[{KEY_CHARS}]+$")


def safe_key(text: str) -> str:
    """``text`` with every character outside the key alphabet replaced by ``_``.

    Replacing can merge distinct texts (``a.b``, ``a_b``); callers that need
    unique keys add a hash where something was replaced (see the readers).
    """
    return _UNSAFE.sub("_", text)


def is_key(text: str) -> bool:
    """True if ``text`` is a non-empty string of the key alphabet."""
    return bool(_KEY.match(text))


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a WebDataset key, or None if it can."""
    if not key:
        return "empty key"
    if not is_key(key):
        return f"key {key!r} has characters other than {KEY_CHARS} (dots and slashes break it)"
    return None


def output_key(sample_key: str, lang: str) -> str:
    """A dataset-wide unique, dot-free key for a sample in one language."""
    return safe_key(f"{sample_key}-{lang}")
