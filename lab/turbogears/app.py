from tg import (
    MinimalApplicationConfigurator,
    RestController,
    TGController,
    abort,
    expose,
    request,
    response,
    validate,
)
from tg.validation import Convert
from tgext.utils.csrf import csrf_protect, csrf_token


# lab:start params
def limit_1_to_100(value):
    number = int(value)
    if not 1 <= number <= 100:
        raise ValueError(value)
    return number
# lab:end params


class ItemsController(RestController):
    # lab:start params
    @expose()
    def bad_request(self, *args, **kwargs):
        abort(400, "; ".join(f"{k}: {v}" for k, v in request.validation.errors.items()))

    @expose("json")
    @validate(
        {
            "item_id": Convert(int, "must be a whole number"),
            "limit": Convert(limit_1_to_100, "must be a whole number from 1 to 100", default=10),
        },
        error_handler=bad_request,
    )
    def get_one(self, item_id, limit=10):
        return {"item_id": item_id, "limit": limit}
    # lab:end params

    # lab:start json-body
    @expose("json")
    def post(self, **kwargs):
        try:
            data = request.json_body
        except ValueError:
            abort(400, "the body must be JSON")
        if not isinstance(data, dict):
            abort(400, "the body must be a JSON object")
        name, price = data.get("name"), data.get("price")
        errors = {}
        if not isinstance(name, str) or not name:
            errors["name"] = "a non-empty string is required"
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            errors["price"] = "a number of at least 0 is required"
        if errors:
            response.status = 422
            return {"errors": errors}
        response.status = 201
        return {"name": name, "price": price}
    # lab:end json-body


class RootController(TGController):
    items = ItemsController()

    # lab:start hello-json
    @expose("json")
    def hello(self):
        return {"message": "Hello, World!"}
    # lab:end hello-json

    # lab:start template
    @expose("kajiki:greet.xhtml")
    def greet(self, name="World"):
        return {"name": name}
    # lab:end template

    # lab:start csrf-form
    @csrf_token
    @expose("kajiki:form.xhtml")
    def form(self):
        return {"token": request.csrf_token}

    @csrf_protect
    @expose("kajiki:thanks.xhtml")
    def thanks(self, name="", **kwargs):
        return {"name": name}
    # lab:end csrf-form

    # lab:start streaming
    @expose(content_type="text/plain")
    def stream(self):
        def generate():
            for i in range(5):
                yield f"chunk {i}\n".encode()

        return generate()
    # lab:end streaming


config = MinimalApplicationConfigurator()
config.update_blueprint(
    {
        "root_controller": RootController(),
        "renderers": ["json", "kajiki"],
        "paths": {"templates": ["templates"]},
        # lab:start csrf-form
        "csrf.secret": "lab-sample-not-secret",
        # lab:end csrf-form
    }
)
app = config.make_wsgi_app()
