"""Genuine and broken translations made from real human translations (gettext catalogs).

Every broken kind is a corruption of a *real* translation of the failure modes
reported for NLLB and MT at scale, paired with the back-translation a real run
would see (a truncated translation back-translates to a truncated source, an
appended sentence comes back as an appended English sentence, English left in
the output comes back as the same English, a translation of another message comes
back as that message's English). Genuine translations come back as
their source: that is what the ``table:`` backend serves, so back-translation
checks are measured at their most lenient here and must keep a wide margin
(``docs/filters.md``).

``split_of`` puts every English message in ``calibration`` or ``heldout`` by a
hash, the same for every language, so anything fitted on one part is scored on
the other. ``bench/quality.py`` reports on the held-out part; the tests use
small fixed cases built with the same functions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from babelshard.filters.confusables import confusable_group
from babelshard.filters.policy import target_script
from babelshard.schemas.records import TranslatedSegment

SPACELESS_SCRIPTS = frozenset({"Hans", "Hant", "Jpan", "Thai", "Khmr", "Laoo", "Mymr", "Tibt"})
GENUINE = "genuine"
GENUINE_STRUCTURED = "genuine_structured"
# Real translations whose back-translation is a human paraphrase of the source, and
# the same translations truncated and with a sentence appended (``round_trip_cases``).
GENUINE_ROUND_TRIP = "genuine_round_trip"
ROUND_TRIP_BROKEN_KINDS = ("truncated_round_trip", "addition_round_trip")
BROKEN_KINDS = (
    "truncated",
    "addition",
    "other_message",
    "partial",
    "script_variant",
    "same_script_language",
    "other_script_language",
    "source_copy",
    "loop",
    "options_lost",
    "lines_merged",
    "number_changed",
    "placeholder_lost",
)

# Sentence and clause boundaries in the scripts of the catalogs.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?。！？؟।။։።])\s+|(?<=[。！？])")
_CLAUSE_END_RE = re.compile(r"(?<=[,;:，；：、،؛])\s*")
_DIGIT_RE = re.compile(r"\d")

# Serbian Cyrillic -> Latin (the official 1:1 transliteration).
SERBIAN_LATIN = str.maketrans(
    {
        **dict(zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš", strict=True)),
        **dict(zip("АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ", "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ", strict=True)),
        "љ": "lj",
        "њ": "nj",
        "џ": "dž",
        "Љ": "Lj",
        "Њ": "Nj",
        "Џ": "Dž",
    }
)


@dataclass(frozen=True)
class Case:
    """One benchmark segment: what it is, and whether a good filter keeps it."""

    kind: str
    segment: TranslatedSegment

    @property
    def genuine(self) -> bool:
        return self.kind in (GENUINE, GENUINE_STRUCTURED, GENUINE_ROUND_TRIP)


def digest(key: str) -> int:
    """A deterministic integer of ``key`` (stable across runs and hash seeds)."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16)


def split_of(source: str) -> str:
    """``calibration`` or ``heldout`` for an English message, half each."""
    return "heldout" if digest("split:" + source) % 2 else "calibration"


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [p for p in pattern.split(text) if p.strip()]


def _words(text: str, script: str) -> list[str]:
    return list(text) if script in SPACELESS_SCRIPTS else text.split()


def _join(words: list[str], script: str) -> str:
    return ("" if script in SPACELESS_SCRIPTS else " ").join(words)


def truncate(source: str, translation: str, script: str) -> tuple[str, str] | None:
    """(truncated translation, its back-translation): the last sentence or clause lost.

    Where source and translation split into the same number of sentences (or
    clauses) the last one goes from both; otherwise the last 40% of the words
    go from both, as a decoder that stopped early leaves them.
    """
    for pattern in (_SENTENCE_END_RE, _CLAUSE_END_RE):
        src, hyp = _pieces(source, pattern), _pieces(translation, pattern)
        if len(src) == len(hyp) >= 2:
            sep = "" if script in SPACELESS_SCRIPTS else " "
            return sep.join(hyp[:-1]).strip(), " ".join(src[:-1]).strip()
    src_words, hyp_words = source.split(), _words(translation, script)
    if len(src_words) < 4 or len(hyp_words) < 4:
        return None
    keep_src = max(2, round(0.6 * len(src_words)))
    keep_hyp = max(2, round(0.6 * len(hyp_words)))
    return _join(hyp_words[:keep_hyp], script).strip(), " ".join(src_words[:keep_src])


