"""WebDataset writer for every babelshard job (API skeleton; implementation follows).

``WriteDataset`` takes ``{"records": PCollection[ShardRecord], "rejects":
PCollection[RejectRecord], "parallel": PCollection[dict]}`` ("rejects" and
"parallel" may be left out) and returns a PCollection holding one string: the
path of ``OUT/manifest.json``, written last as the completion marker.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.pvalue import PCollection


class WriteDataset(beam.PTransform):
    """Write shards, sidecars, rejects, parallel text and the manifest under ``output_dir``."""

    def __init__(
        self,
        output_dir: str,
        *,
        shard_size: int = 1000,
        config: dict[str, Any] | None = None,
        input_count: int | PCollection | None = None,
        image_limits: Any = None,
        table_rows: int = 100_000,
    ) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.shard_size = shard_size
        self.config = config or {}
        self.input_count = input_count
        self.image_limits = image_limits
        self.table_rows = table_rows

    def expand(self, inputs: dict[str, PCollection]) -> PCollection:
        raise NotImplementedError("WriteDataset is being implemented")
