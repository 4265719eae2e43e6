"""Why a sample was not written: every reject reason, the stage that gives it, and one
builder for reject records.

A reason is a stable identifier, never prose: the rejects output, the manifest
and ``babelshard inspect`` count them. Each one is registered here with the
stage(s) that produce it, so one list says everything a job can reject for.
Filter reasons are registered by ``filters/reasons.py`` (next to the filters
that give them); a module adding a reason calls :func:`register` and uses the
name it returns. ``tests/schemas/test_reasons.py`` checks that every registered
reason is produced somewhere and every reason produced is registered.

This module imports nothing of ours, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babelshard.schemas.records import RejectRecord

STAGES = ("read", "plan", "translate", "filter", "image", "render", "write")


@dataclass(frozen=True)
class Reason:
    """A registered reject reason and the stages that may give it."""

    name: str
    stages: frozenset[str]
    doc: str = ""


REASONS: dict[str, Reason] = {}
"""Every registered reason by name (filter reasons once ``babelshard.filters`` is imported)."""


def register(name: str, stage: str, doc: str = "") -> str:
    """Add ``name`` as a reason of ``stage`` and return it (a name may serve several stages)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; use one of {', '.join(STAGES)}")
    known = REASONS.get(name)
    stages = (known.stages if known else frozenset()) | {stage}
    REASONS[name] = Reason(name, stages, known.doc if known and known.doc else doc)
    return name


def reasons_of(stage: str) -> frozenset[str]:
    """The reasons registered for ``stage``."""
    return frozenset(name for name, reason in REASONS.items() if stage in reason.stages)


def reject(
    *,
    key: str,
    dataset: str,
    source_id: str,
    lang: str,
    reason: str,
    stage: str,
    detail: str = "",
    scores: dict[str, float] | None = None,
    doc: dict[str, Any] | None = None,
) -> RejectRecord:
    """The one way a reject record is made: every field named, scores and doc optional."""
    return RejectRecord(
        key=key,
        dataset=dataset,
        source_id=source_id,
        lang=lang,
        reason=reason,
        stage=stage,
        detail=detail,
        scores=scores or {},
        doc=doc or {},
    )


# -- read: a record (or file) that cannot become a sample ---------------------------
MALFORMED_JSON = register("malformed_json", "read", "a line or file is not valid JSON")
MALFORMED_FILE = register("malformed_file", "read", "a file cannot be parsed as its format")
NOT_UTF8 = register("not_utf8", "read", "text that is not UTF-8")
WRONG_TYPE = register("wrong_type", "read", "a field of the wrong JSON type")
MISSING_FIELD = register("missing_field", "read", "a required field is missing or empty")
EMPTY_TEXT = register("empty_text", "read", "a text is empty or whitespace")
TEXT_TOO_LONG = register("text_too_long", "read", "a text is longer than max_text_chars")
DUPLICATE_KEY = register("duplicate_key", "read", "a later record with a key already read")
UNKNOWN_LANG = register("unknown_lang", "read", "a language column holds no known language")
BAD_ID = register("bad_id", "read", "an id that is missing, empty or not a scalar")
BAD_IMAGE_REF = register("bad_image_ref", "read", "an image reference of unknown type")
MISSING_IMAGE = register("missing_image", "read", "an annotation names an image not listed")
NO_TEXTS = register("no_texts", "read", "a record without a single text")
TURN_MISMATCH = register("turn_mismatch", "read", "contexts and labels of unequal length")
UNSAFE_TAR_MEMBER = register("unsafe_tar_member", "read", "a tar member that could escape")
UNKNOWN_TAR_MEMBER = register("unknown_tar_member", "read", "a tar member of no sample")
IMAGE_PLACEHOLDER_MISMATCH = register(
    "image_placeholder_mismatch", "read", "<image> tags that do not match the record's images"
)

# -- translate: the engine failed on a piece, even alone (a fault, not a bad translation) ---
ENGINE_ERROR = register(
    "engine_error", "translate", "the translation engine failed on a segment even on its own"
)

# -- filter: a turn whose translation cannot be used (filters/reasons.py has the rest) ---
PLACEHOLDER_LOST = register(
    "placeholder_lost", "filter", "a translation dropped a shielded URL, e-mail or code span"
)

# -- image: the writer reads each image once ----------------------------------------
IMAGE_MISSING = register("image_missing", "image", "the image file does not exist")
IMAGE_UNREADABLE = register("image_unreadable", "image", "the image exists but cannot be read")
IMAGE_EMPTY = register("image_empty", "image", "the image file is empty")
IMAGE_CORRUPT = register("image_corrupt", "image", "the bytes are not a decodable image")
IMAGE_TOO_LARGE = register("image_too_large", "image", "more bytes than max_image_bytes")
IMAGE_TOO_MANY_PIXELS = register(
    "image_too_many_pixels", "image", "more pixels than max_image_pixels (decompression bomb)"
)
IMAGE_BAD_MEMBER = register("image_bad_member", "image", "a TAR#MEMBER reference that is unsafe")
IMAGE_BAD_EXT = register("image_bad_ext", "image", "an extension that is not an image type")

# -- render: a text that cannot be drawn (renderers raise RenderError with these) -----
register("empty_text", "render", "nothing to draw after normalisation")
NO_TEXT_FITS = register("no_text_fits", "render", "not one line fits on the page")
NO_TEMPLATES = register("no_templates", "render", "no translated chart questions for the language")
TOO_FEW_LABELS = register("too_few_labels", "render", "too few distinct words for a chart")
LABELS_TOO_WIDE = register("labels_too_wide", "render", "chart labels fit at no font size")

# -- write: records the writer refuses ----------------------------------------------
INVALID_KEY = register("invalid_key", "write", "a key outside the key alphabet")
INVALID_LANG = register("invalid_lang", "write", "a language code unfit for a folder name")
register("duplicate_key", "write", "a second record with a key already written")
DOC_NOT_JSON = register("doc_not_json", "write", "a record's doc cannot be written as JSON")
