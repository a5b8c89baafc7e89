from bottle import Bottle, HTTPError, HTTPResponse, request, response, template

app = Bottle()


# lab:start hello-json
@app.get("/hello")
def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@app.get("/items/<item_id:int>")
def read_item(item_id):
    limit = request.query.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise HTTPError(400, "limit must be a whole number from 1 to 100")
    return {"item_id": item_id, "limit": int(limit)}
# lab:end params


# lab:start template
@app.get("/greet")
def greet():
    return template("greet", name=request.query.getunicode("name", "World"))
# lab:end template


# lab:start json-body
@app.post("/items")
def create_item():
    data = request.json  # a body that is not JSON is a 400 already
    if not isinstance(data, dict):
        return HTTPResponse({"error": "the body must be a JSON object"}, status=400)
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        return HTTPResponse({"errors": errors}, status=422)
    response.status = 201
    return {"name": name, "price": price}
# lab:end json-body


# lab:start streaming
@app.get("/stream")
def stream():
    response.content_type = "text/plain"
    for i in range(5):
        yield f"chunk {i}\n"
# lab:end streaming
