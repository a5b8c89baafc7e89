from micropie import App


class Root(App):
    # lab:start hello-json
    async def hello(self):
        return {"message": "Hello, World!"}
    # lab:end hello-json

    # lab:start params
    # lab:start json-body
    async def items(self, item_id=None, limit="10"):
        if self.request.method == "POST":
            return self.create_item(self.request.json())
        # lab:end json-body
        if not item_id.isdigit():
            return 404, "404 Not Found"
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            return 400, {"error": "limit must be a whole number from 1 to 100"}
        return {"item_id": int(item_id), "limit": int(limit)}
    # lab:end params

    # lab:start json-body
    def create_item(self, data):
        if not isinstance(data, dict):
            return 400, {"error": "the body must be a JSON object"}
        name, price = data.get("name"), data.get("price")
        errors = {}
        if not isinstance(name, str) or not name:
            errors["name"] = "a non-empty string is required"
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            errors["price"] = "a number of at least 0 is required"
        if errors:
            return 422, {"errors": errors}
        return 201, {"name": name, "price": price}
    # lab:end json-body

    # lab:start template
    async def greet(self, name="World"):
        # "name" is _render_template's own first parameter, so the value travels as "visitor".
        return await self._render_template("greet.html", visitor=name)
    # lab:end template

    # lab:start websocket
    async def ws_ws(self, ws):
        await ws.accept()
        while True:
            await ws.send_text(await ws.receive_text())
    # lab:end websocket

    # lab:start streaming
    async def stream(self):
        async def generate():
            for i in range(5):
                yield f"chunk {i}\n"

        return 200, generate(), [("Content-Type", "text/plain")]
    # lab:end streaming


app = Root()
