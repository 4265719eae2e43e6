"""The ``babelshard`` command line, driven through typer's test runner.

Runs use the ``table:`` translator on real human translations, so they are
quick and their output is known; configuration errors must end with status 2
and one ``error: ...`` line that says what to change, before any output exists.
"""

from __future__ import annotations

import csv
import html
import json
import logging
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
        "--id-field",  # an option of run: dry-run takes all of them
        "id",
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


def test_models_fetch_of_a_converted_model_says_what_it_is(tiny_model):
    result = invoke("models", "fetch", tiny_model)
    assert result.exit_code == 0, result.output
    assert "already a CTranslate2 model" in result.stdout


def test_models_fetch_of_another_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    assert_config_error(invoke("models", "fetch", tmp_path), "neither a CTranslate2 model")


def test_beams_resource_module_warning_is_silenced(caplog):
    from babelshard.pipelines.cli_common import configure_logging

    configure_logging()
    with caplog.at_level(logging.WARNING):
        logging.warning("Resource module is not available for current platform, ...")
        logging.warning("a warning that matters")
    assert [record.getMessage() for record in caplog.records] == ["a warning that matters"]


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
    monkeypatch.setattr("babelshard.translators.models.socket.getaddrinfo", lambda *a: [])
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    monkeypatch.setattr("huggingface_hub.list_repo_files", offline)
    monkeypatch.setattr("huggingface_hub.snapshot_download", offline)
    output = tmp_path / "never"
    result = invoke("run", *job_args(human_corpus, output), "--langs", "deu_Latn")
    assert_config_error(result, "--model")
    assert not output.exists()


# -- strict options ---------------------------------------------------------------------


def refused_run(human_corpus: Path, tmp_path: Path, *extra: str) -> str:
    """``run`` with ``extra`` must refuse with one line, before any output exists."""
    output = tmp_path / "never"
    args = [*job_args(human_corpus, output), "--langs", "deu_Latn", "--model", TABLE, *extra]
    line = assert_config_error(invoke("run", *args))
    assert not output.exists()
    return line


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        (["--lang", "fra_Latn"], ("unknown option --lang", "did you mean --langs?")),
        (["--englishshare", "0.3"], ("--englishshare", "did you mean --english-share?")),
        (["--shardsize", "3"], ("did you mean --shard-size?",)),
        (["--back-translation", "false"], ("unexpected value 'false'", "--no-back-translation")),
        (["--gpu-scope", "everywhere"], ("--gpu_scope", "translate")),
        (["--device", "tpu"], ("unknown --device 'tpu'", "cpu")),
        (["--compute-type", "float8"], ("unknown --compute-type 'float8'", "int8")),
        (["--device", "cuda"], ("table:", "drop --device cuda")),
        (["--mix", "weights", "--weights", "nope.tsv"], ("--weights nope.tsv is not a file",)),
        (["--langs", "deu_Latn,zul_Latn"], ("no eng_Latn rows into zul_Latn", "--langs")),
        (["--langs", "centurio-10"], ("did you mean the preset centurio-100?", "mblip-95")),
        (["--langs", "sr-Latn"], ("srp_Cyrl",)),
    ],
)
def test_mistakes_are_refused_with_one_line(human_corpus, tmp_path, extra, needles):
    line = refused_run(human_corpus, tmp_path, *extra)
    for needle in needles:
        assert needle in line


def test_no_flag_beam_knows_is_taken_for_a_misspelt_babelshard_flag():
    """The typo check that runs before Beam is imported must never refuse Beam's own flags."""
    from babelshard.pipelines.cli_common import _beam_parser, misspelt_own_flag, own_flags

    own = own_flags()
    beam_flags = {
        flag
        for action in _beam_parser()._actions
        for flag in action.option_strings
        if flag.startswith("--") and flag not in own
    }
    assert len(beam_flags) > 100  # the registry was read
    assert {
        flag: misspelt_own_flag(flag, own) for flag in beam_flags if misspelt_own_flag(flag, own)
    } == {}
    assert misspelt_own_flag("--lang", own) == "; did you mean --langs?"


