from fasthtml.common import (
    H1,
    HTTPException,
    JSONResponse,
    StreamingResponse,
    Titled,
    fast_app,
)

# A sample: the key signs session cookies on 127.0.0.1 only (fast_app would write .sesskey).
app, rt = fast_app(secret_key="lab-sample-not-secret")


# lab:start hello-json
@rt("/hello")
def get():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
@rt("/items/{item_id}")
def get(item_id: int, limit: int = 10):  # noqa: F811 (FastHTML routes by function name)
    if not 1 <= limit <= 100:
        raise HTTPException(400, "limit must be from 1 to 100")
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
# FastHTML pages are Python FT components; text in them is escaped when rendered.
@rt("/greet")
def get(name: str = "World"):  # noqa: F811
    return Titled("Greeting", H1(f"Hello, {name}!"))
# lab:end template


# lab:start json-body
@rt("/items")
def post(data: dict):  # the parsed JSON body (FastHTML answers 400 when it is not JSON)
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
@rt("/stream")
def get():  # noqa: F811
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingResponse(generate(), media_type="text/plain")
# lab:end streaming
