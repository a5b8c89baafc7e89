import argparse

import cherrypy
from jinja2 import Environment, FileSystemLoader, select_autoescape

# lab:start template
# CherryPy ships no template engine; its docs suggest Jinja2 (with autoescaping on).
templates = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
# lab:end template


class Root:
    # lab:start hello-json
    @cherrypy.expose
    @cherrypy.tools.json_out()
    def hello(self):
        return {"message": "Hello, World!"}
    # lab:end hello-json

    # lab:start template
    @cherrypy.expose
    def greet(self, name="World"):
        return templates.get_template("greet.html").render(name=name)
    # lab:end template

    # lab:start streaming
    @cherrypy.expose
    def stream(self):
        cherrypy.response.headers["Content-Type"] = "text/plain"

        def generate():
            for i in range(5):
                yield f"chunk {i}\n".encode()

        return generate()

    stream._cp_config = {"response.stream": True}
    # lab:end streaming


@cherrypy.expose
class Items:
    # lab:start params
    @cherrypy.tools.json_out()
    def GET(self, item_id, limit="10"):
        if not item_id.isdigit():
            raise cherrypy.NotFound()
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise cherrypy.HTTPError(400, "limit must be a whole number from 1 to 100")
        return {"item_id": int(item_id), "limit": int(limit)}
    # lab:end params

    # lab:start json-body
    @cherrypy.tools.json_in()  # a body that is not JSON is a 400 already
    @cherrypy.tools.json_out()
    def POST(self):
        data = cherrypy.request.json
        if not isinstance(data, dict):
            raise cherrypy.HTTPError(400, "the body must be a JSON object")
        name, price = data.get("name"), data.get("price")
        errors = {}
        if not isinstance(name, str) or not name:
            errors["name"] = "a non-empty string is required"
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            errors["price"] = "a number of at least 0 is required"
        if errors:
            cherrypy.response.status = 422
            return {"errors": errors}
        cherrypy.response.status = 201
        return {"name": name, "price": price}
    # lab:end json-body


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    cherrypy.config.update(
        {
            "environment": "production",
            "server.socket_host": "127.0.0.1",
            "server.socket_port": parser.parse_args().port,
        }
    )
    cherrypy.tree.mount(Root(), "/")
    cherrypy.tree.mount(
        Items(), "/items", {"/": {"request.dispatch": cherrypy.dispatch.MethodDispatcher()}}
    )
    cherrypy.engine.start()
    cherrypy.engine.block()
