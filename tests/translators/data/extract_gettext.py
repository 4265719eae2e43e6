"""Rebuild ``gettext_multisentence.json`` from installed gettext catalogs.

The fixture holds real human translations of multi-sentence messages (Debian's
``.mo`` catalogs), so segmentation tests exercise real non-English text without
depending on the machine they run on. Run by hand, never by the tests:

    python tests/translators/data/extract_gettext.py LOCALE_DIR > \
        tests/translators/data/gettext_multisentence.json

where LOCALE_DIR is the system's locale directory (``share/locale`` under the
install prefix on Debian).
"""

from __future__ import annotations

import gettext
import json
import re
import sys
from pathlib import Path

# catalog locale -> NLLB code, chosen to cover Latin, Cyrillic, Han, Kana, Hangul,
# Devanagari, Arabic and Thai scripts.
LOCALES = {
    "de": "deu_Latn",
    "fr": "fra_Latn",
    "es": "spa_Latn",
    "pt_BR": "por_Latn",
    "ru": "rus_Cyrl",
    "uk": "ukr_Cyrl",
    "zh_CN": "zho_Hans",
    "ja": "jpn_Jpan",
    "ko": "kor_Hang",
    "hi": "hin_Deva",
    "ar": "arb_Arab",
    "th": "tha_Thai",
    "vi": "vie_Latn",
}
DOMAINS = ("apt", "dpkg", "software-properties", "glib20", "gtk20", "PackageKit", "appstream")
PER_LOCALE = 4
# Two sentences in English: a terminator, a space, a capital; no format codes or markup.
TWO_SENTENCES = re.compile(r"[a-z][.!?] +[A-Z]")
NOISE = re.compile(r"%|\\|<|>|\{|_[A-Za-z]|\t|\n|https?:|--")


def entries(locale_dir: Path, locale: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for domain in DOMAINS:
        path = locale_dir / locale / "LC_MESSAGES" / f"{domain}.mo"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        for msgid, msgstr in sorted(catalog._catalog.items(), key=lambda kv: str(kv[0])):
            if not isinstance(msgid, str) or not msgstr or msgid == msgstr:
                continue
            if not 60 <= len(msgid) <= 260 or NOISE.search(msgid) or NOISE.search(msgstr):
                continue
            complete = msgid[0].isupper() and msgid.rstrip()[-1] in ".!?"
            if complete and TWO_SENTENCES.search(msgid):
                found.append({"domain": domain, "msgid": msgid, "msgstr": msgstr})
            if len(found) >= PER_LOCALE:
                return found
    return found


def main(locale_dir: str) -> None:
    out = {
        "about": "Multi-sentence messages and their human translations from gettext "
        "catalogs shipped by Debian packages (apt, dpkg, glib, gtk, ...); "
        "rebuilt with extract_gettext.py.",
        "entries": [
            {"lang": nllb, **entry}
            for locale, nllb in LOCALES.items()
            for entry in entries(Path(locale_dir), locale)
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
