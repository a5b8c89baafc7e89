from flask import Flask, abort, render_template, request

app = Flask(__name__)


# lab:start hello-json
@app.get("/hello")
def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.get("/items/<int:item_id>")
def read_item(item_id):
    limit = request.args.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        abort(400, "limit must be a whole number from 1 to 100")
    return {"item_id": item_id, "limit": int(limit)}
# lab:end params


# lab:start template
@app.get("/greet")
def greet():
    return render_template("greet.html", name=request.args.get("name", "World"))
# lab:end template


# lab:start json-body
@app.post("/items")
def create_item():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return {"error": "the body must be a JSON object"}, 400
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        return {"errors": errors}, 422
    return {"name": name, "price": price}, 201
# lab:end json-body


# lab:start streaming
@app.get("/stream")
def stream():
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return generate(), {"Content-Type": "text/plain"}
# lab:end streaming
