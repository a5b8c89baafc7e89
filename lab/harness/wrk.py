"""Run wrk against 127.0.0.1 and read its report."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
POST_JSON = """wrk.method = "POST"
wrk.body = '{"name": "Widget", "price": 9.5}'
wrk.headers["Content-Type"] = "application/json"
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors plus answers that were not 2xx/3xx


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse(output: str) -> WrkResult:
    """Read wrk's ``--latency`` report; raises ValueError when a figure is missing."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    if not rps or not total or "99" not in percentiles or "50" not in percentiles:
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        requests=int(total.group(1)),
        rps=float(rps.group(1)),
        p50_ms=_duration_ms(percentiles["50"]),
        p99_ms=_duration_ms(percentiles["99"]),
        errors=errors,
    )


def command(url: str, connections: int, seconds: int, script: Path | None = None) -> list[str]:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the lab only sends load to 127.0.0.1")
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        args += ["-s", str(script)]
    return [*args, url]


def run(url: str, connections: int, seconds: int, *, post_json: bool = False,
        prefix: list[str] | None = None) -> WrkResult:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(POST_JSON)
        script.flush()
        args = command(url, connections, seconds, Path(script.name) if post_json else None)
        out = subprocess.run([*(prefix or []), *args], capture_output=True, text=True,
                             timeout=seconds + 30, check=True).stdout
    return parse(out)
