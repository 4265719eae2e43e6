"""Where the pipeline tests find real human translations (see tests/data/extract_gettext.py)."""

from pathlib import Path

HUMAN = Path(__file__).resolve().parents[1] / "data" / "human_translations.tsv"
"""English sentences and their human translations, a ``table:`` translator's input."""

HUMAN_LANGS = "deu_Latn,fra_Latn,spa_Latn,rus_Cyrl,jpn_Jpan"
"""The languages the table holds a translation in, for every one of its sentences."""
