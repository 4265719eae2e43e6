"""Per-language calibration of the lid.176 + CLD2 decision, on real translations.

The tables below, all fitted on the *calibration* half of the gettext catalogs'
real translations only (``bench/quality.py`` scores the held-out half), and
all meaningful for lid.176 (the default model) only:

- ``THRESHOLDS``: the lid.176 group-probability bar per language where the
  default 0.2 rejects more than 1% of real translations beyond what the
  lowest bar does: the highest of 0.2, 0.1, 0.05, 0.02, 0.01 that does not
  (Occitan, read as Catalan and French, gets 0.01);
- ``CLD2_VETO``: the languages for which a reliable CLD2 verdict for another
  language rejects (``langid.cld2_vetoes``), each with the languages CLD2
  names for its real translations (Belarusian -> Russian, Ukrainian; Northern
  Sotho -> Sesotho, Tswana), which do not. CLD2 misreads some languages
  wholesale and at random (Crimean Tatar, Friulian, Kurmanji, Faroese, Xhosa):
  those are left out.
- ``LOOKALIKES``: for languages lid.176 does not know, the languages it
  confidently names (top label, probability >= 0.5) for their real
  translations (Crimean Tatar -> Turkish, Azerbaijani, Uzbek): any other
  confident top label rejects (``langid.foreign_top``);
- ``AGREED_LOOKALIKES``: the languages lid.176's top label (>= 0.3) and a
  reliable CLD2 verdict agree on for the language's real text (every
  calibration-half message; Crimean Tatar -> Turkish, Friulian -> Italian)
  in at least 0.1% of it: agreeing on any other language rejects
  (``langid.agreed_language``); listed where the real texts that would be
  rejected (agreeing on a language left out, plus agreements seen once, the
  Good-Turing estimate of one not seen yet) are at most 1% (the comment);
- ``LINGUA_CONFIRM``: for languages lid.176 does not know and lingua does
  (``lingua_lid``), the lingua languages allowed (the target and any lingua
  names for at least 5% of its real text: Xhosa -> Zulu) and the confidence
  floor, the highest of 0.1, 0.05, 0.02, 0.01 below which at most 1% of its real
  translations fall (the comment: real translations below it / texts);
- ``PY3LANGID_CONFIRM``: for languages neither lid.176 nor lingua knows and
  py3langid does (``py3langid_lid``), the floor of py3langid's probability for
  the language's group, the highest of 0.1, 0.05, 0.02, 0.01, 0.005, 0.002,
  0.001 below which at most 1% of its real text (every calibration-half
  message) falls (the comment: real texts below it / texts);
- ``PY3LANGID_AGREED``: the languages py3langid knows whose real text (every
  calibration-half message) ``langid.confirm_agreement`` rejects at most 1%
  of (the comment: real texts rejected / texts): where lid.176 and CLD2 agree
  on another language, py3langid backing it rejects;
- ``FRANC_CONFIRM``: for languages neither lid.176 nor lingua knows and
  franc does (``franc_lid``), the ceiling of franc's margin (how much farther
  the target is than the closest NLLB language of its script, per trigram) on
  texts the short-text rule does not call short, the texts it judges: the
  lowest of 20, 30, 40, 50, 60, 75, 100, 150, 200 above which at most 1% of
  those texts (every calibration-half message, at least 40 of them) falls
  (the comment: real texts above it / texts judged);
- ``FOREIGN_LETTERS``: per language, the letters that words (names left out)
  of another language of its script use in at least 5% of that language's
  texts while the language's own real text (every calibration-half message)
  uses them in fewer than 2 texts (Assamese ৰ ৱ for Bengali, Turkish ı ş for
  Friulian); a language is listed only where letters seen once / texts, the
  Good-Turing estimate of a real text with a letter not seen yet (the
  comment), is at most 1% (``alphabets.check_alphabet``);
- ``FREQUENT_WORDS``: per language, the words (names left out) of at least 5%
  of its texts (every calibration-half message); ``KNOWN_WORDS``: per
  language, the other same-script languages' frequent words its own real text
  uses in at least 2 texts. The rest of them are foreign to it
  (``alphabets.foreign_words``); a language is listed in ``KNOWN_WORDS`` only
  where the Good-Turing estimate of a real text with a foreign word (texts
  holding one that only one text has / texts, the comment) is at most 1%, on
  at least 1,000 texts (so that 1% is 10 texts: smaller catalogs are left out).

A language is listed in ``CLD2_VETO`` or ``LOOKALIKES`` only where the
Good-Turing estimate of meeting a label not seen yet on its real text (labels seen once / texts, the
comment after each entry), i.e. the share of real translations the rule would
reject, is at most 1%.

Regenerate with::

    python bench/quality.py --calibrate --split calibration
"""

from __future__ import annotations

THRESHOLDS: dict[str, float] = {
    "afr_Latn": 0.1,
    "ast_Latn": 0.02,
    "bos_Latn": 0.1,
    "cat_Latn": 0.05,
    "epo_Latn": 0.1,
    "hrv_Latn": 0.1,
    "kir_Cyrl": 0.1,
    "kmr_Latn": 0.05,
    "lim_Latn": 0.02,
    "mkd_Cyrl": 0.1,
    "oci_Latn": 0.01,
    "slv_Latn": 0.05,
}

