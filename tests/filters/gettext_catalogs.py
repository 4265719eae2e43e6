"""Real human translations of English messages, from the system's gettext catalogs.

Debian installs ``*.mo`` catalogs under ``/usr/share/locale/<locale>/LC_MESSAGES``:
English UI messages (msgid) and their translations (msgstr) by human
translators, in more than a hundred languages. The filter tests and
``bench/quality.py`` use them as genuine translations; ``BABELSHARD_LOCALE_DIR``
points elsewhere. ``python tests/filters/gettext_catalogs.py`` rewrites the
small fixture the core tests ship (``data/pairs.json``), and
``python tests/filters/gettext_catalogs.py rules`` the real messages that show
one filter rule each (``data/rule_cases.json``).
"""

from __future__ import annotations

import gettext
import itertools
import json
import os
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from babelshard.schemas.languages import AmbiguousLanguageError, find_language

LOCALE_DIR = Path(os.environ.get("BABELSHARD_LOCALE_DIR", "/usr/share/locale"))
FIXTURE = Path(__file__).parent / "data" / "pairs.json"

# Locale directories whose language is not just the ISO 639-1 code before "_".
LOCALE_OVERRIDES: dict[str, str] = {
    "zh_CN": "zho_Hans",
    "zh_Hans": "zho_Hans",
    "zh_TW": "zho_Hant",
    "zh_HK": "zho_Hant",
    "zh_Hant": "zho_Hant",
    "pt_BR": "por_Latn",
    "pt_PT": "por_Latn",
    "nb_NO": "nob_Latn",
}
# Catalog domains that hold names (countries, languages, scripts), not sentences.
SKIPPED_DOMAINS = re.compile(r"^iso_|^iso-")

_MNEMONIC_RE = re.compile(r"\s*\(_\w\)|_(?=\w)|&(?=\w)")
_CODE_CHARS_RE = re.compile(r"[%{}<>\[\]\\/=_@|#$*~`]|(?<!\S)-|[a-z][A-Z]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[.,;:!?)\"”]*")


def locale_language(locale: str) -> str | None:
    """NLLB code of a locale directory name, or None (variants, English, unknown)."""
    if locale in LOCALE_OVERRIDES:
        return LOCALE_OVERRIDES[locale]
    if "@" in locale or "_" in locale or locale.startswith("en"):
        return None
    try:
        lang = find_language(locale)
    except AmbiguousLanguageError:
        return None
    return lang.code if lang else None


def clean_message(text: str) -> str:
    """Drop UI mnemonics ("_Open", "開く(_O)") and fold whitespace: the text a reader sees."""
    return " ".join(_MNEMONIC_RE.sub("", text).split())


