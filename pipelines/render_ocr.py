"""The render-ocr job: texts per language in, synthetic text-in-image WebDataset shards out.

Flow::

    read texts (JSONL/Parquet rows with lang + text, or a translate job's shards: the
                English OCR corpus translated on the way)
      -> keep the target languages
      -> per-language quota: the N rows with the smallest seeded hash (deterministic)
      -> render a document page (or a chart) per row
      -> WriteDataset (shards per language, sidecars, rejects, manifest)

Every row that is used is written or rejected (``stage="render"`` with the
renderer's reason, e.g. ``missing_glyphs``); rows beyond a language's quota, or in
languages not asked for, are not used and only counted. The default quotas follow
Centurio's synthetic OCR mix: 500k English, 10k per language in a non-Latin script,
5k per Latin-script language, scaled by ``scale`` (``per_lang`` overrides them).
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from babelshard.pipelines.io.readers import ReaderOptions, ReadSamples, check_input
from babelshard.pipelines.io.writer import WriteDataset
from babelshard.pipelines.options import ConfigError
from babelshard.renderers.chart_questions import QuestionTemplates
from babelshard.schemas.languages import Language, LanguageError, get_language
from babelshard.schemas.records import ENGLISH, RejectRecord, Sample, ShardRecord, Turn

NAMESPACE = "babelshard.render"
STAGE = "render"
TEXT_FORMATS = ("jsonl", "parquet", "wds")
CENTURIO_ENGLISH = 500_000
CENTURIO_NON_LATIN = 10_000
CENTURIO_LATIN = 5_000
MAX_BACKGROUND_IMAGES = 200


def default_quota(language: Language, scale: float = 1.0) -> int:
    """Centurio's synthetic OCR samples for a language, times ``scale`` (at least 1)."""
    if language.code == ENGLISH:
        base = CENTURIO_ENGLISH
    elif language.script == "Latn":
        base = CENTURIO_LATIN
    else:
        base = CENTURIO_NON_LATIN
    return max(1, round(base * scale)) if scale > 0 else 0


@dataclass
class RenderConfig:
    """Every option of ``babelshard render-ocr``."""

    texts: str = ""
    output: str = ""
    langs: str = "centurio-100"
    format: str = "jsonl"
    per_lang: int | None = None
    scale: float = 1.0
    seed: int = 0
    charts: float = 0.0  # share of each language's samples drawn as charts
    model: str | None = None  # translator for the chart questions (table:PATH, dir, hub)
    font_dirs: tuple[str, ...] = ()
    backgrounds: str | None = None  # glob of images for background crops
    size: int = 768
    shard_size: int = 1000
    text_field: str = "text"
    lang_field: str = "lang"
    dataset: str | None = None
    quotas: dict[str, int] = field(default_factory=dict)  # filled by validate()

    def languages(self) -> list[Language]:
        from babelshard.schemas.presets import resolve_languages

        try:
            return resolve_languages(self.langs)
        except LanguageError as error:
            raise ConfigError(str(error)) from error

    def reader_options(self) -> ReaderOptions:
        return ReaderOptions(
            text_field=self.text_field,
            lang_field=self.lang_field if self.format != "wds" else None,
            dataset=self.dataset,
        )

    def validate(self) -> None:
        """Turn every configuration mistake into a ConfigError before any work starts."""
        languages = self.validate_options()
        try:
            check_input(self.format, self.texts, self.reader_options())
        except Exception as error:  # readers raise InputError/OSError with the fix
            raise ConfigError(str(error)) from error
        self.quotas = {
            lang.code: self.per_lang
            if self.per_lang is not None
            else default_quota(lang, self.scale)
            for lang in languages
        }

    def validate_options(self) -> list[Language]:
        """Everything ``validate`` checks except the input, which may not exist yet
        (``babelshard run --render-ocr`` renders from the shards it is about to write)."""
        if not self.texts or not self.output:
            raise ConfigError("render-ocr needs --texts FILE and --output DIR")
        if self.format not in TEXT_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(TEXT_FORMATS)}")
        if self.per_lang is not None and self.per_lang < 1:
            raise ConfigError("--per-lang must be at least 1")
        if self.scale <= 0:
            raise ConfigError("--scale must be positive")
        if not 0.0 <= self.charts <= 1.0:
            raise ConfigError("--charts is a share between 0 and 1")
        if self.size < 128:
            raise ConfigError("--size must be at least 128 pixels")
        languages = self.languages()
        self._check_rendering(languages)
        if self.charts > 0 and not self.model and any(lang.code != ENGLISH for lang in languages):
            raise ConfigError(
                "charts ask questions in each language: give --model (a translator, "
                "e.g. table:PATH) to translate the question templates, or --charts 0"
            )
        return languages

    def _check_rendering(self, languages: list[Language]) -> None:
        from babelshard.renderers.fonts import FontRegistry
        from babelshard.renderers.scripts import (
            ShapingUnavailableError,
            require_shaping,
            script_info,
        )
        from babelshard.renderers.unicode_text import IcuUnavailableError, icu

        try:
            icu()
            registry = FontRegistry(self.font_dirs)
            for lang in languages:
                info = script_info(lang)
                require_shaping(info)
                if not registry.candidates(info.script, info.lang):
                    raise ConfigError(
                        f"no font for {lang.code} ({info.script}): install fonts-noto-core "
                        "fonts-noto-extra fonts-noto-cjk or pass --font-dir"
                    )
        except (ShapingUnavailableError, IcuUnavailableError, FileNotFoundError) as error:
            raise ConfigError(str(error)) from error

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["font_dirs"] = list(self.font_dirs)
        return data


