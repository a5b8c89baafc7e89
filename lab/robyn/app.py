from urllib.parse import unquote_plus

from pydantic import BaseModel, Field
from robyn import Response, Robyn, StreamingResponse
from robyn.templating import render

app = Robyn(__file__)


# lab:start hello-json
@app.get("/hello")
async def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.get("/items/:item_id")
async def read_item(item_id: int, limit: int = 10):  # typed: "abc" gets a 400
    if not 1 <= limit <= 100:
        return Response(400, {}, "limit must be from 1 to 100")
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
@app.get("/greet")
async def greet(request):
    # Robyn hands query values over still percent-encoded (issue sparckles/Robyn#1438).
    name = unquote_plus(request.query_params.get("name", "World"))
    return render("greet.html", name=name)
# lab:end template


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@app.post("/items", status_code=201)
async def create_item(item: Item):  # a pydantic model: the body, validated (422)
    return item.model_dump()
# lab:end json-body


# lab:start websocket
@app.websocket("/ws")
async def echo(websocket):
    while True:
        await websocket.send_text(await websocket.receive_text())
# lab:end websocket


# lab:start streaming
@app.get("/stream")
async def stream():
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming


if __name__ == "__main__":
    app.start(host="127.0.0.1", port=8080)
