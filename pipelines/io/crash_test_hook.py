"""Test-only fault injection: SIGKILL the running job at a named point.

The reliability suite (``tests/reliability/``) proves that a job killed at any
moment can be re-run to the same result. To kill it at a *known* moment, not
after a guessed sleep, the job calls :func:`crash_point` at a few places::

    translate   after a work-cache file of finished translations is written
    write       after a shard bucket's temporary tar and sidecar are written
    finalize    after the first shard is renamed to its final name
    manifest    after the manifest's temporary file is written, before its rename

``BABELSHARD_TEST_CRASH_AT=POINT`` (or ``POINT:N``, the N-th time) makes the
process kill itself with SIGKILL there: no ``finally`` blocks, no atexit, just
like an OOM kill or a preempted machine. Without the variable, which is the
case outside tests, a crash point is one environment lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "BABELSHARD_TEST_CRASH_AT"
POINTS = ("translate", "write", "finalize", "manifest")

_reached: Counter[str] = Counter()


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL if ``BABELSHARD_TEST_CRASH_AT`` asks for ``name`` now."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _reached[name] += 1
    if _reached[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
