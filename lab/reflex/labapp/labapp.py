from typing import Annotated

import reflex as rx
from fastapi import FastAPI, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

# Reflex's HTTP endpoints are a FastAPI (or Starlette) app handed to rx.App as its
# api_transformer; Reflex serves it beside its pages and its state WebSocket.
api = FastAPI()


# lab:start hello-json
@api.get("/hello")
async def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@api.get("/items/{item_id}")
async def read_item(item_id: int, limit: Annotated[int, Query(ge=1, le=100)] = 10):
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@api.post("/items", status_code=201)
async def create_item(item: Item) -> Item:
    return item
# lab:end json-body


# lab:start streaming
@api.get("/stream")
async def stream():
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming


def index() -> rx.Component:
    return rx.heading("Framewise lab")


app = rx.App(api_transformer=api)
app.add_page(index)
