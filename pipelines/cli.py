"""The ``babelshard`` command line.

Configuration errors print one line saying what to change and exit with
status 2 before any work starts. Arguments ``babelshard run`` does not know
(``--runner``, ``--direct_num_workers``, ``--flink_master``, ``--project`` …)
go to Beam unchanged.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from babelshard.schemas.languages import LanguageError

app = typer.Typer(
    help="Multilingual vision-language training data: translate, filter, render, shard.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Fetch, convert and build NLLB models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

BEAM_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


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
        is_hf_checkpoint,
        resolve_model,
    )

    try:
        local = Path(model)
        if output and local.is_dir() and is_hf_checkpoint(local):
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


def _run_config(config_file: Path | None, overrides: dict[str, Any]) -> Any:
    from babelshard.pipelines.options import ConfigError, RunConfig

    values = {key: value for key, value in overrides.items() if value is not None}
    try:
        return RunConfig.from_yaml(config_file, **values) if config_file else RunConfig(**values)
    except (ConfigError, TypeError) as error:
        fail(str(error))


def _execute(config: Any, beam_args: list[str]) -> dict[str, Any]:
    from babelshard.pipelines.job import run_translate
    from babelshard.pipelines.options import ConfigError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run_translate(config, beam_args)
    except ConfigError as error:
        fail(str(error))


@app.command(context_settings=BEAM_ARGS)
def run(
    ctx: typer.Context,
    input: Annotated[
        str | None, typer.Option(help="Input file, glob or folder (any Beam FS).")
    ] = None,
    format: Annotated[
        str | None, typer.Option(help="coco|llava|mblip|vqa|jsonl|parquet|wds")
    ] = None,
    output: Annotated[str | None, typer.Option(help="Output folder (any Beam FS).")] = None,
    langs: Annotated[str | None, typer.Option(help="Preset, code list or preset file.")] = None,
    model: Annotated[str | None, typer.Option(help="Model dir, hub name or table:PATH.")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML file with these options.")] = None,
    mix: Annotated[str | None, typer.Option(help="uniform|weights|all")] = None,
    english_share: Annotated[float | None, typer.Option(help="Share kept English.")] = None,
    weights: Annotated[str | None, typer.Option(help="Language weights file.")] = None,
    seed: int | None = None,
    limit: int | None = None,
    image_root: Annotated[str | None, typer.Option(help="Base for relative image paths.")] = None,
    text_field: str | None = None,
    image_field: str | None = None,
    id_field: str | None = None,
    annotations: Annotated[str | None, typer.Option(help="VQA annotations file.")] = None,
    per_image: Annotated[bool | None, typer.Option("--per-image/--per-caption")] = None,
    dataset: str | None = None,
    device: str | None = None,
    compute_type: str | None = None,
    beam_size: int | None = None,
    max_batch_tokens: int | None = None,
    back_translation: Annotated[
        bool | None, typer.Option("--back-translation/--no-back-translation")
    ] = None,
    lid_model: Annotated[str | None, typer.Option(help="fastText LID model file.")] = None,
    lid_threshold: float | None = None,
    bt_threshold: float | None = None,
    fallback_english: Annotated[
        bool | None, typer.Option("--fallback-english/--reject-failed")
    ] = None,
    shard_size: int | None = None,
    lang_field: Annotated[
        str | None, typer.Option(help="JSONL/Parquet column with each record's language.")
    ] = None,
    max_text_chars: Annotated[int | None, typer.Option(help="Longer texts are rejected.")] = None,
    max_image_bytes: Annotated[
        int | None, typer.Option(help="Bigger image files are rejected.")
    ] = None,
    max_image_pixels: Annotated[
        int | None, typer.Option(help="Images with more pixels are rejected, undecoded.")
    ] = None,
    resume: Annotated[
        bool | None,
        typer.Option(
            "--resume/--no-resume",
            help="Reuse the translations an interrupted run of this config left in OUT/_work/.",
        ),
    ] = None,
    translation_cache: Annotated[
        str | None,
        typer.Option(
            help="Translation memory folder (local or gs://...), read and extended by every run."
        ),
    ] = None,
    chunk_size: Annotated[
        int | None,
        typer.Option(help="Local runs: inputs (sample, language) per in-process Beam job."),
    ] = None,
    render_ocr: Annotated[
        int | None,
        typer.Option(help="Also render N text-in-image samples per language into OUT/_ocr."),
    ] = None,
) -> None:
    """Translate a corpus into WebDataset shards (extra flags go to Beam)."""
    overrides = {k: v for k, v in locals().items() if k not in ("ctx", "config", "render_ocr")}
    run_config = _run_config(config, overrides)
    render_config = None if render_ocr is None else _render_stage(run_config, render_ocr)
    manifest = _execute(run_config, list(ctx.args))
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
    from babelshard.pipelines.options import ConfigError
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


@app.command("dry-run", context_settings=BEAM_ARGS)
def dry_run(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option(help="The one language to try.")],
    input: Annotated[str, typer.Option(help="Input file, glob or folder.")],
    format: Annotated[str, typer.Option(help="coco|llava|mblip|vqa|jsonl|parquet|wds")] = "coco",
    limit: int = 50,
    output: Annotated[str | None, typer.Option(help="Default: ./dry-run-LANG")] = None,
    model: str | None = None,
    image_root: str | None = None,
    annotations: str | None = None,
    text_field: str | None = None,
    image_field: str | None = None,
) -> None:
    """Translate a few samples into one language locally and write preview.html."""
    # Before any import: every local here is an option.
    overrides = {k: v for k, v in locals().items() if k not in ("ctx", "lang")}
    from babelshard.pipelines.report import format_inspect, write_preview

    overrides.update(langs=lang, mix="all", output=output or f"dry-run-{lang}")
    run_config = _run_config(None, overrides)
    _execute(run_config, list(ctx.args))
    typer.echo(format_inspect(run_config.output))
    typer.echo(f"preview: {write_preview(run_config.output)}")


@app.command()
def inspect(out: Annotated[str, typer.Argument(help="An output folder of babelshard.")]) -> None:
    """Per-language counts, pass rates and reject reasons of a finished output."""
    from babelshard.pipelines.report import format_inspect

    try:
        typer.echo(format_inspect(out))
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
    try:
        from babelshard.pipelines.cli_render import register
    except ImportError:
        return
    register(app)


_register_optional_commands()


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
