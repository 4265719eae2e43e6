"""What a scene's paper says: a title, then paragraphs, lists, two-column text and a table.

SynthDoG fills text boxes with running corpus text; a reader of real documents also
meets headings, numbered and bulleted lists and tables, and reading questions need
them (the title, the n-th item, a cell). Everything here is cut from the one text the
sample carries, in its order, so the ground truth is that text (no repetition).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from babelshard.renderers.charts import label_candidates
from babelshard.renderers.scripts import ScriptInfo
from babelshard.renderers.unicode_text import graphemes, line_segments, sentences, words

BLOCK_KINDS = ("paragraph", "list", "columns", "table")

# Clause ends to split a sentence at when a list needs more items than there are sentences.
_CLAUSE = re.compile(r"(?<=[,;:،؛、，；])\s*")


@dataclass(frozen=True)
class ContentBlock:
    """One block of a page in reading order.

    ``items``: the title's or a paragraph's text (one item), a list's items (markers
    not included), or a table's cells row by row (``columns`` per row).
    """

    kind: str  # "title" | "paragraph" | "list" | "columns" | "table"
    items: tuple[str, ...]
    columns: int = 1


def _title(sentence: str, info: ScriptInfo, rng: random.Random) -> str:
    """The head of the first sentence: a few words (or, unspaced, a few line-break units)."""
    if info.spaced:
        head = " ".join(sentence.split()[: rng.randint(2, 6)])
    else:
        head, length = "", 0
        for segment in line_segments(sentence, info.bcp47):
            head += segment
            length += len(graphemes(segment, info.bcp47))
            if length >= rng.randint(4, 10):
                break
    return _strip_punctuation(head) or sentence.strip()


def _strip_punctuation(text: str) -> str:
    """``text`` without trailing spaces and punctuation (any script's: "।", "。", "،")."""
    text = text.rstrip()
    while text and unicodedata.category(text[-1]).startswith("P"):
        text = text[:-1].rstrip()
    return text


def _clauses(sentence: str, info: ScriptInfo) -> list[str]:
    """A sentence cut at commas (and, in scripts without word spaces, at spaces)."""
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p.strip()]
    if not info.spaced:
        parts = [q for p in parts for q in p.split()]
    return parts


def _join(parts: Sequence[str], info: ScriptInfo) -> str:
    return (" " if info.spaced or info.script not in ("Hans", "Hant", "Jpan") else "").join(parts)


def plan_content(
    paragraphs: Sequence[str],
    info: ScriptInfo,
    rng: random.Random,
    weights: dict[str, float],
    max_blocks: int,
) -> list[ContentBlock]:
    """A title and up to ``max_blocks`` blocks drawn by ``weights``, in text order."""
    pool = [s for p in paragraphs for s in sentences(p, info.bcp47)]
    if not pool:
        return []
    blocks = [ContentBlock("title", (_title(pool[0], info, rng),))]
    kinds = [k for k in BLOCK_KINDS if weights.get(k, 0) > 0]
    if not kinds:
        kinds = ["paragraph"]
    table_done = False
    while pool and len(blocks) <= max_blocks:
        kind = rng.choices(kinds, weights=[weights.get(k, 1.0) for k in kinds])[0]
        if kind == "table" and table_done:
            kind = "paragraph"
        if kind == "list":
            want = rng.randint(2, 5)
            if len(pool) == 1:  # one sentence left: list its clauses, keep the rest
                clauses = _clauses(pool[0], info)
                if len(clauses) >= 2:
                    blocks.append(ContentBlock("list", tuple(clauses[:want])))
                    rest = _join(clauses[want:], info)
                    pool[:] = [rest] if rest else []
                    continue
            elif len(pool) >= 2:
                blocks.append(ContentBlock("list", tuple(pool[:want])))
                del pool[:want]
                continue
            kind = "paragraph"
        if kind == "table":
            table_done = True
            title_words = {w.casefold() for w in words(blocks[0].items[0], info.bcp47)}
            cells = [
                word
                for word in label_candidates(" ".join(pool), info)
                if word.casefold() not in title_words
            ]
            columns = rng.randint(2, 3)
            rows = min(rng.randint(2, 5), len(cells) // columns)
            if rows >= 2:
                blocks.append(ContentBlock("table", tuple(cells[: rows * columns]), columns))
            continue  # a table quotes words of the text; the sentences stay in the pool
        take = rng.randint(1, 3) if kind == "paragraph" else rng.randint(2, 5)
        blocks.append(ContentBlock(kind, (_join(pool[:take], info),)))
        del pool[:take]
    return blocks
