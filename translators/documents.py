"""Translate whole texts (paragraphs, lists, markup) with a sentence-level translator.

The Beam pipeline does the same in stages (segment, dedup, translate,
reassemble); this is the in-process version for the CLI and notebooks.
"""

from __future__ import annotations

from collections.abc import Sequence

from babelshard.translators.base import Translator
from babelshard.translators.segment import SegmentedText, segment_text
from babelshard.translators.shield import PlaceholderLost


def translate_documents(
    translator: Translator,
    texts: Sequence[str],
    source_lang: str,
    target_lang: str,
    *,
    max_tokens: int = 200,
) -> list[str]:
    """Translate each text piece by piece, each distinct piece once, keeping its layout.

    If the model drops a shielded URL or code span, the text is translated again
    with those spans cut out of the sentences (``shield="split"``), which never
    loses them.
    """
    layouts = [segment_text(text, lang=source_lang, max_tokens=max_tokens) for text in texts]
    results = _translate_layouts(translator, layouts, source_lang, target_lang)
    retry = [i for i, result in enumerate(results) if result is None]
    if retry:
        split = [
            segment_text(texts[i], lang=source_lang, max_tokens=max_tokens, shield="split")
            for i in retry
        ]
        for index, result in zip(
            retry, _translate_layouts(translator, split, source_lang, target_lang), strict=True
        ):
            results[index] = result
    return [result if result is not None else "" for result in results]


def _translate_layouts(
    translator: Translator, layouts: list[SegmentedText], source_lang: str, target_lang: str
) -> list[str | None]:
    unique = sorted({piece for layout in layouts for piece in layout.pieces})
    translated = dict(
        zip(
            unique,
            (t.text for t in translator.translate(unique, source_lang, target_lang)),
            strict=True,
        )
    )
    results: list[str | None] = []
    for layout in layouts:
        try:
            results.append(layout.reassemble([translated[piece] for piece in layout.pieces]))
        except PlaceholderLost:
            results.append(None)
    return results
