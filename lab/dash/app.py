import plotly.graph_objects as go
from dash import Dash, Input, Output, callback, dcc, html
from flask import abort, request

app = Dash(__name__)
server = app.server  # the Flask app that gunicorn serves

# lab:start chart
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RAINFALL_MM = {
    "Montréal": [77, 62, 71, 82, 83, 92, 92, 93, 88, 90, 96, 86],
    "Lisbon": [100, 94, 64, 64, 50, 16, 6, 6, 34, 93, 134, 120],
    "Oslo": [49, 36, 47, 41, 53, 65, 81, 89, 90, 84, 73, 55],
}

app.layout = html.Main(
    [
        html.H1("Rainfall by month"),
        dcc.Dropdown(list(RAINFALL_MM), "Montréal", id="city", clearable=False),
        dcc.Graph(id="chart"),
    ]
)


@callback(Output("chart", "figure"), Input("city", "value"))
def update_chart(city):
    figure = go.Figure(go.Bar(x=MONTHS, y=RAINFALL_MM[city]))
    figure.update_layout(title_text=city, yaxis_title="mm")
    return figure
# lab:end chart


# lab:start hello-json
# Dash serves pages and callbacks; other HTTP endpoints are routes on its Flask server.
@server.get("/hello")
def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
# Not <int:item_id>: Dash serves its page for any other path, so "abc" would get a 200.
@server.get("/items/<item_id>")
def read_item(item_id):
    if not item_id.isdigit():
        abort(404)
    limit = request.args.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        abort(400, "limit must be a whole number from 1 to 100")
    return {"item_id": int(item_id), "limit": int(limit)}
# lab:end params


# lab:start json-body
@server.post("/items")
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
@server.get("/stream")
def stream():
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return generate(), {"Content-Type": "text/plain"}
# lab:end streaming