@dataclass(frozen=True)
class RenderRequest:
    """One text to render: where it came from and what to draw."""

    key: str
    lang: str
    text: str
    dataset: str
    source_id: str
    kind: str = "document"  # "document" | "chart"


def _hash(*parts: object) -> int:
    digest = hashlib.sha1("\x00".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def translated_view(sample: Sample) -> Sample:
    """A translate job's output sample in its target language, with every translated turn.

    Its shards carry the language and the turns in ``KEY.json`` (``lang``, ``turns``);
    the generic WebDataset reader sees only ``KEY.txt`` in the source language's slot.
    """
    doc = sample.meta.get("original", {}).get("json")
    if not isinstance(doc, dict) or not isinstance(doc.get("turns"), list):
        return sample
    try:
        lang = get_language(str(doc.get("lang", ""))).code
    except LanguageError:
        return sample
    turns = [
        Turn(str(turn.get("role", "text")), turn["text"])
        for turn in doc["turns"]
        if isinstance(turn, dict) and isinstance(turn.get("text"), str) and turn["text"].strip()
    ]
    return dataclasses.replace(sample, lang=lang, turns=turns or sample.turns)


def sample_text(sample: Sample) -> str:
    """The text of a sample to draw: its turns, one paragraph each."""
    return "\n".join(turn.text for turn in sample.turns if turn.text.strip())


def to_request(sample: Sample, seed: int, charts: float) -> RenderRequest:
    """A document or (for a seeded ``charts`` share) a chart request for one sample."""
    kind = "chart" if _hash(seed, sample.key, "kind") < charts * 2**64 else "document"
    return RenderRequest(
        key=f"{sample.key}-{kind[:3]}",
        lang=sample.lang,
        text=sample_text(sample),
        dataset=sample.dataset,
        source_id=sample.source_id,
        kind=kind,
    )


class SmallestPerLanguage(beam.CombineFn):
    """Keep the ``quotas[lang]`` requests with the smallest seeded hash, per language.

    Elements are ``(rank, request)``; the quota comes from the request's language, so
    one combiner serves 500k English and 5k Latvian alike, holding no more than that.
    """

    def __init__(self, quotas: dict[str, int]) -> None:
        self.quotas = quotas

    def create_accumulator(self) -> list[tuple[int, str, RenderRequest]]:
        return []

    def _trim(self, acc: list) -> list:
        if not acc:
            return acc
        quota = self.quotas.get(acc[0][2].lang, 0)
        return heapq.nsmallest(quota, acc) if len(acc) > quota else acc

    def add_input(self, acc: list, element: tuple[int, RenderRequest]) -> list:
        rank, request = element
        acc.append((rank, request.key, request))
        return self._trim(acc) if len(acc) > 2 * self.quotas.get(request.lang, 0) + 64 else acc

    def merge_accumulators(self, accumulators: Iterable[list]) -> list:
        merged: list = []
        for acc in accumulators:
            merged.extend(acc)
        return self._trim(merged)

    def extract_output(self, acc: list) -> list[RenderRequest]:
        return [request for _, _, request in sorted(self._trim(acc))]


class RenderFn(beam.DoFn):
    """Render requests into ShardRecords; a failure becomes a RejectRecord with its reason."""

    REJECTS = "rejects"

    def __init__(self, config: RenderConfig, templates: dict[str, QuestionTemplates]) -> None:
        self.config = config
        self.templates = templates
        self.written = Metrics.counter(NAMESPACE, "written")
        self.rejected = Metrics.counter(NAMESPACE, "rejected")

    def setup(self) -> None:
        from babelshard.renderers.charts import ChartConfig, ChartRenderer
        from babelshard.renderers.document import DocumentConfig, DocumentRenderer
        from babelshard.renderers.fonts import FontRegistry

        fonts = FontRegistry(self.config.font_dirs)
        size = (self.config.size, self.config.size)
        backgrounds = _background_images(self.config.backgrounds)
        self.documents = DocumentRenderer(fonts, DocumentConfig(size=size), backgrounds)
        self.charts = ChartRenderer(fonts, ChartConfig(size=size), self.templates)

    def process(self, request: RenderRequest) -> Iterator[Any]:
        from babelshard.renderers.errors import RenderError

        seed = f"{self.config.seed}:{request.key}"
        try:
            if request.kind == "chart":
                sample = self.charts.render(request.text, request.lang, seed)
            else:
                sample = self.documents.render(request.text, request.lang, seed)
        except RenderError as error:
            self.rejected.inc()
            yield TaggedOutput(self.REJECTS, _reject(request, error.reason, error.detail))
            return
        self.written.inc()
        yield _record(request, sample)


def _reject(request: RenderRequest, reason: str, detail: str) -> RejectRecord:
    return RejectRecord(
        key=request.key,
        dataset=request.dataset,
        source_id=request.source_id,
        lang=request.lang,
        reason=reason,
        stage=STAGE,
        detail=detail,
        doc={"text": request.text[:2000], "kind": request.kind},
    )


def _record(request: RenderRequest, sample: Any) -> ShardRecord:
    doc = dict(sample.doc)
    doc["source"] = {"dataset": request.dataset, "id": request.source_id}
    doc["pipeline"] = "render-ocr"
    columns = {
        "kind": doc["kind"],
        "script": doc["script"],
        "font": doc["font"]["name"],
        "n_items": len(doc.get("lines", doc.get("labels", []))),
        "truncated": bool(doc.get("truncated", False)),
        "dataset": request.dataset,
        "source_id": request.source_id,
    }
    return ShardRecord(
        key=request.key,
        lang=request.lang,
        doc=doc,
        text=sample.text,
        columns=columns,
        image_bytes=sample.image_bytes,
        image_ext=sample.image_ext,
    )


def _background_images(pattern: str | None) -> list[bytes]:
    """Bytes of up to MAX_BACKGROUND_IMAGES images matching ``pattern`` (sorted, stable)."""
    if not pattern:
        return []
    matches = FileSystems.match([pattern])[0].metadata_list
    paths = sorted(m.path for m in matches)[:MAX_BACKGROUND_IMAGES]
    images = []
    for path in paths:
        with FileSystems.open(path) as handle:
            images.append(handle.read())
    return images


class RenderTexts(beam.PTransform):
    """``PCollection[RenderRequest] -> {"records": ..., "rejects": ...}``.

    The stage ``babelshard run`` can add after its own samples: build requests from
    translated samples (:func:`to_request`) and flatten the outputs into its writer.
    """

    def __init__(self, config: RenderConfig, templates: dict[str, QuestionTemplates]) -> None:
        super().__init__()
        self.config = config
        self.templates = templates

    def expand(self, requests: beam.PCollection) -> dict[str, beam.PCollection]:
        rendered = requests | "Render" >> beam.ParDo(
            RenderFn(self.config, self.templates)
        ).with_outputs(RenderFn.REJECTS, main="records")
        return {"records": rendered.records, "rejects": rendered[RenderFn.REJECTS]}


def chart_templates(config: RenderConfig) -> dict[str, QuestionTemplates]:
    """Translate the chart question templates once, in the driver, for every language."""
    from babelshard.renderers.chart_questions import english_templates, translate_templates

    langs = list(config.quotas)
    if config.charts <= 0:
        return {}
    if not config.model:
        return {ENGLISH: english_templates()} if ENGLISH in langs else {}
    from babelshard.translators.factory import TranslatorConfig, load_translator, prepare_model

    translator = load_translator(prepare_model(TranslatorConfig(model=config.model)))
    return translate_templates(translator, langs)


def build_render_pipeline(
    pipeline: beam.Pipeline,
    config: RenderConfig,
    templates: dict[str, QuestionTemplates] | None = None,
) -> beam.PCollection:
    """Add the render-ocr job to ``pipeline``; returns the manifest path PCollection.

    ``config`` must be validated (``config.validate()`` fills the quotas).
    """
    if not config.quotas:
        config.validate()
    templates = chart_templates(config) if templates is None else templates
    quotas = dict(config.quotas)
    unused = Metrics.counter(NAMESPACE, "rows_not_used")

    def in_languages(sample: Sample) -> bool:
        keep = sample.lang in quotas
        if not keep:
            unused.inc()
        return keep

    read = pipeline | "ReadTexts" >> ReadSamples(
        config.format, config.texts, config.reader_options()
    )
    samples = read.samples
    if config.format == "wds":
        samples = samples | "TranslatedView" >> beam.Map(translated_view)
    selected = (
        samples
        | "InLanguages" >> beam.Filter(in_languages)
        | "ToRequest" >> beam.Map(to_request, config.seed, config.charts)
        | "Rank" >> beam.Map(lambda r, seed: (r.lang, (_hash(seed, r.key), r)), config.seed)
        | "Quota" >> beam.CombinePerKey(SmallestPerLanguage(quotas))
        | "Selected" >> beam.FlatMap(lambda kv: kv[1])
    )
    rendered = selected | "RenderTexts" >> RenderTexts(config, templates)
    rejects = (read.rejects, rendered["rejects"]) | "AllRejects" >> beam.Flatten()
    input_count = (
        (read.rejects, selected)
        | "AllInputs" >> beam.Flatten()
        | "CountInputs" >> beam.combiners.Count.Globally()
    )
    return {"records": rendered["records"], "rejects": rejects} | "Write" >> WriteDataset(
        config.output,
        shard_size=config.shard_size,
        config={**config.to_dict(), "job": "render-ocr"},
        input_count=input_count,
    )


def run_render(config: RenderConfig, beam_args: list[str] | None = None) -> dict[str, Any]:
    """Validate, run the job to completion and return its manifest."""
    from babelshard.pipelines.io.manifest import read_manifest
    from babelshard.pipelines.runners import local_by_default

    config.validate()
    templates = chart_templates(config)
    with beam.Pipeline(options=local_by_default(beam_args)) as pipeline:
        build_render_pipeline(pipeline, config, templates)
    return read_manifest(config.output)
