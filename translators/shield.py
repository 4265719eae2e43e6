"""Find spans the translator must not touch, and swap them for numbered placeholders.

Scheme (and why): inline spans inside a sentence (URLs, e-mail addresses, `code
spans`, mid-sentence ``<tag>`` placeholders) are replaced by short numbered
placeholders ``[1]``, ``[2]`` … before translation and put back afterwards. The
model keeps the sentence's context (translating the words around a URL
separately reads badly), a short token is far less likely to be mangled than a
long URL that SentencePiece shreds into dozens of pieces, and identical
sentences that differ only in their URL deduplicate to one translation.

NLLB is not trained to copy placeholders and is known to drop or rewrite some
of them (CTranslate2 issue #1798), so restoring is tolerant of what models do
to such tokens — spaces inside the brackets, full-width brackets, native digits
(``[١]``) — and strict about the result: every placeholder must come back
exactly once, otherwise :class:`PlaceholderLost` says which piece lost what.
The caller then rejects with reason ``placeholder_lost`` or re-segments with
``shield="split"``, which keeps every span out of the model entirely (it
translates the text around a span as separate pieces and never loses a span).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from babelshard.schemas.reasons import PLACEHOLDER_LOST

_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")  # maximal backtick runs, as CommonMark
_URL = re.compile(r"(?:(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+", re.IGNORECASE)
# Unicode letters are allowed in both halves (internationalised addresses).
_EMAIL = re.compile(
    r"(?<![\w+-])[^\W_][\w.%+-]*@[^\W_](?:[\w-]*[^\W_])?"
    r"(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}\b"
)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[^<>]*)?/?>")
_URL_TRAILING = ".,;:!?'\"*_"
_BRACKETS = {")": "(", "]": "[", "}": "{"}

#: What a placeholder may look like after translation: tolerant of spacing,
#: full-width or CJK brackets and non-ASCII decimal digits.
PLACEHOLDER_RE = re.compile(r"[\[［【〔]\s*(\d{1,3})\s*[\]］】〕]")


@dataclass(frozen=True)
class Span:
    """A protected region ``text[start:end]``; ``kind`` is code, url, email or tag."""

    start: int
    end: int
    kind: str


class PlaceholderLost(ValueError):
    """A translation dropped, duplicated or invented a placeholder.

    ``pieces`` maps each failing piece index to a short description, so the
    pipeline can reject the sample with ``reason`` instead of writing broken text.
    """

    reason = PLACEHOLDER_LOST

    def __init__(self, pieces: dict[int, str]) -> None:
        self.pieces = dict(pieces)
        detail = "; ".join(f"piece {i}: {why}" for i, why in sorted(self.pieces.items()))
        super().__init__(f"placeholder lost in translation ({detail})")


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and unbalanced closing brackets from a URL's end."""
    while end > start:
        last = text[end - 1]
        if last in _URL_TRAILING:
            end -= 1
        elif last in _BRACKETS:
            inner = text[start : end - 1]
            if inner.count(_BRACKETS[last]) > inner.count(last):
                break
            end -= 1
        else:
            break
    return end


def find_spans(text: str) -> list[Span]:
    """Protected spans of one line, sorted and non-overlapping.

    Code spans win over everything (a URL inside backticks is code); then URLs,
    e-mail addresses and ``<tags>``.
    """
    found: list[Span] = []
    taken = bytearray(len(text))

    def take(start: int, end: int, kind: str) -> None:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append(Span(start, end, kind))

    for match in _CODE.finditer(text):
        take(match.start(), match.end(), "code")
    for match in _URL.finditer(text):
        end = _trim_url(text, match.start(), match.end())
        if end - match.start() > len("www."):
            take(match.start(), end, "url")
    for kind, pattern in (("email", _EMAIL), ("tag", _TAG)):
        for match in pattern.finditer(text):
            take(match.start(), match.end(), kind)
    return sorted(found, key=lambda s: s.start)


def placeholder(number: int) -> str:
    """The token that stands for the ``number``-th span of a piece (1-based)."""
    return f"[{number}]"


def has_placeholder_lookalike(text: str) -> bool:
    """True if ``text`` already contains something restore would read as a placeholder."""
    return PLACEHOLDER_RE.search(text) is not None


def restore(translation: str, originals: Sequence[str]) -> str:
    """Put ``originals`` back in place of ``[1]`` … ``[n]`` in ``translation``.

    Raises ``ValueError`` (with a short reason) if any placeholder is missing,
    repeated or unknown: a guess would silently emit broken text.
    """
    if not originals:
        return translation
    matches = list(PLACEHOLDER_RE.finditer(translation))
    numbers = [int(m.group(1)) for m in matches]
    expected = list(range(1, len(originals) + 1))
    if sorted(numbers) != expected:
        missing = sorted(set(expected) - set(numbers))
        extra = sorted(n for n in set(numbers) if numbers.count(n) > 1 or n not in expected)
        raise ValueError(f"expected placeholders {expected}, missing {missing}, extra {extra}")
    out: list[str] = []
    cursor = 0
    for match, number in zip(matches, numbers, strict=True):
        out.append(translation[cursor : match.start()])
        out.append(originals[number - 1])
        cursor = match.end()
    out.append(translation[cursor:])
    return "".join(out)
