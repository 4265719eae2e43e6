"""The namespace of the translate job's Beam counters (``babelshard:written_deu_Latn`` …).

The report and ``bench/pipeline.py`` read counters by this namespace.
"""

METRICS = "babelshard"

BACK_TRANSLATIONS_SAVED = "back_translations_saved"
"""Unique pieces that failed a cheap check and so were not back-translated (the manifest's)."""
