"""One registry of reject reasons: every reason registered is produced, every one produced is
registered (read from the source, so a reason no test happens to trigger counts too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import babelshard.filters.reasons as filter_reasons
import babelshard.schemas.reasons as registry
from babelshard.schemas.reasons import REASONS, register, reject

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("schemas", "translators", "filters", "renderers", "pipelines")
REGISTRIES = {ROOT / "schemas" / "reasons.py", ROOT / "filters" / "reasons.py"}
# Where code hands a reason on: the first argument of these calls, or ``reason=``.
PRODUCERS = re.compile(
    r"(?:RecordError|ImageRejected|RenderError|file_reject\(\w+,|ctx\.reject|reject_for\(\w+,)"
    r"\(?\s*(\"\w+\"|[A-Z][A-Z0-9_]+)|reason=(\"\w+\"|[A-Z][A-Z0-9_]+)|reasons\.([A-Z][A-Z0-9_]+)"
)


def sources() -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8")
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in REGISTRIES
    }


def constant(name: str) -> str | None:
    for module in (registry, filter_reasons):
        value = getattr(module, name, None)
        if isinstance(value, str):
            return value
    return None


def test_every_registered_reason_is_produced_somewhere() -> None:
    code = "\n".join(sources().values())
    names = {
        value: name
        for module in (registry, filter_reasons)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str)
    }
    unused = [
        reason
        for reason in REASONS
        if f'"{reason}"' not in code
        and not (reason in names and re.search(rf"\b{names[reason]}\b", code))
    ]
    assert unused == []


def test_every_reason_produced_is_registered() -> None:
    produced: dict[str, str] = {}
    for path, text in sources().items():
        for match in PRODUCERS.finditer(text):
            token = next(group for group in match.groups() if group)
            reason = token.strip('"') if token.startswith('"') else constant(token)
            if token.isupper() and reason is None:
                continue  # a constant that is not a reason (e.g. a stage name)
            produced[reason] = f"{path.relative_to(ROOT)}: {match.group(0)}"
    assert len(produced) > 30  # the scan sees the readers, writers, filters and renderers
    assert {r: where for r, where in produced.items() if r not in REASONS} == {}


def test_filter_reasons_are_registered_for_the_filter_stage() -> None:
    assert registry.reasons_of("filter") >= filter_reasons.ALL_REASONS
    assert registry.PLACEHOLDER_LOST in registry.reasons_of("filter")


def test_a_name_may_serve_several_stages_but_stages_are_known() -> None:
    assert REASONS["duplicate_key"].stages == {"read", "write"}
    assert REASONS["empty_text"].stages == {"read", "render"}
    with pytest.raises(ValueError, match="unknown stage"):
        register("whatever", "shipping")


def test_reject_builds_every_field() -> None:
    record = reject(
        key="k", dataset="d", source_id="1", lang="deu_Latn", reason="empty", stage="filter"
    )
    assert (record.key, record.reason, record.stage, record.scores, record.doc) == (
        "k",
        "empty",
        "filter",
        {},
        {},
    )
