"""Write a tiny supervised fastText model file, offline, for LID tests.

GlotLID and NLLB's LID model are gigabytes; their labels (``__label__deu_Latn``)
are what matters to the filter. This writes a real ``.bin`` in fastText's
format (version 12, softmax, no subwords) whose every word votes for one label,
so ``fasttext.load_model`` and ``predict`` run exactly as with a downloaded model.
"""

from __future__ import annotations

import struct
from pathlib import Path

MAGIC = 793712314
VERSION = 12
LOSS_SOFTMAX = 3
MODEL_SUPERVISED = 3


def write_tiny_lid_model(path: Path, words_by_label: dict[str, list[str]]) -> Path:
    """A model where each word of ``words_by_label[label]`` points at ``label``."""
    labels = list(words_by_label)
    words = [(w, labels.index(label)) for label, ws in words_by_label.items() for w in ws]
    dim = len(labels)
    out = bytearray(struct.pack("<ii", MAGIC, VERSION))
    # Args: dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate, t
    out += struct.pack("<12i", dim, 5, 1, 1, 5, 1, LOSS_SOFTMAX, MODEL_SUPERVISED, 0, 0, 0, 100)
    out += struct.pack("<d", 1e-4)
    # Dictionary: size, nwords, nlabels, ntokens, pruneidx_size (-1: not pruned); then entries.
    out += struct.pack("<iiiqq", len(words) + len(labels), len(words), len(labels), 100, -1)
    for word, _ in words:
        out += word.encode() + b"\0" + struct.pack("<qb", 1, 0)
    for label in labels:
        out += f"__label__{label}".encode() + b"\0" + struct.pack("<qb", 1, 1)
    # Input matrix (dense): one-hot row per word.
    out += struct.pack("<?qq", False, len(words), dim)
    for _, index in words:
        out += struct.pack(f"<{dim}f", *[1.0 if i == index else 0.0 for i in range(dim)])
    # Output matrix (dense): a scaled identity, so a word's label dominates the softmax.
    out += struct.pack("<?qq", False, len(labels), dim)
    for row in range(len(labels)):
        out += struct.pack(f"<{dim}f", *[8.0 if i == row else 0.0 for i in range(dim)])
    path.write_bytes(bytes(out))
    return path
