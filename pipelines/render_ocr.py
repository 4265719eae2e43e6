"""The render-ocr job: texts per language in, synthetic text-in-image WebDataset shards out.

Flow::

    read texts (JSONL/Parquet rows with lang + text, or a translate job's shards: the
                English OCR corpus translated on the way)
      -> keep the target languages
    (+ any per-language text corpora named with ``corpus``: JSONL/Parquet of text, lang)
      -> per-language quota: the N rows with the smallest seeded hash (deterministic)
      -> render a document scene (or a flat page, or a chart) per row
      -> WriteDataset (shards per language, sidecars, rejects, manifest)

Every row that is used is written or rejected (``stage="render"`` with the
renderer's reason, e.g. ``missing_glyphs``); rows beyond a language's quota, or in
languages not asked for, are not used and only counted. The default quotas follow
Centurio's synthetic OCR mix: 500k English, 10k per language in a non-Latin script,
5k per Latin-script language, scaled by ``scale`` (``per_lang`` overrides them, and
``script_quotas`` override both for the languages of a script: Centurio's "Latin down",
e.g. ``--per-lang 10000 --script-quota Latn=2000``).

Scenes are placed on background photographs: the images matching ``backgrounds``, or
else the input's own images (a translate job's shards carry its corpus's photos; up to
MAX_BACKGROUND_IMAGES, chosen by seeded hash), or else a small generated set.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
from collections.abc import Iterable, Iterator, Sequence
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
from babelshard.schemas.records import (
    ENGLISH,
    ImageRef,
    RejectRecord,
    Sample,
    ShardRecord,
    Turn,
)

NAMESPACE = "babelshard.render"
STAGE = "render"
TEXT_FORMATS = ("jsonl", "parquet", "wds")
DOCUMENT_STYLES = ("scene", "page")
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
    backgrounds: str | None = None  # glob of images for backgrounds (default: the inputs')
    documents: str = "scene"  # "scene" (paper photographed on a background) | "page"
    questions: bool = True  # reading questions on scenes (translated with ``model``)
    corpus: tuple[str, ...] = ()  # extra JSONL/Parquet files of text + lang
    script_quotas: dict[str, int] = field(default_factory=dict)  # ISO 15924 -> per language
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
        for path in self.corpus:
            try:
                check_input(_corpus_format(path), path, self.corpus_options())
            except Exception as error:
                raise ConfigError(f"--corpus {path}: {error}") from error
        self.quotas = {lang.code: self.quota(lang) for lang in languages}

    def quota(self, language: Language) -> int:
        """Samples for a language: its script's quota, else ``per_lang``, else Centurio's."""
        if language.script in self.script_quotas:
            return self.script_quotas[language.script]
        if self.per_lang is not None:
            return self.per_lang
        return default_quota(language, self.scale)

    def corpus_options(self) -> ReaderOptions:
        return ReaderOptions(text_field=self.text_field, lang_field=self.lang_field)

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
        if self.documents not in DOCUMENT_STYLES:
            raise ConfigError(f"--documents must be one of {', '.join(DOCUMENT_STYLES)}")
        for script, quota in self.script_quotas.items():
            if len(script) != 4 or not script.isalpha() or quota < 0:
                raise ConfigError(
                    f"--script-quota {script}={quota}: give an ISO 15924 script code and a "
                    "count of at least 0, e.g. --script-quota Latn=2000"
                )
        for path in self.corpus:
            _corpus_format(path)
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
        data["corpus"] = list(self.corpus)
        return data


def _corpus_format(path: str) -> str:
    """``jsonl`` or ``parquet`` from a corpus path's extension (a glob's too)."""
    lowered = path.lower().rstrip("*")
    if ".parquet" in lowered:
        return "parquet"
    if ".jsonl" in lowered or ".json" in lowered:
        return "jsonl"
    raise ConfigError(f"--corpus {path}: name a .jsonl or .parquet file (or a glob of them)")


@dataclass(frozen=True)
class RenderRequest:
    """One text to render: where it came from and what to draw."""

    key: str
    lang: str
    text: str
    dataset: str
    source_id: str
    kind: str = "scene"  # "scene" | "document" (a flat page) | "chart"


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


def to_request(sample: Sample, seed: int, charts: float, documents: str = "scene") -> RenderRequest:
    """A document (scene or page) or, for a seeded ``charts`` share, a chart request."""
    document = "scene" if documents == "scene" else "document"
    kind = "chart" if _hash(seed, sample.key, "kind") < charts * 2**64 else document
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

        self.fonts = FontRegistry(self.config.font_dirs)
        size = (self.config.size, self.config.size)
        self.backgrounds = _background_images(self.config.backgrounds)
        self.documents = DocumentRenderer(self.fonts, DocumentConfig(size=size), self.backgrounds)
        self.charts = ChartRenderer(self.fonts, ChartConfig(size=size), self.templates)
        self.scenes: Any = None  # built on first use, from the background side input

    def _scene_renderer(self, background_refs: Sequence[ImageRef]) -> Any:
        from babelshard.renderers.scene import SceneConfig, SceneRenderer

        if self.scenes is None:
            images = self.backgrounds or _load_images(background_refs)
            size = (self.config.size, self.config.size)
            config = SceneConfig(size=size, questions=4 if self.config.questions else 0)
            self.scenes = SceneRenderer(self.fonts, config, images, self.templates)
        return self.scenes

    def process(
        self, request: RenderRequest, background_refs: Sequence[ImageRef] = ()
    ) -> Iterator[Any]:
        from babelshard.renderers.errors import RenderError

        seed = f"{self.config.seed}:{request.key}"
        try:
            if request.kind == "chart":
                sample = self.charts.render(request.text, request.lang, seed)
            elif request.kind == "scene":
                scenes = self._scene_renderer(background_refs)
                sample = scenes.render(request.text, request.lang, seed)
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


def _load_images(refs: Sequence[ImageRef]) -> list[bytes]:
    """The bytes of the input images chosen as backgrounds; unreadable ones are skipped
    (a background is decoration: the sample it belongs to is accounted for elsewhere)."""
    from babelshard.pipelines.io.images import ImageLoader, ImageRejected

    images = []
    with ImageLoader() as loader:
        for ref in refs:
            try:
                images.append(loader.load(ref))
            except ImageRejected:
                continue
    return images


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

    def __init__(
        self,
        config: RenderConfig,
        templates: dict[str, QuestionTemplates],
        backgrounds: beam.PCollection | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.templates = templates
        self.backgrounds = backgrounds  # one element: a list of ImageRefs (see input_images)

    def expand(self, requests: beam.PCollection) -> dict[str, beam.PCollection]:
        side = () if self.backgrounds is None else (beam.pvalue.AsSingleton(self.backgrounds),)
        rendered = requests | "Render" >> beam.ParDo(
            RenderFn(self.config, self.templates), *side
        ).with_outputs(RenderFn.REJECTS, main="records")
        return {"records": rendered.records, "rejects": rendered[RenderFn.REJECTS]}


def input_images(samples: beam.PCollection, seed: int) -> beam.PCollection:
    """``PCollection[Sample] -> [ImageRef, ...]`` (one element): up to MAX_BACKGROUND_IMAGES
    of the inputs' images, the same ones on every run (smallest seeded hash of the URI)."""
    return (
        samples
        | "WithImages" >> beam.Filter(lambda sample: sample.image is not None)
        | "RankImages" >> beam.Map(lambda sample: (_hash(seed, sample.image.uri), sample.image))
        | "SomeImages" >> beam.combiners.Top.Smallest(MAX_BACKGROUND_IMAGES)
        | "Refs" >> beam.Map(lambda ranked: [ref for _, ref in ranked])
    )


