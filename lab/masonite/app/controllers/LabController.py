from masonite.controllers import Controller
from masonite.request import Request
from masonite.response import Response
from masonite.validation import Validator
from masonite.views import View


class LabController(Controller):
    # lab:start hello-json
    def hello(self, response: Response):
        return response.json({"message": "Hello, World!"})
    # lab:end hello-json

    # lab:start params
    def item(self, request: Request, response: Response):
        # The route's `@item_id:int` only matches digits; another id is a 404.
        limit = request.input("limit", "10")
        if not str(limit).isdigit() or not 1 <= int(limit) <= 100:
            return response.json({"error": "limit must be an integer from 1 to 100"}, 422)
        return response.json({"item_id": int(request.param("item_id")), "limit": int(limit)})
    # lab:end params

    # lab:start template
    def greet(self, request: Request, view: View):
        # Jinja2 autoescapes .html templates in Masonite.
        return view.render("greet", {"name": request.input("name", "World")})
    # lab:end template

    # lab:start json-body
    def create_item(self, request: Request, response: Response, validate: Validator):
        errors = request.validate(
            validate.required(["name", "price"]),
            validate.string("name"),
            validate.numeric("price"),
        ) or request.validate(
            # Compared only once it is known to be a number.
            validate.greater_than("price", 0),
        )
        if errors:
            return response.json({"errors": errors.all()}, 422)
        return response.json(
            {"name": request.input("name"), "price": request.input("price")}, 201
        )
    # lab:end json-body

    # lab:start csrf-form
    def form(self, view: View):
        # VerifyCsrfToken (the "web" middleware group) shares `csrf_field` with templates.
        return view.render("form")

    def submit(self, request: Request, view: View):
        return view.render("thanks", {"name": request.input("name")})
    # lab:end csrf-form
