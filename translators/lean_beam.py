"""Apache Beam, imported without the MongoDB client a babelshard job never uses.

``import apache_beam`` loads every IO connector Beam ships, among them its
MongoDB IO and with it pymongo: about a tenth of the import's CPU time, paid at
every job's start (BENCHMARKS.md, "eleventh step"). Beam expects pymongo to be
missing (it imports it inside ``try: ... except ImportError``), so it is blocked
(:func:`blocked`) only while Beam's package loads; a later ``import pymongo``
loads it as usual. Importing this module first is all it takes:
``pipelines/job.py`` does, the module every job (``babelshard run``, the benches)
starts from, and so does the CLI's check of Beam's arguments (its own argument
checks still answer before Beam loads). pandas,
which Beam also tries, is left alone: pyarrow imports it in every job anyway, at
its first ``pa.array``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

UNUSED_BY_JOBS = ("pymongo", "bson")
"""Optional imports of Beam's package that no babelshard job needs (bson: pymongo's)."""

_MONGODB_LOG = "apache_beam.io.mongodbio"  # warns when pymongo is missing


@contextlib.contextmanager
def blocked(*modules: str) -> Iterator[None]:
    """Imports of ``modules`` raise ``ImportError`` inside the block (as if they were not
    installed), unless one was imported already; afterwards they import as usual."""
    absent = [name for name in modules if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # None: an ImportError
    try:
        yield
    finally:
        for name in absent:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def _import_beam() -> None:
    if "apache_beam" in sys.modules:
        return
    quiet = logging.getLogger(_MONGODB_LOG)
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "Could not find a compatible bson package."
    try:
        with blocked(*UNUSED_BY_JOBS):
            import apache_beam  # noqa: F401
    finally:
        quiet.setLevel(level)


_import_beam()
