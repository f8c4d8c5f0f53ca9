"""Real leadtool processes for tests: the CLI in a child Python, held still at a chosen point.

A test that signals or kills a command "mid-export" must know the command is there: the child
runs leadtool's real `main()` with one function wrapped so that, once it has run, the child
writes a marker file and sleeps. The test waits for the marker (bounded), then acts. Module
constants can be set first (a threshold lowered so that a small store takes the big path).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

# Runs in the child: argv[1] is the JSON spec, the rest are leadtool's arguments.
_HARNESS = """
import importlib, json, sys, time
from pathlib import Path

spec = json.loads(sys.argv[1])
for dotted, value in spec["set"].items():
    module, name = dotted.split(":")
    setattr(importlib.import_module(module), name, value)
module, name = spec["pause"].split(":")
owner = importlib.import_module(module)
real = getattr(owner, name)

def paused(*args, **kwargs):
    result = real(*args, **kwargs)
    Path(spec["marker"]).write_text("paused")
    time.sleep(300)
    return result

setattr(owner, name, paused)
sys.argv = ["leadtool", *sys.argv[2:]]
from leadtool.cli import main
main()
"""

WAIT = 60.0  # seconds: a bound, never a timing the test asserts


def start_paused(
    tmp_path: Path, pause: str, args: list[str], settings: dict[str, object] | None = None
) -> subprocess.Popen[bytes]:
    """Start `leadtool ARGS` in a child that stops after `pause` ("module:function") has run,
    and return once it has stopped there."""
    marker = tmp_path / "paused"
    spec = {"pause": pause, "marker": str(marker), "set": settings or {}}
    env = {**os.environ, "LEADTOOL_DB": ""}
    cmd = [sys.executable, "-c", _HARNESS, json.dumps(spec), *args]
    # Files, not pipes: a worker that outlives the command would hold a pipe open for good.
    with (tmp_path / "stdout").open("wb") as out, (tmp_path / "stderr").open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
    deadline = time.monotonic() + WAIT
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not marker.exists():
        proc.kill()
        proc.wait()
        raise AssertionError(f"the command never reached {pause}: {stderr(tmp_path)[-2000:]}")
    return proc


def stderr(tmp_path: Path) -> str:
    """What the command started by `start_paused` wrote on stderr."""
    return (tmp_path / "stderr").read_text(errors="replace")


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def survivors(procs: list[psutil.Process], wait: float = WAIT) -> list[psutil.Process]:
    """Those of `procs` still running after waiting up to `wait` seconds for them to end.

    An orphan that has ended may stay a zombie until whoever adopted it reaps it: ended."""
    deadline = time.monotonic() + wait
    alive = procs
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        if alive:
            time.sleep(0.1)
    return alive


def kill_all(procs: list[psutil.Process]) -> None:
    """End what a failing test left running (the processes it started, by their id)."""
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()


def _running(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
