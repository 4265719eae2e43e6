"""The ``babelshard`` command line, driven through typer's test runner.

Runs use the ``table:`` translator on real human translations, so they are
quick and their output is known; configuration errors must end with status 2
and one ``error: ...`` line that says what to change, before any output exists.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import pytest
from human_table import HUMAN
from typer.testing import CliRunner, Result

from babelshard.pipelines.cli import app
from babelshard.pipelines.io.manifest import read_manifest, verify_output
from babelshard.translators.models import validate_ctranslate2_model

TABLE = f"table:{HUMAN}"


def human_table() -> dict[tuple[str, str], str]:
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(row["source"], row["target_lang"]): row["translation"] for row in rows}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def job_args(corpus: Path, output: Path) -> list[str]:
    return [
        "--input",
        str(corpus),
        "--format",
        "jsonl",
        "--output",
        str(output),
        "--image-root",
        str(corpus.parent / "images"),
    ]


def assert_config_error(result: Result, *needles: str) -> str:
    """Status 2 and exactly one ``error:`` line (the last thing printed) holding ``needles``."""
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.rstrip().endswith(errors[0])
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in errors[0]
    return errors[0]


# -- languages and quick translation --------------------------------------------------


def test_languages_lists_codes_and_presets():
    result = invoke("languages")
    assert result.exit_code == 0, result.output
    codes = {line.split()[0] for line in result.stdout.splitlines() if "_" in line.split(" ")[0]}
    assert {"deu_Latn", "zho_Hans", "arb_Arab", "swh_Latn"} <= codes
    assert len(codes) >= 200
    assert "centurio-100" in result.stdout and "mblip-95" in result.stdout


def test_languages_preset_shows_the_unsupported_latin_note():
    result = invoke("languages", "--preset", "centurio-100")
    assert result.exit_code == 0, result.output
    unsupported = result.stdout.split("unsupported (not translated):", 1)[1]
    assert "Latin" in unsupported and "la:" in unsupported
    assert "1 unsupported" in result.stdout


def test_languages_unknown_preset_is_a_config_error():
    assert_config_error(invoke("languages", "--preset", "centurio-1000"), "centurio-1000")


def test_translate_with_the_table(tmp_path):
    table = human_table()
    source = next(src for (src, lang) in table if lang == "deu_Latn" and (src, "fra_Latn") in table)
    result = invoke("translate", source, "--to", "deu_Latn,fra_Latn", "--model", TABLE)
    assert result.exit_code == 0, result.output
    assert f"[deu_Latn] {source}\n    -> {table[source, 'deu_Latn']}" in result.stdout
    assert f"[fra_Latn] {source}\n    -> {table[source, 'fra_Latn']}" in result.stdout


def test_translate_with_the_tiny_model(tiny_model):
    texts = ["A dog runs on the beach.", "Two cats sleep."]
    result = invoke(
        "translate", *texts, "--to", "deu_Latn", "--model", tiny_model, "--device", "cpu"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("[")] == [f"[deu_Latn] {t}" for t in texts]
    assert sum(line.startswith("    -> ") for line in lines) == len(texts)


def test_translate_with_an_unknown_language_is_a_config_error():
    assert_config_error(invoke("translate", "Hi", "--to", "deu_Latm", "--model", TABLE), "deu_Latn")


# -- the translate job ----------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_run(human_corpus, tmp_path_factory) -> tuple[Path, Result, list[list[str]]]:
    """``babelshard run`` with extra Beam flags, recording what reaches the options seam."""
    from babelshard.pipelines import runners

    output = tmp_path_factory.mktemp("cli") / "out"
    seen: list[list[str]] = []
    real = runners.pipeline_options

    def recording(config, beam_args=None):
        seen.append(list(beam_args or []))
        return real(config, beam_args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runners, "pipeline_options", recording)
        result = invoke(
            "run",
            *job_args(human_corpus, output),
            "--runner=DirectRunner",
            "--langs",
            "eng_Latn,deu_Latn,fra_Latn",
            "--direct_num_workers=1",
            "--model",
            TABLE,
            "--english-share",
            "0.2",
            "--shard-size",
            "8",
        )
    return output, result, seen


def test_run_writes_the_output_and_prints_the_summary(cli_run):
    output, result, _ = cli_run
    assert result.exit_code == 0, result.output
    manifest = read_manifest(str(output))
    totals = manifest["totals"]
    assert totals["inputs"] == 44 == totals["written"] + totals["rejected"]
    assert set(manifest["languages"]) == {"eng_Latn", "deu_Latn", "fra_Latn"}
    assert verify_output(str(output)) == []
    assert (
        f"{totals['written']} written, {totals['rejected']} rejected of 44 inputs" in result.stdout
    )
    assert manifest["config"]["model"] == TABLE
    assert manifest["config"]["shard_size"] == 8


def test_run_passes_unknown_flags_to_beam_unchanged(cli_run):
    _, result, seen = cli_run
    assert result.exit_code == 0, result.output
    assert seen == [["--runner=DirectRunner", "--direct_num_workers=1"]]


def test_inspect_shows_languages_and_reject_reasons(cli_run):
    output, _, _ = cli_run
    manifest = read_manifest(str(output))
    result = invoke("inspect", output)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line}
    for lang, entry in manifest["languages"].items():
        assert rows[lang][1:3] == [str(entry["samples"]), str(entry["rejected"])]
    for reason in manifest["rejects"]["by_reason"]:
        assert reason in result.stdout
    assert "image_missing" in result.stdout  # the human corpus names one missing image


def test_inspect_of_an_unfinished_output_is_an_error(tmp_path):
    (tmp_path / "deu_Latn").mkdir()
    assert_config_error(invoke("inspect", tmp_path), "is the job finished?")


def test_run_from_a_yaml_config_with_command_line_overrides(human_corpus, tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text(
        f"input: {human_corpus}\n"
        "format: jsonl\n"
        f"image-root: {human_corpus.parent / 'images'}\n"
        f"model: '{TABLE}'\n"
        "langs: fra_Latn\n"
        "mix: all\n"
        "limit: 6\n",
        encoding="utf-8",
    )
    output = tmp_path / "yaml-out"
    result = invoke("run", "--config", job, "--output", output, "--langs", "deu_Latn")
    assert result.exit_code == 0, result.output
    manifest = read_manifest(str(output))
    assert list(manifest["languages"]) == ["deu_Latn"]  # the flag beat the file
    assert manifest["totals"]["inputs"] == 6
    assert manifest["config"]["mix"] == "all"


def test_dry_run_writes_a_preview_page(human_corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "dry-run",
        "--lang",
        "deu_Latn",
        "--limit",
        "10",
        "--input",
        human_corpus,
        "--format",
        "jsonl",
        "--image-root",
        human_corpus.parent / "images",
        "--model",
        TABLE,
    )
    assert result.exit_code == 0, result.output
    output = tmp_path / "dry-run-deu_Latn"  # the default output folder
    preview = output / "preview.html"
    assert f"preview: {Path('dry-run-deu_Latn') / 'preview.html'}" in result.stdout
    page = preview.read_text(encoding="utf-8")
    docs = [
        json.loads(line)
        for line in (human_corpus.read_text(encoding="utf-8").splitlines()[:10])
        if line
    ]
    table = human_table()
    for doc in docs:
        source = doc["text"]
        # source, translation and back-translation (the table answers both ways) side by side
        assert page.count(html.escape(source)) >= 2
        assert html.escape(table[source, "deu_Latn"]) in page
    # the main scores as badges, every other score folded under "all scores"
    assert page.count('title="bt_chrf"') >= len(docs) and "<td>lid_target_prob</td>" in page
    assert page.count("data:image/jpeg;base64,") == 5  # every other line has an image
    assert read_manifest(str(output))["totals"]["inputs"] == 10


# -- models and the sample corpus ----------------------------------------------------


def test_make_test_model_builds_a_loadable_tiny_model(tmp_path):
    target = tmp_path / "tiny"
    result = invoke("models", "make-test-model", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    validate_ctranslate2_model(target)
    translated = invoke("translate", "Hello.", "--to", "fra_Latn", "--model", target)
    assert translated.exit_code == 0, translated.output


def test_make_test_model_rejects_an_unknown_shape(tmp_path):
    assert_config_error(invoke("models", "make-test-model", tmp_path / "m", "--shape", "huge"))
    assert not (tmp_path / "m").exists()


def test_sample_corpus_is_written(tmp_path):
    result = invoke("sample-corpus", tmp_path / "corpus")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "corpus" / "images").is_dir()
    assert any((tmp_path / "corpus" / "coco").glob("*.json"))


# -- configuration errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "needles"),
    [
        ({"--langs": "deu_Latm"}, ("deu_Latn", "babelshard languages")),
        ({"--input": "{tmp}/nowhere.jsonl"}, ("nowhere.jsonl", "check the path")),
        ({"--model": "{tmp}/no-model-dir"}, ("--model", "no-model-dir")),
        ({"--format": "csv"}, ("unknown --format", "jsonl")),
    ],
)
def test_configuration_errors_exit_2_with_the_fix(human_corpus, tmp_path, change, needles):
    output = tmp_path / "never"
    options = dict(zip(*[iter(job_args(human_corpus, output))] * 2, strict=True))
    options.update({"--langs": "deu_Latn", "--model": TABLE})
    options.update({key: value.format(tmp=tmp_path) for key, value in change.items()})
    result = invoke("run", *[part for pair in options.items() for part in pair])
    assert_config_error(result, *needles)
    assert not output.exists()


def test_unreachable_hub_without_model_names_the_flag(human_corpus, tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setenv("BABELSHARD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("huggingface_hub.list_repo_files", offline)
    monkeypatch.setattr("huggingface_hub.snapshot_download", offline)
    output = tmp_path / "never"
    result = invoke("run", *job_args(human_corpus, output), "--langs", "deu_Latn")
    assert_config_error(result, "--model")
    assert not output.exists()
