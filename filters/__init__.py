"""Filters: pure functions from a ``TranslatedSegment`` to a ``Verdict``.

- ``langid``: fastText language ID (lid.176 by default, GlotLID/NLLB LID by path)
- ``scripts``: the hypothesis is written in the target's script
- ``backtranslation``: chrF++ of the round trip, mBLIP's short-answer rule
- ``heuristics``: empty, copy, loops, length ratio, placeholders, digits
- ``policy``: ``FilterConfig``, ``evaluate``, ``evaluate_many``
- ``reasons``: the machine-readable rejection reasons
- ``confusables``: language groups LID models confuse
"""
