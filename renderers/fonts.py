"""Fonts per script: which font files can draw a language, checked against their cmaps.

Candidates come from Debian's Noto packages (``fonts-noto-core``, ``fonts-noto-extra``,
``fonts-noto-cjk``), found by Noto's file-naming scheme, plus any fonts under extra
``font_dirs``, assigned to the scripts whose probe letters their cmap covers. A text is
only drawn with a :class:`FontStack` whose fonts cover every character it contains (no
tofu): the script's font first, then a Latin companion for digits and punctuation that
many script fonts lack (Noto Sans Thai has no "."). Coverage uses fontTools' cmap,
read once per file and cached.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import uharfbuzz as hb
from PIL import ImageFont

from babelshard.renderers.errors import RenderError

DEFAULT_FONT_DIRS: Final = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
)

# Noto family names per ISO 15924 script, best first. Families missing on a machine are
# skipped; a script with no family found here can still be served by --font-dir fonts.
NOTO_FAMILIES: Final[dict[str, tuple[str, ...]]] = {
    "Latn": ("NotoSans", "NotoSerif", "NotoSansDisplay", "NotoSerifDisplay"),
    "Cyrl": ("NotoSans", "NotoSerif", "NotoSansDisplay", "NotoSerifDisplay"),
    "Grek": ("NotoSans", "NotoSerif", "NotoSansDisplay", "NotoSerifDisplay"),
    "Arab": ("NotoSansArabic", "NotoNaskhArabic", "NotoKufiArabic"),
    "Hebr": ("NotoSansHebrew", "NotoSerifHebrew"),
    "Armn": ("NotoSansArmenian", "NotoSerifArmenian"),
    "Geor": ("NotoSansGeorgian", "NotoSerifGeorgian"),
    "Ethi": ("NotoSansEthiopic", "NotoSerifEthiopic"),
    "Deva": ("NotoSansDevanagari", "NotoSerifDevanagari"),
    "Beng": ("NotoSansBengali", "NotoSerifBengali"),
    "Guru": ("NotoSansGurmukhi", "NotoSerifGurmukhi"),
    "Gujr": ("NotoSansGujarati", "NotoSerifGujarati"),
    "Orya": ("NotoSansOriya",),
    "Taml": ("NotoSansTamil", "NotoSerifTamil"),
    "Telu": ("NotoSansTelugu", "NotoSerifTelugu"),
    "Knda": ("NotoSansKannada", "NotoSerifKannada"),
    "Mlym": ("NotoSansMalayalam", "NotoSerifMalayalam"),
    "Sinh": ("NotoSansSinhala", "NotoSerifSinhala"),
    "Thai": ("NotoSansThai", "NotoSerifThai", "NotoLoopedThai"),
    "Laoo": ("NotoSansLao", "NotoSerifLao", "NotoLoopedLao"),
    "Khmr": ("NotoSansKhmer", "NotoSerifKhmer"),
    "Mymr": ("NotoSansMyanmar", "NotoSerifMyanmar"),
    "Tibt": ("NotoSerifTibetan",),
    "Tfng": ("NotoSansTifinagh",),
    "Olck": ("NotoSansOlChiki",),
    "Thaa": ("NotoSansThaana",),
    "Syrc": ("NotoSansSyriac",),
    "Nkoo": ("NotoSansNKo",),
    "Cher": ("NotoSansCherokee",),
}

# Collection faces of Noto CJK (one .ttc holds JP, KR, SC, TC, HK) per script.
CJK_FACES: Final[dict[str, tuple[str, ...]]] = {
    "Hans": ("CJK SC",),
    "Hant": ("CJK TC", "CJK HK"),
    "Jpan": ("CJK JP",),
    "Hang": ("CJK KR",),
    "Kore": ("CJK KR",),
}

# Per-language preferences where a script's default font is wrong for the language.
LANGUAGE_FAMILIES: Final[dict[str, tuple[str, ...]]] = {
    "urd_Arab": ("NotoNastaliqUrdu", "NotoNaskhArabic", "NotoSansArabic"),
}

# Styles used for variety; condensed and hairline weights are left out.
STYLES: Final = ("Regular", "Medium", "SemiBold", "Bold", "Light")
ITALIC_STYLES: Final = ("Italic", "BoldItalic")
ITALIC_SCRIPTS: Final = frozenset({"Latn", "Cyrl", "Grek"})

# Letters that a font must cover to be offered for a script from --font-dir.
PROBES: Final[dict[str, str]] = {
    "Latn": "AaZzÉé",
    "Cyrl": "АаЯяЖж",
    "Grek": "ΑαΩω",
    "Arab": "ابجدهوي",
    "Hebr": "אבגדהש",
    "Armn": "ԱաՖֆ",
    "Geor": "აბგდ",
    "Ethi": "ሀለሐመ",
    "Deva": "कखगनह",
    "Beng": "কখগনহ",
    "Guru": "ਕਖਗਨ",
    "Gujr": "કખગન",
    "Orya": "କଖଗନ",
    "Taml": "கஙசஞ",
    "Telu": "కఖగఘ",
    "Knda": "ಕಖಗಘ",
    "Mlym": "കഖഗഘ",
    "Sinh": "කඛගඝ",
    "Thai": "กขคง",
    "Laoo": "ກຂຄງ",
    "Khmr": "កខគឃ",
    "Mymr": "ကခဂဃ",
    "Tibt": "ཀཁགང",
    "Tfng": "ⴰⴱⴳⴷ",
    "Hans": "的一是国说这",
    "Hant": "的一是國說這",
    "Jpan": "のあアカ日本",
    "Hang": "가나다한국",
    "Kore": "가나다한국",
}

_NOTO_FILE = re.compile(r"^(Noto[A-Za-z]+?)-([A-Za-z]+)\.(ttf|otf)$")
_FONT_SUFFIXES: Final = (".ttf", ".otf", ".ttc", ".otc")
# Characters the shaper consumes (joiners, selectors, soft hyphen): never tofu.
_IGNORABLE: Final = frozenset(
    {0x00AD, 0x034F, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}
    | set(range(0xFE00, 0xFE10))
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
)


class MissingGlyphsError(RenderError):
    """No candidate font covers every character of a text."""

    def __init__(self, script: str, missing: Iterable[str]) -> None:
        self.missing = "".join(sorted(set(missing)))
        codes = " ".join(f"U+{ord(c):04X}" for c in self.missing[:12])
        super().__init__("missing_glyphs", f"no {script} font covers {codes}")


@dataclass(frozen=True, order=True)
class FontFace:
    """One face of a font file (``index`` selects a face inside a .ttc collection)."""

    path: str
    index: int = 0
    family: str = ""
    style: str = "Regular"

    @property
    def name(self) -> str:
        """A machine-independent name for the JSON ground truth."""
        suffix = f"#{self.index}" if self.path.endswith((".ttc", ".otc")) else ""
        return f"{Path(self.path).name}{suffix}"

    @property
    def bold(self) -> bool:
        return "Bold" in self.style or "Black" in self.style


@lru_cache(maxsize=4096)
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def coverage(face: FontFace) -> frozenset[int]:
    """The code points ``face`` has glyphs for."""
    return _cmap(face.path, face.index)


def needs_glyph(char: str) -> bool:
    """Whether ``char`` must be in the font's cmap to be drawn (not a joiner or selector)."""
    code = ord(char)
    if code in _IGNORABLE or char == "\n":
        return False
    return unicodedata.category(char) not in ("Cc", "Zl", "Zp")


