from emmett import App, Field, Form, request, response, websocket
from emmett.sessions import SessionManager
from emmett.tools import service, stream

app = App(__name__)
# lab:start csrf-form
# A sample: the key signs session cookies on 127.0.0.1 only. Only the form's route needs
# a session, so only its route runs the session pipe (Emmett's routes take a `pipeline`):
# an app-wide one would decrypt and re-encrypt a cookie on every request.
sessions = SessionManager.cookies("lab-sample-not-secret")
# lab:end csrf-form


# lab:start hello-json
@app.route("/hello", methods="get")
@service.json
async def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.route("/items/<int:item_id>", methods="get")
@service.json
async def read_item(item_id):
    limit = request.query_params.limit or "10"
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        response.status = 400
        return {"error": "limit must be a whole number from 1 to 100"}
    return {"item_id": item_id, "limit": int(limit)}
# lab:end params


# lab:start template
@app.route("/greet", methods="get", template="greet.html")
async def greet():
    return {"name": request.query_params.name or "World"}
# lab:end template


# lab:start json-body
@app.route("/items", methods="post")
@service.json
async def create_item():
    data = await request.body_params  # empty when the body is not JSON
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        response.status = 422
        return {"errors": errors}
    response.status = 201
    return {"name": name, "price": price}
# lab:end json-body


# lab:start websocket
@app.websocket("/ws")
async def echo():
    await websocket.accept()
    while True:
        await websocket.send(await websocket.receive())
# lab:end websocket


# lab:start csrf-form
@app.route("/form", methods=["get", "post"], template="form.html", pipeline=[sessions])
async def contact():
    # Forms posted with POST carry a one-time CSRF token kept in the session.
    form = await Form({"name": Field(validation={"presence": True, "len": {"lte": 100}})})
    if form.accepted:
        return {"form": None, "name": form.params.name}
    if request.method == "POST":
        response.status = 400  # a stale or missing token, or a bad name: show the form again
    return {"form": form, "name": None}
# lab:end csrf-form


# lab:start streaming
@app.route("/stream", methods="get")
@stream(headers={"content-type": "text/plain"})
async def chunks():
    for i in range(5):
        yield f"chunk {i}\n"
# lab:end streaming
