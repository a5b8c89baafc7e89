from collections.abc import AsyncGenerator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from litestar import Litestar, MediaType, get, post, websocket_listener
from litestar.config.csrf import CSRFConfig
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.response import Stream, Template
from litestar.template.config import TemplateConfig
from msgspec import Meta


# lab:start hello-json
@get("/hello")
async def hello() -> dict[str, str]:
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@get("/items/{item_id:int}")
async def read_item(
    item_id: int, limit: Annotated[int, Parameter(ge=1, le=100)] = 10
) -> dict[str, int]:
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
@get("/greet")
async def greet(name: str = "World") -> Template:
    return Template(template_name="greet.html", context={"name": name})
# lab:end template


# lab:start json-body
@dataclass
class Item:
    name: Annotated[str, Meta(min_length=1)]
    price: Annotated[float, Meta(ge=0)]


# POST handlers answer 201 Created by default; a JSON API takes no CSRF token.
@post("/items", exclude_from_csrf=True)
async def create_item(data: Item) -> Item:
    return data
# lab:end json-body


# lab:start websocket
@websocket_listener("/ws")
async def echo(data: str) -> str:
    return data
# lab:end websocket


# lab:start csrf-form
@dataclass
class Contact:
    name: str


@get("/form")
async def show_form() -> Template:
    return Template(template_name="form.html")


@post("/form", status_code=200)
async def submit_form(
    data: Annotated[Contact, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template:
    return Template(template_name="thanks.html", context={"name": data.name})
# lab:end csrf-form


# lab:start streaming
@get("/stream", media_type=MediaType.TEXT)
async def stream() -> Stream:
    async def generate() -> AsyncGenerator[str, None]:
        for i in range(5):
            yield f"chunk {i}\n"

    return Stream(generate())
# lab:end streaming


app = Litestar(
    route_handlers=[hello, read_item, greet, create_item, echo, show_form, submit_form, stream],
    # lab:start template
    template_config=TemplateConfig(
        directory=Path("templates"), engine=JinjaTemplateEngine
    ),
    # lab:end template
    # lab:start csrf-form
    csrf_config=CSRFConfig(secret="lab-sample-not-secret"),
    # lab:end csrf-form
)
