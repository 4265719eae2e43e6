"""The files that describe a finished output to people and tools, written after its manifest.

``OUT/README.md`` (the dataset card: ``load_dataset(OUT)`` works) and
``OUT/report.html`` (the run report). Both are rebuilt from the finished output
alone, so ``babelshard report OUT`` can rewrite them at any time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from babelshard.pipelines.io.dataset_card import write_card
from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.report_html import write_report

LOG = logging.getLogger(__name__)


def document_output(out_dir: str, manifest: Mapping[str, Any] | None = None) -> list[str]:
    """Write the dataset card and the run report; returns their paths.

    The data is complete once the manifest is written, so a failure here is
    logged with the command that retries it and never fails the finished job.
    """
    manifest = manifest or read_manifest(out_dir)
    written = []
    for write in (write_card, write_report):
        try:
            written.append(write(out_dir, manifest))
        except (OSError, ValueError, KeyError) as error:
            LOG.warning(
                "%s: could not write %s (%s); the data is complete, retry with "
                "`babelshard report %s`",
                out_dir,
                write.__name__,
                error,
                out_dir,
            )
    return written
