import os
from typing import Annotated

import plotly.graph_objects as go
from fastapi import Query
from fastapi.responses import StreamingResponse
from nicegui import app, ui
from pydantic import BaseModel, Field

# lab:start chart
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RAINFALL_MM = {
    "Montréal": [77, 62, 71, 82, 83, 92, 92, 93, 88, 90, 96, 86],
    "Lisbon": [100, 94, 64, 64, 50, 16, 6, 6, 34, 93, 134, 120],
    "Oslo": [49, 36, 47, 41, 53, 65, 81, 89, 90, 84, 73, 55],
}


def draw(city):
    figure = go.Figure(go.Bar(x=MONTHS, y=RAINFALL_MM[city]))
    figure.update_layout(title_text=city, yaxis_title="mm")
    return figure


@ui.page("/")
def index():
    ui.markdown("# Rainfall by month")
    chart = None

    def redraw(event):
        chart.update_figure(draw(event.value))

    ui.select(list(RAINFALL_MM), value="Montréal", label="City", on_change=redraw)
    chart = ui.plotly(draw("Montréal"))
# lab:end chart


# lab:start hello-json
# NiceGUI's app is a FastAPI app: HTTP endpoints are FastAPI routes beside the pages.
@app.get("/hello")
async def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.get("/items/{item_id}")
async def read_item(item_id: int, limit: Annotated[int, Query(ge=1, le=100)] = 10):
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start json-body
class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


@app.post("/items", status_code=201)
async def create_item(item: Item) -> Item:
    return item
# lab:end json-body


# lab:start streaming
@app.get("/stream")
async def stream():
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming


# lab:start chart
ui.run(
    host="127.0.0.1",
    port=int(os.environ.get("PORT", "8080")),
    title="Rainfall by month",
    reload=False,
    show=False,
)
# lab:end chart