CLD2_VETO: dict[str, frozenset[str]] = {
    "arb_Arab": frozenset(["snd_Arab"]),  # 1/1000
    "asm_Beng": frozenset(["ben_Beng"]),  # 0/1000
    "ast_Latn": frozenset(
        [
            "cat_Latn",
            "cym_Latn",
            "epo_Latn",
            "eus_Latn",
            "grn_Latn",
            "ind_Latn",
            "ita_Latn",
            "kin_Latn",
            "oci_Latn",
            "quy_Latn",
            "ron_Latn",
            "sna_Latn",
            "wol_Latn",
            "xho_Latn",
        ]
    ),  # 6/1000
    "azj_Latn": frozenset(["lin_Latn", "tur_Latn", "uzn_Latn"]),  # 2/425
    "bel_Cyrl": frozenset(["rus_Cyrl", "srp_Cyrl", "ukr_Cyrl"]),  # 0/1000
    "ben_Beng": frozenset([]),  # 0/820
    "bos_Latn": frozenset(
        [
            "ayr_Latn",
            "ces_Latn",
            "dan_Latn",
            "deu_Latn",
            "fra_Latn",
            "ind_Latn",
            "kin_Latn",
            "nno_Latn",
            "nob_Latn",
            "por_Latn",
            "slk_Latn",
            "slv_Latn",
            "spa_Latn",
        ]
    ),  # 6/1000
    "bul_Cyrl": frozenset(["rus_Cyrl", "srp_Cyrl", "tuk_Latn"]),  # 1/1000
    "cat_Latn": frozenset(
        [
            "fij_Latn",
            "fra_Latn",
            "glg_Latn",
            "nob_Latn",
            "oci_Latn",
            "por_Latn",
            "spa_Latn",
            "tur_Latn",
            "uzn_Latn",
        ]
    ),  # 5/1000
    "ces_Latn": frozenset(["ltz_Latn"]),  # 0/1000
    "ckb_Arab": frozenset([]),  # 0/43
    "cym_Latn": frozenset(["deu_Latn", "ron_Latn"]),  # 2/686
    "dan_Latn": frozenset(
        ["fra_Latn", "isl_Latn", "jav_Latn", "ltz_Latn", "slk_Latn", "uzn_Latn", "war_Latn"]
    ),  # 6/1000
    "deu_Latn": frozenset([]),  # 0/1000
    "dzo_Tibt": frozenset(["bod_Tibt"]),  # 0/682
    "ell_Grek": frozenset([]),  # 0/1000
    "est_Latn": frozenset(
        [
            "afr_Latn",
            "dan_Latn",
            "fin_Latn",
            "fra_Latn",
            "jav_Latn",
            "nld_Latn",
            "nno_Latn",
            "por_Latn",
            "sna_Latn",
            "tur_Latn",
            "wol_Latn",
        ]
    ),  # 8/1000
    "eus_Latn": frozenset(
        [
            "ces_Latn",
            "hau_Latn",
            "quy_Latn",
            "ron_Latn",
            "smo_Latn",
            "swh_Latn",
            "tsn_Latn",
            "tur_Latn",
            "xho_Latn",
            "zsm_Latn",
        ]
    ),  # 7/1000
    "fin_Latn": frozenset(["est_Latn", "grn_Latn", "lug_Latn"]),  # 3/1000
    "fra_Latn": frozenset(["dan_Latn", "gla_Latn", "slk_Latn"]),  # 3/1000
    "gla_Latn": frozenset(["gle_Latn"]),  # 0/896
    "gle_Latn": frozenset(["fij_Latn", "gla_Latn"]),  # 1/858
    "glg_Latn": frozenset(["ron_Latn"]),  # 1/1000
    "guj_Gujr": frozenset([]),  # 0/1000
    "heb_Hebr": frozenset(["dan_Latn"]),  # 1/766
    "hin_Deva": frozenset([]),  # 0/1000
    "hrv_Latn": frozenset(
        [
            "aka_Latn",
            "ces_Latn",
            "fra_Latn",
            "hau_Latn",
            "ind_Latn",
            "nno_Latn",
            "pol_Latn",
            "quy_Latn",
            "slk_Latn",
            "slv_Latn",
            "spa_Latn",
            "tgl_Latn",
            "uzn_Latn",
            "zul_Latn",
        ]
    ),  # 10/1000
    "hun_Latn": frozenset(["aka_Latn", "ces_Latn", "ron_Latn", "spa_Latn"]),  # 3/1000
    "hye_Armn": frozenset([]),  # 0/795
    "ind_Latn": frozenset(
        [
            "als_Latn",
            "ces_Latn",
            "dan_Latn",
            "glg_Latn",
            "jav_Latn",
            "nob_Latn",
            "por_Latn",
            "ron_Latn",
            "slk_Latn",
            "sun_Latn",
        ]
    ),  # 8/1000
    "ita_Latn": frozenset(
        ["glg_Latn", "por_Latn", "ron_Latn", "srp_Cyrl", "swe_Latn", "tur_Latn", "zsm_Latn"]
    ),  # 6/1000
    "jpn_Jpan": frozenset([]),  # 0/1000
    "kan_Knda": frozenset([]),  # 0/979
    "kat_Geor": frozenset([]),  # 0/1000
    "kaz_Cyrl": frozenset(["bul_Cyrl", "rus_Cyrl", "srp_Cyrl", "tat_Cyrl"]),  # 3/596
    "khk_Cyrl": frozenset(["srp_Cyrl"]),  # 0/369
    "khm_Khmr": frozenset([]),  # 0/879
    "kir_Cyrl": frozenset(["tuk_Latn"]),  # 1/153
    "kor_Hang": frozenset([]),  # 0/1000
    "lit_Latn": frozenset(
        ["dan_Latn", "epo_Latn", "lvs_Latn", "nso_Latn", "sna_Latn", "som_Latn", "zsm_Latn"]
    ),  # 6/1000
    "lvs_Latn": frozenset(
        [
            "ceb_Latn",
            "ces_Latn",
            "dan_Latn",
            "ind_Latn",
            "mri_Latn",
            "nno_Latn",
            "san_Deva",
            "slk_Latn",
        ]
    ),  # 7/1000
    "mai_Deva": frozenset([]),  # 0/740
    "mal_Mlym": frozenset([]),  # 0/936
    "mar_Deva": frozenset([]),  # 0/1000
    "mkd_Cyrl": frozenset(["srp_Cyrl"]),  # 0/359
    "mya_Mymr": frozenset([]),  # 0/660
    "nld_Latn": frozenset(["deu_Latn", "ltz_Latn", "ron_Latn"]),  # 2/1000
    "nno_Latn": frozenset(["ces_Latn", "eus_Latn", "lvs_Latn", "por_Latn", "ron_Latn"]),  # 5/704
    "nob_Latn": frozenset(["hat_Latn", "ind_Latn", "lit_Latn"]),  # 2/1000
    "npi_Deva": frozenset([]),  # 0/1000
    "nso_Latn": frozenset(
        ["est_Latn", "pol_Latn", "slk_Latn", "sot_Latn", "tsn_Latn", "tso_Latn", "xho_Latn"]
    ),  # 3/354
    "oci_Latn": frozenset(
        [
            "cat_Latn",
            "dan_Latn",
            "fin_Latn",
            "fra_Latn",
            "glg_Latn",
            "hat_Latn",
            "ind_Latn",
            "kin_Latn",
            "plt_Latn",
            "por_Latn",
            "ron_Latn",
            "smo_Latn",
            "spa_Latn",
            "vie_Latn",
        ]
    ),  # 5/1000
    "ory_Orya": frozenset([]),  # 0/1000
    "pan_Guru": frozenset([]),  # 0/1000
    "pbt_Arab": frozenset(["ckb_Arab", "kmr_Latn"]),  # 1/153
    "pes_Arab": frozenset(["arb_Arab"]),  # 1/585
    "pol_Latn": frozenset(["fin_Latn", "nld_Latn", "war_Latn"]),  # 3/1000
    "por_Latn": frozenset(["als_Latn", "gla_Latn", "isl_Latn", "ita_Latn", "zsm_Latn"]),  # 5/1000
    "ron_Latn": frozenset(
        [
            "als_Latn",
            "cym_Latn",
            "deu_Latn",
            "fra_Latn",
            "gla_Latn",
            "ita_Latn",
            "jav_Latn",
            "slv_Latn",
            "sna_Latn",
        ]
    ),  # 8/1000
    "rus_Cyrl": frozenset(["srp_Cyrl"]),  # 1/1000
    "sin_Sinh": frozenset([]),  # 0/283
    "slk_Latn": frozenset(["ltz_Latn", "pol_Latn", "ron_Latn"]),  # 3/1000
    "spa_Latn": frozenset(["afr_Latn"]),  # 1/1000
    "srp_Cyrl": frozenset(["bul_Cyrl", "mkd_Cyrl", "ron_Latn", "rus_Cyrl"]),  # 0/1000
    "swe_Latn": frozenset(
        [
            "ces_Latn",
            "cym_Latn",
            "deu_Latn",
            "fra_Latn",
            "ind_Latn",
            "ita_Latn",
            "kin_Latn",
            "plt_Latn",
            "slk_Latn",
            "zsm_Latn",
        ]
    ),  # 10/1000
    "tam_Taml": frozenset([]),  # 0/1000
    "tel_Telu": frozenset([]),  # 0/1000
    "tgk_Cyrl": frozenset(["mkd_Cyrl", "uzn_Latn"]),  # 1/734
    "tha_Thai": frozenset([]),  # 0/746
    "tur_Latn": frozenset(["san_Deva", "tuk_Latn"]),  # 1/1000
    "uig_Arab": frozenset([]),  # 0/1000
    "ukr_Cyrl": frozenset(["ron_Latn", "rus_Cyrl", "srp_Cyrl"]),  # 1/1000
    "vie_Latn": frozenset([]),  # 0/1000
    "ydd_Hebr": frozenset([]),  # 0/279
    "zho_Hans": frozenset(["jpn_Jpan"]),  # 0/1000
    "zho_Hant": frozenset(["jpn_Jpan"]),  # 0/1000
    "zsm_Latn": frozenset(
        [
            "ceb_Latn",
            "cym_Latn",
            "dan_Latn",
            "fij_Latn",
            "glg_Latn",
            "jav_Latn",
            "kin_Latn",
            "nno_Latn",
        ]
    ),  # 3/1000
}

