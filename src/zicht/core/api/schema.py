"""drf-spectacular post-processing: make the OpenAPI document follow the Dutch API Design
Rules (Logius ADR 2.1) for every app, so a new endpoint needs nothing special to lint.

- /core/version-header: every 2xx/3xx response documents the ``API-Version`` header
  (zicht.core.middleware.ApiHeadersMiddleware sends it).
- /core/publish-openapi: ``/openapi.json`` is a documented GET resource whose response has
  ``Access-Control-Allow-Origin: *`` (the middleware sets that too).
- Error responses that use the ``Problem`` schema are ``application/problem+json`` (RFC 9457).
- Every tag used by an operation is declared globally (spectral:oas operation-tag-defined).
- Paginated lists (a ``page`` query parameter) document the problem+json ``404`` that a
  page past the end (or below 1) gets.

:class:`SchemaGenerator` writes the document in English (the msgid language) whatever
language is active, so the committed document does not drift when Dutch translations
change, and the served document is the committed one.

Checked by ``scripts/lint_api.sh`` (Spectral with ci/adr-spectral-ruleset.yaml).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator

VERSION_HEADER = "API-Version"
SUCCESS = re.compile(r"^[23]\d\d$")
PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_TYPE = "application/problem+json"


SCHEMA_LANGUAGE = "en"


class SchemaGenerator(BaseSchemaGenerator):
    def get_schema(self, request=None, public=False):
        # get_schema ends by turning lazy strings into str, so they are English too.
        with translation.override(SCHEMA_LANGUAGE):
            return super().get_schema(request=request, public=public)


def _version_header_ref() -> dict:
    return {"$ref": f"#/components/headers/{VERSION_HEADER}"}


def _openapi_path() -> dict:
    return {
        "get": {
            "operationId": "openapiDocument",
            "summary": "This OpenAPI document",
            "description": "The OpenAPI document of this API (also browsable at /docs).",
            "tags": ["openapi"],
            "security": [{}],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.0 document.",
                    "headers": {
                        VERSION_HEADER: _version_header_ref(),
                        "access-control-allow-origin": {
                            "description": "Always `*`: any site may read the document.",
                            "schema": {"type": "string", "enum": ["*"]},
                        },
                    },
                    # application/json when asked for, the OpenAPI media type otherwise.
                    "content": {
                        media_type: {"schema": {"type": "object"}}
                        for media_type in ("application/vnd.oai.openapi+json", "application/json")
                    },
                }
            },
        }
    }


def _is_paginated(operation: dict) -> bool:
    return any(
        p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", [])
    )


def adr_postprocessing_hook(result: dict, generator, request, public) -> dict:
    components = result.setdefault("components", {})
    components.setdefault("headers", {})[VERSION_HEADER] = {
        "description": "Full version of the API that answered, e.g. 1.0.0 (ADR /core/version-header).",
        "schema": {"type": "string", "example": settings.SPECTACULAR_SETTINGS["VERSION"]},
    }
    paths = result.setdefault("paths", {})
    paths.setdefault("/openapi.json", _openapi_path())

    used_tags: list[str] = []
    for path_item in paths.values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            used_tags += [t for t in operation.get("tags", []) if t not in used_tags]
            if _is_paginated(operation) and "404" not in operation["responses"]:
                operation["responses"]["404"] = {
                    "description": "No such page.",
                    "content": {PROBLEM_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
                }
            for status, response in operation["responses"].items():
                if SUCCESS.match(str(status)):
                    response.setdefault("headers", {}).setdefault(
                        VERSION_HEADER, _version_header_ref()
                    )
                content = response.get("content", {})
                for media_type in list(content):
                    if content[media_type].get("schema", {}).get("$ref") == PROBLEM_REF:
                        content[PROBLEM_TYPE] = content.pop(media_type)
                        break

    declared = result.setdefault("tags", [])
    known = {t["name"] for t in declared}
    declared += [{"name": name} for name in sorted(used_tags) if name not in known]
    # Key order matters for a stable committed document.
    result["paths"] = dict(sorted(paths.items()))
    return result
