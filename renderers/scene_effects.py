"""A paper photographed: placed on a background, rotated and tilted, shadowed, lit unevenly.

The paper's placement is one homography (rotation, perspective tilt, scale and
position in one matrix, SynthDoG's ``perspective`` and ``rotate`` effects together):
Pillow warps the paper's ink with it (``Image.transform(..., PERSPECTIVE)``) and the
ground truth maps every box's corners with the same matrix, so boxes become the
quadrilaterals the text really occupies. The paper is kept wholly inside the image, so
every quad is. Lighting, noise, blur and JPEG quality act on the finished scene.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from babelshard.renderers.augment import Geometry, Point, enclosing_box, homography
from babelshard.renderers.backgrounds import (
    dark_ink,
    noise_image,
    paper_shade,
    paper_tone,
    upscale_around,
)


@dataclass(frozen=True)
class SceneEffects:
    """Ranges every scene's effects are drawn from; a range of ``(0, 0)`` switches one off."""

    rotate_deg: float = 12.0  # up to this many degrees either way
    perspective: float = 0.08  # corner shift, as a fraction of the paper's shorter side
    fill: tuple[float, float] = (0.6, 0.95)  # the paper's sides, fraction of the image's
    aspect: tuple[float, float] = (0.7, 1.45)  # the paper's height over its width
    shadow: tuple[float, float] = (0.15, 0.5)  # darkening under the paper's drop shadow
    lighting: tuple[float, float] = (0.65, 1.0)  # shading levels at the corners (1 = none)
    background_blur: tuple[float, float] = (0.0, 6.0)  # out-of-focus background (pixels)
    blur: tuple[float, float] = (0.0, 1.0)  # camera blur of the paper (pixels)
    noise: tuple[float, float] = (0.0, 6.0)  # sensor noise, standard deviation in levels
    jpeg_quality: tuple[int, int] = (50, 95)

    @classmethod
    def off(cls) -> SceneEffects:
        """An upright, evenly lit, sharp, clean scene (for tests that read pixels)."""
        return cls(
            rotate_deg=0.0,
            perspective=0.0,
            shadow=(0.0, 0.0),
            lighting=(1.0, 1.0),
            background_blur=(0.0, 0.0),
            blur=(0.0, 0.0),
            noise=(0.0, 0.0),
            jpeg_quality=(95, 95),
        )


def placement(
    paper: tuple[int, int], scene: tuple[int, int], cfg: SceneEffects, rng: random.Random
) -> tuple[Geometry, dict[str, float]]:
    """Where the paper lands: rotated, tilted, scaled and moved to lie inside the scene."""
    pw, ph = paper
    w, h = scene
    corners = [(0.0, 0.0), (float(pw), 0.0), (float(pw), float(ph)), (0.0, float(ph))]
    angle = rng.uniform(-cfg.rotate_deg, cfg.rotate_deg)
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    shift = cfg.perspective * min(pw, ph)
    quad = [
        (
            (x - pw / 2) * cos + (y - ph / 2) * sin + rng.uniform(-shift, shift),
            -(x - pw / 2) * sin + (y - ph / 2) * cos + rng.uniform(-shift, shift),
        )
        for x, y in corners
    ]
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    margin = 2.0
    # The paper is drawn at about its size in the scene; shrink it only to keep it inside.
    fit = min((w - 2 * margin) / (max(xs) - min(xs)), (h - 2 * margin) / (max(ys) - min(ys)))
    scale = min(1.0, fit)
    span_x, span_y = (max(xs) - min(xs)) * scale, (max(ys) - min(ys)) * scale
    left = rng.uniform(margin, w - margin - span_x)
    top = rng.uniform(margin, h - margin - span_y)
    dst = [(left + (x - min(xs)) * scale, top + (y - min(ys)) * scale) for x, y in quad]
    params = {
        "rotate_deg": round(angle, 3),
        "perspective": round(shift, 2),
        "scale": round(scale, 4),
    }
    return Geometry(homography(corners, dst)), params


@dataclass(frozen=True)
class Light:
    """A scene's light, drawn before anything is drawn with it.

    ``lighting`` (uneven light from four corner levels) and ``shading`` (that times the
    paper's drop shadow) are greyscale fields at a quarter of the scene's resolution,
    255 = fully lit, ``None`` when off. They are applied where each surface is made, at
    that surface's own resolution: the shading to the defocused background before it is
    scaled up, the lighting to the paper's coarse blotches (:func:`paper_shade`). Sensor
    noise (``noise`` levels) goes on the finished scene.
    """

    size: tuple[int, int]
    lighting: Image.Image | None
    shading: Image.Image | None
    noise: int

    def over(
        self, field: Image.Image, box: tuple[int, int, int, int], size: tuple[int, int]
    ) -> Image.Image:
        """``field`` over the scene ``box``, resampled to ``size``."""
        sx, sy = field.width / self.size[0], field.height / self.size[1]
        x0, y0, x1, y1 = box
        return field.resize(size, Image.BILINEAR, box=(x0 * sx, y0 * sy, x1 * sx, y1 * sy))


