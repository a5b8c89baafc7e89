import json

import plotly.graph_objects as go
from shiny import App, ui
from shinywidgets import output_widget, render_widget
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Mount, Route

# lab:start chart
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RAINFALL_MM = {
    "Montréal": [77, 62, 71, 82, 83, 92, 92, 93, 88, 90, 96, 86],
    "Lisbon": [100, 94, 64, 64, 50, 16, 6, 6, 34, 93, 134, 120],
    "Oslo": [49, 36, 47, 41, 53, 65, 81, 89, 90, 84, 73, 55],
}

app_ui = ui.page_fluid(
    ui.h1("Rainfall by month"),
    ui.input_select("city", "City", list(RAINFALL_MM)),
    output_widget("chart"),
)


def server(input, output, session):
    @render_widget
    def chart():
        city = input.city()
        figure = go.Figure(go.Bar(x=MONTHS, y=RAINFALL_MM[city]))
        figure.update_layout(title_text=city, yaxis_title="mm")
        return figure


app_shiny = App(app_ui, server)
# lab:end chart


# lab:start hello-json
# Shiny serves the app's page and session; other HTTP endpoints are Starlette routes.
async def hello(request):
    return JSONResponse({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
async def read_item(request):
    limit = request.query_params.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise HTTPException(400, "limit must be a whole number from 1 to 100")
    return JSONResponse({"item_id": request.path_params["item_id"], "limit": int(limit)})
# lab:end params


# lab:start json-body
async def create_item(request):
    try:
        data = await request.json()
    except json.JSONDecodeError:
        raise HTTPException(400, "the body must be JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        return JSONResponse({"errors": errors}, status_code=422)
    return JSONResponse({"name": name, "price": price}, status_code=201)
# lab:end json-body


# lab:start streaming
async def stream(request):
    async def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming


# Shiny is a Starlette app, so routes can sit beside it in a Starlette app of their own.
app = Starlette(
    routes=[
        # lab:start hello-json
        Route("/hello", hello),
        # lab:end hello-json
        # lab:start params
        Route("/items/{item_id:int}", read_item),
        # lab:end params
        # lab:start json-body
        Route("/items", create_item, methods=["POST"]),
        # lab:end json-body
        # lab:start streaming
        Route("/stream", stream),
        # lab:end streaming
        # lab:start chart
        Mount("/", app=app_shiny),
        # lab:end chart
    ]
)
