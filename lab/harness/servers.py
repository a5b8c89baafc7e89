"""Start a sample under its production server on 127.0.0.1 and stop it again."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lab.harness.envs import env_bin_path, env_dir
from lab.harness.manifest import Manifest

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    manifest: Manifest
    port: int
    process: subprocess.Popen
    log: Path
    startup_ms: float

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def answers(port: int, path: str = "/hello", timeout: float = 1.0) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("GET", path)
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


@contextlib.contextmanager
def running(manifest: Manifest, *, timeout: float = 60.0,
            prefix: list[str] | None = None,
            extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """The sample's server, started and answering ``GET /hello``; stopped on exit."""
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{env_bin_path(manifest.slug)}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(env_dir(manifest.slug)),
        "PORT": str(port),
        "PYTHONDONTWRITEBYTECODE": "1",
        **(extra_env or {}),
    }
    for leaked in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "SECRET_KEY", "DEBUG"):
        env.pop(leaked, None)
    log = Path(tempfile.mkstemp(prefix=f"lab-{manifest.slug}-", suffix=".log")[1])
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*(prefix or []), *manifest.command_for(port)],
            cwd=manifest.folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(manifest, port, process, log, 0.0)
    try:
        deadline = started + timeout
        while not answers(port, timeout=2.0):
            if process.poll() is not None:
                raise RuntimeError(
                    f"{manifest.slug}: server exited with {process.returncode}\n"
                    f"{server.log_tail()}"
                )
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{manifest.slug}: no answer within {timeout:.0f} s\n"
                                   f"{server.log_tail()}")
            time.sleep(0.01)
        server.startup_ms = (time.perf_counter() - started) * 1000
        yield server
    finally:
        stop(process)
        log.unlink(missing_ok=True)


def stop(process: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM the server's process group (it was started as its own session), then SIGKILL."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total
