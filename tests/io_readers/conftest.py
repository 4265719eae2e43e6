"""Fixtures of the reader tests: the bundled sample corpus, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelshard.pipelines.sample_corpus import SampleCorpus, write_sample_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> SampleCorpus:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus"), n_images=12, seed=3)


@pytest.fixture
def write_lines(tmp_path: Path):
    """Write raw lines (bytes or str) as a JSONL file and return its path."""

    def write(name: str, lines: list[bytes | str]) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = [line.encode() if isinstance(line, str) else line for line in lines]
        path.write_bytes(b"\n".join(raw) + b"\n")
        return path

    return write
