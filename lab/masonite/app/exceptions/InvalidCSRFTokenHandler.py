class InvalidCSRFTokenHandler:
    """A form posted without its session's CSRF token is refused with a 403."""

    def __init__(self, application):
        self.application = application

    def handle(self, exception):
        return self.application.make("response").view(
            f"Forbidden: {exception}", status=403
        )
