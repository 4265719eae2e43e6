"""Beam's state-and-timer introspection of a DoFn, answered once per DoFn class.

Beam asks ``userstate.get_dofn_specs(dofn)`` about every DoFn several times a job
(a ``ParDo`` as it is made, checked, turned into its runner proto, and again in
each bundle processor, on the DoFn unpickled there): 1,336 times for a chunked
run's two jobs. Each answer reads the signature of every bound method of the DoFn
(``dir(dofn)``: some thirty, most of them ``DoFn``'s own) with ``inspect``: about a
quarter of a small job's CPU, paid again by every chunk (BENCHMARKS.md, issue 11,
"thirteenth step").

The answer depends only on the functions behind those bound methods (their
parameters' defaults name the state and timer specs), so it is kept by them: the
DoFn's class and, for each name that is a bound method, the function it binds.
Where Beam would read something else, Beam answers itself: an ``_inspect_<name>``
hook beside a bound method (Beam calls it instead of reading the signature, and it
may read the instance: ``CallableWrapperDoFn`` over a bound method, Beam's
type-check wrapper) or a bound method that is not a plain function's.
"""

from __future__ import annotations

import contextlib
import types
import weakref
from collections.abc import Iterator
from typing import Any

from apache_beam.transforms import userstate

Specs = tuple[set[Any], set[Any]]
"""``(state specs, timer specs)``, as ``userstate.get_dofn_specs`` gives them."""

BEAMS_OWN = userstate.get_dofn_specs

_KNOWN: weakref.WeakKeyDictionary[type, dict[tuple, tuple[frozenset, frozenset]]] = (
    weakref.WeakKeyDictionary()
)


def _bound_functions(dofn: Any) -> tuple[tuple[str, Any], ...] | None:
    """``(name, function)`` of each bound method Beam reads; None where its answer
    could depend on more than those functions."""
    bound = []
    for name in dir(dofn):
        method = getattr(dofn, name, None)
        if not isinstance(method, types.MethodType):
            continue
        function = method.__func__
        if not isinstance(function, types.FunctionType) or hasattr(dofn, f"_inspect_{name}"):
            return None
        bound.append((name, function))
    return tuple(bound)


def dofn_specs(dofn: Any) -> Specs:
    """``userstate.get_dofn_specs(dofn)``, made once per class and bound functions."""
    key = _bound_functions(dofn)
    if key is None:
        return BEAMS_OWN(dofn)
    known = _KNOWN.setdefault(type(dofn), {})
    specs = known.get(key)
    if specs is None:
        states, timers = BEAMS_OWN(dofn)  # raises as Beam does (then nothing is kept)
        specs = known[key] = frozenset(states), frozenset(timers)
    return set(specs[0]), set(specs[1])


@contextlib.contextmanager
def specs_once() -> Iterator[None]:
    """Beam asks :func:`dofn_specs` inside the block (every module of Beam calls it as
    ``userstate.get_dofn_specs``); its own function comes back afterwards."""
    before = userstate.get_dofn_specs
    userstate.get_dofn_specs = dofn_specs
    try:
        yield
    finally:
        userstate.get_dofn_specs = before
