import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web

routes = web.RouteTableDef()


# lab:start hello-json
@routes.get("/hello")
async def hello(request):
    return web.json_response({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
@routes.get(r"/items/{item_id:\d+}")
async def read_item(request):
    limit = request.query.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise web.HTTPBadRequest(text="limit must be a whole number from 1 to 100")
    return web.json_response({"item_id": int(request.match_info["item_id"]), "limit": int(limit)})
# lab:end params


# lab:start template
@routes.get("/greet")
@aiohttp_jinja2.template("greet.html")
async def greet(request):
    return {"name": request.query.get("name", "World")}
# lab:end template


# lab:start json-body
@routes.post("/items")
async def create_item(request):
    try:
        data = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    name, price = data.get("name"), data.get("price")
    errors = {}
    if not isinstance(name, str) or not name:
        errors["name"] = "a non-empty string is required"
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        errors["price"] = "a number of at least 0 is required"
    if errors:
        return web.json_response({"errors": errors}, status=422)
    return web.json_response({"name": name, "price": price}, status=201)
# lab:end json-body


# lab:start websocket
@routes.get("/ws")
async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
    return ws
# lab:end websocket


# lab:start streaming
@routes.get("/stream")
async def stream(request):
    response = web.StreamResponse(headers={"Content-Type": "text/plain"})
    await response.prepare(request)
    for i in range(5):
        await response.write(f"chunk {i}\n".encode())
    await response.write_eof()
    return response
# lab:end streaming


app = web.Application()
app.add_routes(routes)
# lab:start template
aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"))
# lab:end template
