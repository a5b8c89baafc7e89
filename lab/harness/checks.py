"""What each task must do, checked over real HTTP and WebSocket connections.

Every check takes the server's base URL and raises CheckFailed with a reason a
person can act on. The contract is the same for every framework.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import socket
import struct
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise CheckFailed(f"not JSON: {self.body[:120]!r}") from exc


def fetch(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None,
          headers: dict[str, str] | None = None, method: str | None = None) -> Reply:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read().decode(errors="replace"))


def plain() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener()


def get(base: str, path: str) -> Reply:
    return fetch(plain(), base + path)


def post_json(base: str, path: str, payload: str) -> Reply:
    return fetch(plain(), base + path, payload.encode(),
                 {"Content-Type": "application/json"}, "POST")


def expect_4xx(reply: Reply, what: str, *, message: bool = False) -> None:
    expect(400 <= reply.status < 500, f"{what}: expected 4xx, got {reply.status}")
    if message:
        expect(reply.body.strip() != "", f"{what}: 4xx without a message")


# --- the tasks -------------------------------------------------------------------


def hello_json(base: str) -> None:
    reply = get(base, "/hello")
    expect(reply.status == 200, f"GET /hello: {reply.status}")
    expect("json" in reply.headers.get("Content-Type", ""),
           f"GET /hello: Content-Type {reply.headers.get('Content-Type')}")
    expect(reply.json() == {"message": "Hello, World!"}, f"GET /hello: {reply.body[:120]}")


def params(base: str) -> None:
    reply = get(base, "/items/42?limit=5")
    expect(reply.status == 200, f"GET /items/42?limit=5: {reply.status} {reply.body[:200]}")
    expect(reply.json() == {"item_id": 42, "limit": 5}, f"/items/42?limit=5: {reply.body[:120]}")
    reply = get(base, "/items/42")
    expect(reply.status == 200 and reply.json() == {"item_id": 42, "limit": 10},
           f"GET /items/42 (default limit 10): {reply.status} {reply.body[:120]}")
    expect_4xx(get(base, "/items/abc"), "GET /items/abc")
    expect_4xx(get(base, "/items/42?limit=0"), "GET /items/42?limit=0")
    expect_4xx(get(base, "/items/42?limit=101"), "GET /items/42?limit=101")
    expect_4xx(get(base, "/items/42?limit=many"), "GET /items/42?limit=many")


HOSTILE = "<script>alert(1)</script>"


def template(base: str) -> None:
    reply = get(base, "/greet?" + urllib.parse.urlencode({"name": HOSTILE}))
    expect(reply.status == 200, f"GET /greet: {reply.status} {reply.body[:200]}")
    expect("text/html" in reply.headers.get("Content-Type", ""),
           f"GET /greet: Content-Type {reply.headers.get('Content-Type')}")
    expect(HOSTILE not in reply.body, "GET /greet: the name came back unescaped")
    expect(re.search(r"Hello, (&lt;|&#60;|&#x3c;)script(&gt;|&#62;|&#x3e;)alert\(1\)",
                     reply.body, re.IGNORECASE) is not None,
           f"GET /greet: no escaped greeting in {reply.body[:200]!r}")


def json_body(base: str) -> None:
    reply = post_json(base, "/items", '{"name": "Widget", "price": 9.5}')
    expect(reply.status == 201, f"POST /items (good): {reply.status} {reply.body[:200]}")
    data = reply.json()
    expect(data.get("name") == "Widget" and data.get("price") == 9.5,
           f"POST /items (good): {reply.body[:120]}")
    expect_4xx(post_json(base, "/items", '{"name": "Widget"}'), "POST without price",
               message=True)
    expect_4xx(post_json(base, "/items", '{"name": "Widget", "price": "cheap"}'),
               "POST with a text price", message=True)
    expect_4xx(post_json(base, "/items", '{"name": "", "price": 1}'), "POST with an empty name",
               message=True)
    expect_4xx(post_json(base, "/items", '{"name": "Widget", "price": -1}'),
               "POST with a negative price", message=True)
    expect_4xx(post_json(base, "/items", "not json"), "POST with a body that is not JSON",
               message=True)


HIDDEN = re.compile(r"<input\b[^>]*\btype=[\"']hidden[\"'][^>]*>", re.IGNORECASE)
FORM_ACTION = re.compile(r"<form\b[^>]*\baction=[\"']([^\"']*)[\"']", re.IGNORECASE)
ATTR = re.compile(r"\b(name|value)=[\"']([^\"']*)[\"']")


def _open_form(base: str) -> tuple[urllib.request.OpenerDirector, dict[str, str], str]:
    """A fresh browser session that loaded the form: (opener, hidden fields, POST target)."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = fetch(browser, base + "/form")
    expect(page.status == 200, f"GET /form: {page.status}")
    expect("<form" in page.body, "GET /form: no <form> in the page")
    hidden = {}
    for tag in HIDDEN.findall(page.body):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            hidden[attrs["name"]] = attrs.get("value", "")
    expect(bool(hidden), "GET /form: no hidden token field in the form")
    action = FORM_ACTION.search(page.body)
    return browser, hidden, base + (action.group(1) if action and action.group(1) else "/form")


