"""Language presets and the one function that turns any language spec into NLLB languages.

A preset is a named list of NLLB codes taken from a published model's language list
(Centurio, mBLIP). Those lists use their own, sometimes odd, codes (``du`` for Dutch,
``iw`` for Hebrew); the preset keeps that source mapping, what it had to choose
(``zh`` -> ``zho_Hans``) and what NLLB-200 cannot do (Latin) as notes, so nothing is
silently dropped or mistranslated. Presets ship in ``data/presets.json``.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babelshard.schemas.languages import (
    Language,
    LanguageError,
    UnknownLanguageError,
    format_languages,
    get_language,
)

_PRESET_FILE_SUFFIXES: Final = (".txt", ".lst", ".langs")


@dataclass(frozen=True)
class Unsupported:
    """An entry of a source language list that NLLB-200 cannot translate into."""

    code: str  # the source list's own code, e.g. "la"
    reason: str


@dataclass(frozen=True)
class Preset:
    """A named list of NLLB codes, with how it was derived from its source list."""

    name: str
    description: str
    codes: tuple[str, ...]  # NLLB codes, no duplicates (shipped presets: sorted)
    # The source list's own code -> NLLB code, for the record (e.g. "du" -> "nld_Latn").
    mapping: Mapping[str, str] = field(default_factory=dict, hash=False)
    unsupported: tuple[Unsupported, ...] = ()
    notes: tuple[str, ...] = ()

    def languages(self) -> list[Language]:
        return [get_language(code) for code in self.codes]

    def __len__(self) -> int:
        return len(self.codes)


def _preset_from_json(name: str, spec: dict) -> Preset:
    mapping = {src: nllb for src, nllb in spec["mapping"].items() if nllb is not None}
    unmapped = sorted(src for src, nllb in spec["mapping"].items() if nllb is None)
    reasons: dict[str, str] = spec.get("unsupported", {})
    if sorted(reasons) != unmapped:
        raise RuntimeError(f"preset {name}: unsupported entries {sorted(reasons)} != {unmapped}")
    for nllb in mapping.values():
        if get_language(nllb).code != nllb:  # raises on a typo in the data file
            raise RuntimeError(f"preset {name}: {nllb!r} is not an NLLB code")
    return Preset(
        name=name,
        description=spec["description"],
        codes=tuple(sorted(set(mapping.values()))),
        mapping=mapping,
        unsupported=tuple(Unsupported(src, reasons[src]) for src in unmapped),
        notes=tuple(spec.get("notes", ())),
    )


def _load_presets() -> Mapping[str, Preset]:
    text = files("babelshard.schemas").joinpath("data", "presets.json").read_text("utf-8")
    return MappingProxyType(
        {name: _preset_from_json(name, spec) for name, spec in json.loads(text).items()}
    )


PRESETS: Final[Mapping[str, Preset]] = _load_presets()


def list_presets() -> list[Preset]:
    return list(PRESETS.values())


def get_preset(name: str) -> Preset:
    """A shipped preset by name (case-insensitive), or a preset file by path."""
    preset = PRESETS.get(name.strip().lower())
    if preset is not None:
        return preset
    if _looks_like_path(name):
        return load_preset_file(name)
    raise LanguageError(
        f"unknown preset {name!r}; presets are: {', '.join(PRESETS)} "
        "(or give a file with one language code per line)"
    )


def _looks_like_path(spec: str) -> bool:
    return os.path.isfile(spec) or os.sep in spec or spec.endswith(_PRESET_FILE_SUFFIXES)


def load_preset_file(path: str | os.PathLike[str]) -> Preset:
    """A user preset: one code per line (any code system or a preset name), ``#`` comments.

    Commas also separate codes, so a line may hold several. Errors name the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LanguageError(f"cannot read preset file {str(path)!r}: {exc.strerror}") from exc
    langs: list[Language] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        for token in _split(line.split("#", 1)[0]):
            try:
                langs.extend(_resolve_token(token))
            except LanguageError as exc:
                exc.args = (f"{path}:{lineno}: {exc}",)  # keep the type, add the location
                raise
    if not langs:
        raise LanguageError(f"preset file {str(path)!r} lists no languages")
    return Preset(
        name=path.stem,
        description=f"languages listed in {path.name}",
        codes=tuple(lang.code for lang in _unique(langs)),
    )


def _split(text: str) -> list[str]:
    return [token for token in text.replace(",", " ").split() if token]


def _resolve_token(token: str) -> list[Language]:
    preset = PRESETS.get(token.lower())
    if preset is not None:
        return preset.languages()
    try:
        return [get_language(token)]
    except UnknownLanguageError as error:
        close = difflib.get_close_matches(token.lower(), list(PRESETS), n=1, cutoff=0.6)
        if close or any(char.isdigit() for char in token):
            hint = f"did you mean the preset {close[0]}? " if close else ""
            raise LanguageError(
                f"unknown language or preset {token!r}; {hint}presets are: "
                f"{', '.join(PRESETS)}; run `babelshard languages` to list codes"
            ) from error
        raise


def _unique(langs: Iterable[Language]) -> list[Language]:
    return list(dict.fromkeys(langs))


def resolve_languages(spec: str) -> list[Language]:
    """Turn a language spec into NLLB languages, in order, without duplicates.

    ``spec`` is a preset name (``centurio-100``), a comma list of codes in any system
    and/or preset names (``deu_Latn,sw,fr``), or a path to a preset file. Raises
    UnknownLanguageError (with suggestions), AmbiguousLanguageError (``zh``) or
    LanguageError (unreadable file, empty spec) before any work starts.
    """
    text = spec.strip()
    if not text:
        raise LanguageError("empty language spec; give a preset name or a comma list of codes")
    preset = PRESETS.get(text.lower())
    if preset is not None:
        return preset.languages()
    if "," not in text and _looks_like_path(text):
        return load_preset_file(text).languages()
    tokens = _split(text)
    if not tokens:
        raise LanguageError(f"language spec {spec!r} lists no languages")
    return _unique(lang for token in tokens for lang in _resolve_token(token))


def format_preset(preset: Preset) -> str:
    """The language table of a preset, followed by its unsupported entries and notes."""
    parts = [
        f"{preset.name}: {preset.description}",
        f"{len(preset.codes)} NLLB languages"
        + (f", {len(preset.unsupported)} unsupported" if preset.unsupported else ""),
        "",
        format_languages(preset.languages()),
    ]
    if preset.unsupported:
        parts += ["", "unsupported (not translated):"]
        parts += [f"  {u.code}: {u.reason}" for u in preset.unsupported]
    if preset.notes:
        parts += ["", "notes:"]
        parts += [f"  - {note}" for note in preset.notes]
    return "\n".join(parts)
