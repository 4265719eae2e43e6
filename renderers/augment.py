"""Augmentations: small rotation or perspective, blur, noise and JPEG quality.

Geometric augmentations are one homography (a rotation is a special case), applied to
the page with Pillow and to every ground-truth box with the same matrix, so boxes keep
enclosing their text. All parameters come from the caller's seeded generators and are
returned for the sample's JSON.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from babelshard.renderers.backgrounds import grain

Point = tuple[float, float]


@dataclass(frozen=True)
class AugmentConfig:
    """Probabilities and ranges; set a probability to 0 to switch an augmentation off."""

    # Geometric warps cost more than drawing the text; about one page in four gets one.
    rotate_p: float = 0.2
    max_rotate_deg: float = 3.0
    perspective_p: float = 0.1
    max_perspective: float = 0.03  # corner shift as a fraction of the page side
    blur_p: float = 0.25
    max_blur: float = 1.2
    noise_p: float = 0.3
    max_noise: float = 8.0
    jpeg_quality: tuple[int, int] = (55, 95)

    @classmethod
    def off(cls) -> AugmentConfig:
        return cls(rotate_p=0, perspective_p=0, blur_p=0, noise_p=0, jpeg_quality=(95, 95))


@dataclass
class Geometry:
    """A homography from page coordinates before augmentation to after."""

    matrix: np.ndarray = field(default_factory=lambda: np.eye(3))

    def __post_init__(self) -> None:
        self.identity = bool(np.allclose(self.matrix, np.eye(3)))

    def points(self, pts: list[Point]) -> list[Point]:
        arr = np.hstack([np.asarray(pts, dtype=np.float64), np.ones((len(pts), 1))])
        out = arr @ self.matrix.T
        return [(float(x / w), float(y / w)) for x, y, w in out]

    def box(self, box: tuple[int, int, int, int], size: tuple[int, int]) -> dict[str, Any]:
        """The box's four corners after the transform and the box enclosing them."""
        x0, y0, x1, y1 = box
        if self.identity:
            return {"box": [x0, y0, x1, y1]}
        quad = self.points([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        return {
            "box": list(enclosing_box(quad, size)),
            "quad": [[round(x, 1), round(y, 1)] for x, y in quad],
        }


def enclosing_box(points: list[Point], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The whole-pixel box enclosing ``points``, clipped to an image of ``size``."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (
        max(0, math.floor(min(xs))),
        max(0, math.floor(min(ys))),
        min(size[0], math.ceil(max(xs))),
        min(size[1], math.ceil(max(ys))),
    )


def homography(src: list[Point], dst: list[Point]) -> np.ndarray:
    """The 3x3 matrix mapping four ``src`` points onto four ``dst`` points."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    h = np.linalg.solve(np.asarray(rows, dtype=np.float64), np.asarray(rhs, dtype=np.float64))
    return np.append(h, 1.0).reshape(3, 3)


def _geometry(
    size: tuple[int, int], cfg: AugmentConfig, rng: random.Random
) -> tuple[Geometry, dict]:
    w, h = size
    corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    dst = list(corners)
    params: dict[str, float] = {}
    if rng.random() < cfg.rotate_p:
        angle = rng.uniform(-cfg.max_rotate_deg, cfg.max_rotate_deg)
        params["rotate_deg"] = round(angle, 3)
        rad = math.radians(angle)
        cx, cy = w / 2, h / 2
        cos, sin = math.cos(rad), math.sin(rad)
        # Counter-clockwise on screen (y points down), as Image.rotate does.
        dst = [
            (cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos)
            for x, y in dst
        ]
    if rng.random() < cfg.perspective_p:
        shift = cfg.max_perspective * min(w, h)
        dst = [(x + rng.uniform(-shift, shift), y + rng.uniform(-shift, shift)) for x, y in dst]
        params["perspective"] = round(shift, 2)
    if not params:
        return Geometry(), params
    return Geometry(homography(corners, dst)), params


def augment(
    image: Image.Image,
    fill: tuple[int, int, int],
    cfg: AugmentConfig,
    rng: random.Random,
    nprng: np.random.Generator,
) -> tuple[Image.Image, Geometry, dict[str, Any]]:
    """Apply the drawn augmentations; returns the image, its geometry and the parameters."""
    geometry, params = _geometry(image.size, cfg, rng)
    if not geometry.identity:
        inverse = np.linalg.inv(geometry.matrix)
        inverse /= inverse[2, 2]
        image = image.transform(
            image.size,
            Image.PERSPECTIVE,
            tuple(inverse.flatten()[:8]),
            Image.BILINEAR,
            fillcolor=fill,
        )
    if rng.random() < cfg.blur_p:
        radius = rng.uniform(0.3, cfg.max_blur)
        params["blur"] = round(radius, 3)
        # One box pass: blur-like at a third of GaussianBlur's three passes.
        image = image.filter(ImageFilter.BoxBlur(radius))
    if rng.random() < cfg.noise_p:
        sigma = rng.uniform(1.0, cfg.max_noise)
        params["noise"] = round(sigma, 3)
        arr = np.asarray(image, dtype=np.float32)
        noise = grain(image.size, sigma, rng)[:, :, None]
        image = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "RGB")
    params["jpeg_quality"] = rng.randint(*cfg.jpeg_quality)
    return image, geometry, params


def encode(image: Image.Image, ext: str, quality: int) -> bytes:
    """Encode the page: JPEG at the drawn quality, or PNG after a JPEG round trip."""
    buf = io.BytesIO()
    if ext in ("jpg", "jpeg"):
        image.save(buf, "JPEG", quality=quality)
        return buf.getvalue()
    if quality < 95:
        image.save(buf, "JPEG", quality=quality)
        image = Image.open(io.BytesIO(buf.getvalue()))
        buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    return buf.getvalue()
