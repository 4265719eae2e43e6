"""``babelshard push``, ``export`` and ``report``: what happens to a finished output next.

``register(app)`` adds the three commands to a Typer app (the main CLI calls it).
Each stops with one line saying what to do, and exit status 2, when it cannot run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def push(
    out: Annotated[str, typer.Argument(help="A finished output folder of babelshard.")],
    repo_id: Annotated[str, typer.Argument(help="Hub dataset repository, e.g. org/name.")],
    private: Annotated[bool, typer.Option(help="Create the repository private.")] = False,
    revision: Annotated[str | None, typer.Option(help="Branch to upload to.")] = None,
) -> None:
    """Verify OUT against its manifest, then upload it to the Hugging Face Hub (resumable)."""
    from babelshard.pipelines.push import PushError, push_output

    try:
        url = push_output(out, repo_id, private=private, revision=revision)
    except PushError as error:
        _fail(str(error))
    typer.echo(url)


def export(
    out: Annotated[str, typer.Argument(help="A finished output folder of babelshard.")],
    dest: Annotated[Path, typer.Argument(help="Folder for the exported files and images/.")],
    format: Annotated[str, typer.Option(help="llava|coco|vqa|jsonl")] = "jsonl",
    langs: Annotated[
        str | None, typer.Option(help="Comma-separated languages (default: all).")
    ] = None,
) -> None:
    """Write OUT's samples back in their input's format, one file per language, images beside."""
    from babelshard.pipelines.export import ExportError, export_output

    wanted = [code.strip() for code in langs.split(",") if code.strip()] if langs else None
    try:
        exported = export_output(out, format, dest, wanted)
    except (ExportError, FileNotFoundError) as error:
        _fail(str(error))
    for entry in exported:
        typer.echo(f"{entry.lang:<10} {entry.samples:>8}  {', '.join(entry.files)}")
    typer.echo(str(dest))


def report(
    out: Annotated[str, typer.Argument(help="A finished output folder of babelshard.")],
) -> None:
    """(Re)write OUT's dataset card (README.md) and run report (report.html)."""
    from babelshard.pipelines.output_docs import document_output

    try:
        paths = document_output(out)
    except FileNotFoundError as error:
        _fail(str(error))
    for path in paths:
        typer.echo(path)


def register(app: typer.Typer) -> None:
    """Add ``push``, ``export`` and ``report`` to ``app``."""
    app.command("push")(push)
    app.command("export")(export)
    app.command("report")(report)
