"""The configuration of a translate job, from the command line or a YAML file.

``RunConfig`` is the single source of truth: each field carries its help text
and its group in the ``run --help`` listing, the CLI builds its options from
these fields (``run`` and ``dry-run`` share them), a YAML file supplies the same
fields type-checked against the same definitions (command-line flags win),
``validate`` turns every configuration mistake into a :class:`ConfigError` with
the fix in its message *before* any work starts, and the manifest records the
whole config. Importing this module stays cheap (no Beam), so argument errors
answer at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import tempfile
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from babelshard.filters.policy import FilterConfig
from babelshard.pipelines.io.formats import FORMATS as INPUT_FORMATS
from babelshard.pipelines.io.formats import MAX_IMAGE_BYTES as DEFAULT_MAX_IMAGE_BYTES
from babelshard.pipelines.io.formats import MAX_IMAGE_PIXELS as DEFAULT_MAX_IMAGE_PIXELS
from babelshard.pipelines.planning import LanguagePlan, PlanError, make_plan
from babelshard.schemas.languages import LanguageError
from babelshard.schemas.presets import resolve_languages
from babelshard.translators.factory import TranslatorConfig, check_engine
from babelshard.translators.models import ModelError
from babelshard.translators.nllb import DecodingOptions

if TYPE_CHECKING:
    from babelshard.pipelines.io.images import ImageLimits
    from babelshard.pipelines.io.readers import ReaderOptions


INPUT = "Input"
LANGUAGES = "Languages and mix"
MODEL = "Model and decoding"
FILTERS = "Filters"
OUTPUT = "Output"
GROUPS = (INPUT, LANGUAGES, MODEL, FILTERS, OUTPUT)


class ConfigError(ValueError):
    """A configuration that cannot run; the message says what to change."""


def option(default: Any, group: str, help: str, *, flags: str | None = None) -> Any:
    """A ``RunConfig`` field with what the CLI shows for it.

    ``flags`` names a boolean's two forms (``--back-translation/--no-back-translation``).
    """
    metadata = {"group": group, "help": help, "flags": flags, "cli": True}
    return field(default=default, metadata=metadata)


@dataclass
class RunConfig:
    """Every option of ``babelshard run``; field names match the YAML keys."""

    input: str = option("", INPUT, "Input file, glob or folder (any Beam file system).")
    format: str = option("", INPUT, "Input format: coco|llava|mblip|vqa|jsonl|parquet|wds.")
    output: str = option("", OUTPUT, "Output folder (any Beam file system).")
    langs: str = option("centurio-100", LANGUAGES, "Preset, code list or preset file.")
    source_lang: str = option("eng_Latn", LANGUAGES, "Language of the input texts.")
    mix: str = option("uniform", LANGUAGES, "uniform|weights|all: how samples get languages.")
    english_share: float = option(0.5, LANGUAGES, "Share of samples kept in English.")
    weights: str | None = option(None, LANGUAGES, "Language weights file (--mix weights).")
    seed: int = option(0, LANGUAGES, "Seed of the language draw.")
    limit: int | None = option(None, INPUT, "Keep the first N samples of the input, in file order.")
    # readers
    image_root: str | None = option(None, INPUT, "Base for relative image paths.")
    text_field: str = option("text", INPUT, "JSONL/Parquet column with the text.")
    image_field: str = option("image", INPUT, "JSONL/Parquet column with the image.")
    id_field: str | None = option(None, INPUT, "JSONL/Parquet column with the record id.")
    annotations: str | None = option(None, INPUT, "VQA annotations file.")
    per_image: bool = option(
        False,
        INPUT,
        "COCO: one sample per image or per caption.",
        flags="--per-image/--per-caption",
    )
    max_text_chars: int = option(10_000, INPUT, "Longer texts are rejected.")
    dataset: str | None = option(None, INPUT, "Dataset name recorded with each sample.")
    lang_field: str | None = option(
        None, INPUT, "JSONL/Parquet column with each record's language."
    )
    # translation
    model: str | None = option(
        None,
        MODEL,
        "CTranslate2 model dir, hub name or table:PATH (default facebook/nllb-200-distilled-600M).",
    )
    model_in_image: bool = option(
        False,
        MODEL,
        "Remote workers have the --model path at this same path (baked into the worker image "
        "or mounted); without it a local path is refused for remote runners.",
        flags="--model-in-image/--model-not-in-image",
    )
    device: str = option("auto", MODEL, "auto|cpu|cuda.")
    compute_type: str = option("auto", MODEL, "CTranslate2 compute type (auto, int8, ...).")
    quantization: str = option("int8", MODEL, "Quantization when converting a checkpoint.")
    beam_size: int = option(2, MODEL, "Beam search width.")
    max_batch_tokens: int = option(4096, MODEL, "Tokens per engine batch.")
    intra_threads: int = option(0, MODEL, "CPU threads per translation (0: all).")
    inter_threads: int = option(1, MODEL, "Translations run in parallel.")
    max_segment_tokens: int = option(200, MODEL, "Longer sentences are cut into pieces.")
    back_translation: bool = option(
        True,
        FILTERS,
        "Translate back and score chrF against the source.",
        flags="--back-translation/--no-back-translation",
    )
    # filters
    lid_model: str | None = option(None, FILTERS, "fastText LID model file.")
    lid_threshold: float = option(FilterConfig.lid_threshold, FILTERS, "Least LID probability.")
    bt_threshold: float = option(
        FilterConfig.bt_threshold, FILTERS, "Least back-translation chrF (sources of 4+ words)."
    )
    lid_second_opinion: bool = option(
        FilterConfig.lid_second_opinion,
        FILTERS,
        "Ask CLD2 next to the fastText LID model (it keeps short and name-heavy texts).",
        flags="--lid-second-opinion/--no-lid-second-opinion",
    )
    max_dual_xent: float | None = option(
        FilterConfig.max_dual_xent,
        FILTERS,
        "Reject pairs whose dual cross-entropy is above this (default: record it only; "
        "`babelshard inspect OUT --score dual_xent` prints it per language to pick one).",
    )
    fallback_english: bool = option(
        False,
        FILTERS,
        "Write a sample that failed once in English (its failed languages stay rejects).",
        flags="--fallback-english/--reject-failed",
    )
    # output
    shard_size: int = option(1000, OUTPUT, "Samples per shard.")
    max_image_bytes: int = option(
        DEFAULT_MAX_IMAGE_BYTES, OUTPUT, "Bigger image files are rejected."
    )
    max_image_pixels: int = option(
        DEFAULT_MAX_IMAGE_PIXELS, OUTPUT, "Images with more pixels are rejected, undecoded."
    )
    overwrite: bool = option(
        False,
        OUTPUT,
        "Replace a finished dataset of another config in --output (refused without it).",
        flags="--overwrite/--no-overwrite",
    )
    # execution
    resume: bool = option(
        False,
        OUTPUT,
        "Reuse the translations an interrupted run of this config left in OUT/_work/.",
        flags="--resume/--no-resume",
    )
    translation_cache: str | None = option(
        None,
        OUTPUT,
        "Translation memory folder (local or gs://...), read and extended by every run.",
    )
    chunk_size: int | None = option(
        None, OUTPUT, "Local runs: planned inputs (sample, language) per in-process Beam job."
    )
    extra: dict[str, Any] = field(  # tuning knobs, YAML only
        default_factory=dict, metadata={"group": OUTPUT, "help": "", "cli": False}
    )

    @classmethod
    def from_yaml(
        cls, path: str | Path, defaults: dict[str, Any] | None = None, **overrides: Any
    ) -> RunConfig:
        """Load a YAML config; keys are the field names (``-`` or ``_``); overrides win.

        ``defaults`` replace the fields' defaults under the file (``dry-run``'s own).

        Every value is checked against the field's type, so ``english_share: half``
        or ``back_translation: "no"`` is refused here rather than failing (or being
        taken as true) later.
        """
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"cannot read config file {path}: {error}") from error
        if not isinstance(data, dict):
            raise ConfigError(f"config file {path} must hold a mapping of option: value")
        values = {str(key).replace("-", "_"): value for key, value in data.items()}
        for key, value in values.items():
            try:
                check_value(key, value)
            except ConfigError as error:
                raise ConfigError(f"config file {path}: {error}") from None
        values = {**(defaults or {}), **values}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    # -- derived objects ---------------------------------------------------------

    def reader_options(self) -> ReaderOptions:
        from babelshard.pipelines.io.readers import ReaderOptions

        return ReaderOptions(
            image_root=self.image_root,
            text_field=self.text_field,
            image_field=self.image_field,
            id_field=self.id_field,
            annotations=self.annotations,
            per_image=self.per_image,
            limit=self.limit,
            max_text_chars=self.max_text_chars,
            dataset=self.dataset,
            lang_field=self.lang_field,
        )

    def target_languages(self) -> list[str]:
        return [language.code for language in resolve_languages(self.langs)]

    def plan(self) -> LanguagePlan:
        return make_plan(
            self.mix,
            self.target_languages(),
            english_share=self.english_share,
            seed=self.seed,
            weights_file=self.weights,
        )

    def translator_config(self) -> TranslatorConfig:
        return TranslatorConfig(
            model=self.model,
            device=self.device,
            compute_type=self.compute_type,
            quantization=self.quantization,
            intra_threads=self.intra_threads,
            inter_threads=self.inter_threads,
            model_in_image=self.model_in_image,
            decoding=DecodingOptions(
                beam_size=self.beam_size, max_batch_tokens=self.max_batch_tokens
            ),
        )

    def filter_config(self) -> FilterConfig:
        return FilterConfig(
            backtranslation=self.back_translation,
            lid_model=self.lid_model,
            lid_threshold=self.lid_threshold,
            bt_threshold=self.bt_threshold,
            lid_second_opinion=self.lid_second_opinion,
            max_dual_xent=self.max_dual_xent,
        )

    def image_limits(self) -> ImageLimits:
        from babelshard.pipelines.io.images import ImageLimits

        return ImageLimits(max_bytes=self.max_image_bytes, max_pixels=self.max_image_pixels)

    # -- validation ----------------------------------------------------------------

    def validate_options(self) -> None:
        """Raise :class:`ConfigError` for a mistake seen without reading any file but the
        small ones options name (weights, LID model); cheap, so it runs before Beam loads."""
        for name in ("input", "format", "output"):
            if not getattr(self, name):
                raise ConfigError(f"--{name} is required")
        if self.format not in INPUT_FORMATS:
            raise ConfigError(
                f"unknown --format {self.format!r}; choose one of {', '.join(INPUT_FORMATS)}"
            )
        positive = (
            "shard_size",
            "beam_size",
            "max_batch_tokens",
            "max_segment_tokens",
            "max_text_chars",
            "max_image_bytes",
            "max_image_pixels",
        )
        for name in positive:
            if getattr(self, name) < 1:
                raise ConfigError(f"--{name.replace('_', '-')} must be at least 1")
        if self.limit is not None and self.limit < 0:
            raise ConfigError("--limit must not be negative")
        if self.chunk_size is not None and self.chunk_size < 1:
            raise ConfigError("--chunk-size must be at least 1 (or leave it out for the default)")
        if self.max_dual_xent is not None:
            if self.max_dual_xent <= 0:
                raise ConfigError("--max-dual-xent must be above 0 (nats per token)")
            if self.translator_config().is_table:
                raise ConfigError(
                    "--max-dual-xent needs a model to score pairs; a table: backend has none "
                    "(leave the option out)"
                )
        if self.lid_model and not Path(self.lid_model).is_file():
            raise ConfigError(f"--lid-model {self.lid_model} is not a file")
        if self.weights and "://" not in self.weights and not Path(self.weights).is_file():
            raise ConfigError(
                f"--weights {self.weights} is not a file: pass a TSV of language<TAB>weight"
            )
        try:
            self.plan()
            self.filter_config()
            from babelshard.schemas.languages import get_language

            self.source_lang = get_language(self.source_lang).code
        except (LanguageError, PlanError) as error:
            raise ConfigError(str(error)) from error
        except OSError as error:
            raise ConfigError(f"cannot read --weights {self.weights}: {error}") from error
        except ValueError as error:
            raise ConfigError(f"filter settings: {error}") from error
        try:
            check_engine(self.translator_config())
        except ModelError as error:
            raise ConfigError(str(error)) from error
        check_local_output(self.output)

    def validate(self) -> None:
        """Raise :class:`ConfigError` for anything that would fail later; touch no model."""
        from babelshard.pipelines.io.readers import InputError, check_input

        self.validate_options()
        try:
            check_input(self.format, self.input, self.reader_options())
        except InputError as error:
            raise ConfigError(str(error)) from error


def check_local_output(output: str) -> None:
    """A local ``--output`` must be a folder (or not exist yet) that this user can write."""
    if "://" in output:
        return  # a bucket: Beam's file system answers when the job writes
    path = Path(output).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--output {output} is a file: pass a folder (it may not exist yet)")
    existing = next(
        parent for parent in (path.absolute(), *path.absolute().parents) if parent.exists()
    )
    if not existing.is_dir():
        raise ConfigError(f"--output {output}: {existing} is a file, not a folder")
    try:  # a probe, not os.access: that says yes to root on read-only file systems
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise ConfigError(
            f"--output {output}: cannot write into {existing} ({error.strerror}); "
            "pick a folder you can write"
        ) from None


def prepare_translator(config: RunConfig, remote_workers: bool = False) -> TranslatorConfig:
    """Check the model (and fetch and convert it for local workers) before the job starts.

    ``remote_workers``: the job runs on other machines (Dataflow, a Flink cluster),
    which must find the model themselves (see ``translators.factory.prepare_model``).
    """
    from babelshard.translators.factory import prepare_model

    try:
        return prepare_model(
            config.translator_config(),
            config.target_languages(),
            config.source_lang,
            remote_workers=remote_workers,
        )
    except (ModelError, FileNotFoundError, ValueError) as error:
        raise ConfigError(str(error)) from error


# -- the option definitions, for the CLI and YAML files ------------------------------------


def config_fields() -> dict[str, dataclasses.Field]:
    """``RunConfig``'s fields by name, in their order."""
    return {f.name: f for f in dataclasses.fields(RunConfig)}


