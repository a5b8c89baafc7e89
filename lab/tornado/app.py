import asyncio
import json

import tornado.web
import tornado.websocket
from tornado.options import define, options, parse_command_line

define("port", default=8888, help="run on the given port", type=int)


# lab:start hello-json
class HelloHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
class ItemHandler(tornado.web.RequestHandler):
    def get(self, item_id):
        limit = self.get_query_argument("limit", "10")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise tornado.web.HTTPError(400, reason="limit must be a whole number from 1 to 100")
        self.write({"item_id": int(item_id), "limit": int(limit)})
# lab:end params


# lab:start template
class GreetHandler(tornado.web.RequestHandler):
    def get(self):
        self.render("greet.html", name=self.get_query_argument("name", "World"))
# lab:end template


# lab:start json-body
class ItemsHandler(tornado.web.RequestHandler):
    def check_xsrf_cookie(self):
        pass  # a JSON API called by programs, not by a browser form

    def post(self):
        try:
            data = json.loads(self.request.body)
        except ValueError:
            raise tornado.web.HTTPError(400, reason="the body must be JSON") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, reason="the body must be a JSON object")
        name, price = data.get("name"), data.get("price")
        errors = {}
        if not isinstance(name, str) or not name:
            errors["name"] = "a non-empty string is required"
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            errors["price"] = "a number of at least 0 is required"
        if errors:
            self.set_status(422)
            self.write({"errors": errors})
            return
        self.set_status(201)
        self.write({"name": name, "price": price})
# lab:end json-body


# lab:start websocket
class EchoWebSocket(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        self.write_message(message)
# lab:end websocket


# lab:start csrf-form
class FormHandler(tornado.web.RequestHandler):
    def get(self):
        self.render("form.html")

    def post(self):
        self.render("thanks.html", name=self.get_body_argument("name"))
# lab:end csrf-form


# lab:start streaming
class StreamHandler(tornado.web.RequestHandler):
    async def get(self):
        self.set_header("Content-Type", "text/plain")
        for i in range(5):
            self.write(f"chunk {i}\n")
            await self.flush()
# lab:end streaming


def make_app():
    return tornado.web.Application(
        [
            (r"/hello", HelloHandler),
            (r"/items/([0-9]+)", ItemHandler),
            (r"/greet", GreetHandler),
            (r"/items", ItemsHandler),
            (r"/ws", EchoWebSocket),
            (r"/form", FormHandler),
            (r"/stream", StreamHandler),
        ],
        template_path="templates",
        # lab:start csrf-form
        xsrf_cookies=True,
        # lab:end csrf-form
    )


async def main():
    parse_command_line()
    app = make_app()
    app.listen(options.port, address="127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
