"""Carriers: how samples and records cross the translate job's stage boundaries.

Packed values work on every runner; an in-process carrier hands the very objects
over and only works in the process that made it, so the job picks it only when
every stage runs here (``runners.runs_in_this_process``).
"""

from __future__ import annotations

import pickle

import pytest
from apache_beam.coders import registry
from apache_beam.options.pipeline_options import PipelineOptions

from babelshard.pipelines import packing
from babelshard.pipelines.packing import PACKED, Batch, BatchCoder, InProcess, packed
from babelshard.pipelines.runners import runs_in_this_process
from babelshard.pipelines.translate import RecentPieces


def test_packed_values_come_back_equal_from_bytes():
    value = {"key": "k", "turns": [1, 2.5, None]}
    sent = PACKED.send(value)
    assert isinstance(sent, bytes)
    assert PACKED.receive(sent) == value


def test_in_process_hands_over_the_same_object_once():
    with InProcess() as carrier:
        batch = [{"text": "a"}, {"text": "b"}]
        ticket = carrier.send(batch)
        # Beam pickles the stages (and the carrier in them) and unpickles them here.
        stage = pickle.loads(pickle.dumps(carrier))
        assert pickle.loads(pickle.dumps(ticket)) == ticket
        assert stage.receive(ticket) is batch
        with pytest.raises(KeyError):
            stage.receive(ticket)  # taken: each value is received once


def test_tickets_of_two_carriers_do_not_mix():
    with InProcess() as first, InProcess() as second:
        one, two = first.send("first"), second.send("second")
        assert one != two
        with pytest.raises(KeyError):
            first.receive(two)
        assert (first.receive(one), second.receive(two)) == ("first", "second")


def test_a_closed_carrier_holds_nothing_and_says_why():
    carrier = InProcess()
    ticket = carrier.send("kept until the job ends")
    carrier.close()
    with pytest.raises(RuntimeError, match="outside the process"):
        carrier.receive(ticket)


@pytest.mark.parametrize(
    ("args", "here"),
    [
        ([], True),
        (["--runner=DirectRunner"], True),
        (["--runner=FnApiRunner", "--direct_running_mode=in_memory"], True),
        (["--direct_running_mode=multi_threading"], False),
        (["--direct_running_mode=multi_processing", "--direct_num_workers=2"], False),
        (["--environment_type=DOCKER"], False),
        (["--direct_runner_bundle_repeat=1"], False),
        (["--runner=PortableRunner"], False),
        (["--runner=PrismRunner"], False),
        (["--runner=DataflowRunner"], False),
    ],
)
def test_only_in_memory_in_process_runs_hand_values_over(args, here):
    assert runs_in_this_process(PipelineOptions(args)) is here


def test_a_batch_has_its_own_coder_that_sizes_it_without_pickling(monkeypatch):
    """Beam sizes some elements of every output for its metrics: a batch of records is
    sized by its length, and pickled whole only where it really crosses a boundary."""
    batch = Batch([{"text": "a"}, {"text": "b"}])
    coder = registry.get_coder(Batch)
    assert isinstance(coder, BatchCoder)
    copy = coder.decode(coder.encode(batch))
    assert isinstance(copy, Batch) and copy == batch

    def no_pickling(value):
        raise AssertionError("sized by pickling")

    monkeypatch.setattr(packing, "packed", no_pickling)
    assert coder.get_impl().estimate_size(batch) == 2 * BatchCoder.RECORD_BYTES


def test_reassembly_unpickles_a_piece_once_for_the_batches_that_share_it():
    recent = RecentPieces(limit=2)
    first, second, third = (packed(("piece", n)) for n in range(3))
    held = recent.unpacked(first)
    assert held == ("piece", 0) and recent.unpacked(bytes(first)) is held
    recent.unpacked(second)
    assert recent.unpacked(third) == ("piece", 2) and len(recent.held) == 1  # started again
