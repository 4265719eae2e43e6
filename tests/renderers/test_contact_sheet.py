"""A contact sheet across scripts, written where a person can look at it.

Set ``BABELSHARD_ARTIFACTS=DIR`` to keep ``render_scenes.png``, ``render_pages.png`` and
``render_charts.png`` there; otherwise they go to pytest's tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from babelshard.renderers.contact_sheet import render_contact_sheet
from babelshard.renderers.samples import CONTACT_SHEET_LANGS


@pytest.mark.parametrize("kind", ["scenes", "pages", "charts"])
def test_contact_sheet_across_scripts(tmp_path, kind):
    out_dir = Path(os.environ.get("BABELSHARD_ARTIFACTS", tmp_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    sheet = render_contact_sheet(
        charts=kind == "charts", pages=kind == "pages", size=384, columns=4
    )
    path = out_dir / f"render_{kind}.png"
    sheet.save(path)
    rows = -(-len(CONTACT_SHEET_LANGS) // 4)
    assert sheet.width == 4 * 384 and sheet.height > rows * 384
    # Every cell holds a drawn page, not a blank one.
    arr = np.asarray(sheet.convert("L"), dtype=np.float32)
    cell_h = sheet.height // rows
    for i in range(len(CONTACT_SHEET_LANGS)):
        r, c = divmod(i, 4)
        cell = arr[r * cell_h + 40 : (r + 1) * cell_h, c * 384 : (c + 1) * 384]
        assert cell.std() > 10, CONTACT_SHEET_LANGS[i]


def test_captions_stay_inside_their_tiles():
    """A long caption (a CJK font's name) ran over into the next tile."""
    from PIL import Image

    from babelshard.renderers.contact_sheet import contact_sheet

    caption = "zho_Hans  NotoSansCJK-Regular.ttc#2 and a much longer description than fits"
    tile = Image.new("RGB", (64, 64), "white")
    sheet = contact_sheet([(tile, caption), (tile, "")], columns=2, thumb=128)
    band = np.asarray(sheet.convert("L"))[: max(14, 128 // 16)]
    assert (band[:, :124] < 128).any()  # the caption was drawn
    assert not (band[:, 124:] < 200).any()  # and stopped before the next tile