LOOKALIKES: dict[str, frozenset[str]] = {
    "crh_Latn": frozenset(
        [
            "azj_Latn",
            "deu_Latn",
            "nno_Latn",
            "nob_Latn",
            "swe_Latn",
            "tat_Cyrl",
            "tur_Latn",
            "uzn_Latn",
        ]
    ),  # 4/776
    "dzo_Tibt": frozenset(["bod_Tibt"]),  # 0/682
    "fur_Latn": frozenset(
        [
            "als_Latn",
            "cat_Latn",
            "deu_Latn",
            "eng_Latn",
            "fra_Latn",
            "ita_Latn",
            "kmr_Latn",
            "nld_Latn",
            "pol_Latn",
            "por_Latn",
            "ron_Latn",
            "scn_Latn",
            "spa_Latn",
            "swe_Latn",
            "tur_Latn",
        ]
    ),  # 2/1000
}

AGREED_LOOKALIKES: dict[str, frozenset[str]] = {
    "afr_Latn": frozenset(["nob_Latn"]),  # 20/2128
    "als_Latn": frozenset(["ita_Latn"]),  # 20/2055
    "amh_Ethi": frozenset([]),  # 0/88
    "arb_Arab": frozenset(["pes_Arab"]),  # 0/3003
    "asm_Beng": frozenset(["ben_Beng"]),  # 0/2519
    "ast_Latn": frozenset(["cat_Latn", "ita_Latn"]),  # 6/2670
    "azj_Latn": frozenset(["nob_Latn", "spa_Latn", "tur_Latn"]),  # 2/984
    "bel_Cyrl": frozenset(["rus_Cyrl", "ukr_Cyrl"]),  # 6/3607
    "ben_Beng": frozenset([]),  # 2/1752
    "bos_Latn": frozenset(["ces_Latn", "slk_Latn", "slv_Latn"]),  # 10/2494
    "bul_Cyrl": frozenset(["rus_Cyrl"]),  # 13/11183
    "cat_Latn": frozenset(["por_Latn", "spa_Latn"]),  # 53/12854
    "ces_Latn": frozenset([]),  # 19/12024
    "ckb_Arab": frozenset(["arb_Arab", "pes_Arab", "uig_Arab"]),  # 0/404
    "crh_Latn": frozenset(["azj_Latn", "tat_Cyrl", "tur_Latn", "uzn_Latn"]),  # 14/1742
    "cym_Latn": frozenset([]),  # 8/1551
    "dan_Latn": frozenset([]),  # 23/10959
    "deu_Latn": frozenset([]),  # 23/19945
    "dzo_Tibt": frozenset(["bod_Tibt"]),  # 0/1522
    "ell_Grek": frozenset([]),  # 2/8343
    "epo_Latn": frozenset(["ita_Latn"]),  # 15/6303
    "est_Latn": frozenset(["fin_Latn", "por_Latn"]),  # 10/3882
    "eus_Latn": frozenset([]),  # 16/5385
    "fin_Latn": frozenset([]),  # 13/11083
    "fra_Latn": frozenset([]),  # 29/24327
    "fur_Latn": frozenset(
        ["als_Latn", "fra_Latn", "ita_Latn", "pol_Latn", "por_Latn", "ron_Latn", "spa_Latn"]
    ),  # 19/3271
    "gla_Latn": frozenset(["gle_Latn"]),  # 4/2018
    "gle_Latn": frozenset([]),  # 8/3161
    "glg_Latn": frozenset([]),  # 15/6772
    "guj_Gujr": frozenset([]),  # 2/2505
    "heb_Hebr": frozenset(["ydd_Hebr"]),  # 6/4632
    "hin_Deva": frozenset([]),  # 2/2645
    "hrv_Latn": frozenset(["slk_Latn", "slv_Latn"]),  # 22/8064
    "hun_Latn": frozenset([]),  # 22/8126
    "hye_Armn": frozenset([]),  # 0/1536
    "ind_Latn": frozenset([]),  # 32/14539
    "ita_Latn": frozenset([]),  # 37/18183
    "jpn_Jpan": frozenset([]),  # 18/15890
    "kan_Knda": frozenset([]),  # 2/2189
    "kat_Geor": frozenset([]),  # 2/7626
    "kaz_Cyrl": frozenset(["bel_Cyrl", "rus_Cyrl", "tat_Cyrl", "ukr_Cyrl"]),  # 8/2169
    "khk_Cyrl": frozenset(["kir_Cyrl", "rus_Cyrl"]),  # 1/671
    "khm_Khmr": frozenset([]),  # 2/2016
    "kin_Latn": frozenset(["tgl_Latn"]),  # 1/125
    "kir_Cyrl": frozenset(
        ["bul_Cyrl", "kaz_Cyrl", "khk_Cyrl", "rus_Cyrl", "tat_Cyrl", "ukr_Cyrl"]
    ),  # 5/608
    "kmr_Latn": frozenset(
        ["deu_Latn", "eus_Latn", "lit_Latn", "nno_Latn", "ron_Latn", "tur_Latn"]
    ),  # 5/767
    "kon_Latn": frozenset(
        ["epo_Latn", "fin_Latn", "lit_Latn", "plt_Latn", "swh_Latn", "zsm_Latn"]
    ),  # 4/483
    "kor_Hang": frozenset([]),  # 4/14941
    "lim_Latn": frozenset(["est_Latn", "fra_Latn", "ita_Latn", "nob_Latn"]),  # 2/483
    "lit_Latn": frozenset([]),  # 13/5519
    "lug_Latn": frozenset(["fin_Latn", "ind_Latn"]),  # 2/828
    "lvs_Latn": frozenset([]),  # 17/3843
    "mai_Deva": frozenset([]),  # 2/1549
    "mal_Mlym": frozenset([]),  # 2/2016
    "mar_Deva": frozenset([]),  # 2/2803
    "mkd_Cyrl": frozenset(["rus_Cyrl", "srp_Cyrl", "ukr_Cyrl"]),  # 0/1292
    "mri_Latn": frozenset([]),  # 0/107
    "mya_Mymr": frozenset([]),  # 2/1305
    "nld_Latn": frozenset(["deu_Latn"]),  # 28/9559
    "nno_Latn": frozenset([]),  # 12/1998
    "nob_Latn": frozenset([]),  # 21/7406
    "npi_Deva": frozenset([]),  # 2/2589
    "nso_Latn": frozenset([]),  # 0/613
    "oci_Latn": frozenset(["cat_Latn", "fra_Latn", "glg_Latn", "por_Latn", "spa_Latn"]),  # 14/3767
    "ory_Orya": frozenset([]),  # 2/2377
    "pan_Guru": frozenset([]),  # 2/3169
    "pbt_Arab": frozenset(["arb_Arab", "pes_Arab"]),  # 0/576
    "pes_Arab": frozenset(["arb_Arab", "urd_Arab"]),  # 2/1888
    "plt_Latn": frozenset([]),  # 0/85
    "pol_Latn": frozenset([]),  # 19/14379
    "por_Latn": frozenset([]),  # 34/16194
    "ron_Latn": frozenset([]),  # 23/10836
    "rus_Cyrl": frozenset([]),  # 23/21761
    "sin_Sinh": frozenset([]),  # 0/644
    "slk_Latn": frozenset([]),  # 18/7821
    "slv_Latn": frozenset(["ces_Latn", "hrv_Latn", "slk_Latn", "srp_Cyrl"]),  # 14/6645
    "spa_Latn": frozenset([]),  # 40/23045
    "srp_Cyrl": frozenset(["bul_Cyrl", "mkd_Cyrl", "rus_Cyrl"]),  # 5/11735
    "swe_Latn": frozenset(["deu_Latn"]),  # 32/23063
    "tam_Taml": frozenset([]),  # 2/2514
    "tel_Telu": frozenset([]),  # 2/2408
    "tgk_Cyrl": frozenset(["kaz_Cyrl", "rus_Cyrl"]),  # 2/1585
    "tgl_Latn": frozenset(["ceb_Latn", "nob_Latn"]),  # 1/559
    "tha_Thai": frozenset([]),  # 2/2435
    "tur_Latn": frozenset([]),  # 21/15200
    "uig_Arab": frozenset(["arb_Arab"]),  # 2/2250
    "ukr_Cyrl": frozenset(["rus_Cyrl"]),  # 24/21284
    "uzn_Latn": frozenset(["ind_Latn", "lit_Latn", "quy_Latn", "zsm_Latn"]),  # 4/494
    "vie_Latn": frozenset([]),  # 8/13050
    "xho_Latn": frozenset(["gla_Latn", "tur_Latn"]),  # 2/818
    "ydd_Hebr": frozenset(["heb_Hebr"]),  # 0/536
    "zho_Hans": frozenset(["jpn_Jpan"]),  # 6/18663
    "zho_Hant": frozenset(["jpn_Jpan"]),  # 4/13428
    "zsm_Latn": frozenset([]),  # 8/3681
    "zul_Latn": frozenset([]),  # 0/77
}

