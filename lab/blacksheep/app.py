from dataclasses import dataclass

from blacksheep import (
    Application,
    FromForm,
    FromJSON,
    Request,
    Response,
    StreamedContent,
    WebSocket,
    WebSocketDisconnectError,
    bad_request,
    get,
    json,
    post,
    ws,
)
from blacksheep.server.csrf import ignore_anti_forgery, use_anti_forgery
from blacksheep.server.responses import view
from pydantic import BaseModel, Field

app = Application()
# lab:start csrf-form
use_anti_forgery(app)
# lab:end csrf-form


# lab:start hello-json
@get("/hello")
async def hello():
    return json({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
@get("/items/{int:item_id}")
async def read_item(item_id: int, limit: int = 10):
    if not 1 <= limit <= 100:
        return bad_request("limit must be from 1 to 100")
    return json({"item_id": item_id, "limit": limit})
# lab:end params


# lab:start template
@get("/greet")
async def greet(name: str = "World"):
    return view("greet", {"name": name})
# lab:end template


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@ignore_anti_forgery()  # a JSON API called by programs, not by a browser form
@post("/items")
async def create_item(item: FromJSON[Item]):
    return json(item.value.model_dump(), status=201)
# lab:end json-body


# lab:start websocket
@ws("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnectError:
        pass
# lab:end websocket


# lab:start csrf-form
@dataclass
class Contact:
    name: str


@get("/form")
async def show_form(request: Request):
    return view("form", request=request)


@post("/form")
async def submit_form(contact: FromForm[Contact]):
    return view("thanks", {"name": contact.value.name})
# lab:end csrf-form


# lab:start streaming
@get("/stream")
async def stream():
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n".encode()

    return Response(200, content=StreamedContent(b"text/plain", generate))
# lab:end streaming
