"""``babelshard render-ocr`` and ``babelshard render-sheet``: synthetic text-in-image data.

``register(app)`` adds both commands to a Typer app (the main CLI calls it).
Configuration errors print one line and exit with status 2 before any work starts;
arguments the command does not know go to Beam unchanged if Beam knows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from babelshard.pipelines.cli_common import BEAM_ARGS, check_beam_args, configure_logging, fail


def render_ocr(
    ctx: typer.Context,
    texts: Annotated[str, typer.Option(help="JSONL/Parquet rows with lang and text (or wds).")],
    output: Annotated[str, typer.Option(help="Output folder (any Beam FS).")],
    langs: Annotated[str, typer.Option(help="Preset, code list or preset file.")] = "centurio-100",
    format: Annotated[str, typer.Option(help="jsonl|parquet|wds (a translate job's output)")] = (
        "jsonl"
    ),
    per_lang: Annotated[
        int | None, typer.Option(help="Samples per language (overrides the quotas).")
    ] = None,
    scale: Annotated[
        float, typer.Option(help="Scale Centurio's quotas (500k en, 10k non-Latin, 5k Latin).")
    ] = 1.0,
    seed: int = 0,
    charts: Annotated[float, typer.Option(help="Share of samples drawn as charts.")] = 0.0,
    model: Annotated[
        str | None, typer.Option(help="Translator for chart questions: table:PATH, dir, hub.")
    ] = None,
    font_dir: Annotated[
        list[str] | None, typer.Option(help="Extra font folder (repeatable).")
    ] = None,
    backgrounds: Annotated[
        str | None,
        typer.Option(help="Glob of background photos (default: the input's own images)."),
    ] = None,
    documents: Annotated[
        str, typer.Option(help="scene (paper photographed on a background) or page (flat).")
    ] = "scene",
    questions: Annotated[
        bool, typer.Option("--questions/--no-questions", help="Reading questions on scenes.")
    ] = True,
    corpus: Annotated[
        list[str] | None,
        typer.Option(help="Extra JSONL/Parquet texts with lang and text (repeatable)."),
    ] = None,
    script_quota: Annotated[
        list[str] | None,
        typer.Option(help="SCRIPT=N samples per language of a script, e.g. Latn=2000."),
    ] = None,
    size: Annotated[int, typer.Option(help="Image side in pixels.")] = 768,
    shard_size: int = 1000,
    text_field: str = "text",
    lang_field: str = "lang",
) -> None:
    """Render texts per language into synthetic OCR documents and charts (WebDataset)."""
    from babelshard.pipelines.options import ConfigError
    from babelshard.pipelines.render_ocr import RenderConfig, run_render

    try:
        script_quotas = _script_quotas(script_quota or ())
    except ValueError as error:
        fail(str(error))
    config = RenderConfig(
        texts=texts,
        output=output,
        langs=langs,
        format=format,
        per_lang=per_lang,
        scale=scale,
        seed=seed,
        charts=charts,
        model=model,
        font_dirs=tuple(font_dir or ()),
        backgrounds=backgrounds,
        documents=documents,
        questions=questions,
        corpus=tuple(corpus or ()),
        script_quotas=script_quotas,
        size=size,
        shard_size=shard_size,
        text_field=text_field,
        lang_field=lang_field,
    )
    configure_logging()
    try:
        check_beam_args(ctx.args)
        manifest = run_render(config, list(ctx.args))
    except ConfigError as error:
        fail(str(error))
    from babelshard.pipelines.report import format_inspect

    typer.echo(format_inspect(output))  # the same per-language table as `run`
    without_text = sorted(set(config.quotas) - set(manifest["languages"]))
    if without_text:
        typer.echo(
            f"no text for {len(without_text)} of {len(config.quotas)} requested languages "
            f"(no input row in them): {', '.join(without_text)}"
        )
    totals = manifest.get("totals", {})
    if totals.get("unaccounted"):
        fail(f"{totals['unaccounted']} inputs are neither written nor rejected")


def _script_quotas(values: list[str] | tuple[str, ...]) -> dict[str, int]:
    """``["Latn=2000", ...]`` -> ``{"Latn": 2000}``; ValueError saying the expected form."""
    quotas = {}
    for value in values:
        script, _, count = value.partition("=")
        if not count.strip().isdigit():
            raise ValueError(f"--script-quota {value!r}: expected SCRIPT=N, e.g. Latn=2000")
        quotas[script.strip()] = int(count)
    return quotas


def render_sheet(
    out: Annotated[Path, typer.Argument(help="PNG file to write.")],
    langs: Annotated[
        str | None, typer.Option(help="Comma list (default: one language per script).")
    ] = None,
    charts: Annotated[bool, typer.Option("--charts/--documents")] = False,
    pages: Annotated[
        bool, typer.Option("--pages/--scenes", help="Flat pages instead of document scenes.")
    ] = False,
    seed: int = 0,
    columns: int = 4,
    font_dir: Annotated[list[str] | None, typer.Option(help="Extra font folder.")] = None,
) -> None:
    """Render the bundled sample texts across scripts into one contact sheet to look at
    (document scenes; --pages for flat pages, --charts for charts)."""
    from babelshard.renderers.contact_sheet import render_contact_sheet
    from babelshard.renderers.errors import RenderError
    from babelshard.renderers.scripts import ShapingUnavailableError
    from babelshard.schemas.languages import LanguageError

    codes = [code.strip() for code in langs.split(",")] if langs else None
    try:
        sheet = render_contact_sheet(
            codes,
            charts=charts,
            pages=pages,
            seed=seed,
            columns=columns,
            font_dirs=font_dir or (),
        )
    except (LanguageError, RenderError, ShapingUnavailableError, KeyError) as error:
        fail(str(error))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    typer.echo(str(out))


def register(app: typer.Typer) -> None:
    """Add ``render-ocr`` and ``render-sheet`` to ``app``."""
    app.command("render-ocr", context_settings=BEAM_ARGS)(render_ocr)
    app.command("render-sheet")(render_sheet)
