"""The configuration of a translate job, from the command line or a YAML file.

``RunConfig`` is the single source of truth: the CLI builds one, a YAML file
can supply the same fields (command-line flags win), ``validate`` turns every
configuration mistake into a :class:`ConfigError` with the fix in its message
*before* any work starts, and the manifest records the whole config.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from babelshard.filters.policy import FilterConfig
from babelshard.pipelines.io.images import ImageLimits
from babelshard.pipelines.io.readers import FORMATS, InputError, ReaderOptions, check_input
from babelshard.pipelines.planning import LanguagePlan, PlanError, make_plan
from babelshard.schemas.languages import LanguageError
from babelshard.schemas.presets import resolve_languages
from babelshard.translators.factory import TranslatorConfig
from babelshard.translators.models import ModelError
from babelshard.translators.nllb import DecodingOptions


class ConfigError(ValueError):
    """A configuration that cannot run; the message says what to change."""


@dataclass
class RunConfig:
    """Every option of ``babelshard run``; field names match the YAML keys."""

    input: str = ""
    format: str = ""
    output: str = ""
    langs: str = "centurio-100"
    source_lang: str = "eng_Latn"
    mix: str = "uniform"
    english_share: float = 0.5
    weights: str | None = None
    seed: int = 0
    limit: int | None = None
    # readers
    image_root: str | None = None
    text_field: str = "text"
    image_field: str = "image"
    id_field: str | None = None
    annotations: str | None = None
    per_image: bool = False
    max_text_chars: int = 10_000
    dataset: str | None = None
    lang_field: str | None = None
    # translation
    model: str | None = None
    device: str = "auto"
    compute_type: str = "auto"
    quantization: str = "int8"
    beam_size: int = 2
    max_batch_tokens: int = 4096
    intra_threads: int = 0
    inter_threads: int = 1
    max_segment_tokens: int = 200
    back_translation: bool = True
    # filters
    lid_model: str | None = None
    lid_threshold: float = FilterConfig.lid_threshold
    bt_threshold: float = FilterConfig.bt_threshold
    fallback_english: bool = False
    # output
    shard_size: int = 1000
    max_image_bytes: int = ImageLimits.max_bytes
    max_image_pixels: int = ImageLimits.max_pixels
    # execution
    resume: bool = False
    # scale (issue 11): a translation memory that outlives the job; bounded local chunks
    translation_cache: str | None = None
    chunk_size: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, path: str | Path, **overrides: Any) -> RunConfig:
        """Load a YAML config; keys are the field names (``-`` or ``_``); overrides win."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"cannot read config file {path}: {error}") from error
        if not isinstance(data, dict):
            raise ConfigError(f"config file {path} must hold a mapping of option: value")
        known = {f.name for f in dataclasses.fields(cls)}
        values = {str(key).replace("-", "_"): value for key, value in data.items()}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"config file {path}: unknown option(s) {', '.join(unknown)}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    # -- derived objects ---------------------------------------------------------

    def reader_options(self) -> ReaderOptions:
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
        )

    def image_limits(self) -> ImageLimits:
        return ImageLimits(max_bytes=self.max_image_bytes, max_pixels=self.max_image_pixels)

    # -- validation ----------------------------------------------------------------

    def validate(self) -> None:
        """Raise :class:`ConfigError` for anything that would fail later; touch no model."""
        for name in ("input", "format", "output"):
            if not getattr(self, name):
                raise ConfigError(f"--{name} is required")
        if self.format not in FORMATS:
            raise ConfigError(
                f"unknown --format {self.format!r}; choose one of {', '.join(FORMATS)}"
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
        if self.lid_model and not Path(self.lid_model).is_file():
            raise ConfigError(f"--lid-model {self.lid_model} is not a file")
        try:
            self.plan()
            self.filter_config()
            from babelshard.schemas.languages import get_language

            self.source_lang = get_language(self.source_lang).code
        except (LanguageError, PlanError) as error:
            raise ConfigError(str(error)) from error
        except ValueError as error:
            raise ConfigError(f"filter settings: {error}") from error
        try:
            check_input(self.format, self.input, self.reader_options())
        except InputError as error:
            raise ConfigError(str(error)) from error


def prepare_translator(config: RunConfig) -> TranslatorConfig:
    """Resolve (fetch and convert if needed) the model before the job starts."""
    from babelshard.translators.factory import prepare_model

    try:
        return prepare_model(config.translator_config())
    except (ModelError, FileNotFoundError, ValueError) as error:
        raise ConfigError(str(error)) from error
