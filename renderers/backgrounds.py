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
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

Color = tuple[int, int, int]

KINDS = ("solid", "paper", "image")
_NOISE_SIDE = 1024


@dataclass
class Background:
    """A page background and the ink colour that stays readable on it."""

    image: Image.Image
    kind: str
    ink: Color


def paper_tone(rng: random.Random) -> Color:
    base = rng.randint(200, 252)
    return (base, base - rng.randint(0, 12), base - rng.randint(0, 30))


def solid(size: tuple[int, int], rng: random.Random) -> Image.Image:
    return Image.new("RGB", size, paper_tone(rng))


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


def paper_shade(
    size: tuple[int, int],
    rng: random.Random,
    nprng: np.random.Generator,
    light: Image.Image | None = None,
) -> Image.Image:
    """Paper's shading in grey around 128: low-frequency blotches and fine grain.

    Computed on 8 bits: the grain is a seeded crop of a cached noise field, added in
    one C call. ``light`` (a greyscale field over the same area, 255 = fully lit, at
    any resolution) darkens the blotches where they are made, at the coarse grid's
    resolution: uneven lighting costs nothing at full size.
    """
    w, h = size
    coarse = 128 + nprng.normal(0.0, rng.uniform(3.0, 9.0), (max(2, h // 96), max(2, w // 96)))
    if light is not None:
        lit = light.resize((coarse.shape[1], coarse.shape[0]), Image.BILINEAR)
        coarse *= np.asarray(lit, dtype=np.float64) / 255
    blotch = Image.fromarray(np.clip(coarse, 0, 255).astype(np.uint8), "L")
    shade = blotch.resize((w, h), Image.BILINEAR)
    return ImageChops.add(shade, noise_image(size, round(rng.uniform(1.0, 5.0)), rng), 1.0, -128)


def paper(size: tuple[int, int], rng: random.Random, nprng: np.random.Generator) -> Image.Image:
    """Paper: a tone, low-frequency blotches and fine grain.

    The shading is computed once in grey and tinted through per-channel lookup tables,
    a third of the arithmetic of shading three channels.
    """
    shade = paper_shade(size, rng, nprng)
    return shade.convert("RGB").point(_tint_lut(paper_tone(rng)))


@lru_cache(maxsize=4096)
def _tint_lut(tone: Color) -> list[int]:
    """Per-channel lookup tables moving grey 128 to ``tone`` (levels clipped to 0..255)."""
    shift = np.arange(256) - 128
    return np.clip(np.add.outer(np.asarray(tone), shift), 0, 255).ravel().tolist()


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
    wash = Image.new("RGB", size, paper_tone(rng))
    return Image.blend(crop, wash, rng.uniform(0.55, 0.8))


def ink_for(image: Image.Image, rng: random.Random) -> Color:
    """A dark ink (or light on a dark page) far from the background's mean luminance."""
    lum = ImageStat.Stat(ImageOps.grayscale(image.reduce(max(1, min(image.size) // 16)))).mean[0]
    return dark_ink(rng) if lum > 110 else light_ink(rng)


def dark_ink(rng: random.Random) -> Color:
    """A near-black, slightly blue ink for a light page."""
    v = rng.randint(0, 60)
    return (v, v + rng.randint(0, 20), v + rng.randint(0, 30))


def light_ink(rng: random.Random) -> Color:
    """A near-white ink for a dark page."""
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


def load_photo(source: bytes | str | Image.Image, max_side: int = 1024) -> Image.Image:
    """A background photograph decoded once, upright, RGB, no larger than ``max_side``.

    Scenes crop a photo per sample; decoding and shrinking it once per worker keeps
    that crop cheap.
    """
    if isinstance(source, Image.Image):
        img = source
    else:
        img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
        img.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
    img = ImageOps.exif_transpose(img).convert("RGB")
    img.thumbnail((max_side, max_side))
    return img


def defocused_crop(
    size: tuple[int, int], rng: random.Random, photo: Image.Image, blur: float = 0.0
) -> Image.Image:
    """A random crop of ``photo`` for a ``size`` image, at ``1 / (1 + blur)`` of that size.

    Defocus comes from resampling: scaled up to ``size`` (bilinear), the crop is out of
    focus by about ``blur`` pixels, at a fraction of the cost of a Gaussian blur. The
    caller scales it up, and only where it stays visible (:func:`upscale_around`).
    """
    w, h = size
    scale = min(photo.width / w, photo.height / h) * rng.uniform(0.5, 1.0)
    cw, ch = max(1, round(w * scale)), max(1, round(h * scale))
    x, y = rng.uniform(0, photo.width - cw), rng.uniform(0, photo.height - ch)
    box = (x, y, x + cw, y + ch)
    factor = 1.0 + max(0.0, blur)
    small = (max(1, round(w / factor)), max(1, round(h / factor)))
    crop = photo.resize(small, Image.BILINEAR, box=box)
    if rng.random() < 0.5:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return crop


def upscale_around(
    small: Image.Image, size: tuple[int, int], hole: tuple[int, int, int, int]
) -> Image.Image:
    """``small`` scaled up to ``size`` (bilinear) everywhere but inside ``hole``, a box the
    caller paints over: the same pixels as one ``resize`` outside it (Pillow resamples a
    ``box`` of the source with the whole image's coefficients), without paying for the
    part of a scene the paper hides. ``hole`` may be empty."""
    if small.size == size:
        return small
    w, h = size
    hx0, hy0, hx1, hy1 = hole
    if hx1 <= hx0 or hy1 <= hy0:
        return small.resize(size, Image.BILINEAR)
    out = Image.new(small.mode, size)
    sx, sy = small.width / w, small.height / h
    for x0, y0, x1, y1 in ((0, 0, w, hy0), (0, hy1, w, h), (0, hy0, hx0, hy1), (hx1, hy0, w, hy1)):
        if x1 > x0 and y1 > y0:
            box = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
            out.paste(small.resize((x1 - x0, y1 - y0), Image.BILINEAR, box=box), (x0, y0))
    return out


@lru_cache(maxsize=32)
def _noise_field(sigma: int, reps: int) -> Image.Image:
    field = np.tile(_unit_noise(), (reps, reps)) if reps > 1 else _unit_noise()
    return Image.fromarray(np.clip(128 + field * sigma, 0, 255).astype(np.uint8), "L")


def noise_image(size: tuple[int, int], sigma: int, rng: random.Random) -> Image.Image:
    """Greyscale Gaussian noise around 128, deviation ``sigma`` levels: a seeded crop of a
    fixed field, so scenes add grain (``ImageChops.add(..., offset=-128)``) in C calls."""
    w, h = size
    reps = -(-max(w, h) // _NOISE_SIDE)
    field = _noise_field(sigma, reps)
    x, y = rng.randrange(field.width - w + 1), rng.randrange(field.height - h + 1)
    return field.crop((x, y, x + w, y + h))


@lru_cache(maxsize=4)
def generated_photos(count: int = 8, side: int = 512, seed: int = 0) -> tuple[Image.Image, ...]:
    """Stand-ins for photographs, made offline: a lit gradient, shapes, texture, focus blur.

    For tests and for texts without images of their own; real photographs (a folder
    the user names, or the job's input images) give more realistic scenes.
    """
    rng = random.Random(f"generated-photos:{seed}")
    nprng = np.random.default_rng(rng.getrandbits(64))
    photos = []
    for _ in range(count):
        top = np.array([rng.randint(0, 255) for _ in range(3)], dtype=np.float32)
        bottom = np.array([rng.randint(0, 200) for _ in range(3)], dtype=np.float32)
        t = np.linspace(0.0, 1.0, side, dtype=np.float32)[:, None, None]
        arr = np.broadcast_to(top * (1 - t) + bottom * t, (side, side, 3)).copy()
        img = Image.fromarray(arr.astype(np.uint8), "RGB")
        draw = ImageDraw.Draw(img)
        for _ in range(rng.randint(6, 16)):
            x0, y0 = rng.randint(-side // 4, side), rng.randint(-side // 4, side)
            x1, y1 = (
                x0 + rng.randint(side // 10, side // 2),
                y0 + rng.randint(side // 10, side // 2),
            )
            color = tuple(rng.randint(0, 255) for _ in range(3))
            shape = rng.choice(("ellipse", "rectangle", "polygon"))
            if shape == "polygon":
                points = [
                    (rng.randint(x0, x1), rng.randint(y0, y1)) for _ in range(rng.randint(3, 6))
                ]
                draw.polygon(points, fill=color)
            else:
                getattr(draw, shape)((x0, y0, x1, y1), fill=color)
        texture = nprng.normal(0.0, rng.uniform(4.0, 14.0), (side, side, 1)).astype(np.float32)
        arr = np.clip(np.asarray(img, dtype=np.float32) + texture, 0, 255).astype(np.uint8)
        photos.append(Image.fromarray(arr, "RGB").filter(ImageFilter.GaussianBlur(1.5)))
    return tuple(photos)