def csrf_form(base: str) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def post(opener, target, fields):
        return fetch(opener, target, urllib.parse.urlencode(fields).encode(), form, "POST")

    # Each attempt gets its own session: a framework may rotate the token after a failure.
    browser, hidden, target = _open_form(base)
    good = post(browser, target, {**hidden, "name": "Ada"})
    expect(200 <= good.status < 300, f"POST with the token: {good.status} {good.body[:200]}")
    expect("Ada" in good.body, "POST with the token: the answer does not mention Ada")
    browser, hidden, target = _open_form(base)
    expect_4xx(post(browser, target, {"name": "Mallory"}),
               "POST without the token (cookies sent)")
    _browser, hidden, target = _open_form(base)
    expect_4xx(post(plain(), target, {**hidden, "name": "Eve"}),
               "POST with a token but without the cookie it belongs to")


STREAM = "".join(f"chunk {i}\n" for i in range(5))


def streaming(base: str) -> None:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/stream")
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    expect(response.status == 200, f"GET /stream: {response.status}")
    expect(response.getheader("Content-Length") is None,
           "GET /stream: has a Content-Length, so it was buffered, not streamed")
    expect(body == STREAM, f"GET /stream: body {body[:120]!r}")


def websocket(base: str) -> None:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with WebSocket(host, int(port), "/ws") as ws:
        for text in ("hello lab", "ünïcode ✓"):
            ws.send_text(text)
            echoed = ws.receive_text()
            expect(echoed == text, f"/ws echoed {echoed!r} for {text!r}")


def chart(base: str) -> None:
    from lab.harness.browser import check_chart

    check_chart(base)


CHECKS: dict[str, Callable[[str], None]] = {
    "hello-json": hello_json,
    "params": params,
    "template": template,
    "json-body": json_body,
    "websocket": websocket,
    "csrf-form": csrf_form,
    "streaming": streaming,
    "chart": chart,
}


# --- a minimal WebSocket client (RFC 6455), so the harness needs no extra package --


class WebSocket:
    def __init__(self, host: str, port: int, path: str) -> None:
        self.sock = socket.create_connection((host, port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://{host}:{port}\r\n\r\n".encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            expect(bool(chunk), f"WebSocket {path}: connection closed during the handshake")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0].decode(errors="replace")
        expect(" 101 " in status + " ", f"WebSocket {path}: handshake answered {status!r}")

    def __enter__(self) -> WebSocket:
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError):
            self._send(0x8, struct.pack("!H", 1000))
        self.sock.close()

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text: str) -> None:
        self._send(0x1, text.encode())

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(4096)
            expect(bool(chunk), "WebSocket closed by the server")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive_text(self) -> str:
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", self._read(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", self._read(8))
            payload = self._read(length)
            if opcode == 0x1:
                return payload.decode()
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            expect(opcode != 0x8, "WebSocket closed by the server instead of echoing")
