"""A small, truthful sample corpus in every input format, generated on the fly.

The README's first command and the tests run on it, so nothing has to be
downloaded: a few dozen small JPEGs of coloured shapes on plain backgrounds, and
texts that describe them correctly (captions, LLaVA conversations, mBLIP tasks,
VQAv2 questions and answers, JSONL, Parquet and a WebDataset tar). Deterministic
for a seed, and fast (well under a second for the default size).

    python -m babelshard.pipelines.sample_corpus OUT [--n-images 36] [--seed 0]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tarfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from babelshard.pipelines.io.readers_common import ReaderOptions

COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (215, 38, 45),
    "blue": (40, 85, 215),
    "green": (40, 160, 70),
    "yellow": (240, 205, 40),
    "orange": (245, 135, 30),
    "purple": (130, 60, 165),
    "pink": (240, 140, 185),
    "white": (248, 248, 248),
    "black": (22, 22, 22),
    "gray": (128, 128, 128),
}
SHAPES = ("circle", "square", "triangle")
NUMBER_WORDS = ("zero", "one", "two", "three")
WIDTH, HEIGHT = 128, 96
SUBTYPE = "sample2024"  # VQAv2-style ``data_subtype``; image names follow COCO 2014


@dataclass(frozen=True)
class Shape:
    kind: str
    colour: str
    x: int
    y: int
    size: int

    @property
    def phrase(self) -> str:
        article = "an" if self.colour[0] in "aeiou" else "a"
        return f"{article} {self.colour} {self.kind}"


@dataclass(frozen=True)
class Scene:
    image_id: int
    background: str
    shapes: tuple[Shape, ...]  # left to right

    @property
    def file_name(self) -> str:
        return f"COCO_{SUBTYPE}_{self.image_id:012d}.jpg"

    @property
    def listing(self) -> str:
        phrases = [s.phrase for s in self.shapes]
        return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]

    @property
    def count_phrase(self) -> str:
        n = len(self.shapes)
        return f"{NUMBER_WORDS[n]} shape{'s' if n > 1 else ''}"


@dataclass(frozen=True)
class SampleCorpus:
    """Where each format's files are; ``reader_args`` gives what the readers need."""

    root: Path
    images: Path
    coco: Path
    llava: Path
    mblip: Path
    vqa_questions: Path
    vqa_annotations: Path
    jsonl: Path
    parquet: Path
    wds: Path
    n_images: int

    def reader_args(self, format: str, **options: Any) -> tuple[str, ReaderOptions]:
        """``(input, options)`` for ``read_samples``/``ReadSamples`` on this corpus."""
        inputs = {
            "coco": self.coco,
            "llava": self.llava,
            "mblip": self.mblip,
            "vqa": self.vqa_questions,
            "jsonl": self.jsonl,
            "parquet": self.parquet,
            "wds": self.wds,
        }
        if format == "vqa":
            options.setdefault("annotations", str(self.vqa_annotations))
        options.setdefault("image_root", str(self.images))
        return str(inputs[format]), ReaderOptions(**options)


def make_scene(rng: random.Random, image_id: int) -> Scene:
    """1-3 shapes of distinct colours in left-to-right slots, on a background of another colour."""
    n = rng.choice((1, 2, 2, 3))
    colours = rng.sample(sorted(COLOURS), n + 1)
    background, shape_colours = colours[0], colours[1:]
    slot = WIDTH // n
    shapes = []
    for i, colour in enumerate(shape_colours):
        size = rng.randint(14, min(26, slot // 2 - 4))
        x = slot * i + slot // 2 + rng.randint(-3, 3)
        y = HEIGHT // 2 + rng.randint(-(HEIGHT // 2 - size - 4), HEIGHT // 2 - size - 4)
        shapes.append(Shape(rng.choice(SHAPES), colour, x, y, size))
    return Scene(image_id, background, tuple(shapes))


def draw(scene: Scene) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), COLOURS[scene.background])
    pen = ImageDraw.Draw(image)
    for s in scene.shapes:
        box = (s.x - s.size, s.y - s.size, s.x + s.size, s.y + s.size)
        fill = COLOURS[s.colour]
        if s.kind == "circle":
            pen.ellipse(box, fill=fill)
        elif s.kind == "square":
            pen.rectangle(box, fill=fill)
        else:
            pen.polygon(
                [(s.x, s.y - s.size), (s.x - s.size, s.y + s.size), (s.x + s.size, s.y + s.size)],
                fill=fill,
            )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def captions(rng: random.Random, scene: Scene) -> list[str]:
    """Five true captions, drawn from a few templates so that phrasing repeats across images."""
    first = scene.shapes[0]
    options = [
        f"{scene.listing} on a {scene.background} background",
        f"{scene.count_phrase} on a {scene.background} background",
        f"a simple drawing of {scene.listing}",
        f"{scene.listing.capitalize()}.",
        f"a {scene.background} background with {scene.listing}",
        f"{first.phrase} on a plain background",
    ]
    if len(scene.shapes) > 1:
        second = scene.shapes[1]
        options.append(f"{first.phrase} to the left of {second.phrase}")
    else:
        options.append(f"{first.phrase} in the middle of the picture")
    return [rng.choice(options) for _ in range(5)]


