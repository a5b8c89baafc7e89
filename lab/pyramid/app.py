from pyramid.config import Configurator
from pyramid.csrf import CookieCSRFStoragePolicy
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.response import Response
from pyramid.view import view_config


# lab:start hello-json
@view_config(route_name="hello", renderer="json")
def hello(request):
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@view_config(route_name="item", renderer="json")
def read_item(request):
    limit = request.params.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise HTTPBadRequest("limit must be a whole number from 1 to 100")
    return {"item_id": int(request.matchdict["item_id"]), "limit": int(limit)}
# lab:end params


# lab:start template
@view_config(route_name="greet", renderer="templates/greet.jinja2")
def greet(request):
    return {"name": request.params.get("name", "World")}
# lab:end template


# lab:start json-body
@view_config(route_name="items", request_method="POST", renderer="json", require_csrf=False)
def create_item(request):
    try:
        data = request.json_body
    except ValueError:
        raise HTTPBadRequest("the body must be JSON") from None
    if not isinstance(data, dict):
        raise HTTPBadRequest("the body must be a JSON object")
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        request.response.status = 422
        return {"errors": errors}
    request.response.status = 201
    return {"name": name, "price": price}
# lab:end json-body


# lab:start csrf-form
@view_config(route_name="form", request_method="GET", renderer="templates/form.jinja2")
def contact_form(request):
    return {}


@view_config(route_name="form", request_method="POST", renderer="templates/thanks.jinja2")
def contact(request):
    return {"name": request.POST.get("name", "")}
# lab:end csrf-form


# lab:start streaming
@view_config(route_name="stream")
def stream(request):
    def generate():
        for i in range(5):
            yield f"chunk {i}\n".encode()

    return Response(app_iter=generate(), content_type="text/plain")
# lab:end streaming


with Configurator() as config:
    config.include("pyramid_jinja2")
    # lab:start csrf-form
    config.set_csrf_storage_policy(CookieCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    # lab:end csrf-form
    config.add_route("hello", "/hello")
    config.add_route("item", r"/items/{item_id:\d+}")
    config.add_route("greet", "/greet")
    config.add_route("items", "/items")
    config.add_route("form", "/form")
    config.add_route("stream", "/stream")
    config.scan()
    app = config.make_wsgi_app()
