from typing import Annotated

from fastapi import FastAPI, Path, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

app = FastAPI()
# lab:start template
templates = Jinja2Templates(directory="templates")
# lab:end template


# lab:start hello-json
@app.get("/hello")
async def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.get("/items/{item_id}")
async def read_item(
    item_id: Annotated[int, Path()],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
):
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
@app.get("/greet", response_class=HTMLResponse)
async def greet(request: Request, name: str = "World"):
    return templates.TemplateResponse(request, "greet.html", {"name": name})
# lab:end template


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@app.post("/items", status_code=201)
async def create_item(item: Item) -> Item:
    return item
# lab:end json-body


# lab:start websocket
@app.websocket("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
# lab:end websocket


# lab:start streaming
@app.get("/stream")
async def stream():
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming
