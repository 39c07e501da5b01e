"""Catch-all for /api/v1: a path that matches no route is a problem+json 404, not the
site's HTML page (e.g. ``/opportunities/abc`` where the route wants a number)."""

from __future__ import annotations

from django.http import JsonResponse
from rest_framework.exceptions import NotFound

from zicht.registry.api.problems import PROBLEM_CONTENT_TYPE


def not_found(request, *args, **kwargs) -> JsonResponse:
    title = str(NotFound.default_detail)
    body = {"type": "about:blank", "title": title, "status": 404, "detail": title}
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