def read_catalog(path: Path) -> dict[str, str]:
    """Singular msgid -> msgstr of one ``.mo`` file (no header, no untranslated entries)."""
    try:
        with open(path, "rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog
    except (OSError, UnicodeDecodeError, ValueError, IndexError, SyntaxError):
        return {}
    out: dict[str, str] = {}
    for key, value in catalog.items():
        if not isinstance(key, str) or not key or not value:
            continue
        out[key.rsplit("\x04", 1)[-1]] = value
    return out


@cache
def catalog_languages() -> dict[str, tuple[Path, ...]]:
    """NLLB code -> the locale directories holding its catalogs on this machine."""
    found: dict[str, list[Path]] = {}
    if not LOCALE_DIR.is_dir():
        return {}
    for locale_dir in sorted(LOCALE_DIR.iterdir()):
        code = locale_language(locale_dir.name)
        if code and (locale_dir / "LC_MESSAGES").is_dir():
            found.setdefault(code, []).append(locale_dir / "LC_MESSAGES")
    return {code: tuple(dirs) for code, dirs in found.items()}


@cache
def messages(code: str) -> dict[str, str]:
    """Cleaned English message -> cleaned translation, over all of a language's catalogs."""
    out: dict[str, str] = {}
    for directory in catalog_languages().get(code, ()):
        for mo in sorted(directory.glob("*.mo")):
            if SKIPPED_DOMAINS.search(mo.stem):
                continue
            for msgid, msgstr in read_catalog(mo).items():
                source, target = clean_message(msgid), clean_message(msgstr)
                if source and target:
                    out.setdefault(source, target)
    return out


def is_prose(text: str) -> bool:
    """Whether an English message reads like a sentence rather than code or usage text.

    No placeholders, markup, options, paths or identifiers, and at least 80% of
    the tokens plain words: the kind of text captions and answers are.
    """
    tokens = text.split()
    if not tokens or _CODE_CHARS_RE.search(text):
        return False
    return sum(1 for t in tokens if _WORD_RE.fullmatch(t.lstrip('("“'))) >= 0.8 * len(tokens)


def sentence_pairs(code: str, min_words: int = 6, prose: bool = True) -> list[tuple[str, str]]:
    """(English, translation) pairs whose English has at least ``min_words`` words.

    With ``prose`` only messages that read like sentences (``is_prose``).
    Entries left identical to the English are skipped: they are untranslated,
    not translations.
    """
    return [
        (source, target)
        for source, target in messages(code).items()
        if len(source.split()) >= min_words and target != source and (not prose or is_prose(source))
    ]


def _wording(text: str) -> str:
    """``text`` casefolded, punctuation and spacing folded: two messages that differ only
    there ("No packages found." and "no packages found") are one wording."""
    return " ".join(re.findall(r"\w+", text.casefold()))


@cache
def _shared_translations(min_words: int) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """NLLB code -> (translation, its English wordings) of every translation that two
    or more prose messages of ``min_words``+ words share, in one language's catalogs."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code in catalog_languages():
        wordings: dict[str, dict[str, str]] = {}
        for source, target in messages(code).items():
            if len(source.split()) >= min_words and target != source and is_prose(source):
                wordings.setdefault(target, {}).setdefault(_wording(source), source)
        out[code] = [
            (target, tuple(sorted(by_wording.values())))
            for target, by_wording in sorted(wordings.items())
            if len(by_wording) >= 2
        ]
    return out


@cache
def _agreeing_languages(min_words: int) -> Counter[tuple[str, str]]:
    """(English, English) -> in how many languages one translation serves both."""
    agree: Counter[tuple[str, str]] = Counter()
    for shared in _shared_translations(min_words).values():
        for _, sources in shared:
            agree.update(itertools.combinations(sources, 2))
    return agree


def round_trips(
    code: str, min_languages: int = 3, min_words: int = 3
) -> list[tuple[str, str, str]]:
    """(English, translation, another English) where ``code``'s catalogs give both
    Englishes this one translation, and so do those of ``min_languages`` languages.

    The other English is what a human translator wrote for the same translation:
    the back-translation of a real round trip, with the wording freedom a model's
    back-translation has ("Invalid port number" for "Bad port number"). One
    catalog's shared translation can be a translator's slip ("cannot get real GID"
    translated as the UID message); ``min_languages`` catalogs that agree keep most
    of those out, not all: a reuse that translation memories spread across
    languages ("… JPEG file" / "… PNG") passes the bar, and ``round_trip_defects``
    lists the pairs a blind audit found to differ. Each English is paired with the
    first other English of its group that meets the bar.
    """
    agree = _agreeing_languages(min_words)
    out = []
    for target, sources in _shared_translations(min_words).get(code, []):
        for source in sources:
            back = next(
                (
                    other
                    for other in sources
                    if other != source and agree[tuple(sorted((source, other)))] >= min_languages
                ),
                None,
            )
            if back:
                out.append((source, target, back))
    return out


def load_fixture() -> dict[str, list[tuple[str, str]]]:
    """The shipped pairs: NLLB code -> (English, translation) pairs."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {code: [(en, tr) for en, tr in pairs] for code, pairs in data.items()}


FIXTURE_LANGUAGES = (
    *("hrv_Latn", "srp_Cyrl", "bos_Latn", "glg_Latn", "por_Latn", "spa_Latn", "zsm_Latn"),
    *("ind_Latn", "afr_Latn", "nld_Latn", "nob_Latn", "dan_Latn", "swe_Latn", "arb_Arab"),
    *("hin_Deva", "zho_Hans", "tha_Thai", "deu_Latn", "rus_Cyrl", "jpn_Jpan", "xho_Latn"),
)


def write_fixture(per_language: int = 4) -> None:
    """Extract a few KB of real pairs: plain sentences of 8-16 words, no digits or acronyms.

    Messages translated in many of the fixture languages come first, so that the
    tests can offer one language's translation of a message as a wrong answer
    for another language.
    """
    pairs = {code: dict(sentence_pairs(code, min_words=8)) for code in FIXTURE_LANGUAGES}
    shared: dict[str, int] = {}
    for by_source in pairs.values():
        for source in by_source:
            shared[source] = shared.get(source, 0) + 1
    data: dict[str, list[list[str]]] = {}
    for code, by_source in pairs.items():
        candidates = [
            (source, target)
            for source, target in by_source.items()
            if len(source.split()) <= 16
            and not re.search(r"\d|\b[A-Z]{2,}\b", source + " " + target)
        ]
        candidates.sort(key=lambda p: (-shared[p[0]], len(p[0]), p[0]))
        if candidates:
            data[code] = [list(pair) for pair in candidates[:per_language]]
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# Real messages that show one filter rule each (tests/filters): (NLLB code, English).
RULE_CASES: tuple[tuple[str, str], ...] = (
    ("dan_Latn", "Kurdish (Iran, Latin Alt-Q)"),  # a name-heavy translation, not a copy
    ("dan_Latn", "Configuration for HTTP servers"),
    ("nld_Latn", "Esperanto (Brazil, Nativo)"),
    ("mya_Mymr", "Primary icon activatable"),  # Burmese ၀ for the letter ဝ
    ("mya_Mymr", "Whether the primary icon is activatable"),
    ("mya_Mymr", "Insufficient memory to open JPEG 2000 file"),  # ၂၀၀၀ is a number
    ("spa_Latn", "Key to choose the 3rd level"),  # an ordinal spelled out
    ("nld_Latn", "3rd level of Left Win"),
    ("ita_Latn", "control directory is not a directory"),  # a word the source repeats
    *((code, "Haskell source code") for code in ("fao_Latn", "zho_Hans", "jpn_Jpan", "rus_Cyrl")),
    *((code, "Ogg Speex audio") for code in ("fao_Latn", "zho_Hans", "jpn_Jpan", "rus_Cyrl")),
    # Words of another language of the script: Serbian "могу", Ukrainian "вдалося".
    *((code, "Could not add a bookmark") for code in ("mkd_Cyrl", "srp_Cyrl")),
    *((code, "could not set up XML error handler") for code in ("rus_Cyrl", "ukr_Cyrl")),
    *((code, "Unable to correct missing packages.") for code in ("ast_Latn", "cat_Latn")),
    ("ind_Latn", "Browse Header Revealer"),  # short once the source's name is left out
    # Sorani, which CLD2 names as Kurdish ("ku"), and Persian and Arabic in its place.
    *(
        (code, english)
        for code in ("ckb_Arab", "pes_Arab", "arb_Arab")
        for english in ("Program class as used by the window manager", "Time of print")
    ),
    # Real text lid.176 and CLD2 misread that lingua overrules, and other languages'.
    *(
        (code, "The index of the child in the parent")
        for code in ("dan_Latn", "deu_Latn", "nld_Latn")
    ),
    ("gle_Latn", "Premature end of regular expression"),
    # Faroese, which only py3langid knows, and Danish and German in its place.
    *((code, "Browse Service Types") for code in ("fao_Latn", "dan_Latn", "deu_Latn")),
    # lid.176 and CLD2 agreeing on another language: French and Asturian in Kongo's
    # place, Serbian in Russian's (not in Macedonian's); the real translations.
    *((code, "Pick a Font") for code in ("kon_Latn", "fra_Latn")),
    *((code, "Couldn't load metafile") for code in ("kon_Latn", "ast_Latn")),
    *((code, "Flatpak repository description") for code in ("rus_Cyrl", "srp_Cyrl")),
    # Maori that lid.176, which has no Maori, reads as English and CLD2 as Maori.
    *(("mri_Latn", english) for english in ("Name too long", "Bad code encountered")),
    # Afrikaans and German in Faroese's place, which lid.176 and CLD2 agree on and
    # py3langid backs; the real Faroese.
    *((code, "GNUnet search file") for code in ("fao_Latn", "afr_Latn")),
    *((code, "Invalid DNS class") for code in ("fao_Latn", "deu_Latn")),
    # Lithuanian and Croatian in Friulian's place, which franc finds far from Friulian.
    *((code, "Object path to introspect") for code in ("fur_Latn", "lit_Latn")),
    *((code, "oufuku (reply postcard)") for code in ("fur_Latn", "hrv_Latn")),
    # Finnish in Kongo's place, which franc (Koongo's profile) finds far from Kongo.
    *((code, "Dimensions of TIFF image too large") for code in ("kon_Latn", "fin_Latn")),
    # Assamese in Bengali's place and Ukrainian in Russian's: CLD2 names them and the
    # target's own letters (Bengali র, Russian ы э) are missing; the real translations.
    *((code, "Accessible Table Caption Object") for code in ("ben_Beng", "asm_Beng")),
    *((code, "Expecting second argument") for code in ("rus_Cyrl", "ukr_Cyrl")),
    # Indonesian, Irish, Afrikaans and Bulgarian in the place of Faroese, Asturian, Kongo
    # and Kazakh: short labels the identifiers leave to the short-text rule, whose
    # character trigrams a same-script rival's catalog explains best; the real ones.
    *((code, "Ogg multimedia file") for code in ("fao_Latn", "ind_Latn")),
    *((code, "File is empty") for code in ("ast_Latn", "gle_Latn")),
    *((code, "Could not show link") for code in ("kon_Latn", "afr_Latn")),
    *((code, "Erlang source code") for code in ("kaz_Cyrl", "bul_Cyrl")),
    ("oci_Latn", "Focus line dash pattern"),  # Occitan read as Catalan (py3langid rescue)
    ("oci_Latn", "Number of lines"),  # Occitan read as Portuguese
    ("ita_Latn", "Too many columns."),  # Italian too short for lid.176 (py3langid rescue)
    ("kir_Cyrl", "Logitech Cordless Desktop (alternate option)"),  # Kyrgyz read as Russian
    ("cat_Latn", "Focus line dash pattern"),  # Catalan in Occitan's place
    ("asm_Beng", "A type, keyid and packageid are required"),  # lone identifiers kept
    # Literals kept verbatim: a command the source quotes, a dotted identifier.
    ("fra_Latn", '(use "git bisect reset" to get back to the original branch)'),
    ("pes_Arab", "Application identifier in D-Bus format (eg: org.example.viewer)"),
    ("kor_Hang", "character offset is zero"),  # English number words written as digits
    ("tha_Thai", "Every two weeks"),
)
RULE_FIXTURE = Path(__file__).parent / "data" / "rule_cases.json"


def load_rule_cases() -> dict[str, dict[str, str]]:
    """The shipped rule cases: NLLB code -> English -> real translation."""
    return json.loads(RULE_FIXTURE.read_text(encoding="utf-8"))


def write_rule_cases() -> None:
    """Extract the real translations of ``RULE_CASES`` from this machine's catalogs."""
    data: dict[str, dict[str, str]] = {}
    for code, english in RULE_CASES:
        data.setdefault(code, {})[english] = messages(code)[english]
    RULE_FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["rules"]:
        write_rule_cases()
    else:
        write_fixture(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
