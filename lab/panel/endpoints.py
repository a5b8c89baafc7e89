"""HTTP endpoints beside the Panel app: `panel serve --plugins endpoints` serves ROUTES."""

import json

from tornado.web import HTTPError, RequestHandler


# lab:start hello-json
# Panel serves the app's page and session; other HTTP endpoints are Tornado handlers.
class HelloHandler(RequestHandler):
    def get(self):
        self.write({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
class ItemHandler(RequestHandler):
    def get(self, item_id):
        limit = self.get_query_argument("limit", "10")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise HTTPError(400, "limit must be a whole number from 1 to 100")
        self.write({"item_id": int(item_id), "limit": int(limit)})
# lab:end params


# lab:start json-body
class ItemsHandler(RequestHandler):
    def post(self):
        try:
            data = json.loads(self.request.body)
        except ValueError:
            raise HTTPError(400, "the body must be JSON") from None
        if not isinstance(data, dict):
            raise HTTPError(400, "the body must be a JSON object")
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


# lab:start streaming
class StreamHandler(RequestHandler):
    async def get(self):
        self.set_header("Content-Type", "text/plain")
        for i in range(5):
            self.write(f"chunk {i}\n")
            await self.flush()
# lab:end streaming


ROUTES = [
    # lab:start hello-json
    (r"/hello", HelloHandler),
    # lab:end hello-json
    # lab:start params
    (r"/items/([0-9]+)", ItemHandler),
    # lab:end params
    # lab:start json-body
    (r"/items", ItemsHandler),
    # lab:end json-body
    # lab:start streaming
    (r"/stream", StreamHandler),
    # lab:end streaming
]