def _coco(scenes: list[Scene], caps: dict[int, list[str]]) -> dict:
    images = [
        {"id": s.image_id, "file_name": s.file_name, "width": WIDTH, "height": HEIGHT, "license": 1}
        for s in scenes
    ]
    annotations = []
    for s in scenes:
        for caption in caps[s.image_id]:
            annotations.append(
                {"id": 1000 + len(annotations), "image_id": s.image_id, "caption": caption}
            )
    return {
        "info": {"description": "babelshard sample corpus: coloured shapes", "version": "1.0"},
        "licenses": [{"id": 1, "name": "CC0-1.0"}],
        "images": images,
        "annotations": annotations,
    }


def _llava(rng: random.Random, scenes: list[Scene]) -> list[dict]:
    records = []
    for s in scenes:
        ask = "What shapes are in this picture?"
        first_turn = f"<image>\n{ask}" if rng.random() < 0.5 else f"{ask}\n<image>"
        conversation = [
            (first_turn, f"The picture shows {s.listing} on a {s.background} background."),
            ("What color is the background?", f"The background is {s.background}."),
        ]
        if len(s.shapes) > 1:
            conversation.append(
                (
                    "Which shape is on the left?",
                    f"The {s.shapes[0].colour} {s.shapes[0].kind} is on the left.",
                )
            )
        turns = [
            {"from": role, "value": value}
            for question, answer in conversation
            for role, value in (("human", question), ("gpt", answer))
        ]
        records.append({"id": f"{s.image_id:012d}", "image": s.file_name, "conversations": turns})
    records.append(
        {
            "id": "text-only-0",
            "conversations": [
                {"from": "human", "value": "What is a triangle?"},
                {"from": "gpt", "value": "A triangle is a flat shape with three straight sides."},
            ],
        }
    )
    return records


def _mblip(rng: random.Random, scenes: list[Scene], caps: dict[int, list[str]]) -> list[dict]:
    prompts = (
        "Describe the image briefly.",
        "Write a short caption for this image.",
        "What is shown here?",
    )
    records = []
    for i, s in enumerate(scenes):
        if i % 2 == 0:
            records.append(
                {
                    "context": rng.choice(prompts),
                    "label": caps[s.image_id][0],
                    "image_id": s.file_name,
                }
            )
            continue
        shape = s.shapes[-1]
        records.append(
            {
                "context": [f"What color is the {shape.kind}?", "How many shapes are there?"],
                "label": [
                    f"{shape.colour.capitalize()}.",
                    f"{NUMBER_WORDS[len(s.shapes)].capitalize()}.",
                ],
                "image_id": s.file_name,
            }
        )
    return records


def _vqa_answers(rng: random.Random, truth: str, synonym: str | None) -> list[dict]:
    answers = []
    for i in range(10):
        text = synonym if synonym and rng.random() < 0.2 else truth
        confidence = rng.choice(("yes", "yes", "yes", "maybe"))
        answers.append({"answer": text, "answer_confidence": confidence, "answer_id": i + 1})
    return answers


