"""Outputs are never replaced by accident: a finished dataset and a running job are guarded.

Before a job is built, :func:`check_finished` compares the config a finished
output's manifest records with the new one: another config is refused, naming
the differences and ``--overwrite``; the same config means there is nothing to
do. While a job writes, :func:`lease` holds ``OUT/_lease.json``: a second job
into the same output is refused, naming the holder and how to break a stale
lease. A lease left by a dead process of this machine is taken over by itself.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.manifest import read_manifest
from babelshard.pipelines.options import ConfigError, RunConfig
from babelshard.pipelines.provenance import HOW_ONLY

LEASE_NAME = "_lease.json"
# What a finished output is compared on: the recorded options, not how a run worked
# (HOW_ONLY) nor the provenance (the model's resolved device and the like).
NOT_COMPARED = HOW_ONLY | {"provenance"}


def check_finished(config: RunConfig) -> dict[str, Any] | None:
    """The manifest of a finished output of this same config (nothing to do), else None.

    Raises :class:`ConfigError` when the output holds a finished dataset of another
    config and ``config.overwrite`` is not set.
    """
    try:
        manifest = read_manifest(config.output)
    except (FileNotFoundError, ValueError):
        return None
    differences = config_differences(manifest.get("config") or {}, config)
    if not differences:
        return manifest
    if config.overwrite:
        return None
    raise ConfigError(
        f"--output {config.output} holds a finished dataset of another config "
        f"({'; '.join(differences)}): pass --overwrite to replace it, or pick another --output"
    )


def config_differences(recorded: dict[str, Any], config: RunConfig) -> list[str]:
    """``--limit 50 (now: none)`` for each option whose value differs from the recorded one."""
    current = json.loads(json.dumps(config.to_dict(), default=str))
    differences = []
    for name, value in current.items():
        if name in NOT_COMPARED or recorded.get(name, value) == value:
            continue
        flag = "--" + name.replace("_", "-")
        differences.append(f"{flag} was {_shown(recorded.get(name))}, now {_shown(value)}")
    return differences


def _shown(value: Any) -> str:
    return "none" if value is None else str(value)


# -- the lease ---------------------------------------------------------------------------------


@contextmanager
def lease(output: str) -> Iterator[None]:
    """Hold ``OUT/_lease.json`` while a job writes ``output``; refuse a second holder."""
    path = filesystem.join(output, LEASE_NAME)
    holder = _read_lease(path)
    if holder is not None and not _is_stale(holder):
        raise ConfigError(
            f"another job is writing into {output} (pid {holder.get('pid')} on "
            f"{holder.get('host')}, since {holder.get('started')}): wait for it, or if it is "
            f"no longer running, delete {path} and start again"
        )
    token = uuid.uuid4().hex
    mine = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "token": token,
    }
    created = filesystem.is_local(output) and not os.path.isdir(output)
    filesystem.makedirs(output)
    filesystem.write_atomic(path, json.dumps(mine).encode("utf-8"))
    if (_read_lease(path) or {}).get("token") != token:  # another job wrote at the same time
        raise ConfigError(
            f"another job started writing into {output} just now: run one job per output"
        )
    try:
        yield
    finally:
        if (_read_lease(path) or {}).get("token") == token:
            filesystem.delete([path])
        if created and not os.listdir(output):
            os.rmdir(output)  # a job refused before writing leaves no trace


def _read_lease(path: str) -> dict[str, Any] | None:
    if not filesystem.exists(path):
        return None
    try:
        return json.loads(filesystem.read_bytes(path).decode("utf-8"))
    except (OSError, ValueError):
        return {}  # unreadable: treat as held, so the message says how to break it


def _is_stale(holder: dict[str, Any]) -> bool:
    """A lease of this machine whose process is gone (another machine's cannot be told)."""
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
