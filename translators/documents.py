"""Translate whole texts (paragraphs, lists, markup) with a sentence-level translator.

One segment -> translate -> reassemble implementation, used twice: in process
by :func:`translate_documents` (the ``babelshard translate`` command,
notebooks), and in stages by the translate job, which cuts texts with the same
:class:`Segmenter`, translates the unique pieces on workers, and puts each
turn back together with :func:`reassemble` (``pipelines/assemble.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from babelshard.translators.base import Translator
from babelshard.translators.segment import SegmentedText, ShieldMode, segment_text
from babelshard.translators.shield import PlaceholderLost

SEGMENT_CACHE_SIZE = 4096
"""Recent (text, language) cuts a :class:`Segmenter` keeps."""


class Segmenter:
    """``segment_text`` through a small least-recently-used cache.

    Pieces depend only on the text and its language, and corpora repeat texts
    (a sample under several target languages, stock prompts, short answers,
    duplicate captions), so recent cuts are kept: sentence splitting is the
    costliest per-sample step before translation. Cuts are never mutated.
    """

    def __init__(
        self,
        max_tokens: int = 200,
        cache_size: int = SEGMENT_CACHE_SIZE,
        shield: ShieldMode = "placeholder",
    ) -> None:
        self.max_tokens = max_tokens
        self.cache_size = cache_size
        self.shield = shield
        self._cuts: OrderedDict[tuple[str, str], SegmentedText] = OrderedDict()

    def __call__(self, text: str, lang: str) -> SegmentedText:
        cut = self._cuts.get((text, lang))
        if cut is not None:
            self._cuts.move_to_end((text, lang))
            return cut
        cut = segment_text(text, lang=lang, max_tokens=self.max_tokens, shield=self.shield)
        self._cuts[(text, lang)] = cut
        if len(self._cuts) > self.cache_size:
            self._cuts.popitem(last=False)
        return cut


def reassemble(layout: SegmentedText, translations: Sequence[str]) -> str | None:
    """The text rebuilt around its pieces' translations; None if a shielded span was lost."""
    try:
        return layout.reassemble(translations)
    except PlaceholderLost:
        return None


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
    cut = Segmenter(max_tokens)
    layouts = [cut(text, source_lang) for text in texts]
    results = _translate_layouts(translator, layouts, source_lang, target_lang)
    retry = [i for i, result in enumerate(results) if result is None]
    if retry:
        split = Segmenter(max_tokens, shield="split")
        again = [split(texts[i], source_lang) for i in retry]
        for index, result in zip(
            retry, _translate_layouts(translator, again, source_lang, target_lang), strict=True
        ):
            results[index] = result
    return [result if result is not None else "" for result in results]


def _translate_layouts(
    translator: Translator, layouts: list[SegmentedText], source_lang: str, target_lang: str
) -> list[str | None]:
    """Translate every distinct piece of ``layouts`` once; reassemble each layout."""
    unique = sorted({piece for layout in layouts for piece in layout.pieces})
    translations = translator.translate(unique, source_lang, target_lang)
    translated = dict(zip(unique, (t.text for t in translations), strict=True))
    return [reassemble(layout, [translated[p] for p in layout.pieces]) for layout in layouts]