def test_a_misspelt_flag_is_refused_before_beam_is_imported(human_corpus, tmp_path):
    """Argument errors answer before the heavy imports: a subprocess, so no other test's
    import of Beam hides one."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from babelshard.pipelines.cli import app\n"
        "result = CliRunner().invoke(app, sys.argv[1:])\n"
        "print(result.output.strip().splitlines()[-1])\n"
        "print('beam imported' if 'apache_beam' in sys.modules else 'beam not imported')\n"
    )
    args = [*job_args(human_corpus, tmp_path / "o"), "--model", TABLE, "--lang", "deu_Latn"]
    done = subprocess.run(
        [sys.executable, "-c", script, "run", *args], capture_output=True, text=True, check=True
    )
    refusal, imported = done.stdout.strip().splitlines()[-2:]
    assert "unknown option --lang; did you mean --langs?" in refusal
    assert imported == "beam not imported"


def test_an_output_that_is_a_file_is_refused(human_corpus, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for output in (blocker, blocker / "below"):
        args = [*job_args(human_corpus, output), "--langs", "deu_Latn", "--model", TABLE]
        assert_config_error(invoke("run", *args), "--output", "a-file")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--device", "cuda"], "sees no CUDA GPU"),
        (["--compute-type", "bfloat16"], "not supported on cpu"),
    ],
)
def test_engine_settings_this_machine_cannot_run_are_refused(
    human_corpus, tmp_path, tiny_model, extra, needle
):
    import ctranslate2

    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a GPU")
    output = tmp_path / "never"
    args = [*job_args(human_corpus, output), "--langs", "deu_Latn", "--model", tiny_model]
    assert_config_error(invoke("run", *args, *extra), needle)
    assert not output.exists()


@pytest.mark.parametrize(
    ("line", "needles"),
    [
        ("english_share: half", ("english_share: expected a number", "'half'")),
        ("langs: [de, fr]", ("langs: expected text", "write langs: de,fr")),
        ('limit: "5"', ("limit: expected a whole number",)),
        ('back_translation: "no"', ("back_translation: expected true or false",)),
        ("beam_size: 2.5", ("beam_size: expected a whole number",)),
        ("englishshare: 0.2", ("unknown option englishshare", "did you mean english_share?")),
    ],
)
def test_yaml_values_are_type_checked(human_corpus, tmp_path, line, needles):
    job = tmp_path / "job.yaml"
    job.write_text(f"langs: deu_Latn\nmodel: '{TABLE}'\n{line}\n", encoding="utf-8")
    output = tmp_path / "never"
    result = invoke("run", "--config", job, *job_args(human_corpus, output))
    error = assert_config_error(result, str(job), *needles)
    assert error.count("error:") == 1
    assert not output.exists()


def test_dry_run_takes_every_option_of_run():
    import typer.main

    def options(name: str) -> set[str]:
        command = typer.main.get_command(app).commands[name]
        return {decl for param in command.params for decl in param.opts + param.secondary_opts}

    assert options("run") - options("dry-run") == {"--render-ocr"}
    assert {"--id-field", "--gpu", "--gpu-scope", "--no-back-translation"} <= options("dry-run")


def test_run_help_groups_the_options_and_shows_defaults():
    result = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    panels = [
        line.split("─ ", 1)[1].split(" ─")[0]
        for line in result.stdout.splitlines()
        if "╭─ " in line
    ]
    assert panels[1:] == [
        "Input",
        "Languages and mix",
        "Model and decoding",
        "Filters",
        "Output",
        "Runner and GPU",
    ]
    for shown in ("centurio-100", "0.5", "1000", "translate"):
        assert f"[default: ({shown})]" in result.stdout


def test_argument_errors_answer_before_beam_is_imported(tmp_path):
    """``--format csv`` is refused from the options alone: Beam (seconds to import) never loads."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from babelshard.pipelines.cli import app\n"
        "result = CliRunner().invoke(app, ['run', '--input', 'x', '--format', 'csv', "
        f"'--output', {str(tmp_path / 'o')!r}])\n"
        "assert result.exit_code == 2, result.output\n"
        "print('apache_beam' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stderr


def test_the_beam_free_constants_match_their_sources():
    from babelshard.pipelines.io.images import ImageLimits
    from babelshard.pipelines.io.readers import FORMATS
    from babelshard.pipelines.options import (
        DEFAULT_MAX_IMAGE_BYTES,
        DEFAULT_MAX_IMAGE_PIXELS,
        INPUT_FORMATS,
    )

    assert INPUT_FORMATS == FORMATS
    limits = ImageLimits()
    assert (
        limits.max_bytes,
        limits.max_pixels,
    ) == (DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IMAGE_PIXELS)


# -- outputs are never replaced by accident -----------------------------------------------


def small_job(corpus: Path, output: Path, *extra: str) -> Result:
    args = [*job_args(corpus, output), "--langs", "deu_Latn", "--mix", "all", "--model", TABLE]
    return invoke("run", *args, "--no-back-translation", *extra)


def test_a_finished_dataset_of_another_config_is_refused_the_same_is_a_no_op(
    human_corpus, tmp_path
):
    output = tmp_path / "out"
    assert small_job(human_corpus, output, "--limit", "6").exit_code == 0
    manifest = (output / "manifest.json").read_bytes()

    other = small_job(human_corpus, output, "--limit", "4")
    assert_config_error(other, "finished dataset of another config", "--limit was 6, now 4")
    assert "--overwrite" in other.stderr
    same = small_job(human_corpus, output, "--limit", "6")
    assert same.exit_code == 0, same.output
    assert "nothing to do" in same.stdout
    assert (output / "manifest.json").read_bytes() == manifest

    replaced = small_job(human_corpus, output, "--limit", "4", "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert read_manifest(str(output))["totals"]["inputs"] == 4


def test_a_second_job_into_an_output_being_written_is_refused(human_corpus, tmp_path):
    import os
    import socket

    output = tmp_path / "busy"
    output.mkdir()
    lease = output / "_lease.json"
    alive = {"host": socket.gethostname(), "pid": os.getpid(), "started": "now", "token": "x"}
    lease.write_text(json.dumps(alive), encoding="utf-8")
    error = assert_config_error(small_job(human_corpus, output), "another job is writing")
    assert f"delete {lease}" in error
    assert lease.exists() and not (output / "manifest.json").exists()


def test_a_stale_lease_of_this_machine_is_taken_over_and_released(human_corpus, tmp_path):
    import socket
    import subprocess
    import sys

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    output = tmp_path / "stale"
    output.mkdir()
    dead = {"host": socket.gethostname(), "pid": int(finished.stdout), "started": "then"}
    (output / "_lease.json").write_text(json.dumps(dead), encoding="utf-8")
    result = small_job(human_corpus, output, "--limit", "3")
    assert result.exit_code == 0, result.output
    assert not (output / "_lease.json").exists()
    assert verify_output(str(output)) == []
