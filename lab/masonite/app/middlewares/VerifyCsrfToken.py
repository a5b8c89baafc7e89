from masonite.middleware import VerifyCsrfToken as Middleware


class VerifyCsrfToken(Middleware):

    # lab:start json-body
    # A JSON API route called by programs, not by a browser form: no CSRF token.
    exempt = ["/items"]
    # lab:end json-body
