"""Beam's state-and-timer introspection, answered once per DoFn class: the same answers
as Beam's own, for every DoFn of a translate job and for DoFns whose answer is the
instance's own."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.coders import VarIntCoder
from apache_beam.pipeline import PipelineVisitor
from apache_beam.transforms import userstate
from apache_beam.transforms.core import CallableWrapperDoFn
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from test_translate_job import human_config

from babelshard.pipelines.dofn_specs import BEAMS_OWN, dofn_specs, specs_once
from babelshard.pipelines.translate import build_translate_pipeline

BAG = BagStateSpec("seen", VarIntCoder())
TIMER = TimerSpec("flush", TimeDomain.WATERMARK)
SEEN = beam.DoFn.StateParam(BAG)
FLUSH = beam.DoFn.TimerParam(TIMER)


class Stateful(beam.DoFn):
    def process(self, element, seen=SEEN, flush=FLUSH):
        seen.add(element)
        yield element

    @on_timer(TIMER)
    def flushed(self):
        return iter(())


class Plain(beam.DoFn):
    def process(self, element):
        yield element


class Holder:
    """A bound method with a state parameter, to hang on an instance."""

    def with_state(self, element, seen=SEEN):
        return [element]


class ParDos(PipelineVisitor):
    """The DoFn of every ParDo of a pipeline."""

    def __init__(self) -> None:
        self.dofns: list[beam.DoFn] = []

    def visit_transform(self, applied) -> None:
        if isinstance(applied.transform, beam.ParDo):
            self.dofns.append(applied.transform.fn)


def test_every_dofn_of_a_translate_job_gets_beams_own_answer(human_corpus, tmp_path):
    config = human_config(human_corpus, tmp_path / "out", fallback_english=True)
    pipeline = beam.Pipeline()
    build_translate_pipeline(pipeline, config, config.translator_config())
    pardos = ParDos()
    pipeline.visit(pardos)
    dofns = pardos.dofns
    assert len({type(dofn) for dofn in dofns}) > 10
    for dofn in dofns:
        assert dofn_specs(dofn) == BEAMS_OWN(dofn)
        assert dofn_specs(dofn) == BEAMS_OWN(dofn)  # kept, and still the same


def test_state_and_timer_specs_are_found_and_kept_per_class():
    assert dofn_specs(Stateful()) == ({BAG}, {TIMER}) == BEAMS_OWN(Stateful())
    assert dofn_specs(Stateful()) == ({BAG}, {TIMER})  # a second instance: the kept answer
    assert dofn_specs(Plain()) == (set(), set())


def test_a_bound_method_of_the_instance_is_read_as_beam_reads_it():
    """``beam.Map(obj.method)`` hangs a bound method on its DoFn instance: the answer is
    that instance's, not the class's."""
    plain = CallableWrapperDoFn(lambda element: [element])
    assert dofn_specs(plain) == (set(), set())
    stateful = CallableWrapperDoFn(Holder().with_state)
    assert dofn_specs(stateful) == ({BAG}, set()) == BEAMS_OWN(stateful)
    assert dofn_specs(CallableWrapperDoFn(lambda element: [element])) == (set(), set())


def test_an_instance_that_shadows_a_method_with_another_bound_method():
    shadowed = Plain()
    shadowed.process = Holder().with_state
    assert dofn_specs(Plain()) == (set(), set())
    assert dofn_specs(shadowed) == ({BAG}, set()) == BEAMS_OWN(shadowed)


def test_the_answers_are_fresh_sets():
    first = dofn_specs(Stateful())
    first[0].clear()
    assert dofn_specs(Stateful()) == ({BAG}, {TIMER})


def test_specs_once_gives_beams_function_back():
    with specs_once():
        assert userstate.get_dofn_specs is dofn_specs
    assert userstate.get_dofn_specs is BEAMS_OWN
