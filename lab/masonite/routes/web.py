from masonite.routes import Route

ROUTES = [
    # lab:start hello-json
    Route.get("/hello", "LabController@hello"),
    # lab:end hello-json
    # lab:start params
    Route.get("/items/@item_id:int", "LabController@item"),
    # lab:end params
    # lab:start template
    Route.get("/greet", "LabController@greet"),
    # lab:end template
    # lab:start json-body
    Route.post("/items", "LabController@create_item"),
    # lab:end json-body
    # lab:start csrf-form
    Route.get("/form", "LabController@form"),
    Route.post("/form", "LabController@submit"),
    # lab:end csrf-form
]
