"""Languages that language-ID models confuse with each other, in one table.

A genuine Croatian sentence often gets more lid.176 probability for Serbian or
Serbo-Croatian than for Croatian; Galician is read as Portuguese, Malay as
Indonesian, Nynorsk as Bokmål or Danish. The LID filter therefore compares the
probability mass of the target's whole group with its threshold, so close
languages never cost a real translation, while English copies and clearly
wrong languages still fail. The price is that a translation into the wrong
member of a group passes LID; that is deliberate and the benchmark reports it.

A language lid.176 does not know is still LID-checked when a member of its
group is known (Awadhi through Hindi, Cantonese through Chinese).
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType

CONFUSABLE_GROUPS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "serbo_croatian": frozenset({"hrv_Latn", "srp_Cyrl", "bos_Latn"}),
        "ibero_romance": frozenset({"glg_Latn", "por_Latn", "spa_Latn", "ast_Latn"}),
        "malay": frozenset({"zsm_Latn", "ind_Latn", "min_Latn"}),
        "low_franconian": frozenset({"afr_Latn", "nld_Latn", "lim_Latn"}),
        "scandinavian": frozenset({"nob_Latn", "nno_Latn", "dan_Latn", "swe_Latn"}),
        "czech_slovak": frozenset({"ces_Latn", "slk_Latn"}),
        "bulgarian_macedonian": frozenset({"bul_Cyrl", "mkd_Cyrl"}),
        "hindi_belt": frozenset(
            {
                "hin_Deva",
                "mar_Deva",
                "npi_Deva",
                "mai_Deva",
                "bho_Deva",
                "awa_Deva",
                "mag_Deva",
                "hne_Deva",
                "san_Deva",
            }
        ),
        "persian": frozenset({"pes_Arab", "prs_Arab"}),
        "arabic": frozenset(
            {
                "arb_Arab",
                "acm_Arab",
                "acq_Arab",
                "aeb_Arab",
                "ajp_Arab",
                "apc_Arab",
                "ars_Arab",
                "ary_Arab",
                "arz_Arab",
            }
        ),
        "chinese": frozenset({"zho_Hans", "zho_Hant", "yue_Hant"}),
    }
)

_GROUP_OF: dict[str, frozenset[str]] = {
    code: members for members in CONFUSABLE_GROUPS.values() for code in members
}


@cache
def confusable_group(code: str) -> frozenset[str]:
    """The target and every language LID may mistake it for (just the target if none).

    Cached: the LID decision asks about the same few codes ~10 times a segment,
    and a language outside every group would get a new one-code set each time.
    """
    return _GROUP_OF.get(code, frozenset({code}))