def add_sentence(
    source: str, translation: str, other: tuple[str, str], script: str
) -> tuple[str, str]:
    """(translation with an unrelated real sentence appended, its back-translation)."""
    sep = "" if script in SPACELESS_SCRIPTS else " "
    return translation + sep + other[1], source + " " + other[0]


def other_message(pairs: list[tuple[str, str]], i: int) -> tuple[str, str] | None:
    """(a fluent translation of another message, its back-translation): the one before
    ``pairs[i]``, as a batch misaligned by one gives it, or a detached hallucination
    (fluent text about something else). A real run back-translates it to that other
    message's English, which is what it comes with. None where the two translations
    are the same (catalogs that give two messages one translation).
    """
    en, tr = pairs[i]
    other_en, other_tr = pairs[i - 1]
    if other_en == en or other_tr == tr:
        return None
    return other_tr, other_en


def leave_english(source: str, translation: str, script: str) -> tuple[str, str] | None:
    """(translation whose second half is the source's English, its back-translation).

    A model that gives up mid-sentence copies the rest of the source: the
    first 50% of the translation, then at least three English words.
    """
    src_words, hyp_words = source.split(), _words(translation, script)
    if len(src_words) < 6 or len(hyp_words) < 2:
        return None
    cut_src = len(src_words) // 2
    cut_hyp = max(1, len(hyp_words) // 2)
    mixed = _join(hyp_words[:cut_hyp], script) + " " + " ".join(src_words[cut_src:])
    return mixed, source


def wrong_variant(target: str, translation: str) -> str | None:
    """The same translation in the other script variant of ``target``, or None.

    Simplified <-> Traditional Chinese through ``zhconv`` (MediaWiki's tables),
    Serbian Cyrillic -> Latin by the official transliteration.
    """
    if target in ("zho_Hans", "zho_Hant"):
        import zhconv

        variant = zhconv.convert(translation, "zh-hant" if target == "zho_Hans" else "zh-hans")
    elif target == "srp_Cyrl":
        variant = translation.translate(SERBIAN_LATIN)
    else:
        return None
    return variant if variant != translation else None


def change_number(source: str, translation: str) -> tuple[str, str] | None:
    """(translation with one digit changed, its back-translation with the same change)."""
    hyp_digits = list(_DIGIT_RE.finditer(translation))
    src_digits = list(_DIGIT_RE.finditer(source))
    if not hyp_digits or not src_digits:
        return None
    h, s = hyp_digits[-1], src_digits[-1]
    new = str((int(h.group(0)) + 3) % 10)
    return (
        translation[: h.start()] + new + translation[h.end() :],
        source[: s.start()] + new + source[s.end() :],
    )


def options_block(items: list[tuple[str, str]]) -> tuple[str, str]:
    """A multiple-choice block (``A. …`` lines) in English and in translation."""
    letters = "ABCD"
    src = "\n".join(f"{letters[i]}. {en}" for i, (en, _) in enumerate(items))
    hyp = "\n".join(f"{letters[i]}. {tr}" for i, (_, tr) in enumerate(items))
    return src, hyp


def cases(
    code: str,
    pairs: list[tuple[str, str]],
    others: Mapping[str, Mapping[str, str]],
    number_pairs: list[tuple[str, str]] = (),
) -> Iterator[Case]:
    """Every genuine and broken case for one target language.

    ``pairs`` are (English, translation) sentence pairs of ``code``; ``others``
    holds the other languages' messages (for another-language cases);
    ``number_pairs`` are pairs whose English and translation carry the same
    numbers (for the changed-number case).
    """
    script = target_script(code)
    group = confusable_group(code)
    same = sorted(c for c in others if target_script(c) == script and c not in group)
    far = sorted(c for c in others if target_script(c) != script and c not in group)
    for i, (en, tr) in enumerate(pairs):
        key = f"{code}:{en}"
        yield Case(GENUINE, TranslatedSegment(en, tr, code, back_translation=en))
        yield Case("source_copy", TranslatedSegment(en, en, code, back_translation=en))
        truncated = truncate(en, tr, script)
        if truncated:
            yield Case("truncated", TranslatedSegment(en, truncated[0], code, truncated[1]))
        other = pairs[(i + 1 + digest(key) % max(1, len(pairs) - 1)) % len(pairs)]
        if other[0] != en:
            added = add_sentence(en, tr, other, script)
            yield Case("addition", TranslatedSegment(en, added[0], code, added[1]))
        misaligned = other_message(pairs, i)
        if misaligned:
            yield Case("other_message", TranslatedSegment(en, misaligned[0], code, misaligned[1]))
        partial = leave_english(en, tr, script)
        if partial:
            yield Case("partial", TranslatedSegment(en, partial[0], code, partial[1]))
        variant = wrong_variant(code, tr)
        if variant:
            yield Case("script_variant", TranslatedSegment(en, variant, code, back_translation=en))
        for kind, langs in (("same_script_language", same), ("other_script_language", far)):
            have = [c for c in langs if en in others[c] and others[c][en] != tr]
            if have:
                wrong = others[have[digest(key + kind) % len(have)]][en]
                yield Case(kind, TranslatedSegment(en, wrong, code, back_translation=en))
        yield Case("loop", TranslatedSegment(en, make_loop(tr, script, key), code, en))
    yield from structured_cases(code, pairs)
    for en, tr in number_pairs:
        changed = change_number(en, tr)
        if changed:
            yield Case("number_changed", TranslatedSegment(en, changed[0], code, changed[1]))


def round_trip_cases(
    code: str, trips: list[tuple[str, str, str]], pairs: list[tuple[str, str]]
) -> Iterator[Case]:
    """Genuine, truncated and appended cases whose back-translation paraphrases the source.

    ``trips`` are (English, translation, another English of that translation:
    ``gettext_catalogs.round_trips``); ``pairs`` the language's sentence pairs, for
    the appended sentence. The broken cases corrupt the translation and its
    human English alike, as a model's round trip would carry the fault through
    its own wording.
    """
    script = target_script(code)
    for en, tr, back in trips:
        yield Case(GENUINE_ROUND_TRIP, TranslatedSegment(en, tr, code, back_translation=back))
        truncated = truncate(back, tr, script)
        if truncated:
            yield Case(
                "truncated_round_trip", TranslatedSegment(en, truncated[0], code, truncated[1])
            )
        other = pairs[digest(f"{code}:{en}:round trip") % len(pairs)] if pairs else None
        if other and other[0] not in (en, back):
            added = add_sentence(back, tr, other, script)
            yield Case("addition_round_trip", TranslatedSegment(en, added[0], code, added[1]))


def structured_cases(code: str, pairs: list[tuple[str, str]]) -> Iterator[Case]:
    """Multiple-choice blocks of three real pairs with ``<image>``: kept and broken."""
    for start in range(0, len(pairs) - 2, 3):
        items = pairs[start : start + 3]
        src, hyp = options_block(items)
        src, hyp = "<image>\n" + src, "<image>\n" + hyp
        yield Case(GENUINE_STRUCTURED, TranslatedSegment(src, hyp, code, back_translation=src))
        lost = re.sub(r"(?m)^B\. ", "", hyp)
        yield Case(
            "options_lost", TranslatedSegment(src, lost, code, re.sub(r"(?m)^B\. ", "", src))
        )
        lines = hyp.split("\n")
        merged = "\n".join([*lines[:2], lines[2] + " " + lines[3]])
        yield Case("lines_merged", TranslatedSegment(src, merged, code, back_translation=src))
        dropped = hyp.removeprefix("<image>\n")
        yield Case("placeholder_lost", TranslatedSegment(src, dropped, code, src))


def make_loop(text: str, script: str, key: str, repeats: int = 6) -> str:
    """NLLB's failure mode: the translation runs into an n-gram repeated over and over."""
    seed = digest(key)
    tokens = text.split()
    if script not in SPACELESS_SCRIPTS and len(tokens) >= 3:
        n = 1 + seed % 3
        start = min(len(tokens) - n, (seed >> 8) % len(tokens))
        gram = tokens[start : start + n]
        return " ".join(tokens[: start + n] + gram * repeats)
    n = 2 + seed % 3
    start = (seed >> 8) % max(1, len(text) - n)
    gram = text[start : start + n]
    return text[: start + n] + gram * repeats
