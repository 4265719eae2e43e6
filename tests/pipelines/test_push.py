"""``babelshard push``: verified before upload, one clear line without the Hub, tested up to
the network boundary (a recording stand-in for ``HfApi``; the real one in offline mode)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from human_table import HUMAN
from typer.testing import CliRunner

from babelshard.pipelines.cli import app
from babelshard.pipelines.io.dataset_card import CARD_NAME
from babelshard.pipelines.io.manifest import MANIFEST_NAME
from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import RunConfig
from babelshard.pipelines.push import IGNORE_PATTERNS, PushError, push_output

REPO = "babelshard-tests/tiny"


class RecordingHub:
    """Answers like ``HfApi`` and remembers every call; ``fail_upload`` breaks the upload."""

    def __init__(self, fail_upload: Exception | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_upload = fail_upload

    def whoami(self) -> dict[str, Any]:
        self.calls.append(("whoami", {}))
        return {"name": "tester"}

    def create_repo(self, repo_id: str, **kwargs: Any) -> str:
        self.calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))
        return f"https://huggingface.co/datasets/{repo_id}"

    def upload_folder(self, **kwargs: Any) -> None:
        self.calls.append(("upload_folder", kwargs))
        if self.fail_upload:
            raise self.fail_upload


class OlderHub(RecordingHub):
    """``huggingface_hub`` < 2 has a separate ``upload_large_folder``."""

    def upload_large_folder(self, **kwargs: Any) -> None:
        self.calls.append(("upload_large_folder", kwargs))


@pytest.fixture(scope="module")
def finished(human_corpus, tmp_path_factory) -> Path:
    """A small output with shards, rejects and parallel text: every kind of listed file."""
    out = tmp_path_factory.mktemp("push") / "out"
    config = RunConfig(input=str(human_corpus), format="jsonl", output=str(out))
    config.image_root = str(human_corpus.parent / "images")
    config.langs, config.mix, config.model = "deu_Latn", "all", f"table:{HUMAN}"
    manifest = run_translate(config)
    assert manifest["rejects"]["files"] and manifest["parallel"]["files"]
    return out


@pytest.fixture
def copy(finished, tmp_path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(finished, target)
    return target


def test_push_verifies_then_creates_the_repo_and_uploads_the_folder(copy):
    (copy / CARD_NAME).unlink()  # an output from before cards: push writes it first
    hub = RecordingHub()
    url = push_output(str(copy), REPO, private=True, api=hub)
    assert url == f"https://huggingface.co/datasets/{REPO}"
    assert [name for name, _ in hub.calls] == ["whoami", "create_repo", "upload_folder"]
    assert hub.calls[1][1] == {
        "repo_id": REPO,
        "repo_type": "dataset",
        "private": True,
        "exist_ok": True,
    }
    upload = hub.calls[2][1]
    assert upload["repo_id"] == REPO and upload["repo_type"] == "dataset"
    assert upload["folder_path"] == str(copy)
    assert upload["ignore_patterns"] == IGNORE_PATTERNS and "_work/**" in IGNORE_PATTERNS
    assert (copy / CARD_NAME).read_text(encoding="utf-8").startswith("---\n")


def test_push_uses_upload_large_folder_where_the_hub_client_has_it(copy):
    hub = OlderHub()
    push_output(str(copy), REPO, api=hub, revision="v1")
    assert hub.calls[-1][0] == "upload_large_folder"
    assert hub.calls[-1][1]["revision"] == "v1"


def test_a_changed_shard_stops_the_push_before_any_network_call(copy):
    shard = next(copy.glob("deu_Latn/*.tar"))
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF
    shard.write_bytes(bytes(data))
    hub = RecordingHub()
    with pytest.raises(PushError, match="does not match its manifest, not uploading"):
        push_output(str(copy), REPO, api=hub)
    assert hub.calls == []


def test_an_unfinished_output_is_not_pushed(copy):
    (copy / MANIFEST_NAME).unlink()
    hub = RecordingHub()
    with pytest.raises(PushError, match="has not finished"):
        push_output(str(copy), REPO, api=hub)
    assert hub.calls == []


def test_an_interrupted_upload_says_to_rerun(copy):
    hub = RecordingHub(fail_upload=ConnectionError("connection reset by peer"))
    with pytest.raises(PushError, match=r"connection reset by peer.*run the same command again"):
        push_output(str(copy), REPO, api=hub)


def test_without_hub_access_the_command_stops_with_one_line(copy, monkeypatch):
    """The real ``HfApi`` in offline mode (tests never reach the network)."""
    from huggingface_hub import constants

    assert constants.HF_HUB_OFFLINE
    monkeypatch.setenv("HF_TOKEN", "hf_not_a_real_token")
    result = CliRunner().invoke(app, ["push", str(copy), REPO])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: cannot reach the Hugging Face Hub")
    assert "offline mode is enabled" in lines[0] and "hf auth login" in lines[0]


def test_a_remote_output_must_be_copied_first():
    with pytest.raises(PushError, match="not a local folder"):
        push_output("gs://bucket/out", REPO, api=RecordingHub())