def draw_light(
    size: tuple[int, int],
    paper_corners: list[Point],
    cfg: SceneEffects,
    rng: random.Random,
    params: dict[str, Any],
) -> Light:
    """Uneven lighting, the paper's drop shadow (a soft, offset copy of the paper's outline,
    cut away where the paper lies on it) and the sensor noise's level."""
    w, h = size
    qw, qh = max(2, w // 4), max(2, h // 4)
    lo, hi = cfg.lighting
    lighting = None
    if lo < 1.0:
        levels = [round(255 * rng.uniform(lo, hi)) for _ in range(4)]
        corners = Image.new("L", (2, 2))
        corners.putdata(levels)
        lighting = corners.resize((qw, qh), Image.BILINEAR)
        params["lighting"] = [round(min(levels) / 255, 3), round(max(levels) / 255, 3)]
    shading = lighting
    strength = rng.uniform(*cfg.shadow)
    if strength > 0:
        dx, dy = rng.uniform(-0.03, 0.03) * w, rng.uniform(0.0, 0.04) * h
        shadow = Image.new("L", (qw, qh), 255)
        outline = [((x + dx) * qw / w, (y + dy) * qh / h) for x, y in paper_corners]
        ImageDraw.Draw(shadow).polygon(outline, fill=round(255 * (1 - strength)))
        shadow = shadow.filter(ImageFilter.BoxBlur(rng.uniform(1.5, 5.0)))
        paper = [(x * qw / w, y * qh / h) for x, y in paper_corners]
        ImageDraw.Draw(shadow).polygon(paper, fill=255)  # no shadow on the paper itself
        shading = shadow if lighting is None else ImageChops.multiply(lighting, shadow)
        params["shadow"] = round(strength, 3)
    noise = round(rng.uniform(*cfg.noise))
    if noise >= 1:
        params["noise"] = noise
    return Light(size, lighting, shading, noise)


def compose(
    backdrop: Image.Image,
    ink: Image.Image,
    geometry: Geometry,
    light: Light,
    cfg: SceneEffects,
    rng: random.Random,
    nprng: np.random.Generator,
    params: dict[str, Any],
    max_blur: float = math.inf,
) -> Image.Image:
    """The paper with its ink placed onto the background, lit, shadowed and noisy.

    ``backdrop`` is the defocused background photo at its reduced resolution
    (:func:`defocused_crop`): it is shaded there and scaled up only around the paper.
    ``ink`` is the upright sheet's ink coverage (mode L). Only that mask is warped, and
    only over the scene box of its ink: an 8-bit warp costs well under half of an RGB
    one. The paper's texture is noise that looks the same warped or not, so its grey
    shading is made directly in scene coordinates, lit there; the warped ink darkens
    that grey (``grey * (1 - coverage)``) and one lookup table per channel, the sheet's
    palette, turns grey into paper and ink colours (:func:`inked_paper_palette`). Ink under
    uneven light takes the paper's mean light (ink is dark: the difference is a few
    levels). Camera blur (at most ``max_blur`` pixels) is folded into the warp: the
    mask is first shrunk by ``1 / (1 + blur)`` and the bilinear warp scales it back.
    """
    w, h = light.size
    pw, ph = ink.size
    corners = geometry.points([(0, 0), (pw, 0), (pw, ph), (0, ph)])
    if light.shading is not None:
        shading = light.over(light.shading, (0, 0, w, h), backdrop.size)
        backdrop = ImageChops.multiply(backdrop, Image.merge("RGB", [shading] * 3))
    background = upscale_around(backdrop, (w, h), _inner_box(corners))
    x0, y0, x1, y1 = enclosing_box(corners, (w, h))
    lit = None if light.lighting is None else light.over(light.lighting, (x0, y0, x1, y1), (8, 8))
    shade = paper_shade((x1 - x0, y1 - y0), rng, nprng, lit)
    tone = paper_tone(rng)
    ink_color = dark_ink(rng)  # paper tones are light
    if lit is not None:
        mean = ImageStat.Stat(lit).mean[0] / 255
        ink_color = tuple(round(c * mean) for c in ink_color)
    blur = min(rng.uniform(*cfg.blur), max_blur)
    source = ink
    if blur > 0.2:
        shrink = 1.0 / (1.0 + blur)
        source = ink.resize((max(1, round(pw * shrink)), max(1, round(ph * shrink))), Image.BOX)
        params["blur"] = round(blur, 3)
    inked = ink.getbbox()
    if inked is not None:
        # The ink's box, with room for the resampling filter, in scene pixels.
        a0, b0 = max(0, inked[0] - 4), max(0, inked[1] - 4)
        a1, b1 = min(pw, inked[2] + 4), min(ph, inked[3] + 4)
        ix0, iy0, ix1, iy1 = enclosing_box(
            geometry.points([(a0, b0), (a1, b0), (a1, b1), (a0, b1)]), (w, h)
        )
        # Scene pixel (x, y) in the box -> paper pixel, then into the (shrunk) source.
        to_source = np.diag([source.width / pw, source.height / ph, 1.0])
        offset = np.array([[1.0, 0.0, ix0], [0.0, 1.0, iy0], [0.0, 0.0, 1.0]])
        inverse = to_source @ np.linalg.inv(geometry.matrix) @ offset
        inverse /= inverse[2, 2]
        coverage = source.transform(
            (ix1 - ix0, iy1 - iy0), Image.PERSPECTIVE, tuple(inverse.flatten()[:8]), Image.BILINEAR
        )
        # Ink over paper: the grey times (1 - coverage), one masked paste of black.
        shade.paste(0, (ix0 - x0, iy0 - y0, ix1 - x0, iy1 - y0), coverage)
    shade.putpalette(inked_paper_palette(tone, ink_color))
    outline = Image.new("L", shade.size, 0)
    ImageDraw.Draw(outline).polygon([(x - x0, y - y0) for x, y in corners], fill=255)
    background.paste(shade, (x0, y0), outline)
    if light.noise >= 1:
        grain = noise_image((w, h), light.noise, rng)
        background = ImageChops.add(background, Image.merge("RGB", [grain] * 3), 1.0, -128)
    return background


def _inner_box(points: list[Point], margin: int = 2) -> tuple[int, int, int, int]:
    """An axis-aligned box inside the convex quad ``points`` (clockwise from top-left),
    ``margin`` pixels in from it: what the paper is sure to cover."""
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = points
    return (
        math.ceil(max(ax, dx)) + margin,
        math.ceil(max(ay, by)) + margin,
        math.floor(min(bx, cx)) - margin,
        math.floor(min(cy, dy)) - margin,
    )


@lru_cache(maxsize=4096)
def inked_paper_palette(tone: tuple[int, int, int], ink: tuple[int, int, int]) -> bytes:
    """A palette for a grey sheet holding paper and ink at once: grey 128 is the paper's
    tone, 0 the ink, linear in between (and past 128, clipped). Being linear, darkening
    the grey by the ink's coverage blends ink over paper exactly as pasting the ink
    through the coverage would."""
    grey = np.arange(256)[:, None] / 128
    table = np.asarray(ink)[None, :] + np.subtract(tone, ink)[None, :] * grey
    return np.clip(np.round(table), 0, 255).astype(np.uint8).tobytes()


def place_boxes(geometry: Geometry, items: list[dict[str, Any]], size: tuple[int, int]) -> None:
    """Give every item (``{"box": [x0, y0, x1, y1], ...}`` in paper pixels) its ``quad`` in
    the scene, corners clockwise from the top-left rounded to 0.1 px, and make its
    ``box`` the scene box enclosing that quad (clipped to the image). One matrix product
    for all of a scene's lines, words and blocks."""
    if not items:
        return
    boxes = np.asarray([item["box"] for item in items], dtype=np.float64)
    x0, y0, x1, y1 = boxes.T
    corners = np.stack([np.stack(c, axis=1) for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))], 1)
    flat = np.concatenate([corners.reshape(-1, 2), np.ones((len(items) * 4, 1))], axis=1)
    mapped = flat @ geometry.matrix.T
    points = (mapped[:, :2] / mapped[:, 2:]).reshape(len(items), 4, 2)
    w, h = size
    lows = np.maximum(np.floor(points.min(axis=1)), 0).astype(int)
    highs = np.minimum(np.ceil(points.max(axis=1)), [w, h]).astype(int)
    quads = np.round(points, 1).tolist()
    for item, quad, low, high in zip(items, quads, lows.tolist(), highs.tolist(), strict=True):
        item["quad"] = quad
        item["box"] = [low[0], low[1], high[0], high[1]]
