"""What the renderer needs to know about a writing system, keyed by ISO 15924 code.

The language registry says which script a language is written in; this module says
how that script must be drawn: whether it needs a shaping engine (raqm/HarfBuzz),
whether it is written without spaces between words (so that line breaking needs a
dictionary, not a split on spaces), and which tag to give the shaper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from babelshard.schemas.languages import RTL_SCRIPTS, Language, get_language

# Scripts drawn correctly glyph by glyph, without contextual shaping or reordering.
# Everything else (Arabic joining, Indic conjuncts, Thai/Khmer mark stacking, RTL
# reordering) needs raqm; drawing it without raqm would produce plausible-looking but
# wrong text, so the renderer refuses instead.
SIMPLE_SCRIPTS: Final = frozenset(
    {"Latn", "Cyrl", "Grek", "Armn", "Geor", "Ethi", "Hans", "Hant", "Jpan", "Hang", "Kore"}
)

# Scripts written without spaces between words: a line may break between any two
# words, and only a dictionary (ICU's) knows where the words are.
NO_SPACE_SCRIPTS: Final = frozenset(
    {"Thai", "Laoo", "Khmr", "Mymr", "Hans", "Hant", "Jpan", "Tibt"}
)


class ShapingUnavailableError(RuntimeError):
    """A complex script was requested but Pillow has no raqm layout engine."""


@dataclass(frozen=True)
class ScriptInfo:
    """How to draw one language: its script, direction and the shaper's language tag."""

    lang: str  # NLLB code
    script: str  # ISO 15924
    rtl: bool
    complex: bool  # needs raqm shaping
    spaced: bool  # words are separated by spaces
    bcp47: str  # language tag for the shaper and ICU ("ar", "th", "zh-Hant")

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def script_info(lang: str | Language) -> ScriptInfo:
    """Drawing facts for a language given in any code system the registry accepts."""
    language = lang if isinstance(lang, Language) else get_language(lang)
    base = language.iso639_1 or language.iso639_3
    if language.script in {"Hans", "Hant"}:
        base = f"{base}-{language.script}"
    return ScriptInfo(
        lang=language.code,
        script=language.script,
        rtl=language.script in RTL_SCRIPTS,
        complex=language.script not in SIMPLE_SCRIPTS,
        spaced=language.script not in NO_SPACE_SCRIPTS,
        bcp47=base,
    )


def raqm_available() -> bool:
    """Whether Pillow was built with the raqm layout engine (HarfBuzz + FriBiDi)."""
    from PIL import features

    return bool(features.check_feature("raqm"))


def require_shaping(info: ScriptInfo, have_raqm: bool | None = None) -> None:
    """Raise ShapingUnavailableError if ``info`` needs shaping that is not available."""
    have = raqm_available() if have_raqm is None else have_raqm
    if info.complex and not have:
        raise ShapingUnavailableError(
            f"{info.lang} is written in {info.script}, which needs text shaping, but Pillow "
            "has no raqm layout engine; install libraqm0 (Debian: apt-get install libraqm0 "
            'libfribidi0) and check `python -c "from PIL import features; '
            "print(features.check('raqm'))\"`"
        )
