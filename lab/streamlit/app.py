import json

import streamlit as st
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route


# lab:start hello-json
# Streamlit serves the script's page; other HTTP endpoints are Starlette routes on st.App.
async def hello(request):
    return JSONResponse({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
# Not {item_id:int}: Streamlit serves its page for any other path, so "abc" would get a 200.
async def read_item(request):
    item_id = request.path_params["item_id"]
    if not item_id.isdigit():
        raise HTTPException(404)
    limit = request.query_params.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise HTTPException(400, "limit must be a whole number from 1 to 100")
    return JSONResponse({"item_id": int(item_id), "limit": int(limit)})
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


# lab:start chart
# The page is the script dashboard.py; st.App serves it beside the routes below.
# lab:end chart
app = st.App(
    "dashboard.py",
    routes=[
        # lab:start hello-json
        Route("/hello", hello),
        # lab:end hello-json
        # lab:start params
        Route("/items/{item_id}", read_item),
        # lab:end params
        # lab:start json-body
        Route("/items", create_item, methods=["POST"]),
        # lab:end json-body
        # lab:start streaming
        Route("/stream", stream),
        # lab:end streaming
    ],
)
