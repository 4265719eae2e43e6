"""Small LLaVA, COCO, VQAv2 and mBLIP corpora made of the human table's English sentences.

Every text has a real human German (and French …) translation in the table, so a
``table:`` job over these corpora writes real translations in each input's format.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from human_table import HUMAN
from PIL import Image

N = 6
"""Records per corpus, and images (``0.jpg`` … ``5.jpg``) they share."""


def english() -> list[str]:
    with HUMAN.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return sorted({row["source"] for row in rows})


def write_corpora(root: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """``{format: (input, extra RunConfig fields)}`` for LLaVA, COCO, VQAv2 and mBLIP."""
    images = root / "images"
    images.mkdir(parents=True)
    for i in range(N):
        Image.new("RGB", (30 + i, 20), (i * 30, 90, 150)).save(images / f"{i}.jpg")
    s = english()
    llava = [
        {
            "id": f"l{i}",
            "image": f"{i}.jpg",
            "conversations": [
                {"from": "human", "value": f"{s[2 * i]}\n<image>"},
                {"from": "gpt", "value": s[2 * i + 1]},
            ],
        }
        for i in range(N)
    ]
    coco = {
        "images": [
            {"id": i, "file_name": f"{i}.jpg", "width": 30 + i, "height": 20} for i in range(N)
        ],
        "annotations": [{"id": 100 + i, "image_id": i % 3, "caption": s[12 + i]} for i in range(N)],
    }
    questions = {
        "questions": [
            {"question_id": i, "image": f"{i}.jpg", "question": s[18 + i]} for i in range(N)
        ]
    }
    answers = {
        "annotations": [
            {
                "question_id": i,
                "multiple_choice_answer": s[24 + i],
                "answers": [{"answer": s[24 + i]}],
            }
            for i in range(N)
        ]
    }
    mblip = [
        {"id": f"m{i}", "context": s[30 + i], "label": s[(36 + i) % len(s)], "image": f"{i}.jpg"}
        for i in range(N)
    ]
    files = {
        "llava": llava,
        "coco": coco,
        "vqa_questions": questions,
        "vqa_annotations": answers,
        "mblip": mblip,
    }
    for name, content in files.items():
        (root / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return {
        "llava": (root / "llava.json", {}),
        "coco": (root / "coco.json", {}),
        "vqa": (root / "vqa_questions.json", {"annotations": str(root / "vqa_annotations.json")}),
        "mblip": (root / "mblip.json", {}),
    }