def font_cache_dir() -> Path:
    """Where unhinted copies of fonts are kept (``BABELSHARD_FONT_CACHE`` overrides)."""
    env = os.environ.get("BABELSHARD_FONT_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "babelshard" / "fonts-unhinted"


# ``PUSHB[1, 1] INSTCTRL``: glyph programs off; then ``PUSHB[0] POP`` twice, doing nothing,
# because FreeType auto-hints a TrueType font whose ``prep`` has 7 bytes or fewer.
_NO_HINTING_PREP: Final = bytes([0xB1, 1, 1, 0x8E, 0xB0, 0, 0x21, 0xB0, 0, 0x21])


@lru_cache(maxsize=512)
def unhinted(path: str) -> str:
    """A copy of a TrueType font without hinting programs, made once and cached on disk.

    Debian's Noto fonts carry TrueType hinting that FreeType runs for every glyph drawn;
    for anti-aliased synthetic text it changes little but makes drawing about five
    times slower. A font with no hinting at all is no better: FreeType (2.14) then runs
    its auto-hinter on every glyph, half the cost of drawing one. So the copy keeps a
    ``prep`` program that only switches glyph programs off (:data:`_NO_HINTING_PREP`):
    FreeType takes the TrueType path, which has nothing left to run, and outlines are
    drawn as designed. CFF fonts (Noto CJK) and anything that fails to convert are used
    as is.
    """
    if not path.lower().endswith(".ttf"):
        return path
    stat = os.stat(path)
    source = f"{path}:{stat.st_size}:{stat.st_mtime_ns}:{_NO_HINTING_PREP.hex()}"
    key = hashlib.sha1(source.encode()).hexdigest()[:12]
    target = font_cache_dir() / f"{Path(path).stem}-{key}.ttf"
    if target.exists():
        return str(target)
    try:
        from fontTools.ttLib import TTFont, newTable
        from fontTools.ttLib.tables.ttProgram import Program

        with TTFont(path) as font:
            if "glyf" not in font:
                return path
            for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp"):
                if tag in font:
                    del font[tag]
            glyf = font["glyf"]
            for name in font.getGlyphOrder():
                glyf[name].removeHinting()
            font["prep"] = newTable("prep")
            font["prep"].program = Program()
            font["prep"].program.fromBytecode(_NO_HINTING_PREP)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            font.save(str(tmp))
        os.replace(tmp, target)  # atomic: parallel workers may race to write it
    except (OSError, ValueError, KeyError):
        return path
    return str(target)


@lru_cache(maxsize=2048)
def load_font(path: str, index: int, size: int, raqm: bool = True) -> ImageFont.FreeTypeFont:
    """A Pillow font (unhinted, see :func:`unhinted`), cached per path, face and size."""
    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(unhinted(path), size, index=index, layout_engine=engine)


@lru_cache(maxsize=256)
def harfbuzz_face(path: str, index: int) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(path), index)  # the file is mapped, not read


