from pydantic import BaseModel, Field
from sanic import Sanic
from sanic.exceptions import BadRequest
from sanic.response import json
from sanic_ext import validate

app = Sanic("Lab")


# lab:start hello-json
@app.get("/hello")
async def hello(request):
    return json({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
@app.get("/items/<item_id:int>")
async def read_item(request, item_id: int):
    limit = request.args.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise BadRequest("limit must be a whole number from 1 to 100")
    return json({"item_id": item_id, "limit": int(limit)})
# lab:end params


# lab:start template
@app.get("/greet")
@app.ext.template("greet.html")
async def greet(request):
    return {"name": request.args.get("name", "World")}
# lab:end template


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@app.post("/items")
@validate(json=Item)
async def create_item(request, body: Item):
    return json(body.model_dump(), status=201)
# lab:end json-body


# lab:start websocket
@app.websocket("/ws")
async def echo(request, ws):
    async for message in ws:
        await ws.send(message)
# lab:end websocket


# lab:start streaming
@app.get("/stream")
async def stream(request):
    response = await request.respond(content_type="text/plain")
    for i in range(5):
        await response.send(f"chunk {i}\n")
    await response.eof()
# lab:end streaming
