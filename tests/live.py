"""Real app servers for black-box tests: gunicorn processes on 127.0.0.1 over a
database of their own, and a small browser-like HTTP client (cookies, forms)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="live-tests-only",
        DEBUG="0",
        STATIC_MANIFEST="0",
        WHITENOISE_USE_FINDERS="1",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class AppServer:
    """gunicorn on a free port; `production`: with config/gunicorn.py, as deployed."""

    def __init__(self, env: dict[str, str], workers: int = 1, *args: str, production: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Absolute URLs (permalinks, og:url) name the configured origin: this server.
        env = {**env, "SITE_URL": env.get("SITE_URL") or self.base}
        # As deployed, but without the access log (a line per request to stdout).
        config = ["-c", "config/gunicorn.py", "--access-logfile", os.devnull] if production else []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                *config,
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                *args,
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited at start") from None
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: str, url: str):
        self.status, self.headers, self.body, self.url = status, headers, body, url


class Browser:
    """Keeps cookies, submits forms, never follows redirects silently."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if body is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as r:
                return Response(r.status, dict(r.headers), r.read().decode(), r.url)
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers), err.read().decode(), path)

    def form(self, path: str) -> dict[str, list[str]]:
        page = self.request(path)
        assert page.status == 200, (path, page.status)
        parser = _FormParser()
        parser.feed(page.body)
        return parser.fields

    def login(self, username: str, password: str) -> None:
        fields = self.form("/admin/login/")
        fields.update(username=[username], password=[password])
        response = self.request("/admin/login/?next=/admin/", fields)
        assert response.status == 302, response.body[:500]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class _FormParser(HTMLParser):
    """The values a browser would submit from the page's POST form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_post_form = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._in_post_form = (a.get("method") or "").lower() == "post"
        if not self._in_post_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.fields[self._textarea][0] = self.fields[self._textarea][0].lstrip("\n")
            self._textarea = None
        elif tag == "form":
            self._in_post_form = False


class temporary_database:
    """A database of its own for live servers: on the PostgreSQL server that
    DATABASE_URL names, if it names one, else a SQLite file."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.name = f"framewise_live_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
        self.base = os.environ.get("DATABASE_URL", "")

    @property
    def postgres(self) -> bool:
        return self.base.startswith("postgres")

    def _admin(self):  # type: ignore[no-untyped-def]
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(self.base)
        return psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def __enter__(self) -> str:
        if not self.postgres:
            return f"sqlite:///{self.workdir / 'live.sqlite3'}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self.base.rsplit("/", 1)[0] + f"/{self.name}"

    def __exit__(self, *exc: object) -> None:
        if self.postgres:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class TcpProxy:
    """A TCP relay on 127.0.0.1 that can be cut and restored, to play a database
    server going away and coming back."""

    def __init__(self, target_host: str, target_port: int):
        import threading

        self.target = (target_host, target_port)
        self.port = free_port()
        self._threads: list = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.up()

    def up(self) -> None:
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        thread.start()

    def down(self) -> None:
        """Refuse new connections and cut every open one."""
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
