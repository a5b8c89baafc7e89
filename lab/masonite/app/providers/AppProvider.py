from masonite.providers import Provider

from app.exceptions.InvalidCSRFTokenHandler import InvalidCSRFTokenHandler
from app.exceptions.JSONDecodeErrorHandler import JSONDecodeErrorHandler


class AppProvider(Provider):
    def __init__(self, application):
        self.application = application

    def register(self):
        # lab:start csrf-form
        # Without a handler of its own, a failed CSRF check is a 500 in production.
        self.application.bind(
            "InvalidCSRFTokenHandler", InvalidCSRFTokenHandler(self.application)
        )
        # lab:end csrf-form
        # lab:start json-body
        # Masonite parses a JSON body before routing; one that is not JSON is a 500
        # unless a handler for the decoder's error answers it.
        self.application.bind(
            "JSONDecodeErrorHandler", JSONDecodeErrorHandler(self.application)
        )
        # lab:end json-body

    def boot(self):
        pass