def field_type(name: str) -> Any:
    """The resolved type of one ``RunConfig`` field (``int | None`` ...)."""
    return _field_types()[name]


def _field_types() -> dict[str, Any]:
    return typing.get_type_hints(RunConfig)


_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def check_value(name: str, value: Any) -> None:
    """Raise :class:`ConfigError` unless ``value`` fits the field ``name`` (YAML values)."""
    fields = config_fields()
    if name not in fields:
        raise ConfigError(f"unknown option {name}{suggestion(name, fields)}")
    hint = field_type(name)
    optional = isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)
    if value is None and optional:
        return
    kind = next(k for k in typing.get_args(hint) if k is not type(None)) if optional else hint
    base = typing.get_origin(kind) or kind
    fits = {
        bool: isinstance(value, bool),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, int | float) and not isinstance(value, bool),
        str: isinstance(value, str),
        dict: isinstance(value, dict),
    }[base]
    if fits:
        return
    expected = _TYPE_NAMES.get(base, "a mapping")
    got = f"{value!r} ({type(value).__name__})"
    hint_text = ""
    if base is str and isinstance(value, list):
        hint_text = f"; write {name}: {','.join(map(str, value))}"
    elif base is bool and isinstance(value, str):
        hint_text = "; write true or false without quotes"
    raise ConfigError(f"{name}: expected {expected}, got {got}{hint_text}")


def suggestion(name: str, known: typing.Iterable[str], prefix: str = "") -> str:
    """``"; did you mean english_share?"`` for the closest known name, or ``""``.

    Names compare without ``-`` and ``_``, so ``englishshare`` finds ``english_share``.
    """
    squashed = {squash(known_name): known_name for known_name in known}
    close = difflib.get_close_matches(squash(name), list(squashed), n=1, cutoff=0.6)
    return f"; did you mean {prefix}{squashed[close[0]]}?" if close else ""


def squash(name: str) -> str:
    """A flag or key without ``-``/``_`` and case: how near misses are compared."""
    return name.lstrip("-").replace("_", "").replace("-", "").lower()
