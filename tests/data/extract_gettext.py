"""Extract real human translations from Debian's gettext catalogs into a small TSV.

The pipeline tests need texts that *are* translations (so language ID and
back-translation pass on real text) and must not be written by hand. This
script picks sentence-like English messages that several catalogs translate
and writes ``source, target_lang, translation`` rows. It was run once to make
``human_translations.tsv``; re-run it to refresh:

    python tests/data/extract_gettext.py tests/data/human_translations.tsv
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

LOCALES = {"de": "deu_Latn", "fr": "fra_Latn", "es": "spa_Latn", "ru": "rus_Cyrl", "ja": "jpn_Jpan"}
SENTENCE = re.compile(r"^[A-Z][a-z][^%{}<>\n\t\\_&|@]{30,140}[a-z]\.\Z")


def catalogs(root: Path, locale: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in sorted((root / locale / "LC_MESSAGES").glob("*.mo")):
        try:
            with path.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        for msgid, msgstr in catalog._catalog.items():  # the only way to list a catalog
            if isinstance(msgid, str) and msgstr and SENTENCE.match(msgid) and msgstr != msgid:
                messages.setdefault(msgid, " ".join(msgstr.split()))
    return messages


def main(output: str, root: str = "/usr/share/locale", limit: int = 40) -> None:
    per_locale = {code: catalogs(Path(root), locale) for locale, code in LOCALES.items()}
    common = set.intersection(*(set(messages) for messages in per_locale.values()))
    chosen = sorted(common, key=lambda text: (len(text.split()), text))[
        :: max(1, len(common) // limit)
    ]
    lines = ["source\ttarget_lang\ttranslation"]
    for text in chosen[:limit]:
        lines += [f"{text}\t{code}\t{per_locale[code][text]}" for code in LOCALES.values()]
    Path(output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen[:limit])} sentences x {len(LOCALES)} languages -> {output}")


if __name__ == "__main__":
    main(*sys.argv[1:])
