"""A job run in this process collects garbage less often, and gives the caller's
collector settings back afterwards, also when the job fails."""

from __future__ import annotations

import gc
import weakref

import pytest

from babelshard.filters.policy import collector_paused
from babelshard.pipelines.job import (
    YOUNG_COLLECTION_THRESHOLD,
    collections_for,
    fewer_collections,
)


def test_fewer_collections_while_the_job_runs_and_the_callers_settings_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0  # what existed before is left out of its passes
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_only_a_job_in_this_process_changes_the_collector():
    """A job whose stages run elsewhere leaves this process's collector as it is."""
    before = gc.get_threshold()
    with collections_for(in_process=False):
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0
    with collections_for(in_process=True):
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before


def test_a_failing_job_gives_the_settings_back():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a job's fault")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


class _Node:
    pass


def cycle_left_behind() -> weakref.ref:
    """A reference cycle nothing points to (as a finished job leaves), by a weak reference."""
    node = _Node()
    node.itself = node
    return weakref.ref(node)


def test_cycles_an_earlier_job_left_are_freed_not_frozen_into_the_next():
    """A chunked run starts one job after another: what the last one left in cycles
    must not be frozen (and kept) for the rest of the run."""
    with collector_paused():
        left = cycle_left_behind()
        with fewer_collections():
            assert left() is None


def test_a_job_inside_a_frozen_run_keeps_that_freeze_and_frees_what_came_after_it():
    """A chunked run freezes once around its chunks; each chunk's job leaves that freeze
    alone (so its collection skips the imports) and still frees the last chunk's cycles."""
    with collector_paused(), fewer_collections():
        left = cycle_left_behind()
        with fewer_collections():
            assert left() is None
        # Still frozen (the count itself drops as frozen objects die by refcount).
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_paused_batch_leaves_its_survivors_old_and_nothing_frozen():
    """What a batch made that lives on goes to the oldest generation without a young
    pass; a freeze the caller holds stays as it is."""
    with collector_paused():
        kept = [_Node() for _ in range(2000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < len(kept)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            kept += [_Node() for _ in range(1000)]
        # Neither thawed nor grown by the batch's objects (the count itself drops as
        # frozen objects die by refcount).
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
