"""The production server as configured (config/gunicorn.py): connections a
browser opens and leaves idle cannot starve it, and never get a bare 500."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from tests.live import AppServer, manage, server_env, temporary_database

pytestmark = pytest.mark.live

TIMEOUT = 3  # the worker timeout for this test (production: 30 s)


def _idle_connection(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port))


def _what_it_got(connection: socket.socket) -> bytes:
    connection.settimeout(0.5)
    try:
        return connection.recv(4096)
    except OSError:
        return b""
    finally:
        connection.close()


def test_idle_connections_past_the_timeout_leave_pages_answering_and_get_no_bare_500(tmp_path):
    log = tmp_path / "gunicorn.log"
    with temporary_database(tmp_path) as url:
        env = server_env(url, GUNICORN_TIMEOUT=str(TIMEOUT))
        manage(env, "migrate", "--no-input")
        manage(env, "load_catalogue")
        server = AppServer(env, 1, "--error-logfile", str(log), production=True)
        try:
            # Spare connections browsers open and never use, more of them than the
            # worker has threads (each waits for a request in a thread for up to
            # 5 s, then in the worker's poller).
            idle = [_idle_connection(server.port) for _ in range(12)]
            # Idle for longer than the worker timeout: what is under test is time.
            time.sleep(TIMEOUT * 2)
            started = time.monotonic()
            for path in ("/", "/frameworks/flask/", "/healthz"):
                with urllib.request.urlopen(server.base + path, timeout=10) as response:
                    assert response.status == 200, path
            # Not killed and restarted cold, nor queued behind the idle connections.
            assert time.monotonic() - started < 10
            answers = [_what_it_got(c) for c in idle]
            assert not any(b"Internal Server Error" in a or b" 500 " in a for a in answers)
            assert server.process.poll() is None
        finally:
            server.stop()
    assert "WORKER TIMEOUT" not in log.read_text()
