import connexion
from flask import render_template


# lab:start hello-json
def hello():
    return {"message": "Hello, World!"}
# lab:end hello-json


# lab:start params
def read_item(item_id, limit):  # validated and converted against openapi.yaml
    return {"item_id": item_id, "limit": limit}
# lab:end params


# lab:start template
def greet(name):
    return render_template("greet.html", name=name)
# lab:end template


# lab:start json-body
def create_item(body):
    return body, 201
# lab:end json-body


# lab:start streaming
def stream():
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return generate(), 200, {"Content-Type": "text/plain"}
# lab:end streaming


app = connexion.FlaskApp(__name__)
app.add_api("openapi.yaml")