def chart_templates(config: RenderConfig) -> dict[str, QuestionTemplates]:
    """Translate the question templates (charts', and scenes' reading questions) once, in
    the driver, for every language; without a model, English only."""
    from babelshard.renderers.chart_questions import TEMPLATES, translate_templates
    from babelshard.renderers.document_questions import DOCUMENT_TEMPLATES

    langs = list(config.quotas)
    wanted: dict[str, str] = {}
    if config.charts > 0:
        wanted.update(TEMPLATES)
    if config.charts < 1 and config.documents == "scene" and config.questions:
        wanted.update(DOCUMENT_TEMPLATES)
    if not wanted:
        return {}
    if not config.model:
        return {ENGLISH: QuestionTemplates(ENGLISH, wanted)} if ENGLISH in langs else {}
    from babelshard.translators.factory import TranslatorConfig, load_translator, prepare_model

    translator = load_translator(prepare_model(TranslatorConfig(model=config.model)))
    return translate_templates(translator, langs, wanted)


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
    read_rejects = [read.rejects]
    for i, path in enumerate(config.corpus):
        corpus = pipeline | f"ReadCorpus{i}" >> ReadSamples(
            _corpus_format(path), path, config.corpus_options()
        )
        samples = (samples, corpus.samples) | f"WithCorpus{i}" >> beam.Flatten()
        read_rejects.append(corpus.rejects)
    backgrounds = None
    if config.documents == "scene" and not config.backgrounds:
        backgrounds = input_images(read.samples, config.seed)
    selected = (
        samples
        | "InLanguages" >> beam.Filter(in_languages)
        | "ToRequest" >> beam.Map(to_request, config.seed, config.charts, config.documents)
        | "Rank" >> beam.Map(lambda r, seed: (r.lang, (_hash(seed, r.key), r)), config.seed)
        | "Quota" >> beam.CombinePerKey(SmallestPerLanguage(quotas))
        | "Selected" >> beam.FlatMap(lambda kv: kv[1])
    )
    rendered = selected | "RenderTexts" >> RenderTexts(config, templates, backgrounds)
    all_read_rejects = tuple(read_rejects) | "ReadRejects" >> beam.Flatten()
    rejects = (all_read_rejects, rendered["rejects"]) | "AllRejects" >> beam.Flatten()
    input_count = (
        (all_read_rejects, selected)
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
