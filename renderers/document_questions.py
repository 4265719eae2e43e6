"""Reading questions about a document scene, in its language: answers are read off the image.

The title, the n-th item of a list, a table cell (the one below a named cell) and the
word after a named word: the kinds of question SMPQA and Centurio's instruction mix
ask of text in images. Templates are English, translated once per language with the
chart templates (:func:`babelshard.renderers.chart_questions.translate_templates`);
a question is asked only where its answer is unambiguous on the page.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from babelshard.renderers.chart_questions import QuestionTemplates, qa_entry

DOCUMENT_TEMPLATES: Final[dict[str, str]] = {
    "doc.title": "What is the title of this document?",
    "doc.list.1": "What does the first item of the list say?",
    "doc.list.2": "What does the second item of the list say?",
    "doc.list.3": "What does the third item of the list say?",
    "doc.list.last": "What does the last item of the list say?",
    "doc.table.below": 'In the table, what is written below "{label}"?',
    "doc.next_word": 'Which word comes right after "{label}" in the text?',
}


@dataclass(frozen=True)
class PageText:
    """What a scene's page says, by role, as the questions need it."""

    title: str
    lists: Sequence[Sequence[str]] = ()  # each list's items, without markers
    tables: Sequence[Sequence[Sequence[str]]] = ()  # each table's rows of cells
    running: Sequence[Sequence[str]] = ()  # words of each paragraph or column block


def _list_question(items: Sequence[str], rng: random.Random) -> tuple[str, str]:
    keys = [f"doc.list.{n}" for n in (1, 2, 3) if n <= len(items)] + ["doc.list.last"]
    key = rng.choice(keys)
    index = len(items) - 1 if key.endswith("last") else int(key.rsplit(".", 1)[1]) - 1
    return key, items[index]


def _below_question(rows: Sequence[Sequence[str]], rng: random.Random) -> tuple[str, str] | None:
    counts = Counter(cell for row in rows for cell in row)
    pairs = [
        (row[c], below[c])
        for row, below in itertools.pairwise(rows)
        for c in range(min(len(row), len(below)))
        if counts[row[c]] == 1
    ]
    return rng.choice(pairs) if pairs else None


def _next_word_question(
    blocks: Sequence[Sequence[str]], rng: random.Random
) -> tuple[str, str] | None:
    counts = Counter(word for block in blocks for word in block)
    pairs = [
        (word, after)
        for block in blocks
        for word, after in itertools.pairwise(block)
        if counts[word] == 1
    ]
    return rng.choice(pairs) if pairs else None


def ask_document(
    templates: QuestionTemplates, page: PageText, rng: random.Random, limit: int = 4
) -> list[dict[str, Any]]:
    """Up to ``limit`` questions, one per kind the page allows, in a seeded order."""
    text = templates.templates
    asked: list[dict[str, Any]] = []
    if page.title and "doc.title" in text:
        asked.append(qa_entry(templates, "doc.title", text["doc.title"], page.title, "title"))
    for items in page.lists[:1]:
        key, answer = _list_question(items, rng)
        asked.append(qa_entry(templates, key, text[key], answer, "list_item"))
    for rows in page.tables[:1]:
        found = _below_question(rows, rng)
        if found:
            question = text["doc.table.below"].replace("{label}", found[0])
            asked.append(qa_entry(templates, "doc.table.below", question, found[1], "table_cell"))
    found = _next_word_question(page.running, rng)
    if found:
        question = text["doc.next_word"].replace("{label}", found[0])
        asked.append(qa_entry(templates, "doc.next_word", question, found[1], "next_word"))
    rng.shuffle(asked)
    return asked[:limit]
