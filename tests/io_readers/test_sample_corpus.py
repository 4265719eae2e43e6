"""The bundled sample corpus: deterministic, complete, and true to its images."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from babelshard.pipelines.sample_corpus import COLOURS, SampleCorpus, main, write_sample_corpus


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    a = files(write_sample_corpus(tmp_path / "a", n_images=6, seed=7).root)
    b = files(write_sample_corpus(tmp_path / "b", n_images=6, seed=7).root)
    c = files(write_sample_corpus(tmp_path / "c", n_images=6, seed=8).root)
    assert a == b
    assert a.keys() == c.keys() and a != c
    assert sum(name.endswith(".jpg") for name in a) == 6


def nearest_colour(rgb: tuple[int, int, int]) -> str:
    def distance(name: str) -> int:
        return sum((x - y) ** 2 for x, y in zip(COLOURS[name], rgb, strict=True))

    return min(COLOURS, key=distance)


def test_captions_name_the_background_they_show(corpus: SampleCorpus) -> None:
    coco = json.loads(corpus.coco.read_text())
    names = {image["id"]: image["file_name"] for image in coco["images"]}
    checked = 0
    for ann in coco["annotations"]:
        words = ann["caption"].split()
        if "background" not in words or "plain" in words:
            continue
        said = words[words.index("background") - 1]
        with Image.open(corpus.images / names[ann["image_id"]]) as image:
            corner = image.convert("RGB").getpixel((1, 1))
        assert nearest_colour(corner) == said, ann
        checked += 1
    assert checked >= corpus.n_images  # several captions per image mention it


def test_captions_repeat_like_real_ones(corpus: SampleCorpus) -> None:
    captions = [a["caption"] for a in json.loads(corpus.coco.read_text())["annotations"]]
    assert len(captions) == 5 * corpus.n_images
    assert len(set(captions)) < len(captions)


def test_command_line_writes_every_format(tmp_path: Path, capsys) -> None:
    main([str(tmp_path / "out"), "--n-images", "3", "--seed", "1"])
    written = files(tmp_path / "out")
    for expected in (
        "coco/captions_sample.json",
        "llava/instructions.json",
        "mblip/task_mix.json",
        "vqa/questions.json",
        "vqa/annotations.json",
        "jsonl/captions.jsonl",
        "parquet/captions.parquet",
        "wds/shapes-000000.tar",
    ):
        assert expected in written
    assert "3 images" in capsys.readouterr().out
