"""A terminal progress bar for local runs.

Beam's DirectRunner runs a job's stages one after another in this process, so
a pass-through step can count what flows through a stage. On other runners
(or multi-process direct runs, or without a terminal) the step is left out:
progress there lives in the runner's UI and Beam's counters.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from babelshard.pipelines.runners import runs_in_this_process


def wants_progress(options: PipelineOptions) -> bool:
    """True for an in-process DirectRunner job whose stderr is a terminal."""
    return runs_in_this_process(options) and sys.stderr.isatty()


class Progress(beam.DoFn):
    """Pass elements through unchanged, counting them on a progress bar."""

    def __init__(self, label: str, unit: str) -> None:
        self.label = label
        self.unit = unit

    def setup(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=self.label, unit=self.unit, file=sys.stderr, leave=True)

    def process(self, element: Any) -> Iterator[Any]:
        self.bar.update(1)
        yield element

    def teardown(self) -> None:
        self.bar.close()
