from typing import Annotated

from django.http import StreamingHttpResponse
from django.shortcuts import render
from ninja import Field, NinjaAPI, Schema

api = NinjaAPI()


# lab:start hello-json
@api.get("/hello")
def hello(request):
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@api.get("/items/{item_id}")
def read_item(request, item_id: int, limit: Annotated[int, Field(ge=1, le=100)] = 10):
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
# Ninja is for APIs; an operation may return any Django response, a rendered page too.
@api.get("/greet")
def greet(request, name: str = "World"):
    return render(request, "greet.html", {"name": name})
# lab:end template


# lab:start json-body
class Item(Schema):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@api.post("/items", response={201: Item})
def create_item(request, item: Item):
    return 201, item
# lab:end json-body


# lab:start streaming
# Ninja has no streaming response; an operation returns Django's own, which it passes on.
@api.get("/stream")
def stream(request):
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingHttpResponse(generate(), content_type="text/plain")
# lab:end streaming