@lru_cache(maxsize=2048)
def harfbuzz_font(path: str, index: int, size: int) -> hb.Font:
    """A HarfBuzz font of the file Pillow draws with (:func:`load_font`), in 26.6 units.

    Measuring through it costs a few microseconds a word; Pillow's ``getlength`` sets
    raqm and HarfBuzz up anew on every call (~40 us and more). Both shape with
    HarfBuzz's unhinted advances, so their widths agree to 1/32 of a pixel (tested).
    """
    font = hb.Font(harfbuzz_face(unhinted(path), index))
    font.scale = (size * 64, size * 64)
    return font


def shape(font: hb.Font, text: str, rtl: bool, language: str) -> hb.Buffer:
    """``text`` shaped as one run (one font, one direction) as raqm shapes a run Pillow
    draws: glyphs in visual order, positions in 26.6 units."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.language = language
    buf.guess_segment_properties()
    hb.shape(font, buf)
    return buf


def advance(font: hb.Font, text: str, rtl: bool, language: str) -> float:
    """The advance width in pixels of ``text`` shaped as one run."""
    return sum(p.x_advance for p in shape(font, text, rtl, language).glyph_positions) / 64


@dataclass(frozen=True)
class FontStack:
    """The font for a text's script and the companions that fill its gaps, in order."""

    faces: tuple[FontFace, ...]

    @property
    def primary(self) -> FontFace:
        return self.faces[0]

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` that no face of the stack can draw."""
        covered = [coverage(face) for face in self.faces]
        return {c for c in set(text) if needs_glyph(c) and not any(ord(c) in cm for cm in covered)}

    def face_for(self, cluster: str) -> int:
        """Index of the first face that covers every character of a grapheme cluster."""
        for i, face in enumerate(self.faces):
            cmap = coverage(face)
            if all(ord(c) in cmap for c in cluster if needs_glyph(c)):
                return i
        return 0


class FontRegistry:
    """Script -> candidate font faces, from Noto file names and extra font directories."""

    def __init__(
        self,
        font_dirs: Sequence[str | Path] = (),
        *,
        system_dirs: Sequence[str | Path] = DEFAULT_FONT_DIRS,
        styles: Sequence[str] = STYLES,
    ) -> None:
        self._lock = threading.Lock()
        self.styles = tuple(styles)
        self._noto: dict[str, dict[str, str]] = {}  # family -> style -> path
        self._collections: list[Path] = []
        for directory in system_dirs:
            self._scan_noto(Path(directory))
        self._extra: list[FontFace] = []
        for directory in font_dirs:
            path = Path(directory)
            if not path.is_dir():
                raise FileNotFoundError(f"--font-dir {directory} is not a directory")
            self._extra.extend(_faces_in(path))
        self._cjk: dict[str, list[FontFace]] | None = None
        self._extra_by_script: dict[str, list[FontFace]] | None = None

    def _scan_noto(self, directory: Path) -> None:
        if not directory.is_dir():
            return
        for path in sorted(directory.iterdir()):
            match = _NOTO_FILE.match(path.name)
            if match:
                self._noto.setdefault(match.group(1), {})[match.group(2)] = str(path)
            elif path.name.startswith("Noto") and path.suffix in (".ttc", ".otc"):
                self._collections.append(path)

    def _cjk_faces(self) -> dict[str, list[FontFace]]:
        with self._lock:
            if self._cjk is None:
                found: dict[str, list[FontFace]] = {}
                for path in self._collections:
                    for face in _faces_in_collection(path):
                        if "Mono" in face.family:
                            continue
                        for script, tags in CJK_FACES.items():
                            if any(face.family.endswith(tag) for tag in tags):
                                found.setdefault(script, []).append(face)
                self._cjk = found
            return self._cjk

    def _extra_faces(self, script: str) -> list[FontFace]:
        with self._lock:
            if self._extra_by_script is None:
                by_script: dict[str, list[FontFace]] = {}
                for face in self._extra:
                    cmap = coverage(face)
                    for name, probe in PROBES.items():
                        if all(ord(c) in cmap for c in probe):
                            by_script.setdefault(name, []).append(face)
                self._extra_by_script = by_script
            return self._extra_by_script.get(script, [])

    def candidates(self, script: str, lang: str | None = None) -> list[FontFace]:
        """Every face offered for a script (language-specific families first)."""
        families = LANGUAGE_FAMILIES.get(lang or "", NOTO_FAMILIES.get(script, ()))
        styles = self.styles + (ITALIC_STYLES if script in ITALIC_SCRIPTS else ())
        faces = [
            FontFace(path, 0, family, style)
            for family in families
            for style in styles
            if (path := self._noto.get(family, {}).get(style))
        ]
        if script in CJK_FACES:
            faces.extend(self._cjk_faces().get(script, []))
        faces.extend(self._extra_faces(script))
        return faces

    def companion(self, face: FontFace) -> FontFace | None:
        """A Latin face of matching style for digits and punctuation a script font lacks."""
        family = "NotoSerif" if "Serif" in face.family or "Naskh" in face.family else "NotoSans"
        styles = self._noto.get(family) or self._noto.get("NotoSans", {})
        style = face.style if face.style in styles else ("Bold" if face.bold else "Regular")
        path = styles.get(style)
        return FontFace(path, 0, family, style) if path else None

    def pick(
        self, text: str, script: str, rng: random.Random, lang: str | None = None
    ) -> FontStack:
        """A random font stack for ``script`` that covers all of ``text``.

        Tries the candidates in a seeded random order; raises MissingGlyphsError naming
        the characters that no candidate covers.
        """
        faces = self.candidates(script, lang)
        if not faces:
            raise MissingGlyphsError(script, [c for c in text if needs_glyph(c)])
        order = list(faces)
        rng.shuffle(order)
        missing: set[str] | None = None
        for face in order:
            companion = self.companion(face)
            stack = FontStack((face,) if companion in (None, face) else (face, companion))
            gaps = stack.missing(text)
            if not gaps:
                return stack
            missing = gaps if missing is None else missing & gaps
        raise MissingGlyphsError(script, missing or ())


def _faces_in(directory: Path) -> list[FontFace]:
    faces: list[FontFace] = []
    for path in sorted(directory.rglob("*")):
        suffix = path.suffix.lower()
        if suffix in (".ttc", ".otc"):
            faces.extend(_faces_in_collection(path))
        elif suffix in _FONT_SUFFIXES:
            faces.append(FontFace(str(path), 0, path.stem.split("-")[0], _style_of(path.stem)))
    return faces


def _style_of(stem: str) -> str:
    return stem.split("-", 1)[1] if "-" in stem else "Regular"


def _faces_in_collection(path: Path) -> list[FontFace]:
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as collection:
        names = [
            (font["name"].getDebugName(1) or "", font["name"].getDebugName(2) or "Regular")
            for font in collection.fonts
        ]
    style = "Bold" if "Bold" in path.name else "Regular"
    return [FontFace(str(path), i, family, style) for i, (family, _) in enumerate(names)]
