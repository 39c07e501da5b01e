"""Every environment variable Zicht reads goes through :func:`env`, with a help text.

``zicht envdocs`` prints the table in docs/configuration.md; a test fails when that
file is stale, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


REGISTRY: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}


def env(name: str, default: str, help: str) -> str:
    REGISTRY[name] = Variable(name, default, help)
    return os.environ.get(name, default)


def env_bool(name: str, default: bool, help: str) -> bool:
    return env(name, "true" if default else "false", help).strip().lower() in _TRUE


def env_list(name: str, default: str, help: str) -> list[str]:
    return [item.strip() for item in env(name, default, help).split(",") if item.strip()]


def markdown_table() -> str:
    lines = [
        "| variable | default | what it does |",
        "| --- | --- | --- |",
    ]
    for var in sorted(REGISTRY.values(), key=lambda v: v.name):
        default = f"`{var.default}`" if var.default else "(empty)"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines) + "\n"
