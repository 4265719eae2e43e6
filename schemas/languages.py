"""The NLLB-200 language registry: every code system babelshard meets, mapped once.

babelshard speaks NLLB/FLORES-200 codes (``deu_Latn``) everywhere. Users, corpora and
tools speak others: ISO 639-1 (``de``), ISO 639-3 (``deu``), fastText lid.176 labels
(``__label__de``), English names. This module is the one place that maps them, from
data shipped in ``data/languages.tsv`` (no transformers or fastText import at run time),
and it fails loudly, with suggestions, on anything it cannot map to exactly one language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Final

LID176_PREFIX: Final = "__label__"

# ISO 15924 scripts written right-to-left. NLLB-200 only uses Arab and Hebr of these; the
# rest are listed so that the rule stays right if the registry grows.
RTL_SCRIPTS: Final = frozenset(
    {"Arab", "Hebr", "Thaa", "Nkoo", "Syrc", "Adlm", "Mand", "Samr", "Rohg", "Yezi"}
)

_LIST_HINT = "run `babelshard languages` to list codes"

# ISO 639-2/B ("bibliographic") codes that differ from ISO 639-2/T = ISO 639-3.
ISO639_2B: Final = MappingProxyType(
    {
        "alb": "sqi",
        "arm": "hye",
        "baq": "eus",
        "bur": "mya",
        "chi": "zho",
        "cze": "ces",
        "dut": "nld",
        "fre": "fra",
        "geo": "kat",
        "ger": "deu",
        "gre": "ell",
        "ice": "isl",
        "mac": "mkd",
        "mao": "mri",
        "may": "msa",
        "per": "fas",
        "rum": "ron",
        "slo": "slk",
        "tib": "bod",
        "wel": "cym",
    }
)
# Locale tags: language, optional ISO 15924 script, optional region (de-DE, zh_TW, sr-Latn).
_LOCALE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|[0-9]{3}))?$", re.I)
# Regions that settle which script a language is written in, where NLLB-200 has several.
_REGION_SCRIPTS: Final = MappingProxyType(
    {
        "tw": "Hant",
        "hk": "Hant",
        "mo": "Hant",
        "cn": "Hans",
        "sg": "Hans",
    }
)


@dataclass(frozen=True)
class Language:
    """One NLLB-200 target language and its codes in the other systems we meet."""

    code: str  # NLLB/FLORES-200 code, e.g. "deu_Latn"
    name: str  # English name, e.g. "German"
    iso639_3: str  # "deu"
    script: str  # ISO 15924, e.g. "Latn", "Hans", "Arab"
    iso639_1: str | None  # "de" or None
    rtl: bool  # written right-to-left
    lid176: str | None  # label lid.176 emits for this language, without "__label__"
    # Further lid.176 labels that cover this language (macrolanguage labels such as "sh"
    # for Croatian, "ar" for Egyptian Arabic): a language-ID filter may accept them too.
    lid176_related: tuple[str, ...] = ()
    # Other codes people write for it: macrolanguage ISO 639-3, deprecated ISO 639-1, BCP-47.
    aliases: tuple[str, ...] = ()

    @property
    def lid176_labels(self) -> tuple[str, ...]:
        """Every lid.176 label that counts as this language (primary first)."""
        primary = (self.lid176,) if self.lid176 else ()
        return primary + self.lid176_related

    def __str__(self) -> str:
        return self.code


class LanguageError(ValueError):
    """A language spec that cannot be turned into NLLB codes; the message says what to do."""


class UnknownLanguageError(LanguageError):
    """A code or name that matches no NLLB-200 language."""

    def __init__(self, code: str, suggestions: Iterable[str] = (), detail: str = "") -> None:
        self.code = code
        self.suggestions = tuple(suggestions)
        parts = [f"unknown language {code!r}"]
        if detail:
            parts.append(detail)
        if self.suggestions:
            parts.append(f"did you mean {' or '.join(self.suggestions)}?")
        parts.append(_LIST_HINT)
        super().__init__("; ".join(parts))


class AmbiguousLanguageError(UnknownLanguageError):
    """A code that names several NLLB languages (``zh``: Simplified or Traditional?).

    A subclass of UnknownLanguageError so that config validation that catches unknown
    codes also stops on ambiguous ones: neither can be translated into as given.
    """

    def __init__(self, code: str, candidates: Iterable[Language]) -> None:
        self.candidates = tuple(candidates)
        self.code = code
        self.suggestions = tuple(c.code for c in self.candidates)
        listed = ", ".join(f"{c.code} ({c.name})" for c in self.candidates)
        LanguageError.__init__(
            self,
            f"ambiguous language {code!r}: it could be {listed}; name one NLLB code explicitly",
        )


def _field(value: str) -> str | None:
    return None if value in ("", "-") else value


def _tuple(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip() and v.strip() != "-")


def _parse_tsv(text: str) -> list[Language]:
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, body = rows[0].split("\t"), rows[1:]
    expected = ["code", "name", "iso639_1", "lid176", "lid176_related", "aliases"]
    if header != expected:
        raise RuntimeError(f"languages.tsv header is {header}, expected {expected}")
    languages = []
    for row in body:
        code, name, iso1, lid, related, aliases = row.split("\t")
        iso3, script = code.split("_")
        languages.append(
            Language(
                code=code,
                name=name,
                iso639_3=iso3,
                script=script,
                iso639_1=_field(iso1),
                rtl=script in RTL_SCRIPTS,
                lid176=_field(lid),
                lid176_related=_tuple(related),
                aliases=_tuple(aliases),
            )
        )
    return sorted(languages, key=lambda lang: lang.code)


def _data_text(name: str) -> str:
    return files("babelshard.schemas").joinpath("data", name).read_text(encoding="utf-8")


_LANGUAGES: Final = tuple(_parse_tsv(_data_text("languages.tsv")))
_BY_CODE: Final = MappingProxyType({lang.code: lang for lang in _LANGUAGES})

# The 176 labels of fastText's lid.176 model (tests check them against the shipped model),
# so that an error can tell "not a language code" from "a language NLLB-200 lacks".
LID176_LABELS: Final = frozenset(
    label
    for line in _data_text("lid176_labels.txt").splitlines()
    if not line.startswith("#")
    for label in line.split()
)


def _norm(key: str) -> str:
    return key.strip().lower().replace("-", "_")


def _strip_parenthetical(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name)


@cache
def _tiers() -> tuple[dict[str, tuple[Language, ...]], ...]:
    """Lookup tables, most specific code system first; the first table that knows a key wins.

    Tiers: NLLB code, ISO 639-1, ISO 639-3, alias, lid.176 label, related lid.176 label,
    English name, English name without its parenthetical. The order settles clashes
    between systems: ``als`` is ISO 639-3 Tosk Albanian (``als_Latn``) before it is
    lid.176's Alemannic; ``ar`` is ISO 639-1 for ``arb_Arab`` although lid.176's ``ar``
    also covers the Arabic dialects.
    """
    tables: list[dict[str, list[Language]]] = [{} for _ in range(8)]
    for lang in _LANGUAGES:
        keys: list[Iterable[str | None]] = [
            [lang.code],
            [lang.iso639_1],
            [lang.iso639_3],
            lang.aliases,
            [lang.lid176],
            lang.lid176_related,
            [lang.name],
            [_strip_parenthetical(lang.name)],
        ]
        for table, tier_keys in zip(tables, keys, strict=True):
            for key in tier_keys:
                if key:
                    table.setdefault(_norm(key), []).append(lang)
    return tuple({key: tuple(dict.fromkeys(langs)) for key, langs in t.items()} for t in tables)


def all_languages() -> list[Language]:
    """All 202 NLLB-200 languages, sorted by code."""
    return list(_LANGUAGES)


def _suggest(key: str, n: int = 3) -> list[str]:
    """Close NLLB codes for a mistyped key, matched against every code system and name."""
    pool: dict[str, list[str]] = {}
    for table in _tiers():
        for k, langs in table.items():
            pool.setdefault(k, []).extend(lang.code for lang in langs)
    out: list[str] = []
    for match in difflib.get_close_matches(_norm(key), list(pool), n=n + 2, cutoff=0.6):
        for code in pool[match]:
            if code not in out:
                out.append(code)
    return out[:n]


def get_language(code: str) -> Language:
    """Find one language by NLLB code, ISO 639-1/639-2B/639-3, alias, lid.176 label,
    English name or locale tag (``de-DE``, ``zh_TW``, ``sr-Latn``).

    Case-insensitive; ``-`` and ``_`` are interchangeable. Raises UnknownLanguageError
    (with close suggestions) or AmbiguousLanguageError (listing the candidates).
    """
    if not isinstance(code, str) or not code.strip():
        raise UnknownLanguageError(str(code), detail="empty language code")
    raw = code.strip()
    key = raw[len(LID176_PREFIX) :] if raw.startswith(LID176_PREFIX) else raw
    exact = _BY_CODE.get(key)
    if exact is not None:
        return exact
    for table in _tiers():
        found = table.get(_norm(key))
        if found:
            if len(found) > 1:
                raise AmbiguousLanguageError(raw, found)
            return found[0]
    bibliographic = ISO639_2B.get(key.lower())
    if bibliographic is not None:
        try:
            return get_language(bibliographic)
        except AmbiguousLanguageError as error:
            raise AmbiguousLanguageError(raw, error.candidates) from None
    locale = _LOCALE.match(key)
    if locale is not None and locale.group(2, 3) != (None, None):
        return _from_locale(raw, *locale.groups())
    detail = ""
    if key.lower() in LID176_LABELS:
        detail = f"lid.176 knows {key.lower()!r} but it is not an NLLB-200 language"
    raise UnknownLanguageError(raw, _suggest(key), detail)


def _from_locale(raw: str, language: str, script: str | None, region: str | None) -> Language:
    """``de-DE`` -> deu_Latn, ``zh-TW`` -> zho_Hant, ``sr-Latn`` -> an error naming srp_Cyrl."""
    try:
        candidates = [get_language(language)]
    except AmbiguousLanguageError as error:
        candidates = list(error.candidates)
    except UnknownLanguageError as error:
        raise UnknownLanguageError(
            raw, error.suggestions, f"{language!r} is no known language"
        ) from None
    wanted = script.title() if script else _REGION_SCRIPTS.get((region or "").lower())
    if wanted:
        written = [lang for lang in candidates if lang.script == wanted]
        if not written and script:
            names = ", ".join(f"{lang.code} ({lang.script})" for lang in candidates)
            raise UnknownLanguageError(
                raw, [lang.code for lang in candidates], f"NLLB-200 has it only as {names}"
            )
        candidates = written or candidates
    if len(candidates) > 1:
        raise AmbiguousLanguageError(raw, candidates)
    return candidates[0]


def find_language(code: str) -> Language | None:
    """Like get_language, but None for an unknown code (an ambiguous one still raises)."""
    try:
        return get_language(code)
    except AmbiguousLanguageError:
        raise
    except UnknownLanguageError:
        return None


def from_lid176(label: str) -> list[Language]:
    """The NLLB languages a lid.176 label (``__label__hr`` or ``hr``) covers.

    Languages whose own label it is come first, then those it covers as a macrolanguage
    label (``sh`` -> Bosnian, Croatian, Serbian). Empty for labels of languages NLLB-200
    lacks (``la``, lid.176's Alemannic ``als``); unknown labels raise ValueError.
    """
    key = label.strip()
    key = key[len(LID176_PREFIX) :] if key.startswith(LID176_PREFIX) else key
    if key not in LID176_LABELS:
        close = difflib.get_close_matches(key, sorted(LID176_LABELS), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ValueError(f"{label!r} is not a lid.176 label{hint}")
    primary = [lang for lang in _LANGUAGES if lang.lid176 == key]
    related = [lang for lang in _LANGUAGES if key in lang.lid176_related]
    return primary + related


def format_languages(langs: Iterable[Language]) -> str:
    """A plain-text table (code, name, script, ISO 639-1, RTL, lid.176) for the CLI."""
    header = ("code", "name", "script", "iso639-1", "rtl", "lid176")
    rows = [header] + [
        (
            lang.code,
            lang.name,
            lang.script,
            lang.iso639_1 or "-",
            "yes" if lang.rtl else "no",
            ",".join(lang.lid176_labels) or "-",
        )
        for lang in langs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


_PRESET_NAMES: Final = frozenset(
    {"PRESETS", "Preset", "Unsupported", "get_preset", "list_presets", "load_preset_file"}
    | {"resolve_languages", "format_preset"}
)


def __getattr__(name: str) -> object:
    """Re-export the preset API lazily: presets.py imports this module, not the reverse."""
    if name in _PRESET_NAMES:
        from babelshard.schemas import presets

        return getattr(presets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