LINGUA_CONFIRM: dict[str, tuple[frozenset[str], float]] = {
    "lug_Latn": (frozenset(["lug"]), 0.02),  # 0/184
    "mri_Latn": (frozenset(["mri"]), 0.01),  # 0/63
    "xho_Latn": (frozenset(["xho", "zul"]), 0.02),  # 3/443
}

PY3LANGID_CONFIRM: dict[str, float] = {
    "crh_Latn": 0.001,  # 11/1742
    "dzo_Tibt": 0.1,  # 3/1522
    "fao_Latn": 0.002,  # 1/332
    "kin_Latn": 0.002,  # 1/125
    "nso_Latn": 0.005,  # 4/613
}

PY3LANGID_AGREED: frozenset[str] = frozenset(
    [
        "afr_Latn",  # 1/2128
        "als_Latn",  # 1/2055
        "amh_Ethi",  # 0/88
        "arb_Arab",  # 0/3003
        "asm_Beng",  # 1/2519
        "ast_Latn",  # 3/2670
        "azj_Latn",  # 1/984
        "bel_Cyrl",  # 1/3607
        "ben_Beng",  # 0/1752
        "bos_Latn",  # 0/2494
        "bul_Cyrl",  # 0/11183
        "cat_Latn",  # 0/12854
        "ces_Latn",  # 0/12024
        "cym_Latn",  # 0/1551
        "dan_Latn",  # 0/10959
        "deu_Latn",  # 0/19945
        "dzo_Tibt",  # 0/1522
        "ell_Grek",  # 1/8343
        "epo_Latn",  # 0/6303
        "est_Latn",  # 0/3882
        "eus_Latn",  # 1/5385
        "fao_Latn",  # 0/332
        "fin_Latn",  # 0/11083
        "fra_Latn",  # 1/24327
        "gla_Latn",  # 0/2018
        "gle_Latn",  # 0/3161
        "glg_Latn",  # 0/6772
        "guj_Gujr",  # 0/2505
        "heb_Hebr",  # 3/4632
        "hin_Deva",  # 0/2645
        "hrv_Latn",  # 0/8064
        "hun_Latn",  # 1/8126
        "hye_Armn",  # 0/1536
        "ind_Latn",  # 0/14539
        "isl_Latn",  # 0/1434
        "ita_Latn",  # 0/18183
        "jpn_Jpan",  # 1/15890
        "kan_Knda",  # 1/2189
        "kat_Geor",  # 0/7626
        "khk_Cyrl",  # 0/671
        "khm_Khmr",  # 0/2016
        "kin_Latn",  # 0/125
        "kir_Cyrl",  # 4/608
        "kmr_Latn",  # 0/767
        "kor_Hang",  # 0/14941
        "lim_Latn",  # 0/483
        "lit_Latn",  # 0/5519
        "lug_Latn",  # 0/828
        "lvs_Latn",  # 0/3843
        "mai_Deva",  # 0/1549
        "mal_Mlym",  # 1/2016
        "mar_Deva",  # 0/2803
        "mkd_Cyrl",  # 0/1292
        "mya_Mymr",  # 0/1305
        "nld_Latn",  # 0/9559
        "nno_Latn",  # 0/1998
        "nob_Latn",  # 0/7406
        "npi_Deva",  # 0/2589
        "nso_Latn",  # 0/613
        "oci_Latn",  # 2/3767
        "ory_Orya",  # 1/2377
        "pan_Guru",  # 0/3169
        "pbt_Arab",  # 0/576
        "pes_Arab",  # 3/1888
        "plt_Latn",  # 0/85
        "pol_Latn",  # 0/14379
        "por_Latn",  # 0/16194
        "ron_Latn",  # 0/10836
        "rus_Cyrl",  # 1/21761
        "sin_Sinh",  # 0/644
        "slk_Latn",  # 0/7821
        "slv_Latn",  # 0/6645
        "spa_Latn",  # 0/23045
        "srp_Cyrl",  # 0/11735
        "swe_Latn",  # 0/23063
        "tam_Taml",  # 0/2514
        "tel_Telu",  # 1/2408
        "tgk_Cyrl",  # 1/1585
        "tgl_Latn",  # 0/559
        "tha_Thai",  # 0/2435
        "tuk_Latn",  # 0/96
        "tur_Latn",  # 1/15200
        "uig_Arab",  # 1/2250
        "ukr_Cyrl",  # 0/21284
        "uzn_Latn",  # 1/494
        "vie_Latn",  # 1/13050
        "xho_Latn",  # 0/818
        "zho_Hans",  # 0/18663
        "zho_Hant",  # 0/13428
        "zsm_Latn",  # 0/3681
        "zul_Latn",  # 0/77
    ]
)

