"""Hostile inputs through the whole job: tar members that try to escape, keys that try to.

Input tars are read in memory and never extracted: members with absolute
paths, ``..``, links or device files are refused as rejects and nothing is
written outside the output folder. Output keys and file names are sanitised,
whatever the ids in the input look like.
"""

from __future__ import annotations

import re
import tarfile
import uuid
from pathlib import Path

import pytest

from babelshard.pipelines.job import run_translate
from babelshard.pipelines.options import ConfigError, RunConfig

from .helpers import HUMAN, all_files, reject_rows, save_jpeg, shard_docs, tar_bytes, write_jsonl

SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def config_for(input: Path, output: Path, format: str, **overrides) -> RunConfig:
    values = {
        "input": str(input),
        "format": format,
        "output": str(output),
        "langs": "deu_Latn",
        "mix": "all",
        "fallback_english": True,
        "model": f"table:{HUMAN}",
        "dataset": "safe",
    }
    values.update(overrides)
    return RunConfig(**values)


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def outside(root: Path, output: Path) -> set[str]:
    return {f for f in all_files(root) if not f.startswith(f"{output.name}/")}


def test_hostile_tar_members_are_refused_and_nothing_escapes(tmp_path, sources):
    absolute = Path("/tmp") / f"babelshard-escape-{uuid.uuid4().hex}.txt"
    jpeg = save_jpeg(tmp_path / "scratch" / "a.jpg", 3).read_bytes()
    text = [source.encode("utf-8") for source in sources[:4]]
    members = [
        (member("000.jpg"), jpeg),
        (member("000.txt"), text[0]),
        (member("../evil.txt"), b"escaped the folder"),
        (member(str(absolute)), b"absolute path"),
        (member("sub/../../up.txt"), b"escapes through a folder"),
        (member("001.txt", tarfile.SYMTYPE, "/etc/passwd"), None),
        (member("002.txt", tarfile.LNKTYPE, "000.txt"), None),
        (member("003.txt", tarfile.CHRTYPE), None),
        (member("004.txt", tarfile.FIFOTYPE), None),
        (member("005.txt"), b"caf\xe9 au lait"),
        (member("006.jpg"), b""),
        (member("006.txt"), text[1]),
        (member("007.txt"), text[2]),
    ]
    shards = tmp_path / "in"
    shards.mkdir()
    (shards / "hostile-000000.tar").write_bytes(tar_bytes(members))
    output = tmp_path / "out"
    before = outside(tmp_path, output)

    manifest = run_translate(config_for(shards, output, "wds"))

    assert outside(tmp_path, output) == before  # nothing extracted next to the input or out
    assert not absolute.exists()
    rows = reject_rows(output)
    unsafe = sorted(row["detail"] for row in rows if row["reason"] == "unsafe_tar_member")
    assert len(unsafe) == 7
    for word in ("absolute path", "parent-directory", "link", "device or fifo"):
        assert any(word in detail for detail in unsafe), word
    assert {row["reason"] for row in rows} == {"unsafe_tar_member", "not_utf8", "image_empty"}
    assert all(SAFE_KEY.match(row["key"]) for row in rows)
    written = {doc["source_id"] for doc in shard_docs(output)}
    assert written == {"000", "007"}
    totals = manifest["totals"]
    assert totals["inputs"] == totals["written"] + totals["rejected"] == 2 + 9


def test_output_keys_and_paths_are_sanitised(tmp_path, sources):
    ids = [
        "../../etc/passwd",
        "/absolute/id",
        "a.b.c",
        "a_b_c",
        "with space/and slash",
        "ünïcödé",
        "x" * 300,
        "tab\there",
        "C:\\windows\\path",
    ]
    save_jpeg(tmp_path / "images" / "i.jpg", 5)
    records = [
        {"id": raw, "text": sources[index], "image": "i.jpg"} for index, raw in enumerate(ids)
    ]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    output = tmp_path / "out"
    before = outside(tmp_path, output)

    manifest = run_translate(
        config_for(corpus, output, "jsonl", id_field="id", image_root=str(tmp_path / "images"))
    )

    assert manifest["totals"]["written"] == len(ids)
    docs = shard_docs(output)
    keys = [doc["key"] for doc in docs]
    assert len(set(keys)) == len(ids)  # "a.b.c" and "a_b_c" stay apart
    assert all(SAFE_KEY.match(key) and len(key) < 140 for key in keys)
    assert sorted(doc["source_id"] for doc in docs) == sorted(ids)  # the raw id is kept
    for shard in manifest["shards"]:
        with tarfile.open(output / shard["path"]) as tar:
            names = tar.getnames()
        assert all("/" not in name and name.count(".") == 1 for name in names)
    assert outside(tmp_path, output) == before
    assert all(".." not in part for f in all_files(output) for part in Path(f).parts)


@pytest.mark.parametrize("dataset", ["../evil", "a/b", "x.y", ""])
def test_unsafe_dataset_names_stop_the_job_before_any_work(tmp_path, sources, dataset):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [{"text": sources[0]}])
    with pytest.raises(ConfigError, match="dataset"):
        run_translate(config_for(corpus, tmp_path / "never", "jsonl", dataset=dataset))
    assert not (tmp_path / "never").exists()
