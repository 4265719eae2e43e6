"""The table: lookup backend and the RunInference handler around translators."""

from __future__ import annotations

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.ml.inference.base import RunInference
from apache_beam.testing.util import assert_that, equal_to

from babelshard.schemas.records import Piece
from babelshard.translators.factory import TranslatorConfig, load_translator, prepare_model
from babelshard.translators.handler import TranslatorModelHandler
from babelshard.translators.table import TableTranslator

ROWS = [
    {"source": "Open file", "target_lang": "deu_Latn", "translation": "Datei öffnen"},
    {"source": "Open file", "target_lang": "fra_Latn", "translation": "Ouvrir le fichier"},
    {"source": "Save  as…", "target_lang": "deu_Latn", "translation": "Speichern unter …"},
]


@pytest.fixture(params=["tsv", "parquet"])
def table_path(request, tmp_path):
    if request.param == "parquet":
        path = tmp_path / "t.parquet"
        pq.write_table(pa.Table.from_pylist(ROWS), path)
    else:
        path = tmp_path / "t.tsv"
        lines = ["source\ttarget_lang\ttranslation"]
        lines += [f"{r['source']}\t{r['target_lang']}\t{r['translation']}" for r in ROWS]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_lookup_both_directions_and_misses(table_path):
    table = TableTranslator(table_path)
    out = table.translate(
        ["Open file", "Save as…", "Unknown", ""],
        "eng_Latn",
        ["fra_Latn", "deu_Latn", "deu_Latn", "deu_Latn"],
    )
    assert [t.text for t in out] == ["Ouvrir le fichier", "Speichern unter …", "", ""]
    assert table.misses == 1
    back = table.translate(["Datei öffnen"], "deu_Latn", "eng_Latn")
    assert back[0].text == "Open file"


def test_bad_tables_fail_before_work(tmp_path):
    with pytest.raises(FileNotFoundError, match="table:PATH"):
        prepare_model(TranslatorConfig(model=f"table:{tmp_path / 'missing.tsv'}"))
    bad = tmp_path / "bad.tsv"
    bad.write_text("src\ttgt\nx\ty\n")
    with pytest.raises(ValueError, match="lacks columns"):
        TableTranslator(bad)


def test_model_handler_in_run_inference(table_path):
    config = TranslatorConfig(model=f"table:{table_path}")
    assert load_translator(config).name.startswith("table:")
    requests = [
        Piece("Open file", "eng_Latn", "deu_Latn"),
        Piece("Open file", "eng_Latn", "fra_Latn"),
        Piece("Datei öffnen", "deu_Latn", "eng_Latn"),
    ]
    with beam.Pipeline() as pipeline:
        results = (
            pipeline
            | beam.Create(requests)
            | RunInference(TranslatorModelHandler(config, min_batch_tokens=1))
            | beam.Map(lambda r: (r.example.target_lang, r.inference.translation.text))
        )
        assert_that(
            results,
            equal_to(
                [
                    ("deu_Latn", "Datei öffnen"),
                    ("fra_Latn", "Ouvrir le fichier"),
                    ("eng_Latn", "Open file"),
                ]
            ),
        )


def completed_fields(translated) -> tuple:
    return (
        translated.piece,
        translated.owners,
        translated.hypothesis,
        translated.back_translation,
        translated.cross_entropy,
    )


def test_the_handler_owns_batch_budget_sharing_tag_and_the_record_mapping(table_path):
    """Pieces in, TranslatedPieces out, through the handler's own pre/post-processing hooks."""
    from dataclasses import replace

    from babelshard.schemas.records import PieceOwner
    from babelshard.translators.handler import (
        INFERENCE_BATCH_BUDGETS,
        model_tag,
        round_trip_handler,
        translate_handler,
    )

    config = TranslatorConfig(model=f"table:{table_path}")
    budget = INFERENCE_BATCH_BUDGETS * config.decoding.max_batch_tokens
    assert TranslatorModelHandler(config).batch_elements_kwargs()["min_batch_size"] == budget
    assert (
        model_tag(config) == model_tag(replace(config)) != model_tag(replace(config, device="cuda"))
    )

    owners = [PieceOwner("k-deu_Latn", 0, 0), PieceOwner("k2-deu_Latn", 1, 2)]
    group = (Piece("Open file", "eng_Latn", "deu_Latn"), owners)
    with beam.Pipeline() as pipeline:
        checked = (
            pipeline
            | beam.Create([group])
            | "Translate" >> RunInference(translate_handler(config))
            | beam.Map(lambda translated: ("carried", translated))
            | "RoundTrip" >> RunInference(round_trip_handler(config, back_translation=True))
            | beam.Map(lambda kept: (kept[0], *completed_fields(kept[1])))
        )
        # A table has no model to score the pair with: no cross-entropy, not a made-up one.
        expected = ("carried", group[0], tuple(owners), "Datei öffnen", "Open file", None)
        assert_that(checked, equal_to([expected]))


def test_the_handler_runs_against_the_model_shared_across_processes(table_path):
    """On a GPU worker (``large_model``) Beam hands run_inference a cross-process proxy of
    the model: it forwards method calls only, so the handler must not read attributes."""
    from apache_beam.utils.multi_process_shared import MultiProcessShared

    config = TranslatorConfig(model=f"table:{table_path}", device="cpu")
    handler = TranslatorModelHandler(config, min_batch_tokens=1)
    shared = MultiProcessShared(
        handler.load_model, tag=f"test-proxy-{table_path.suffix}", always_proxy=True
    )
    proxy = shared.acquire()
    try:
        with pytest.raises(AttributeError):
            _ = proxy.name  # what a GPU worker's handler used to read
        results = list(handler.run_inference([Piece("Open file", "eng_Latn", "deu_Latn")], proxy))
    finally:
        shared.release(proxy)
    assert [r.inference.translation.text for r in results] == ["Datei öffnen"]
    assert results[0].model_id == config.model
