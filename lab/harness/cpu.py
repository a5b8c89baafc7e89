"""CPU cost per request, counted in instructions under Valgrind's callgrind.

The server runs under ``valgrind --tool=callgrind --instr-atstart=no
--trace-children=yes``: start-up and warm-up run uninstrumented, then
``callgrind_control`` switches instrumentation on in every process of the server's
tree, zeroes the counters, a keep-alive client sends a fixed number of requests, and
the counters (every thread of every process: master, workers, runtime threads) are
read back. Instructions executed for the same code and the same input repeat to
within a fraction of a percent whatever else the machine is doing, which is what a
figure that ranks frameworks needs on a shared two-core machine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lab.harness import manifest as manifests
from lab.harness.servers import HOST, Server, running

BODY = b'{"name": "Widget", "price": 9.5}'
# Programs a server may run that are not part of it (ctypes' library lookup, shells).
SKIP = "*/sh,*/bash,*/dash,*/uname,*/ldconfig,*/ldconfig.real,*/gcc,*/cc,*/ld,*/node,*/bun,*/git"
# Under callgrind a start-up is 5-20 times slower than natively.
START_TIMEOUT = 600.0
WARMUP_REQUESTS = 30
# Some servers do work on a clock whether or not a request comes (uvicorn's tick every
# 0.1 s; Gradio's queue polls every 1 ms on Linux, `sleep_when_free` in its queueing.py).
# That work is part of the count (the figure is what the server executes while it
# answers), and it grows with the time the requests take. Every round also records the
# server's idle instruction rate over IDLE_SECONDS, so a figure that moves with the load
# shows why. (Subtracting it was tried: a poll every 1 ms under callgrind is bounded by
# the CPU the process gets, so an idle rate overstates what runs beside requests, and
# Gradio's figure fell below the bare app's.)
IDLE_SECONDS = float(os.environ.get("LAB_IDLE_SECONDS", "1"))
# Under callgrind a worker starts and answers 5-50 times slower, slower still on a loaded
# machine: supervisors that kill a worker that is late to report in get more patience
# (Sanic's worker acknowledgement, gunicorn's worker timeout). Only under callgrind.
PATIENCE = {"GUNICORN_CMD_ARGS": "--timeout 600"}
# Sanic's manager kills a worker that has not reported within 30 s (a constant), which a
# worker starting under callgrind on a busy machine can miss: under callgrind only, Sanic
# serves from one process (its `--single-process`), the same worker code per request
# without the manager's monitoring loop.
UNDER_CALLGRIND = {"sanic": ["--single-process"]}


def valgrind_prefix(out_dir: Path) -> list[str]:
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        raise RuntimeError("valgrind is missing: apt-get install -y valgrind")
    return [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", "--trace-children=yes",
        f"--trace-children-skip={SKIP}", "--collect-atstart=yes", "--dump-line=no",
        f"--callgrind-out-file={out_dir}/callgrind.%p", "--log-file=/dev/null",
    ]


def tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def control(pids: list[int], *args: str) -> str:
    if not pids:
        return ""
    out = subprocess.run(["callgrind_control", *args, *map(str, pids)], capture_output=True,
                         text=True, timeout=120)
    return out.stdout


def instructions(pids: list[int]) -> int:
    """Instructions counted since the last zeroing, over every thread of every process."""
    total = 0
    for line in control(pids, "-e", "Ir").splitlines():
        match = re.match(r"\s*Th\s+\d+\s+([\d,]+)", line)
        if match:
            total += int(match.group(1).replace(",", ""))
    return total


def drive(port: int, kind: str, count: int) -> int:
    """Send `count` requests over keep-alive where the server keeps it (http.client opens
    a new connection after a server closes one); returns the failed answers."""
    failed = 0
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        for _ in range(count):
            if kind == "hello":
                conn.request("GET", "/hello")
            else:
                conn.request("POST", "/items", body=BODY,
                             headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                failed += 1
            if response.will_close:
                conn.close()
    finally:
        conn.close()
    return failed


class Counted:
    """A server under callgrind, warmed up and with instrumentation on."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.manifest = manifests.load(slug)
        extra = UNDER_CALLGRIND.get(slug)
        if extra:
            self.manifest = dataclasses.replace(self.manifest,
                                                command=(*self.manifest.command, *extra))
        self._stack = contextlib.ExitStack()
        self.server: Server | None = None

    def start(self) -> Counted:
        try:
            out = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-cg-")))
            self.server = self._stack.enter_context(
                running(self.manifest, prefix=valgrind_prefix(out), timeout=START_TIMEOUT,
                        extra_env=PATIENCE)
            )
            drive(self.server.port, "hello", WARMUP_REQUESTS)
            drive(self.server.port, "json", WARMUP_REQUESTS)
            control(tree(self.server.process.pid), "-i", "on")
            # Interpreters specialise hot code paths and fill caches on first use; a second
            # pass, instrumented but not counted, settles what instrumentation changed.
            drive(self.server.port, "hello", 5)
            drive(self.server.port, "json", 5)
        except BaseException:
            self._stack.close()  # never leave a server running
            raise
        return self

    def sample(self, requests: int) -> dict:
        """Instructions per request for GET /hello and POST /items (one round), and the
        server's idle instruction rate (what its clock work costs per second)."""
        assert self.server is not None
        port, pids = self.server.port, tree(self.server.process.pid)
        figures, failed = {}, 0
        for kind in ("hello", "json"):
            control(pids, "-z")
            failed += drive(port, kind, requests)
            counted = instructions(pids)
            if counted == 0:  # a process the counters were not switched on in answered
                failed += 1
            figures[f"instr_{kind}"] = round(counted / requests)
        figures["instr_per_request"] = round((figures["instr_hello"] + figures["instr_json"]) / 2)
        control(pids, "-z")
        idle_started = time.perf_counter()
        time.sleep(IDLE_SECONDS)
        idle = instructions(pids)
        figures["instr_idle_per_s"] = round(idle / (time.perf_counter() - idle_started))
        return {**figures, "failed": failed}

    def stop(self) -> None:
        self._stack.close()


@contextlib.contextmanager
def counted(slug: str) -> Iterator[Counted]:
    c = Counted(slug).start()
    try:
        yield c
    finally:
        c.stop()
