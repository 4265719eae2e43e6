"""``OUT/README.md``: the dataset card that makes a finished output a Hugging Face dataset.

Written from the finished output (manifest + shard headers), after the manifest.
Its YAML front matter follows the Hub's conventions for WebDataset repositories
and multi-config cards: one config per language (``deu_Latn/deu_Latn-*.tar``)
and a default ``all`` config over every language's tars (never the Parquet
sidecars, ``_parallel/`` or ``_rejects/``), each with ``dataset_info`` features
declared in full. Declared features matter: the webdataset builder otherwise
infers one schema from the first five samples of the first tar, and an English
passthrough shard (null scores) sorting first breaks every translated sample
after it. Score fields come from the filters' own registry of score names, so a
new score appears in the card without an edit here.

With the card in place ``load_dataset(OUT)``, ``load_dataset(OUT, "deu_Latn")``
and ``streaming=True`` need no other argument, locally or after an upload.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from babelshard.pipelines.assemble import ALL_SCORES
from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest, shard_samples
from babelshard.schemas.languages import find_language

CARD_NAME = "README.md"
ALL_CONFIG = "all"
SPLIT = "train"
LICENSE = "other"
LICENSE_NOTE = (
    "The translations inherit the license and terms of the source corpus they were "
    "made from; the NLLB-200 model that made them is released under CC-BY-NC-4.0. "
    "Check both before use."
)
# Fields of a sample that are not of the babelshard record: the tar's own members.
_SAMPLE_META = ("__key__", "__url__")


def _string() -> dict[str, str]:
    return {"dtype": "string"}


def _named(name: str, feature: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": name, **feature}


def _struct(fields: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    return {"struct": [_named(name, feature) for name, feature in fields]}


def scores_feature() -> dict[str, Any]:
    """Every score as a float64 that may be null, from the filters' registry of names."""
    return _struct((name, {"dtype": "float64"}) for name in ALL_SCORES)


def record_feature() -> dict[str, Any]:
    """The ``KEY.json`` document of a translate job (``pipelines/assemble.build_record``).

    ``record`` and ``source_record`` keep the input's own shape (a LLaVA
    conversation, a COCO annotation …) and ``provenance`` the job's settings:
    free-form JSON, declared as such (``datasets.Json``).
    """
    turn = _struct(
        [
            ("role", _string()),
            ("source", _string()),
            ("text", _string()),
            ("translated", {"dtype": "bool"}),
            ("scores", scores_feature()),
            ("back_translation", _string()),
            ("note", _string()),
        ]
    )
    return _struct(
        [
            ("key", _string()),
            ("lang", _string()),
            ("source_lang", _string()),
            ("kind", _string()),
            ("dataset", _string()),
            ("source_id", _string()),
            ("record", {"dtype": "json"}),
            ("source_record", {"dtype": "json"}),
            ("turns", {"list": turn["struct"]}),
            ("scores", scores_feature()),
            ("notes", {"list": "string"}),
            ("fallback_from", _string()),
            ("image", _string()),
            ("provenance", {"dtype": "json"}),
        ]
    )


def features(image_exts: Iterable[str]) -> list[dict[str, Any]]:
    """The features of one sample: tar meta, the JSON document, the text, each image type."""
    fields = [_named(name, _string()) for name in _SAMPLE_META]
    fields.append(_named("json", record_feature()))
    fields.append(_named("txt", _string()))
    fields += [_named(ext, {"dtype": "image"}) for ext in sorted(set(image_exts))]
    return fields


def shard_members(path: str) -> set[str]:
    """The member extensions of a shard's first sample (a shard holds one layout)."""
    return set(next(shard_samples(path), {}))


def image_extensions(out_dir: str, manifest: Mapping[str, Any]) -> set[str]:
    """Image members found in the output's shards (reads only each shard's first headers)."""
    found: set[str] = set()
    for shard in manifest["shards"]:
        found |= shard_members(filesystem.join(out_dir, shard["path"]))
    return found - {"json", "txt"}


