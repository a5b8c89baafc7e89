import json

import hug
import jinja2

# lab:start template
# hug has no template engine; Jinja2 renders, hug's html output format sends the page.
env = jinja2.Environment(
    loader=jinja2.FileSystemLoader("templates"), autoescape=jinja2.select_autoescape()
)
# lab:end template


# lab:start hello-json
@hug.get("/hello")
def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@hug.get("/items/{item_id}")
def read_item(item_id: hug.types.number, limit: hug.types.in_range(1, 101) = 10):
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
@hug.get("/greet", output=hug.output_format.html)
def greet(name: hug.types.text = "World"):
    return env.get_template("greet.html").render(name=name)
# lab:end template


# lab:start json-body
@hug.exception(json.JSONDecodeError)
def not_json(exception, response):  # hug answers a body that is not JSON with a 500 otherwise
    response.status = hug.HTTP_400
    return {"errors": {"body": "the body must be JSON"}}


# The JSON body's fields arrive as arguments, converted and checked by their types.
@hug.post("/items", status=hug.HTTP_201)
def create_item(
    name: hug.types.longer_than(0),
    price: hug.types.in_range(0, float("inf"), convert=hug.types.float_number),
):
    return {"name": name, "price": price}
# lab:end json-body
