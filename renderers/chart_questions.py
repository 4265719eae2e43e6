"""SMPQA-style questions about a chart, in the chart's language.

English templates are translated once per language through any object with the
``Translator`` protocol's ``translate`` method (``babelshard.translators.base``; typed
structurally here because renderers import only ``schemas``). A grounding template carries its label
as a quoted ``"X"`` placeholder; if the translation loses or duplicates it, that
template stays English (the question's ``lang`` says so) rather than asking about the
wrong word.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from babelshard.schemas.records import ENGLISH

PLACEHOLDER: Final = "X"
_PLACEHOLDER_RE = re.compile(r"(?<![A-Za-z])X(?![A-Za-z])")


class _Hypothesis(Protocol):
    text: str


class Translator(Protocol):
    """The part of ``babelshard.translators.base.Translator`` the templates need."""

    def translate(
        self, texts: Sequence[str], source_lang: str, target_langs: str | Sequence[str]
    ) -> Sequence[_Hypothesis]: ...


# key -> English template; {label} marks where a label goes.
TEMPLATES: Final[dict[str, str]] = {
    "bar.largest.yes_no": 'Is the bar labelled "{label}" the largest?',
    "bar.smallest.yes_no": 'Is the bar labelled "{label}" the smallest?',
    "bar.largest.name": "What is the label of the largest bar?",
    "bar.smallest.name": "What is the label of the smallest bar?",
    "pie.largest.yes_no": 'Is the slice labelled "{label}" the largest?',
    "pie.smallest.yes_no": 'Is the slice labelled "{label}" the smallest?',
    "pie.largest.name": "What is the label of the largest slice?",
    "pie.smallest.name": "What is the label of the smallest slice?",
    "yes": "Yes",
    "no": "No",
}


@dataclass(frozen=True)
class QuestionTemplates:
    """One language's templates; ``english`` lists keys that fell back to English."""

    lang: str
    templates: dict[str, str]
    english: frozenset[str] = field(default_factory=frozenset)

    def to_json(self) -> dict[str, Any]:
        return {"lang": self.lang, "templates": self.templates, "english": sorted(self.english)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuestionTemplates:
        return cls(data["lang"], dict(data["templates"]), frozenset(data.get("english", ())))


def english_templates() -> QuestionTemplates:
    return QuestionTemplates(ENGLISH, dict(TEMPLATES))


def _restore_placeholder(translated: str) -> str | None:
    """The translated template with ``{label}`` back in place, or None if it was lost."""
    if len(_PLACEHOLDER_RE.findall(translated)) != 1 or "{" in translated:
        return None
    return _PLACEHOLDER_RE.sub("{label}", translated)


def translate_templates(
    translator: Translator, langs: Sequence[str], source: Mapping[str, str] = TEMPLATES
) -> dict[str, QuestionTemplates]:
    """Translate every template (chart ones by default) into every language, one batch each."""
    keys = list(source)
    sources = [source[k].replace("{label}", PLACEHOLDER) for k in keys]
    out: dict[str, QuestionTemplates] = {}
    for lang in langs:
        if lang == ENGLISH:
            out[lang] = QuestionTemplates(ENGLISH, dict(source))
            continue
        results = translator.translate(sources, ENGLISH, lang)
        templates: dict[str, str] = {}
        english: set[str] = set()
        for key, result in zip(keys, results, strict=True):
            text = result.text.strip()
            if "{label}" in source[key]:
                text = _restore_placeholder(text) or ""
            if not text:
                text = source[key]
                english.add(key)
            templates[key] = text
        out[lang] = QuestionTemplates(lang, templates, frozenset(english))
    return out


def ask(
    templates: QuestionTemplates,
    chart: str,
    labels: Sequence[str],
    values: Sequence[float],
    rng: random.Random,
) -> list[dict[str, Any]]:
    """Grounding (yes/no) and naming questions about the largest and smallest item."""
    largest = labels[max(range(len(values)), key=values.__getitem__)]
    smallest = labels[min(range(len(values)), key=values.__getitem__)]
    qa: list[dict[str, Any]] = []
    for extreme, target in (("largest", largest), ("smallest", smallest)):
        key = f"{chart}.{extreme}.name"
        qa.append(qa_entry(templates, key, templates.templates[key], target, "naming"))
        key = f"{chart}.{extreme}.yes_no"
        # Ask about the right label half of the time, so "yes" and "no" are balanced.
        label = target if rng.random() < 0.5 else rng.choice([x for x in labels if x != target])
        question = templates.templates[key].replace("{label}", label)
        answer_key = "yes" if label == target else "no"
        qa.append(qa_entry(templates, key, question, "", "grounding", answer_key))
    return qa


def qa_entry(
    templates: QuestionTemplates,
    key: str,
    question: str,
    answer: str,
    kind: str,
    answer_key: str | None = None,
) -> dict[str, Any]:
    """One question and its answer, with the language each is really in.

    ``answer_key`` names a template that is the answer ("yes"); otherwise the answer is
    text read off the image, in the sample's language.
    """
    question_lang = ENGLISH if key in templates.english else templates.lang
    answer_lang = templates.lang
    if answer_key is not None:
        answer = templates.templates[answer_key]
        if answer_key in templates.english:
            answer_lang = ENGLISH
    return {
        "type": kind,
        "template": key,
        "question": question,
        "answer": answer,
        "question_lang": question_lang,
        "answer_lang": answer_lang,
    }


def conversation(qa: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The questions as one LLaVA-style conversation; the first turn carries ``<image>``."""
    turns: list[dict[str, str]] = []
    for i, item in enumerate(qa):
        question = f"<image>\n{item['question']}" if i == 0 else item["question"]
        turns += [{"from": "human", "value": question}, {"from": "gpt", "value": item["answer"]}]
    return turns
