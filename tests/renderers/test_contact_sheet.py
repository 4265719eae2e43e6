"""A contact sheet across scripts, written where a person can look at it.

Set ``BABELSHARD_ARTIFACTS=DIR`` to keep ``render_documents.png`` and
``render_charts.png`` there; otherwise they go to pytest's tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from babelshard.renderers.contact_sheet import render_contact_sheet
from babelshard.renderers.samples import CONTACT_SHEET_LANGS


@pytest.mark.parametrize("charts", [False, True], ids=["documents", "charts"])
def test_contact_sheet_across_scripts(tmp_path, charts):
    out_dir = Path(os.environ.get("BABELSHARD_ARTIFACTS", tmp_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    sheet = render_contact_sheet(charts=charts, size=384, columns=4)
    path = out_dir / f"render_{'charts' if charts else 'documents'}.png"
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
