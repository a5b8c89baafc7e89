from masonite.request import Request
from masonite.response import Response


class JSONDecodeErrorHandler:
    """A request body that claims to be JSON but is not is refused with a 400.

    Masonite parses the body while it builds the request (FrameworkProvider.boot), so
    when parsing fails neither this request nor its response is in the container yet
    (the ones there, if any, are the previous request's): the handler binds fresh ones,
    the request without its body.
    """

    def __init__(self, application):
        self.application = application

    def handle(self, exception):
        environ = {**self.application.make("environ"), "CONTENT_LENGTH": "0"}
        environ.pop("CONTENT_TYPE", None)
        request = Request(environ)
        request.app = self.application
        response = Response(self.application)
        self.application.bind("request", request)
        self.application.bind("response", response)
        return response.json({"errors": {"body": [f"The body is not JSON: {exception}"]}}, 400)
