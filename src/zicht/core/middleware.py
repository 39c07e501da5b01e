"""Headers the Dutch API Design Rules ask for on every API response."""

from django.conf import settings


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.version = settings.SPECTACULAR_SETTINGS["VERSION"]

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = self.version
            if request.path.endswith("/openapi.json") or request.path.endswith("/openapi.yaml"):
                response["Access-Control-Allow-Origin"] = "*"
        return response