FRANC_CONFIRM: dict[str, float] = {
    "crh_Latn": 50,  # 5/849
    "dzo_Tibt": 20,  # 2/663
    "fao_Latn": 60,  # 0/57
    "fur_Latn": 40,  # 9/1539
    "nso_Latn": 40,  # 3/426
}

FOREIGN_LETTERS: dict[str, str] = {
    "afr_Latn": (  # 1/2128
        "àáâãäåæçèìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșț"
        "əʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "als_Latn": (  # 0/2055
        "àáâãäåæèéêìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưș"
        "țəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "arb_Arab": "ټپځچډړڕږښکګڭگڵڼھۆۇۈۋیۍێېە",  # 3/3003
    "asm_Beng": "র",  # 2/2519
    "ast_Latn": (  # 0/2670
        "àâãäåæçèêëìîðòôõöøùûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "azj_Latn": (  # 0/984
        "àáâãäåæèéêëìíîðñòóôõøùúûýþāăąćĉčđēėęěĝīįļľłņňőřśŝšťūŭůűųżžưșțʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "bel_Cyrl": "ищъђєїјљњћғқңүұҳҷәӣөӯ",  # 1/3607
    "ben_Beng": "ৰৱ",  # 2/1752
    "bos_Latn": (  # 1/2494
        "qàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąĉēėęěĝğīįıļľłņňőřśŝşťūŭůűųżưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "bul_Cyrl": "ыэёђєіїјљњћўғқңүұҳҷәӣөӯ",  # 1/11183
    "cat_Latn": (  # 1/12854
        "áâãäåæêëìîðñôõöøùûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "ces_Latn": (  # 1/12024
        "àâãäåæçèêëìîðñòôõöøùûüþāăąćĉđēėęĝğīįıļľłņőśŝşūŭűųżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "crh_Latn": (  # 0/1742
        "àáãäåæèéêëìíîðòóôõøùúýþāăąćĉčđēėęěĝīįļľłņňőřśŝšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "cym_Latn": (  # 7/1551
        "qvzàáãäåæçèéêëìíîðñòóõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųż"
        "žưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "dan_Latn": (  # 1/10959
        "àâãäçèêëìîðñòóôõöùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "deu_Latn": (  # 2/19945
        "àáâãåæçèéêëìíîðñòóôõùúûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "epo_Latn": (  # 1/6303
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćčđēėęěğīįıļľłņňőřśşšťūůűųżžưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "est_Latn": (  # 0/3882
        "àáâãåæçèéêëìíîðñòóôøùúûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşťūŭůűųżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "eus_Latn": (  # 0/5385
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżž"
        "ưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "fao_Latn": (  # 1/332
        "cqwxàâãäåçèéêëìîñòôõöùûüþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "fin_Latn": (  # 3/11083
        "àáâãåæçèéêëìíîðñòóôõøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưș"
        "țəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "fra_Latn": (  # 3/24327
        "áãäåæìíðñòóõöøúýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "fur_Latn": (  # 2/3271
        "qáãäåæéëíðñóõöøúüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "gla_Latn": (  # 0/2018
        "qzáâãäåæçéêëíîðñóôõöøúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșț"
        "əʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "gle_Latn": (  # 0/3161
        "àâãäåæçèêëìîðñòôõöøùûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "glg_Latn": (  # 1/6772
        "àâãäåæçèêëìîðòôõöøùûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "heb_Hebr": "װױײ",  # 1/4632
    "hin_Deva": "ङळ",  # 2/2645
    "hrv_Latn": (  # 2/8064
        "àáâãäåæçèéêëìíîðñòóõöøùúûüýþāăąĉēėęěĝğīįıļľłņňőřśŝşťūŭůűųżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "hun_Latn": (  # 13/8126
        "àâãäåæçèêëìîðñòôõøùûýþāăąćĉčđēėęěĝğīįıļľłņňřśŝşšťūŭůųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "ind_Latn": (  # 1/14539
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżž"
        "ưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "isl_Latn": (  # 1/1434
        "qzàâãäåçèêëìîñòôõøùûüāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "ita_Latn": (  # 0/18183
        "áâãäåæçêëíîðñóôõöøúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "kaz_Cyrl": "щёђєїјљњћўҳҷӣӯ",  # 0/2169
    "khk_Cyrl": "vyщђєіїјљњћўғқңұҳҷәӣӯ",  # 3/671
    "kir_Cyrl": "hщъёђєіїјљњћўғқұҳҷәӣӯ",  # 2/608
    "kmr_Latn": (  # 0/767
        "àáâãäåæèéëìíðñòóôõöøùúüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "kon_Latn": (  # 2/483
        "jqàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűų"
        "żžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "lim_Latn": (  # 0/483
        "qàáâãåæçéêëìíîðñòôõøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșț"
        "əʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "lit_Latn": (  # 0/5519
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăćĉđēěĝğīıļľłņňőřśŝşťŭůűżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "lug_Latn": (  # 2/828
        "qàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųż"
        "žưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "lvs_Latn": (  # 1/3843
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþăąćĉđėęěĝğįıľłňőřśŝşťŭůűųżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "mai_Deva": "ङळ",  # 2/1549
    "mar_Deva": "ङ",  # 2/2803
    "mkd_Cyrl": "йщъыьэюяёђєіїљћўғқңүұҳҷәӣөӯ",  # 1/1292
    "nld_Latn": (  # 6/9559
        "àáâãäåæçèêìíîðñòôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșț"
        "əʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "nno_Latn": (  # 2/1998
        "qàáäçêëìíîðñòóôõöùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "nob_Latn": (  # 2/7406
        "àáâãäçèêëìíîðñòóôõöùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "npi_Deva": "ळ",  # 4/2589
    "nso_Latn": (  # 0/613
        "qvzàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşťūŭůűų"
        "żžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "oci_Latn": (  # 2/3767
        "âãäåæêëìîðñôõöøùûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "pes_Arab": "إةـكىيټځډړڕږښګڭڵڼھۆۇۈۋۍێېە",  # 0/1888
    "pol_Latn": (  # 1/14379
        "àáâãäåæçèéêëìíîðñòôõöøùúûüýþāăĉčđēėěĝğīįıļľņňőřŝşšťūŭůűųžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "por_Latn": (  # 3/16194
        "äåæèëìîðñòöøùûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "ron_Latn": (  # 1/10836
        "àáãäåæçèéêëìíðñòóôõöøùúûüýþāąćĉčđēėęěĝğīįıļľłņňőřśŝšťūŭůűųżžưəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "rus_Cyrl": "ђєіїјљњћўғқңүұҳҷәӣөӯ",  # 1/21761
    "slk_Latn": (  # 0/7821
        "àâãåæçèêëìîðñòõöøùûüþāăąćĉđēėęěĝğīįıļłņőřśŝşūŭůűųżưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "slv_Latn": (  # 0/6645
        "àâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉđēėęěĝğīįıļľłņňőřśŝşťūŭůűųżưșțə"
        "ʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "spa_Latn": (  # 1/23045
        "àâãäåæçèêëìîðòôõöøùûýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "srp_Cyrl": "йщъыьэюяёєіїўғқңүұҳҷәӣөӯ",  # 4/11735
    "swe_Latn": (  # 2/23063
        "áâãæçèêëìíîðñòóôõøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "tgk_Cyrl": "vцщыьђєіїјљњћўңүұәө",  # 2/1585
    "tgl_Latn": (  # 0/559
        "jzàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűų"
        "żžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "tuk_Latn": (  # 0/96
        "cqvxàáâãåæèéêëìíîðñòóôõøùúûþāăąćĉčđēėęěĝğīįıļľłņőřśŝšťūŭůűųżžưșț"
        "əʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "tur_Latn": (  # 0/15200
        "àáãäåæèéêëìíðñòóôõøùúûýþāăąćĉčđēėęěĝīįļľłņňőřśŝšťūŭůűųżžưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "uig_Arab": "أإةثحذصضطعـهټځډړڕږښکګڵڼیۍێ",  # 2/2250
    "ukr_Cyrl": "ъыэёђјљњћўғқңүұҳҷәӣөӯ",  # 1/21284
    "uzn_Latn": (  # 1/494
        "wàáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųż"
        "žưșțəạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "vie_Latn": "äåæçëîðñöøûüþāąćĉčēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżžșțəʻ",  # 0/13050
    "xho_Latn": (  # 0/818
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżž"
        "ưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
    "zsm_Latn": (  # 0/3681
        "àáâãäåæçèéêëìíîðñòóôõöøùúûüýþāăąćĉčđēėęěĝğīįıļľłņňőřśŝşšťūŭůűųżž"
        "ưșțəʻạảấầậặếềểệỉịọỏốỗộớờởợụủứữự"
    ),
}

FREQUENT_WORDS: dict[str, str] = {
    "afr_Latn": "die nie van word",
    "als_Latn": "një në për të",
    "arb_Arab": "في",
    "asm_Beng": "এট কৰ পৰ",
    "ast_Latn": "al de del el ficheru la nun pa un",
    "azj_Latn": "üçün",
    "bel_Cyrl": "для не",
    "ben_Beng": "অন ইল কর জন পর বর যবহ রদর শন হব",
    "bos_Latn": "da je li na se za",
    "bul_Cyrl": "да за може на не от при се",
    "cat_Latn": "amb de del el els en es fitxer la les no per pogut pot que s'ha un és",
    "ces_Latn": "je na nelze pro se",
    "crh_Latn": "içün",
    "cym_Latn": "ar yn",
    "dan_Latn": "af en er for ikke med til",
    "deu_Latn": "der des die für in ist mit nicht von werden",
    "dzo_Tibt": "གཞ གཟ གས ངས དག དང དཔ ནང པའ བཀ བཙ བཟ བར བས མཐ ཚད འཐ འད འབ འབད འཛ ལག ལས",
    "ell_Grek": "για δεν είναι να την τησ το του",
    "epo_Latn": "al de en estas la ne por",
    "est_Latn": "ei on või",
    "eus_Latn": "da du ez",
    "fao_Latn": "ljóður mynd skjal skjalasavn",
    "fin_Latn": "ei ole on",
    "fra_Latn": "dans de des du en est fichier la le les ne pas pour un une",
    "fur_Latn": "al dal di file il la",
    "gla_Latn": "air am an na seo",
    "gle_Latn": "agus an ar féidir le ní",
    "glg_Latn": "ao da de do ficheiro non para que se un",
    "guj_Gujr": "કર નથ પર શક",
    "heb_Hebr": "is of the to",
    "hin_Deva": "इल कर करन नह पर रय",
    "hrv_Latn": "je na nije se za",
    "hun_Latn": "az nem",
    "hye_Armn": "համար",
    "ind_Latn": "berkas dalam dapat dari tidak untuk yang",
    "isl_Latn": "að ekki er",
    "ita_Latn": "del di file il in la non per un",
    "kan_Knda": "ಅನ ಗಳ ತದ ಯನ ಯವ ಸಲ",
    "kat_Geor": "არ შეცდომა",
    "kaz_Cyrl": "емес",
    "khk_Cyrl": "байна нь эсэх",
    "khm_Khmr": "កម បង បញ បន រង របស សម ឯកស",
    "kir_Cyrl": "менен",
    "kmr_Latn": "bo de ne",
    "kon_Latn": "bu kia kilala ko mu nkatu",
    "kor_Hang": "없습니다 없음",
    "lim_Latn": "de ein in te van veur waere",
    "lug_Latn": "bwe ekiragiro fayiro ku mu ne nga oba",
    "lvs_Latn": "ir",
    "mai_Deva": "अछ कर नह पर रक",
    "mal_Mlym": "എന ഒര കള ങള നത ഫയല യമ ലഭ ളള",
    "mar_Deva": "आह इल कर करण तर मध वर",
    "mkd_Cyrl": "of the to во да за на не",
    "mri_Latn": (
        "ake ataahua atanga hinga kei kia mohiotanga puarahi pumahara tautokotia te uta "
        "whakatakotoranga"
    ),
    "mya_Mymr": "တခ တန တယ ရင အက အခ အစ အတ အမ အရ",
    "nld_Latn": "de een geen het in is kan met niet van voor",
    "nno_Latn": "av er for ikkje på som til",
    "nob_Latn": "av en er for ikke med på som til",
    "npi_Deva": "अन इल उन एक गर पर रय सक",
    "nso_Latn": "bja bjo eba ga go ka la le leswao na sa se seswantšho swanetše tša tše wa ya",
    "oci_Latn": "de del dins en es fichièr la las lo pas per se un",
    "ory_Orya": "ଅନ କର କରନ ପର ବର ରକ ରଣ ସମ",
    "pan_Guru": "ਇਲ ਕਰ ਗਲਤ ਨਹ ਲਈ",
    "pbt_Arab": "دوتنه",
    "pes_Arab": "از برای به در های پرونده",
    "plt_Latn": (
        "amin'ny an'ny ho ilay manokana marika misy mitombina na nahomby ny olana raki-"
        "pamaha rakitra tahirin-kevitra tampoka tanaty tsy zanaka"
    ),
    "pol_Latn": "do jest można na nie się",
    "por_Latn": "da de do em ficheiro não para um",
    "ron_Latn": "cu de este la nu pentru se un în",
    "rus_Cyrl": "для не удалось",
    "sin_Sinh": "ඇත කරන කළ ණය මට රම වර සඳහ සහ",
    "slk_Latn": "je na nie pre sa",
    "slv_Latn": "je mogoče na ni za",
    "spa_Latn": "con de del el en es la no para puede que se un una",
    "srp_Cyrl": "да за могу на не није је",
    "swe_Latn": "att av en för inte kan med på som till är",
    "tam_Taml": "உர உள ஒர கப கள தல பட யவ றத",
    "tel_Telu": "అన రత రమ లన వర",
    "tgk_Cyrl": "ба барои дар",
    "tgl_Latn": "ang ay hindi may mga na ng pakete para sa talaksang",
    "tha_Thai": "อผ อม าหร เก แฟ ใช ได ไม",
    "tuk_Latn": "täblisaň",
    "tur_Latn": "bir için",
    "uig_Arab": "يوق",
    "ukr_Cyrl": "вдалося для не",
    "vie_Latn": "cho các có của dùng khi không là lỗi một mục số thể tin trong tập đã được định",
    "xho_Latn": "na ngaba",
    "ydd_Hebr": (
        "איז אין אױב בא בילד דא די דעם דער הא הענטל ון זיך זײ טעקע מא מען ניט צו קא רײ שריפ װײ"
    ),
    "zsm_Latn": "dalam fail tidak untuk yang",
    "zul_Latn": "iwindi",
}

KNOWN_WORDS: dict[str, str] = {
    "afr_Latn": "af al bo een en geen het in is kan met na pas per se te voor",  # 0/2128
    "als_Latn": "bir do file ka ku nga pa para sa se",  # 2/2055
    "arb_Arab": "به",  # 0/3003
    "asm_Beng": "অন ইল জন শন হব",  # 0/2519
    "ast_Latn": "con en file les lo na non per por puede que se una van ya",  # 4/2670
    "bel_Cyrl": "the да за на",  # 2/3607
    "ben_Beng": "এট",  # 0/1752
    "bos_Latn": "do file ga ka ne ni nije sa te",  # 2/2494
    "bul_Cyrl": "of the to",  # 0/11183
    "cat_Latn": (  # 4/12854
        "al am ar bo con des dins do file for ho il in li lo ne ni nu on pas se te una van"
    ),
    "ces_Latn": "ar del do file for ho in jest li ne no oba on za",  # 16/12024
    "crh_Latn": "bir bu da de er ne ya",  # 4/1742
    "cym_Latn": "am dal ei er file is le mynd na ni pa un",  # 2/1551
    "dan_Latn": "al da de del der du in kan nu ny on per pot på se som",  # 15/10959
    "deu_Latn": "am an ar da ein en er es file for is nie no non nun on per pot pro um",  # 15/19945
    "epo_Latn": "an ar da do du el for je ni nun on per pro se",  # 12/6303
    "est_Latn": "del fail file ka le ole sa te",  # 3/3882
    "eus_Latn": "al ar die en ko pakete pot une",  # 0/5385
    "fin_Latn": "do es file for in lo na ne no per pot se word",  # 12/11083
    "fra_Latn": (  # 9/24327
        "am ar att da del do es file for il in is je ko li lo là met ni no non nu on pot "
        "pre que sa se word"
    ),
    "fur_Latn": "cu da de des in inte je met ni nie no non se te un une za",  # 8/3271
    "gla_Latn": "agus bu cho de do ga is le mu no on sa",  # 0/2018
    "gle_Latn": "air am de do for go in is na on sa seo",  # 4/3161
    "glg_Latn": "con có el en este file for ir na no nun on por til una van",  # 11/6772
    "heb_Hebr": "אין",  # 0/4632
    "hin_Deva": "अन आह उन एक करण गर तर मध रक वर सक",  # 0/2645
    "hrv_Latn": "ar da do file for ga jest li mu ne ni no oba on pa pakete sa te",  # 12/8064
    "hun_Latn": "ar de el es ez file for is le mit ne on van és",  # 14/8126
    "ind_Latn": "am an ar di do es file for in is lo may no non on per pot word ya",  # 6/14539
    "isl_Latn": "af en mynd til um von",  # 2/1434
    "ita_Latn": "al am ar con da dal es for ho le li lo ne no on pot sa se una",  # 8/18183
    "kaz_Cyrl": "ба да не",  # 0/2169
    "lit_Latn": "ar du el for ir ne pakete per",  # 7/5519
    "lvs_Latn": "ar ka ko ne no nu pa un",  # 3/3843
    "mai_Deva": "अन इल एक करण तर मध रय वर सक",  # 2/1549
    "mar_Deva": "अन उन एक गर नह पर रक रय सक",  # 0/2803
    "mkd_Cyrl": "може при се",  # 0/1292
    "nld_Latn": (  # 12/9559
        "af al ar die do en er for je na no nu on pas per pot som te werden word"
    ),
    "nno_Latn": "att del du ei ein ikke kan med no ny per sa",  # 7/1998
    "nob_Latn": "de del der do du ei ga in kan la les ny on per sa se",  # 7/7406
    "npi_Deva": "कर करण तर नह मध रक वर",  # 0/2589
    "oci_Latn": "al amb an ar les met ne ni non pogut pro que sa una",  # 6/3767
    "pes_Arab": "",  # 0/1888
    "pol_Latn": "am ar bo da file for go in je mu no oba on pot te za",  # 10/14379
    "por_Latn": (  # 14/16194
        "air am ao ar del este file for in ir is na nem no nu on por pot que se som til une word"
    ),
    "ron_Latn": "al am ar da do ei el file for in le no non on per pot sa te una",  # 10/10836
    "rus_Cyrl": "of the to во да за могу на от при",  # 0/21761
    "slk_Latn": "ar do file for ho ku ne no on pot som za",  # 6/7821
    "slv_Latn": (  # 8/6645
        "am bo da del do en for ga in ko le med mu ne oba pa pakete pas pot se te"
    ),
    "spa_Latn": (  # 11/23045
        "al am ar da des do estas este file for in ir las le les lo ni on por pot pre te "
        "van word ya"
    ),
    "srp_Cyrl": "to може при се",  # 0/11735
    "swe_Latn": (  # 11/23063
        "am ar de del do du el er es file for in lo no nu ny on per pot se word"
    ),
    "tgk_Cyrl": "на не",  # 0/1585
    "tur_Latn": (  # 8/15200
        "al am an ar ay az bu da dal de do el en es file for in kan la lo mu na ne no nun"
        " on pakete pot pre un word ya"
    ),
    "uig_Arab": "",  # 0/2250
    "ukr_Cyrl": "of the to за може на при",  # 0/21284
    "vie_Latn": "am an ar bo con da di do file for in la no on pot",  # 11/13050
    "zsm_Latn": "dapat dari di per",  # 3/3681
}
