"""A bare ASGI app: the floor every ASGI framework's figures are divided by."""

import json

HELLO = json.dumps({"message": "Hello, World!"}).encode()
JSON = [(b"content-type", b"application/json")]


async def read_body(receive):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["path"] == "/hello":
        status, body = 200, HELLO
    elif scope["path"] == "/items" and scope["method"] == "POST":
        try:
            data = json.loads(await read_body(receive))
            ok = isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"]
            ok = ok and isinstance(data.get("price"), (int, float)) and data["price"] >= 0
        except ValueError:
            ok = False
        if ok:
            status, body = 201, json.dumps({"name": data["name"], "price": data["price"]}).encode()
        else:
            status, body = 422, b'{"error": "invalid item"}'
    else:
        status, body = 404, b'{"error": "not found"}'
    await send({"type": "http.response.start", "status": status, "headers": JSON})
    await send({"type": "http.response.body", "body": body})
