"""Typical length of a translation relative to its English source, per language.

The median of ``heuristics.length_ratio`` (non-space characters, dense scripts
scaled, 10 characters of smoothing) over every genuine pair in the calibration
half of the gettext catalogs; ``coverage.check_coverage`` divides a segment's
ratio by it, so that omission and addition are judged against what is normal
for the language (German runs 20% longer than English, Hebrew 15% shorter).
Languages not listed use 1.0. Regenerate with::

    python bench/quality.py --calibrate --split calibration
"""

from __future__ import annotations

LENGTH_NORMS: dict[str, float] = {
    "afr_Latn": 1.06,  # n=736
    "als_Latn": 1.11,  # n=861
    "arb_Arab": 0.90,  # n=1211
    "asm_Beng": 0.98,  # n=1155
    "ast_Latn": 1.13,  # n=1138
    "azj_Latn": 1.04,  # n=425
    "bel_Cyrl": 1.10,  # n=1534
    "ben_Beng": 1.06,  # n=820
    "bos_Latn": 1.05,  # n=1250
    "bul_Cyrl": 1.16,  # n=4235
    "cat_Latn": 1.17,  # n=4806
    "ces_Latn": 1.06,  # n=4354
    "ckb_Arab": 1.07,  # n=43
    "crh_Latn": 1.12,  # n=776
    "cym_Latn": 1.04,  # n=686
    "dan_Latn": 1.06,  # n=3965
    "deu_Latn": 1.20,  # n=7493
    "dzo_Tibt": 1.38,  # n=682
    "ell_Grek": 1.20,  # n=3150
    "epo_Latn": 1.06,  # n=2137
    "est_Latn": 1.04,  # n=1208
    "eus_Latn": 1.17,  # n=2192
    "fao_Latn": 0.96,  # n=100
    "fin_Latn": 1.13,  # n=3999
    "fra_Latn": 1.20,  # n=8563
    "fur_Latn": 1.09,  # n=1317
    "gla_Latn": 1.26,  # n=896
    "gle_Latn": 1.13,  # n=858
    "glg_Latn": 1.14,  # n=2858
    "guj_Gujr": 0.98,  # n=1193
    "heb_Hebr": 0.91,  # n=766
    "hin_Deva": 0.97,  # n=1300
    "hrv_Latn": 1.09,  # n=3212
    "hun_Latn": 1.11,  # n=3223
    "hye_Armn": 1.12,  # n=795
    "ind_Latn": 1.09,  # n=5407
    "isl_Latn": 1.03,  # n=389
    "ita_Latn": 1.18,  # n=6866
    "jpn_Jpan": 1.32,  # n=5473
    "kan_Knda": 1.10,  # n=979
    "kat_Geor": 1.12,  # n=2752
    "kaz_Cyrl": 1.08,  # n=596
    "khk_Cyrl": 1.03,  # n=369
    "khm_Khmr": 1.26,  # n=879
    "kir_Cyrl": 1.13,  # n=153
    "kmr_Latn": 1.04,  # n=204
    "kon_Latn": 1.00,  # n=126
    "kor_Hang": 1.02,  # n=5540
    "lim_Latn": 1.09,  # n=265
    "lit_Latn": 1.10,  # n=2418
    "lug_Latn": 1.44,  # n=184
    "lvs_Latn": 1.04,  # n=1758
    "mai_Deva": 0.95,  # n=740
    "mal_Mlym": 1.25,  # n=936
    "mar_Deva": 1.00,  # n=1245
    "mkd_Cyrl": 1.14,  # n=359
    "mri_Latn": 1.10,  # n=63
    "mya_Mymr": 1.20,  # n=660
    "nld_Latn": 1.14,  # n=3414
    "nno_Latn": 1.04,  # n=704
    "nob_Latn": 1.04,  # n=2516
    "npi_Deva": 1.03,  # n=1008
    "nso_Latn": 1.30,  # n=354
    "oci_Latn": 1.19,  # n=1689
    "ory_Orya": 1.06,  # n=1137
    "pan_Guru": 0.91,  # n=1470
    "pbt_Arab": 0.88,  # n=153
    "pes_Arab": 0.96,  # n=585
    "pol_Latn": 1.14,  # n=5339
    "por_Latn": 1.12,  # n=5442
    "ron_Latn": 1.14,  # n=3852
    "rus_Cyrl": 1.14,  # n=7793
    "sin_Sinh": 1.03,  # n=283
    "slk_Latn": 1.08,  # n=2987
    "slv_Latn": 1.06,  # n=2736
    "spa_Latn": 1.16,  # n=8346
    "srp_Cyrl": 1.06,  # n=4085
    "swe_Latn": 1.06,  # n=8323
    "tam_Taml": 1.12,  # n=1134
    "tat_Cyrl": 1.00,  # n=80
    "tel_Telu": 1.06,  # n=1121
    "tgk_Cyrl": 1.08,  # n=734
    "tgl_Latn": 1.21,  # n=148
    "tha_Thai": 1.07,  # n=746
    "tur_Latn": 1.07,  # n=5669
    "uig_Arab": 1.09,  # n=1113
    "ukr_Cyrl": 1.14,  # n=7565
    "uzn_Latn": 1.07,  # n=120
    "vie_Latn": 1.00,  # n=4459
    "xho_Latn": 1.33,  # n=443
    "ydd_Hebr": 1.13,  # n=279
    "zho_Hans": 1.18,  # n=6893
    "zho_Hant": 1.20,  # n=4998
    "zsm_Latn": 1.05,  # n=1680
}
