"""The resume work cache in pieces: which cache a job may use, and what a cached row answers."""

from __future__ import annotations

import json
from dataclasses import replace

from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.packing import packed
from babelshard.schemas.records import Piece, TranslatedPiece
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.nllb import DecodingOptions

PROVENANCE = {"device": "cpu", "compute_type": "int8", "translator": "ctranslate2"}


def model_dir(tmp_path, weights: bytes = b"weights"):
    folder = tmp_path / "model"
    folder.mkdir(exist_ok=True)
    (folder / "model.bin").write_bytes(weights)
    (folder / "config.json").write_text("{}")
    return folder


def test_fingerprint_is_stable_and_follows_everything_that_decides_a_translation(tmp_path):
    config = TranslatorConfig(model=str(model_dir(tmp_path)))
    same = memory.fingerprint(config, PROVENANCE)
    assert memory.fingerprint(config, dict(PROVENANCE)) == same
    changed = {
        memory.fingerprint(replace(config, decoding=DecodingOptions(beam_size=4)), PROVENANCE),
        memory.fingerprint(replace(config, device="cuda"), PROVENANCE),
        memory.fingerprint(replace(config, compute_type="int8_float16"), PROVENANCE),
        memory.fingerprint(replace(config, model=f"table:{tmp_path / 'other.tsv'}"), PROVENANCE),
    }
    model_dir(tmp_path, b"other weights, other size")
    changed.add(memory.fingerprint(config, PROVENANCE))
    assert same not in changed and len(changed) == 5
    assert memory.cache_dir(memory.work_root("out"), same).endswith(f"_work/translations-{same}")


def test_fingerprint_does_not_depend_on_the_launchers_hardware(tmp_path, monkeypatch):
    """``--device auto`` is resolved on the workers: a launcher with a GPU and one
    without address the same memory, and record the same provenance."""
    import ctranslate2

    from babelshard.pipelines.options import RunConfig
    from babelshard.pipelines.provenance import provenance_of

    config = TranslatorConfig(model=str(model_dir(tmp_path)))
    run = RunConfig(input="in.jsonl", output="out", model=config.model)
    seen = []
    for gpus in (0, 1):
        monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda gpus=gpus: gpus)
        provenance = provenance_of(run, config)
        seen.append((memory.fingerprint(config, provenance), provenance))
    assert seen[0] == seen[1]
    assert seen[0][1]["device"] == "auto" and seen[0][1]["compute_type"] == "auto"


def test_cache_rows_round_trip_and_junk_lines_are_only_misses():
    piece = Piece("A dog.", "eng_Latn", "deu_Latn")
    row = memory.cache_row(
        TranslatedPiece(piece, (), "Ein Hund.", -0.5, "A dog.", device="cuda", compute_type="fp16")
    )
    data = b"\n".join(
        [
            json.dumps(row).encode(),
            b'{"text": "cut off',
            b'{"text": 1, "src": "eng_Latn", "tgt": "deu_Latn", "hyp": "x"}',
            b'["not", "a", "row"]',
        ]
    )
    parsed = list(memory.parse_rows(data))
    assert parsed == [(("A dog.", "eng_Latn", "deu_Latn"), row)]


def split(back_translation: bool, owners: list, cached: list) -> tuple[list, list]:
    key = ("A dog.", "eng_Latn", "deu_Latn")
    out = list(
        memory.SplitCached(back_translation).process(
            (key, {"owners": [packed(tuple(owners))], "cached": cached})
        )
    )
    hits = [o.value for o in out if getattr(o, "tag", None) == memory.SplitCached.HITS]
    misses = [o for o in out if getattr(o, "tag", None) is None]
    return hits, misses


def test_cached_segments_skip_translation_and_others_go_on():
    owners = [("k1", 0, 0), ("k2", 0, 0)]
    row = {"hyp": "Ein Hund.", "score": -0.5, "back": None, "device": "cuda", "compute_type": "f16"}
    hits, misses = split(False, owners, [row])
    assert misses == []
    (hit,) = hits
    assert (hit.device, hit.compute_type) == ("cuda", "f16")  # where it was translated
    assert list(hit.owners) == owners and hit.piece.text == "A dog."
    assert hit.back_translation is None
    assert (hit.hypothesis, hit.model_score) == ("Ein Hund.", -0.5)

    hits, misses = split(False, owners, [])
    assert hits == [] and misses == [(("A dog.", "eng_Latn", "deu_Latn"), owners)]
    assert split(False, [], [row]) == ([], [])  # cached, but no longer needed


def test_back_translation_jobs_prefer_rows_that_have_one():
    """A row without a back-translation (a piece that failed a cheap check, or one of a job
    without back-translation) is still a hit: the job checks it and completes it if needed."""
    owners = [("k1", 0, 0)]
    without = {"hyp": "Ein Hund.", "score": None, "back": None}
    hits, misses = split(True, owners, [without])
    assert misses == [] and hits[0].back_translation is None
    with_back = {**without, "back": "A dog."}
    hits, _ = split(True, owners, [without, with_back])
    assert hits[0].back_translation == "A dog."
    scored = {**with_back, "xent": [1.5, 2.0]}
    hits, _ = split(True, owners, [with_back, scored, without])
    assert hits[0].cross_entropy == (1.5, 2.0)
    hits, _ = split(False, owners, [scored])
    assert hits[0].back_translation is None and hits[0].cross_entropy == (1.5, 2.0)
