"""Errors as RFC 9457 problem details (``application/problem+json``), as the ADR ask.

Validation errors carry ``invalidParams``: one entry per field or query parameter, named
the way the client sent it (camelCase), so a client can point at the field to fix.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Field or query parameter, as sent (camelCase).")
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    invalidParams = InvalidParamSerializer(many=True, required=False)


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF error detail (dict/list/str, possibly nested) → invalidParams entries."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if isinstance(key, int):  # ListField: {index: errors}
                name = f"{prefix}[{key}]"
            elif key in ("non_field_errors", ""):
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix else key
            out += _flatten(value, name)
        return out
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return [
                {"name": prefix, "code": getattr(d, "code", "invalid"), "reason": str(d)}
                for d in detail
            ]
        out = []
        for index, value in enumerate(detail):
            if value:
                out += _flatten(value, f"{prefix}[{index}]")
        return out
    return [{"name": prefix, "code": getattr(detail, "code", "invalid"), "reason": str(detail)}]


def problem_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"type": "about:blank", "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        params = _flatten(exc.detail)
        body["title"] = _("Invalid input")
        body["detail"] = "; ".join(
            f"{p['name']}: {p['reason']}" if p["name"] else p["reason"] for p in params
        )
        body["invalidParams"] = params
    else:
        body["title"] = str(getattr(exc, "default_detail", "")) or response.status_text
        body["detail"] = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    response.data = body
    return response


class ProblemMixin:
    """Use on API views of this app: their errors come out as problem details."""

    def get_exception_handler(self):
        return problem_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The browsable API still gets HTML; JSON clients get the problem media type.
        renderer = getattr(response, "accepted_renderer", None)
        if response.status_code >= 400 and getattr(renderer, "format", "") == "json":
            response.content_type = PROBLEM_CONTENT_TYPE
        return response
