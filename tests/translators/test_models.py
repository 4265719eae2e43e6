"""Model resolution, conversion and download, tested up to the network boundary."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from babelshard.translators import models
from babelshard.translators.models import (
    ModelError,
    ModelUnavailableError,
    fetch_model,
    resolve_model,
    validate_ctranslate2_model,
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BABELSHARD_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "models"


@pytest.fixture
def hub_resolves(monkeypatch):
    """The hub's host name resolves and the hub is allowed (a fake hub stands in for it)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(models.socket, "getaddrinfo", lambda host, port: [])


@pytest.fixture
def hub_unresolvable(monkeypatch):
    """No name resolves, as on an offline machine; any hub request fails the test."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)

    def no_dns(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    def no_request(*args, **kwargs):
        raise AssertionError("the hub was asked although its name does not resolve")

    monkeypatch.setattr(models.socket, "getaddrinfo", no_dns)
    monkeypatch.setattr("huggingface_hub.list_repo_files", no_request)
    monkeypatch.setattr("huggingface_hub.snapshot_download", no_request)


def test_converted_directory_is_used_as_is(tiny_model, cache):
    assert resolve_model(str(tiny_model)) == tiny_model
    assert not cache.exists()


def test_hf_checkpoint_is_converted_once_into_the_cache(tiny_hf_model, cache):
    first = resolve_model(str(tiny_hf_model), "int8")
    assert first.parent == cache
    validate_ctranslate2_model(first)
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert resolve_model(str(tiny_hf_model), "int8") == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no staging left


def test_missing_or_broken_directories_name_the_fix(tmp_path, cache):
    with pytest.raises(ModelError, match="--model"):
        resolve_model(str(tmp_path / "nope"))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.bin").write_bytes(b"")
    (broken / "config.json").write_text("{")
    with pytest.raises(ModelError, match=r"tokenizer\.json"):
        resolve_model(str(broken))
    (broken / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError, match="re-fetch"):
        resolve_model(str(broken))
    with pytest.raises(ModelError, match="quantization"):
        resolve_model(str(broken), "int3")


def test_fetch_downloads_then_converts(tiny_hf_model, cache, hub_resolves, monkeypatch):
    calls = {}

    def fake_list(name):
        calls["list"] = name
        return ["config.json", "model.safetensors", "tokenizer.json"]

    def fake_snapshot(name, allow_patterns):
        calls["patterns"] = allow_patterns
        return str(tiny_hf_model)

    monkeypatch.setattr("huggingface_hub.list_repo_files", fake_list)
    monkeypatch.setattr("huggingface_hub.snapshot_download", fake_snapshot)
    target = resolve_model("nllb-200-distilled-600M", "int8")
    assert calls["list"] == "facebook/nllb-200-distilled-600M"
    assert "*.safetensors" in calls["patterns"] and "pytorch_model*.bin" not in calls["patterns"]
    assert target == models.cached_model_dir("facebook/nllb-200-distilled-600M", "int8")
    validate_ctranslate2_model(target)


def test_fetch_of_an_already_converted_repo_is_copied(tiny_model, cache, hub_resolves, monkeypatch):
    monkeypatch.setattr("huggingface_hub.list_repo_files", lambda name: ["model.bin"])
    monkeypatch.setattr(
        "huggingface_hub.snapshot_download", lambda name, allow_patterns: str(tiny_model)
    )
    target = fetch_model("someone/nllb-ct2", cache / "x", "int8")
    assert (target / "model.bin").read_bytes() == (tiny_model / "model.bin").read_bytes()


def test_unreachable_hub_stops_with_a_message_naming_model(cache, hub_resolves, monkeypatch):
    def offline(name):
        raise OSError("network is unreachable")

    monkeypatch.setattr("huggingface_hub.list_repo_files", offline)
    with pytest.raises(ModelUnavailableError, match="--model DIR") as error:
        resolve_model(None)
    assert "facebook/nllb-200-distilled-600M" in str(error.value)
    assert not cache.exists() or not any(cache.iterdir())  # nothing half-made, no fallback model


def test_cache_only_mode_does_not_download(cache):
    with pytest.raises(ModelUnavailableError, match="babelshard models fetch"):
        resolve_model("facebook/nllb-200-distilled-600M", download=False)


def test_conversion_without_torch_says_how_to_install(tiny_hf_model, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch":
            raise ImportError("no torch")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(ModelError, match=r"babelshard\[convert\]"):
        models.convert_checkpoint(tiny_hf_model, tmp_path / "out", "int8")
    assert not (tmp_path / "out").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_relative_checkpoint_path_converts(tiny_hf_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tiny_hf_model.parent)
    target = models.convert_checkpoint(
        models.Path(tiny_hf_model.name), tmp_path / "relative", "int8"
    )
    validate_ctranslate2_model(target)


def test_an_offline_machine_fails_at_once_naming_model_and_hf_hub_offline(cache, hub_unresolvable):
    with pytest.raises(ModelUnavailableError) as error:
        resolve_model(None)
    message = str(error.value)
    assert "--model facebook/nllb-200-distilled-600M" in message
    assert "does not resolve" in message and "HF_HUB_OFFLINE" in message
    assert "\n" not in message


def test_hf_hub_offline_skips_the_hub_entirely(cache, hub_unresolvable, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelUnavailableError, match="HF_HUB_OFFLINE is set"):
        resolve_model("facebook/nllb-200-distilled-600M")


# -- models in object storage ---------------------------------------------------------------


def _copy_in_a_process(uri: str) -> str:
    from babelshard.translators.model_store import local_copy

    return str(local_copy(uri))


def test_a_bucket_model_is_copied_once_per_machine(tiny_model, cache, tmp_path, monkeypatch):
    """Processes of one machine wait on the first one's copy instead of copying again."""
    import multiprocessing
    import time

    from babelshard.translators import model_store

    bucket = tmp_path / "bucket" / "tiny"
    shutil.copytree(tiny_model, bucket)
    copies = tmp_path / "copies.log"
    real_copy = model_store._copy_folder

    def slow_logged_copy(uri, files, target):
        with copies.open("a") as log:
            log.write(f"{target}\n")
        time.sleep(0.5)  # long enough for the other processes to arrive meanwhile
        real_copy(uri, files, target)

    monkeypatch.setattr(model_store, "_copy_folder", slow_logged_copy)
    with multiprocessing.get_context("fork").Pool(3) as pool:
        paths = pool.map(_copy_in_a_process, [bucket.as_uri()] * 3)
    assert len(set(paths)) == 1
    assert len(copies.read_text().splitlines()) == 1
    remote = cache / "remote"
    assert sorted(p.name for p in remote.iterdir() if p.is_dir()) == [Path(paths[0]).name]
    assert model_store.local_fingerprint(Path(paths[0])) == model_store.local_fingerprint(
        tiny_model
    )


def test_a_changed_bucket_model_gets_a_new_copy(tiny_model, cache, tmp_path):
    from babelshard.translators.model_store import local_copy

    bucket = tmp_path / "bucket" / "tiny"
    shutil.copytree(tiny_model, bucket)
    first = local_copy(bucket.as_uri())
    (bucket / "config.json").write_text((bucket / "config.json").read_text() + "\n")
    assert local_copy(bucket.as_uri()) != first
