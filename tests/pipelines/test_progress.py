"""The progress bar: only for in-process local runs on a terminal; elements pass unchanged."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that, equal_to

from babelshard.pipelines import progress
from babelshard.pipelines.progress import Progress, wants_progress


def test_only_in_process_direct_runs_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True, raising=False)
    assert wants_progress(PipelineOptions([]))
    assert wants_progress(PipelineOptions(["--runner=DirectRunner"]))
    assert not wants_progress(PipelineOptions(["--direct_running_mode=multi_processing"]))
    assert not wants_progress(PipelineOptions(["--runner=PortableRunner"]))
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: False, raising=False)
    assert not wants_progress(PipelineOptions([]))


def test_elements_pass_through_and_are_counted(capsys):
    with beam.Pipeline() as pipeline:
        out = pipeline | beam.Create(range(7)) | beam.ParDo(Progress("items", "it"))
        assert_that(out, equal_to(list(range(7))))
    err = capsys.readouterr().err
    assert "items: 7it" in err, err
