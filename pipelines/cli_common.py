"""What the ``babelshard`` commands share: one-line refusals, job options, Beam arguments.

- :func:`fail` prints ``error: ...`` and exits with status 2: every configuration
  mistake ends this way, before any work starts, never as a traceback.
- :func:`job_command` gives a command every option of
  :class:`~babelshard.pipelines.options.RunConfig` (``run`` and ``dry-run`` share
  them: one definition), grouped by role in ``--help`` with their defaults, plus
  the runner flags babelshard adds to Beam's (``--gpu`` ...).
- :func:`check_beam_args` accepts only what Beam's option registry knows, so a
  typo (``--lang`` for ``--langs``) is refused with a suggestion instead of
  being dropped by Beam with a warning while the job runs on defaults.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import logging
from collections.abc import Callable, Iterable
from typing import Annotated, Any, NoReturn

import typer

from babelshard.pipelines.options import (
    GROUPS,
    ConfigError,
    config_fields,
    field_type,
    squash,
    suggestion,
)

BEAM_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}
RUNNER = "Runner and GPU"
BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "1", "0"})

# babelshard's runner flags (runners.BabelshardRunnerOptions): listed in --help with the
# job's options, then handed to Beam as --name=value with the rest of the Beam arguments.
RUNNER_FLAGS: dict[str, tuple[str, str | None]] = {
    "gpu": ("Dataflow GPU per worker as TYPE[:COUNT], e.g. nvidia-l4 (see --gpu-scope).", None),
    "gpu_scope": (
        "translate: GPUs for the translate stages only (right fitting); job: every worker.",
        "translate",
    ),
    "gpu_machine_type": ("Machine type of the GPU workers, e.g. g2-standard-8.", None),
}


# Beam's RunInference logs this at every batch where the resource module is missing.
QUIET_MESSAGES = ("Resource module is not available",)


def configure_logging() -> None:
    """Warnings once each, in one format, without Beam's per-batch noise."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    if not any(isinstance(f, _DropMessages) for f in root.filters):
        root.addFilter(_DropMessages(QUIET_MESSAGES))


class _DropMessages(logging.Filter):
    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefixes)


def fail(message: str) -> NoReturn:
    """Refuse with one line and exit status 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


# -- the job's options, from RunConfig -----------------------------------------------------


def job_parameters(defaults: dict[str, Any] | None = None) -> list[inspect.Parameter]:
    """One keyword parameter per CLI option of ``RunConfig`` and per runner flag.

    Every parameter defaults to ``None`` ("not given"), so a YAML file's value
    survives unless the flag is given; ``--help`` shows the real default
    (``defaults`` overrides what it shows, e.g. for ``dry-run``).
    """
    shown = defaults or {}
    parameters = []
    for name, spec in config_fields().items():
        if not spec.metadata.get("cli", False):
            continue
        default = shown.get(name, spec.default)
        if default is dataclasses.MISSING:
            default = None
        declared = spec.metadata.get("flags") or flag(name)
        info = typer.Option(
            declared,
            help=spec.metadata["help"],
            rich_help_panel=spec.metadata["group"],
            show_default=_shown(default),
        )
        parameters.append(_keyword(name, _optional(field_type(name)), info))
    for name, (help_text, default) in RUNNER_FLAGS.items():
        info = typer.Option(
            flag(name), help=help_text, rich_help_panel=RUNNER, show_default=_shown(default)
        )
        parameters.append(_keyword(name, str | None, info))
    return parameters


def job_command(
    *extra: inspect.Parameter, defaults: dict[str, Any] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give ``function(ctx, **options)`` the job's options (and ``extra``) as its signature."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        context = inspect.Parameter(
            "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
        )
        parameters = sorted([*extra, *job_parameters(defaults)], key=_panel_rank)
        function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [context, *parameters]
        )
        return function

    return decorate


def option_parameter(name: str, annotation: Any, **option: Any) -> inspect.Parameter:
    """A command-specific option (``--config``, ``--render-ocr``) for :func:`job_command`."""
    return _keyword(name, annotation, typer.Option(flag(name), **option))


def split_options(options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The given ``RunConfig`` values, and the runner flags as Beam arguments."""
    fields = config_fields()
    values = {k: v for k, v in options.items() if k in fields and v is not None}
    runner_args = [
        f"--{name}={options[name]}" for name in RUNNER_FLAGS if options.get(name) is not None
    ]
    return values, runner_args


