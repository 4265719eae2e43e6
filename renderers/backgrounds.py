"""Page backgrounds, SynthDoG-style: solid colour, paper-like texture, or a corpus image crop.

All randomness comes from the caller's seeded generators, so a page is a function of
its seed. Textures are made at low resolution and upsampled: smooth blotches like
paper, at a fraction of the cost of full-resolution noise.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps, ImageStat

Color = tuple[int, int, int]

KINDS = ("solid", "paper", "image")
_NOISE_SIDE = 1024


@dataclass
class Background:
    """A page background and the ink colour that stays readable on it."""

    image: Image.Image
    kind: str
    ink: Color


def _paper_tone(rng: random.Random) -> Color:
    base = rng.randint(200, 252)
    return (base, base - rng.randint(0, 12), base - rng.randint(0, 30))


def solid(size: tuple[int, int], rng: random.Random) -> Image.Image:
    return Image.new("RGB", size, _paper_tone(rng))


@lru_cache(maxsize=1)
def _unit_noise() -> np.ndarray:
    """A fixed field of unit Gaussian noise; pages take seeded crops of it.

    Drawing fresh full-page noise per page costs more than drawing its text; a crop at
    a seeded offset, flipped and scaled, is as good for grain and stays deterministic.
    """
    return np.random.default_rng(0).standard_normal((_NOISE_SIDE, _NOISE_SIDE), np.float32)


def grain(size: tuple[int, int], sigma: float, rng: random.Random) -> np.ndarray:
    """``(h, w)`` float32 Gaussian-looking noise of standard deviation ``sigma``."""
    w, h = size
    field = _unit_noise()
    reps = (-(-h // _NOISE_SIDE) + 1, -(-w // _NOISE_SIDE) + 1)
    if reps != (2, 2):
        field = np.tile(field, reps)
    y, x = rng.randrange(field.shape[0] - h + 1), rng.randrange(field.shape[1] - w + 1)
    crop = field[y : y + h, x : x + w]
    if rng.random() < 0.5:
        crop = crop[::-1]
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    return crop * np.float32(sigma)


def paper(size: tuple[int, int], rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    """Paper: a tone, low-frequency blotches and fine grain.

    The shading is computed once in grey and tinted through per-channel lookup tables,
    a third of the arithmetic of shading three channels.
    """
    w, h = size
    coarse = 128 + nprng.normal(0.0, rng.uniform(3.0, 9.0), (max(2, h // 96), max(2, w // 96)))
    blotch = Image.fromarray(np.clip(coarse, 0, 255).astype(np.uint8), "L")
    shade = np.asarray(blotch.resize((w, h), Image.BILINEAR), dtype=np.float32)
    shade = shade + grain(size, rng.uniform(1.0, 5.0), rng)
    grey = Image.fromarray(np.clip(shade, 0, 255).astype(np.uint8), "L")
    tone = _paper_tone(rng)
    lut = [min(255, max(0, t + v - 128)) for t in tone for v in range(256)]
    return grey.convert("RGB").point(lut)


def image_crop(
    size: tuple[int, int], rng: random.Random, source: bytes | str | Image.Image
) -> Image.Image:
    """A random crop of a corpus image, washed out so that text stays readable."""
    if isinstance(source, Image.Image):
        img = source
    elif isinstance(source, bytes):
        img = Image.open(io.BytesIO(source))
    else:
        img = Image.open(source)
    img = ImageOps.exif_transpose(img).convert("RGB")
    w, h = size
    scale = max(w / img.width, h / img.height) * rng.uniform(1.0, 1.5)
    img = img.resize((max(w, round(img.width * scale)), max(h, round(img.height * scale))))
    x, y = rng.randint(0, img.width - w), rng.randint(0, img.height - h)
    crop = img.crop((x, y, x + w, y + h))
    wash = Image.new("RGB", size, _paper_tone(rng))
    return Image.blend(crop, wash, rng.uniform(0.55, 0.8))


def ink_for(image: Image.Image, rng: random.Random) -> Color:
    """A dark ink (or light on a dark page) far from the background's mean luminance."""
    lum = ImageStat.Stat(ImageOps.grayscale(image.reduce(max(1, min(image.size) // 16)))).mean[0]
    if lum > 110:
        v = rng.randint(0, 60)
        return (v, v + rng.randint(0, 20), v + rng.randint(0, 30))
    v = rng.randint(215, 255)
    return (v, v, v)


def make_background(
    size: tuple[int, int],
    rng: random.Random,
    nprng: np.random.Generator,
    weights: dict[str, float],
    images: Sequence[bytes | str | Image.Image] = (),
) -> Background:
    """Draw a background kind by weight (``image`` only when images are given)."""
    kinds = [k for k in KINDS if weights.get(k, 0) > 0 and (k != "image" or images)]
    if not kinds:
        kinds = ["solid"]
    kind = rng.choices(kinds, weights=[weights.get(k, 1.0) for k in kinds])[0]
    if kind == "paper":
        img = paper(size, rng, nprng)
    elif kind == "image":
        img = image_crop(size, rng, images[rng.randrange(len(images))])
    else:
        img = solid(size, rng)
    return Background(img, kind, ink_for(img, rng))
