"""The namespace of the translate job's Beam counters (``babelshard:written_deu_Latn`` …).

The report and ``bench/pipeline.py`` read counters by this namespace.
"""

METRICS = "babelshard"