def _panel_rank(parameter: inspect.Parameter) -> int:
    """Help panels in the order of a job's life: input ... output, then the runner."""
    panel = parameter.annotation.__metadata__[0].rich_help_panel
    return [*GROUPS, RUNNER].index(panel)


def _keyword(name: str, annotation: Any, info: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[annotation, info]
    )


def _optional(hint: Any) -> Any:
    return hint | None


def _shown(default: Any) -> str | bool:
    if default is None or default == "":
        return False
    if isinstance(default, bool):
        return str(default).lower()
    return str(default)


# -- Beam's arguments ------------------------------------------------------------------------


def own_flags() -> list[str]:
    """Every flag of the job commands, for suggestions."""
    names = []
    for name, spec in config_fields().items():
        if spec.metadata.get("cli", False):
            declared = spec.metadata.get("flags") or flag(name)
            names += [part for part in declared.split("/")]
    return [*names, *(flag(name) for name in RUNNER_FLAGS), "--config", "--render-ocr"]


def misspelt_own_flag(arg: str, own: Iterable[str]) -> str:
    """``"; did you mean --langs?"`` when ``arg`` is one edit (or only ``-``/``_``) away
    from a babelshard flag, else ``""``.

    Checked before Beam is imported (its parser takes seconds to build); no flag Beam
    knows is that close to one of babelshard's (a test checks every one), and the
    runner flags babelshard hands to Beam (``--gpu_scope=...``) are Beam's own.
    """
    name = arg.split("=", 1)[0]
    if not name.startswith("--") or name in own or name.lstrip("-") in RUNNER_FLAGS:
        return ""
    squashed = squash(name)
    for known in own:
        if _edits(squashed, squash(known)) <= 1:
            return f"; did you mean {known}?"
    return ""


def _edits(a: str, b: str) -> int:
    """Characters inserted, deleted or replaced between ``a`` and ``b`` (difflib's opcodes)."""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")


def check_beam_args(args: Iterable[str], own: Iterable[str] = ()) -> None:
    """Raise :class:`ConfigError` for any argument no Beam options class knows.

    Beam itself only logs "Discarding unparseable args" and runs on; here the
    first unknown one is refused, with the closest babelshard or Beam option.
    A bare value (``--back-translation false``) is refused too: switches take none.
    A near miss of babelshard's own flags is refused first, without Beam.
    """
    args, own = list(args), list(own)
    for arg in args:
        if hint := misspelt_own_flag(arg, own):
            raise ConfigError(f"unknown option {arg.split('=', 1)[0]}{hint}{_WHERE_OPTIONS}")
    parser = _beam_parser()
    _, unknown = parser.parse_known_args(list(args))
    if not unknown:
        return
    known = [*own, *(s for action in parser._actions for s in action.option_strings)]
    first = unknown[0]
    if not first.startswith("-"):
        hint = ""
        if first.lower() in BOOLEAN_WORDS:
            hint = " (switches take no value: --back-translation or --no-back-translation)"
        raise ConfigError(f"unexpected value {first!r}{hint}")
    name = first.split("=", 1)[0]
    raise ConfigError(f"unknown option {name}{suggestion(name, known)}{_WHERE_OPTIONS}")


_WHERE_OPTIONS = " (babelshard run --help lists babelshard's options; the rest go to Beam)"


def _beam_parser() -> Any:
    """Beam's argument parser with every registered options class, erroring with ConfigError."""
    from babelshard.translators import lean_beam  # noqa: F401  # isort: skip  (Beam's first import)
    from apache_beam.options.pipeline_options import PipelineOptions, _BeamArgumentParser

    from babelshard.pipelines import runners  # noqa: F401  # registers babelshard's runner flags

    class StrictParser(_BeamArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise ConfigError(f"Beam option: {message}")

    parser = StrictParser(allow_abbrev=False)
    # As PipelineOptions.get_all_options: a class defined twice is added once.
    classes = {str(cls): cls for cls in PipelineOptions.__subclasses__()}
    for cls in classes.values():
        cls._add_argparse_args(parser)
    return parser
