"""The OCDS schemas shipped with Zicht, and validation against them (no network).

Files in ``schemas/`` (provenance in ``schemas/SOURCES.md``):

* ``release-package-schema-1.1.5.json``: OCDS 1.1.5 release package schema;
* ``release-schema-1.1.4.json``: OCDS 1.1.4 release schema (no untouched 1.1.5 release
  schema was available offline; it is registered under the 1.1.5 URI the package
  schema refers to, see SOURCES.md);
* ``extensions/*-release-schema.json``: the otherRequirements and sustainability
  extensions' release-schema patches, applied as JSON Merge Patch (RFC 7386), which is
  how OCDS applies extensions.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
PACKAGE_SCHEMA = "release-package-schema-1.1.5.json"
RELEASE_SCHEMA = "release-schema-1.1.4.json"
RELEASE_SCHEMA_URI = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"

# extension name -> (extension.json URL to declare in a package, shipped patch file)
EXTENSIONS = {
    "otherRequirements": (
        "https://raw.githubusercontent.com/open-contracting-extensions/"
        "ocds_otherRequirements_extension/master/extension.json",
        "extensions/otherRequirements-release-schema.json",
    ),
    "sustainability": (
        "https://raw.githubusercontent.com/open-contracting-extensions/"
        "ocds_sustainability_extension/master/extension.json",
        "extensions/sustainability-release-schema.json",
    ),
}


def _load(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (null removes a key)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def _release_schema_json(extensions: tuple[str, ...]) -> str:
    schema = _load(RELEASE_SCHEMA)
    for name in extensions:
        schema = merge_patch(schema, _load(EXTENSIONS[name][1]))
    schema["id"] = RELEASE_SCHEMA_URI
    return json.dumps(schema)


def release_schema(extensions: tuple[str, ...] = tuple(EXTENSIONS)) -> dict[str, Any]:
    """The release schema with the given extensions patched in."""
    unknown = set(extensions) - set(EXTENSIONS)
    if unknown:
        raise ValueError(f"unknown OCDS extensions: {sorted(unknown)}")
    return json.loads(_release_schema_json(tuple(sorted(extensions))))


def package_schema() -> dict[str, Any]:
    return _load(PACKAGE_SCHEMA)


FORMAT_CHECKER = jsonschema.FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value:
        raise ValueError("date-time needs a time part")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("date-time needs a time zone")
    return True


@FORMAT_CHECKER.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise ValueError("not an absolute URI")
    return True


def extensions_declared(package: dict[str, Any]) -> tuple[str, ...]:
    urls = set(package.get("extensions") or [])
    return tuple(name for name, (url, _) in EXTENSIONS.items() if url in urls)


def validate_package(package: dict[str, Any]) -> list[str]:
    """Schema errors of a release package (empty list = valid).

    Validates against the release package schema, with each release checked against
    the release schema patched with the extensions the package declares. Formats
    ``date-time`` and ``uri`` are checked too.
    """
    exts = extensions_declared(package)
    release = Resource(contents=release_schema(exts), specification=DRAFT4)
    registry = Registry().with_resource(RELEASE_SCHEMA_URI, release)
    validator = jsonschema.Draft4Validator(
        package_schema(), registry=registry, format_checker=FORMAT_CHECKER
    )
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator.iter_errors(package), key=lambda e: list(e.absolute_path))
    ]