def _vqa(rng: random.Random, scenes: list[Scene]) -> tuple[dict, dict]:
    questions, annotations = [], []
    for s in scenes:
        shape = rng.choice(s.shapes)
        present = {x.kind for x in s.shapes}
        asked = rng.choice(SHAPES)
        yes_no = "yes" if asked in present else "no"
        n = len(s.shapes)
        qas = [
            (f"What color is the {shape.kind}?", "what color is the", "other", shape.colour, None),
            ("How many shapes are there?", "how many", "number", str(n), NUMBER_WORDS[n]),
            (f"Is there a {asked}?", "is there a", "yes/no", yes_no, None),
        ]
        if sum(x.kind == shape.kind for x in s.shapes) > 1:
            qas = qas[1:]  # "the circle" would be ambiguous
        for k, (question, qtype, atype, truth, synonym) in enumerate(qas):
            qid = s.image_id * 10 + k
            questions.append({"image_id": s.image_id, "question": question, "question_id": qid})
            answers = _vqa_answers(rng, truth, synonym)
            majority = Counter(a["answer"] for a in answers).most_common(1)[0][0]
            annotations.append(
                {
                    "question_id": qid,
                    "image_id": s.image_id,
                    "question_type": qtype,
                    "answer_type": atype,
                    "multiple_choice_answer": majority,
                    "answers": answers,
                }
            )
    common = {
        "info": {"description": "babelshard sample VQA"},
        "data_type": "mscoco",
        "data_subtype": SUBTYPE,
    }
    return (
        {**common, "task_type": "Open-Ended", "questions": questions},
        {**common, "annotations": annotations},
    )


def _rows(scenes: list[Scene], caps: dict[int, list[str]]) -> list[dict]:
    return [
        {
            "id": f"shapes-{s.image_id}",
            "text": caps[s.image_id][0],
            "image": s.file_name,
            "lang": "eng_Latn",
        }
        for s in scenes
    ]


def _write_tar(
    path: Path, scenes: list[Scene], jpegs: dict[int, bytes], caps: dict[int, list[str]]
) -> None:
    """img2dataset's layout: ``KEY.jpg``, ``KEY.txt``, ``KEY.json`` with zero-padded keys."""

    def add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), 0, 0o644
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
        for i, s in enumerate(scenes):
            key = f"{i:09d}"
            caption = caps[s.image_id][0]
            meta = {
                "key": key,
                "caption": caption,
                "status": "success",
                "width": WIDTH,
                "height": HEIGHT,
            }
            add(tar, f"{key}.jpg", jpegs[s.image_id])
            add(tar, f"{key}.txt", caption.encode())
            add(tar, f"{key}.json", json.dumps(meta).encode())


def _dump(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_sample_corpus(out_dir: str | Path, n_images: int = 36, seed: int = 0) -> SampleCorpus:
    """Write images and every text format under ``out_dir``; return where they are."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if n_images < 1:
        raise ValueError(f"n_images must be at least 1, got {n_images}")
    root = Path(out_dir)
    rng = random.Random(seed)
    scenes = [make_scene(rng, image_id) for image_id in range(1, n_images + 1)]
    caps = {s.image_id: captions(rng, s) for s in scenes}
    corpus = SampleCorpus(
        root=root,
        images=root / "images",
        coco=root / "coco" / "captions_sample.json",
        llava=root / "llava" / "instructions.json",
        mblip=root / "mblip" / "task_mix.json",
        vqa_questions=root / "vqa" / "questions.json",
        vqa_annotations=root / "vqa" / "annotations.json",
        jsonl=root / "jsonl" / "captions.jsonl",
        parquet=root / "parquet" / "captions.parquet",
        wds=root / "wds" / "shapes-000000.tar",
        n_images=n_images,
    )
    corpus.images.mkdir(parents=True, exist_ok=True)
    jpegs = {s.image_id: draw(s) for s in scenes}
    for s in scenes:
        (corpus.images / s.file_name).write_bytes(jpegs[s.image_id])
    _dump(corpus.coco, _coco(scenes, caps))
    _dump(corpus.llava, _llava(rng, scenes))
    _dump(corpus.mblip, _mblip(rng, scenes, caps))
    questions, annotations = _vqa(rng, scenes)
    _dump(corpus.vqa_questions, questions)
    _dump(corpus.vqa_annotations, annotations)
    rows = _rows(scenes, caps)
    corpus.jsonl.parent.mkdir(parents=True, exist_ok=True)
    corpus.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus.parquet.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), corpus.parquet)
    corpus.wds.parent.mkdir(parents=True, exist_ok=True)
    _write_tar(corpus.wds, scenes, jpegs, caps)
    return corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", help="folder to write the corpus into")
    parser.add_argument("--n-images", type=int, default=36)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = write_sample_corpus(args.out_dir, n_images=args.n_images, seed=args.seed)
    print(f"wrote {corpus.n_images} images and their texts under {corpus.root}")


if __name__ == "__main__":
    main()
