"""The ``babelshard`` command line.

Configuration errors print one line saying what to change and exit with
status 2 before any work starts. Arguments ``babelshard run`` does not know
go to Beam unchanged when Beam knows them (``--runner``, ``--direct_num_workers``,
``--flink_master``, ``--project`` …) and are refused otherwise. Options are
checked before Beam is imported, so a mistake answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from babelshard.pipelines.cli_common import (
    BEAM_ARGS,
    check_beam_args,
    configure_logging,
    fail,
    job_command,
    option_parameter,
    own_flags,
    split_options,
)
from babelshard.pipelines.options import INPUT, OUTPUT, ConfigError
from babelshard.schemas.languages import LanguageError

app = typer.Typer(
    help="Multilingual vision-language training data: translate, filter, render, shard.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Fetch, convert and build NLLB models.", no_args_is_help=True)
app.add_typer(models_app, name="models")


# -- languages and quick translation ------------------------------------------


@app.command()
def languages(
    preset: Annotated[str | None, typer.Option(help="A preset name or preset file.")] = None,
) -> None:
    """List the NLLB-200 languages, or the languages of a preset."""
    from babelshard.schemas.languages import all_languages, format_languages
    from babelshard.schemas.presets import PRESETS, format_preset, get_preset

    try:
        if preset:
            typer.echo(format_preset(get_preset(preset)))
        else:
            typer.echo(format_languages(all_languages()))
            typer.echo(f"\npresets: {', '.join(sorted(PRESETS))}")
    except (LanguageError, OSError) as error:
        fail(str(error))


@app.command()
def translate(
    texts: Annotated[list[str], typer.Argument(help="Texts to translate.")],
    to: Annotated[str, typer.Option("--to", help="Target languages, comma-separated.")],
    source: Annotated[str, typer.Option("--from", help="Source language.")] = "eng_Latn",
    model: Annotated[str | None, typer.Option(help="Model dir, hub name or table:PATH.")] = None,
    device: str = "auto",
    compute_type: str = "auto",
    beam_size: int = 2,
) -> None:
    """Translate a few texts for a quick look (long texts are split into sentences)."""
    from babelshard.schemas.presets import resolve_languages
    from babelshard.translators.documents import translate_documents
    from babelshard.translators.factory import TranslatorConfig, load_translator
    from babelshard.translators.models import ModelError
    from babelshard.translators.nllb import DecodingOptions

    try:
        targets = [language.code for language in resolve_languages(to)]
        source_code = resolve_languages(source)[0].code
        translator = load_translator(
            TranslatorConfig(
                model=model,
                device=device,
                compute_type=compute_type,
                decoding=DecodingOptions(beam_size=beam_size),
            )
        )
    except (LanguageError, ModelError, FileNotFoundError, ValueError) as error:
        fail(str(error))
    for target in targets:
        for text, result in zip(
            texts, translate_documents(translator, texts, source_code, target), strict=True
        ):
            typer.echo(f"[{target}] {text}\n    -> {result}")


# -- models --------------------------------------------------------------------------


@models_app.command("fetch")
def models_fetch(
    model: Annotated[
        str, typer.Argument(help="Hub name (facebook/nllb-200-distilled-600M) or dir.")
    ],
    quantization: str = "int8",
    output: Annotated[Path | None, typer.Option(help="Where to put the converted model.")] = None,
) -> None:
    """Download (if needed) and convert an NLLB checkpoint to CTranslate2."""
    from babelshard.translators.models import (
        ALIASES,
        ModelError,
        convert_checkpoint,
        fetch_model,
        is_ctranslate2_model,
        is_hf_checkpoint,
        resolve_model,
    )

    local = Path(model)
    if local.is_dir() and is_ctranslate2_model(local):
        typer.echo(
            f"{local} is already a CTranslate2 model (nothing to convert): pass it to --model "
            "as it is"
        )
        return
    if local.is_dir() and not is_hf_checkpoint(local):
        fail(
            f"{local} is a folder but neither a CTranslate2 model (model.bin, config.json) nor "
            "a Hugging Face checkpoint (config.json with *.safetensors or pytorch_model*.bin)"
        )
    try:
        if output and local.is_dir():
            path = convert_checkpoint(local, output, quantization)
        elif output:
            path = fetch_model(ALIASES.get(model, model), output, quantization)
        else:
            path = resolve_model(model, quantization)
    except ModelError as error:
        fail(str(error))
    typer.echo(str(path))


@models_app.command("make-test-model")
def models_make_test_model(
    output: Annotated[Path, typer.Argument(help="Directory for the converted test model.")],
    shape: Annotated[str, typer.Option(help="tiny (tests) or nllb-600m (benchmarks).")] = "tiny",
    quantization: str = "int8",
    seed: int = 0,
) -> None:
    """Build a random-weight NLLB-architecture model with a real tokenizer, offline.

    Its translations are noise: it exists to test and benchmark the machinery.
    """
    import tempfile

    from babelshard.translators.models import ModelError, convert_checkpoint
    from babelshard.translators.test_model import SHAPES, write_hf_test_model

    if shape not in SHAPES:
        fail(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            checkpoint = write_hf_test_model(Path(scratch) / "hf", shape=shape, seed=seed)
            convert_checkpoint(checkpoint, output, quantization)
    except (ModelError, RuntimeError) as error:
        fail(str(error))
    typer.echo(str(output))


# -- the translate job ----------------------------------------------------------------


def _run_config(
    config_file: Path | None, values: dict[str, Any], defaults: dict[str, Any] | None = None
) -> Any:
    """The job's config from defaults, a YAML file and flags (in rising order), its options
    checked (no Beam yet)."""
    from babelshard.pipelines.options import RunConfig

    try:
        if config_file:
            config = RunConfig.from_yaml(config_file, defaults, **values)
        else:
            config = RunConfig(**{**(defaults or {}), **values})
        config.validate_options()
    except ConfigError as error:
        fail(str(error))
    return config


def _beam_args(ctx: typer.Context, runner_args: list[str]) -> list[str]:
    """The arguments for Beam: the ones babelshard does not parse, if Beam knows them all."""
    beam_args = [*ctx.args, *runner_args]
    try:
        check_beam_args(beam_args, own_flags())
    except ConfigError as error:
        fail(str(error))
    return beam_args


def _execute(config: Any, beam_args: list[str]) -> dict[str, Any]:
    from babelshard.pipelines.job import run_translate

    configure_logging()
    try:
        return run_translate(config, beam_args)
    except ConfigError as error:
        fail(str(error))


def _guarded_execute(config: Any, beam_args: list[str]) -> dict[str, Any]:
    """Run the job unless the output is finished for this config; refuse another config's
    finished dataset (without --overwrite)."""
    from babelshard.pipelines import output_guard

    try:
        done = output_guard.check_finished(config)
        if done is not None:
            typer.echo(f"{config.output} is already complete for this config: nothing to do")
            return done
    except ConfigError as error:
        fail(str(error))
    return _execute(config, beam_args)  # which holds the output's lease while it writes


CONFIG_FILE = option_parameter(
    "config",
    Path | None,
    help="YAML file with these options (keys as below, - or _); flags win.",
    rich_help_panel=INPUT,
)
RENDER_OCR = option_parameter(
    "render_ocr",
    int | None,
    help="Also render N text-in-image samples per language into OUT/_ocr.",
    rich_help_panel=OUTPUT,
)
DRY_RUN_DEFAULTS = {"format": "coco", "limit": 50, "mix": "all", "output": "dry-run-LANGS"}


@app.command(context_settings=BEAM_ARGS)
@job_command(CONFIG_FILE, RENDER_OCR)
def run(ctx: typer.Context, **options: Any) -> None:
    """Translate a corpus into WebDataset shards.

    Other arguments go to Beam (--runner, --direct_num_workers, --project ...) if
    Beam knows them; anything else is refused.
    """
    values, runner_args = split_options(options)
    run_config = _run_config(options["config"], values)
    render_ocr = options["render_ocr"]
    render_config = None if render_ocr is None else _render_stage(run_config, render_ocr)
    manifest = _guarded_execute(run_config, _beam_args(ctx, runner_args))
    from babelshard.pipelines.report import format_inspect

    typer.echo(format_inspect(run_config.output))
    totals = manifest["totals"]
    if totals.get("unaccounted"):
        fail(f"{totals['unaccounted']} inputs are neither written nor rejected")
    if render_config is not None:
        from babelshard.pipelines.render_ocr import run_render

        run_render(render_config, list(ctx.args))
        typer.echo(format_inspect(render_config.output))


def _render_stage(run_config: Any, per_lang: int) -> Any:
    """The optional rendering stage of ``run``, drawn from the job's own translated shards.

    Its output is a dataset of its own (``OUT/_ocr`` with its own manifest), so the
    translate job's accounting stays exact; its options are checked before the
    translate job starts.
    """
    from babelshard.pipelines.render_ocr import RenderConfig

    out = run_config.output.rstrip("/")
    render_config = RenderConfig(
        texts=f"{out}/[a-z][a-z][a-z]_*/*.tar",  # language folders, not _rejects/_work
        format="wds",
        output=f"{out}/_ocr",
        langs=run_config.langs,
        per_lang=per_lang,
        seed=run_config.seed,
        model=run_config.model,
    )
    try:
        render_config.validate_options()
    except ConfigError as error:
        fail(str(error))
    return render_config


DRY_RUN_LANG = option_parameter(
    "lang",
    str | None,
    help="The language to try (same as --langs).",
    rich_help_panel="Languages and mix",
)


@app.command("dry-run", context_settings=BEAM_ARGS)
@job_command(CONFIG_FILE, DRY_RUN_LANG, defaults=DRY_RUN_DEFAULTS)
def dry_run(ctx: typer.Context, **options: Any) -> None:
    """Translate a few samples locally (every language by default: --mix all) and write
    preview.html; takes every option of ``run``."""
    values, runner_args = split_options(options)
    langs = options["lang"] or values.get("langs")
    if not langs and not options["config"]:
        fail("dry-run needs the language(s) to try: --lang CODE (or --langs)")
    if langs:
        values["langs"] = langs
    defaults = {**DRY_RUN_DEFAULTS, "output": f"dry-run-{langs}".replace(",", "-")}
    run_config = _run_config(options["config"], values, defaults)
    from babelshard.pipelines.report import format_inspect, write_preview

    _execute(run_config, _beam_args(ctx, runner_args))
    typer.echo(format_inspect(run_config.output))
    typer.echo(f"preview: {write_preview(run_config.output)}")


@app.command()
def inspect(
    out: Annotated[str, typer.Argument(help="An output folder of babelshard.")],
    score: Annotated[
        str | None,
        typer.Option(
            help="Print this score's distribution per language instead (e.g. dual_xent, "
            "to pick --max-dual-xent on a real model's output)."
        ),
    ] = None,
) -> None:
    """Per-language counts, pass rates and reject reasons of a finished output."""
    from babelshard.pipelines.assemble import ALL_SCORES
    from babelshard.pipelines.options import suggestion
    from babelshard.pipelines.report import format_distribution, format_inspect

    if score and score not in ALL_SCORES:
        fail(f"unknown score {score!r}{suggestion(score, ALL_SCORES)}")
    try:
        typer.echo(format_distribution(out, score) if score else format_inspect(out))
    except (OSError, ValueError, KeyError) as error:
        fail(f"{out} has no readable manifest.json ({error}); is the job finished?")


@app.command("sample-corpus")
def sample_corpus(
    out: Annotated[Path, typer.Argument(help="Where to write the sample corpus.")],
) -> None:
    """Write the bundled sample corpus (generated images, captions, instructions, VQA)."""
    from babelshard.pipelines.sample_corpus import write_sample_corpus

    write_sample_corpus(out)
    typer.echo(str(out))


def _register_optional_commands() -> None:
    """Commands that live in their own modules register themselves here."""
    from babelshard.pipelines.cli_dataset import register as register_dataset_commands

    register_dataset_commands(app)
    try:
        from babelshard.pipelines.cli_render import register
    except ImportError:
        return
    register(app)


_register_optional_commands()


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