def shard_glob(lang: str) -> str:
    return f"{lang}/{lang}-*.tar"


def brace_pattern(lang: str, shards: int) -> str:
    """A ``webdataset``/``braceexpand`` pattern naming a language's contiguous shards."""
    if shards == 1:
        return f"{lang}/{lang}-00000.tar"
    return f"{lang}/{lang}-{{00000..{shards - 1:05d}}}.tar"


def _config(name: str, paths: list[str], default: bool = False) -> dict[str, Any]:
    entry: dict[str, Any] = {"config_name": name}
    if default:
        entry["default"] = True
    entry["data_files"] = [{"split": SPLIT, "path": paths}]
    return entry


def _info(name: str, feature_list: list[dict[str, Any]], samples: int, size: int) -> dict:
    return {
        "config_name": name,
        "features": feature_list,
        "splits": [{"name": SPLIT, "num_bytes": size, "num_examples": samples}],
        "download_size": size,
        "dataset_size": size,
    }


def _size_category(samples: int) -> str:
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")]
    bounds += [(1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M")]
    return next((label for bound, label in bounds if samples < bound), "n>100M")


def _iso_codes(langs: Iterable[str]) -> list[str]:
    """Hub ``language:`` tags (ISO 639-1 where it exists, else 639-3) of NLLB codes."""
    codes = []
    for code in langs:
        language = find_language(code)
        if language is not None:
            codes.append(language.iso639_1 or language.iso639_3)
    return sorted(set(codes))


def card_metadata(manifest: Mapping[str, Any], image_exts: Iterable[str]) -> dict[str, Any]:
    """The YAML front matter: Hub metadata, ``configs`` and ``dataset_info``."""
    languages = manifest["languages"]
    langs = [lang for lang, entry in languages.items() if entry["samples"]]
    feature_list = features(image_exts)
    provenance = manifest.get("config", {}).get("provenance", {})
    configs = [_config(ALL_CONFIG, [shard_glob(lang) for lang in langs], default=True)]
    configs += [_config(lang, [shard_glob(lang)]) for lang in langs]
    totals = manifest["totals"]
    infos = [_info(ALL_CONFIG, feature_list, totals["written"], totals["bytes"])]
    infos += [
        _info(lang, feature_list, languages[lang]["samples"], languages[lang]["bytes"])
        for lang in langs
    ]
    return {
        "license": LICENSE,
        "language": _iso_codes(langs),
        "multilinguality": "multilingual" if len(langs) > 1 else "monolingual",
        "annotations_creators": ["machine-generated"],
        "language_creators": ["machine-generated"],
        "size_categories": [_size_category(totals["written"])],
        "task_categories": ["image-to-text", "visual-question-answering", "translation"],
        "tags": ["webdataset", "babelshard", "machine-translated", "nllb-200"],
        "pretty_name": "babelshard translated dataset",
        "babelshard": {
            "format": manifest.get("format"),
            "format_version": manifest.get("format_version"),
            "babelshard_version": manifest.get("babelshard_version"),
            "created": manifest.get("created"),
            "provenance": dict(provenance),
        },
        "configs": configs,
        "dataset_info": infos,
    }


def run_command(config: Mapping[str, Any]) -> str:
    """The ``babelshard run`` command line that makes this output (non-default options).

    Returns an empty string when the recorded config is not a translate job's.
    """
    from babelshard.pipelines.options import RunConfig

    defaults = {f.name: f.default for f in dataclasses.fields(RunConfig)}
    words = ["babelshard", "run"]
    for name, value in config.items():
        if name not in defaults or name in ("extra", "resume") or value == defaults[name]:
            continue
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            words.append(flag if value else "--no-" + name.replace("_", "-"))
        elif value is not None:
            words += [flag, str(value)]
    return shlex.join(words) if len(words) > 2 else ""


def _language_table(manifest: Mapping[str, Any]) -> str:
    rows = ["| config | language | samples | rejected | pass rate | shards | webdataset urls |"]
    rows.append("|---|---|---:|---:|---:|---:|---|")
    for lang, entry in manifest["languages"].items():
        written, rejected = entry["samples"], entry.get("rejected", 0)
        rate = f"{written / (written + rejected):.0%}" if written + rejected else "–"
        language = find_language(lang)
        name = language.name if language else lang
        urls = f"`{brace_pattern(lang, entry['shards'])}`" if entry["shards"] else "–"
        config = f"`{lang}`" if written else "(none)"
        rows.append(
            f"| {config} | {name} | {written} | {rejected} | {rate} | {entry['shards']} | {urls} |"
        )
    return "\n".join(rows)


def card_body(manifest: Mapping[str, Any]) -> str:
    """The Markdown under the front matter: what the data is, how to load it, how it was made."""
    totals = manifest["totals"]
    config = manifest.get("config", {})
    provenance = config.get("provenance", {})
    command = run_command(config)
    langs = [lang for lang, entry in manifest["languages"].items() if entry["samples"]]
    example = next((lang for lang in langs if lang != "eng_Latn"), langs[0] if langs else "")
    checks = (
        "language-ID and back-translation" if provenance.get("back_translation") else "language-ID"
    )
    shards = manifest["languages"].get(example, {}).get("shards", 1)
    recorded = yaml.safe_dump(
        {k: v for k, v in config.items() if k != "provenance"}, sort_keys=False, allow_unicode=True
    )
    made = "\n".join(f"- **{name}**: `{value}`" for name, value in provenance.items())
    reasons = "\n".join(
        f"| {reason} | {count} |" for reason, count in manifest["rejects"]["by_reason"].items()
    )
    return f"""# babelshard translated dataset

Image-text samples machine-translated with NLLB-200 and kept only where the
translation passed {checks}
checks, written as WebDataset shards by babelshard {manifest.get("babelshard_version")}
on {manifest.get("created")}.

{totals["written"]} samples written, {totals["rejected"]} rejected, of {totals["inputs"]} inputs,
in {totals["shards"]} shards ({totals["bytes"] / 1e6:.1f} MB).

## Languages

Each language is a config of its own; `all` (the default) holds every language.

{_language_table(manifest)}

## Loading

```python
from datasets import load_dataset

everything = load_dataset("PATH_OR_REPO_ID")                   # the `all` config
one_language = load_dataset("PATH_OR_REPO_ID", "{example}")
stream = load_dataset("PATH_OR_REPO_ID", streaming=True)
```

```python
import webdataset as wds

dataset = wds.WebDataset("PATH/{brace_pattern(example, shards)}").decode("pil")
```

Each sample holds `json` (the record in its input's own shape under `record`,
the English under `source_record`, every turn's source, translation,
back-translation and scores, the provenance), `txt` (the translated text) and
its image (`jpg`, `png` …; missing for text-only samples). Scores are floats,
null where a check did not run (English passthrough samples have none).

## Rejects

Samples that failed a check are not in the shards; they are listed with their
reason and scores in `_rejects/*.jsonl`.

| reason | count |
|---|---:|
{reasons}

## How it was made

{made}

Command (options that differ from the defaults):

```bash
{command or "(not a babelshard run job)"}
```

The whole recorded config, for `babelshard run --config FILE`:

```yaml
{recorded}```

## License

{LICENSE_NOTE}
"""


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors: every config spells its features out (Hub parsers differ)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def build_card(out_dir: str, manifest: Mapping[str, Any] | None = None) -> str:
    """The whole ``README.md`` text of a finished output."""
    manifest = manifest or read_manifest(out_dir)
    metadata = card_metadata(manifest, image_extensions(out_dir, manifest))
    front = yaml.dump(metadata, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n{card_body(manifest)}"


def write_card(out_dir: str, manifest: Mapping[str, Any] | None = None) -> str:
    """Write ``OUT/README.md`` atomically; returns its path."""
    path = filesystem.join(out_dir, CARD_NAME)
    filesystem.write_atomic(path, build_card(out_dir, manifest).encode("utf-8"))
    return path
