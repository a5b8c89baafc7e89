"""A bare WSGI app: the floor every WSGI framework's figures are divided by."""

import json

HELLO = json.dumps({"message": "Hello, World!"}).encode()


def app(environ, start_response):
    path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
    if path == "/hello":
        status, body = "200 OK", HELLO
    elif path == "/items" and method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(length))
            ok = isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"]
            ok = ok and isinstance(data.get("price"), (int, float)) and data["price"] >= 0
        except ValueError:
            ok = False
        if ok:
            status = "201 Created"
            body = json.dumps({"name": data["name"], "price": data["price"]}).encode()
        else:
            status, body = "422 Unprocessable Content", b'{"error": "invalid item"}'
    else:
        status, body = "404 Not Found", b'{"error": "not found"}'
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]
