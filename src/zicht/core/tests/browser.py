"""Real-browser tests: Playwright driving the system Chromium, with axe-core.

Registered as a pytest plugin in the repository's ``conftest.py``. Usage::

    import pytest

    from zicht.core.tests.browser import assert_no_axe_violations

    @pytest.mark.browser
    def test_directory_is_accessible(browser_page, live_server):
        browser_page.goto("/directory/")  # relative to live_server.url
        assert_no_axe_violations(browser_page)

We never download a browser (no ``playwright install``): Chromium comes from the system
(Debian package ``chromium``), found through ``CHROMIUM_PATH``, ``$PATH`` or
``/usr/bin/chromium``. Without it the browser tests are skipped with a message, unless
``ZICHT_REQUIRE_BROWSER=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000

_skipped_reasons: set[str] = set()


def find_chromium() -> str | None:
    """Path of the system Chromium, or None. ``CHROMIUM_PATH`` wins when it is set."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    fallback = "/usr/bin/chromium"
    return fallback if os.access(fallback, os.X_OK) else None


def browser_required() -> bool:
    return os.environ.get("ZICHT_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def _no_browser(reason: str) -> None:
    if browser_required():
        pytest.fail(f"{reason} (ZICHT_REQUIRE_BROWSER=1, so this is a failure, not a skip)")
    _skipped_reasons.add(reason)
    pytest.skip(reason)


@pytest.fixture
def browser_page(live_server, monkeypatch) -> Iterator:
    """A Playwright ``Page`` in a fresh headless Chromium, pointed at ``live_server``.

    ``page.goto("/path/")`` is relative to the live server. The browser starts per test:
    Playwright's sync API runs an asyncio loop in this thread while it is alive, and
    Django refuses ORM calls from a thread with a running loop. So the loop only lives
    for one test, and for that test ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set (test-only, the
    ORM is still used from one thread at a time). The live server's own thread is not
    affected.
    """
    executable = find_chromium()
    if executable is None:
        _no_browser(
            "Chromium not found: install Debian's `chromium` package or set CHROMIUM_PATH "
            "to run the browser/accessibility tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the test requirements
        _no_browser("the `playwright` Python package is not installed")

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:  # noqa: BLE001 - any launch problem means "no usable browser"
            _no_browser(f"Chromium at {executable} did not start: {exc}".splitlines()[0])
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
    finally:
        playwright.stop()


def run_axe(page, tags: list[str] | None = None, disable_rules: list[str] | None = None) -> list:
    """Run axe-core on the current page and return its violations (a list of dicts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return result["violations"]


def format_violations(violations: list) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']} [{violation.get('helpUrl', '')}]"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " / ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(
    page, tags: list[str] | None = None, disable_rules: list[str] | None = None
) -> None:
    """Fail the test when axe-core finds WCAG 2.1 A/AA violations on the current page.

    Disable a rule only with a comment saying why, and never for contrast or names.
    """
    violations = run_axe(page, tags=tags, disable_rules=disable_rules)
    if violations:
        pytest.fail(
            f"{len(violations)} axe-core violation(s) (WCAG 2.1 A/AA) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


def pytest_collection_modifyitems(config, items) -> None:
    # A test that drives the browser is a browser test, even if someone forgot the
    # marker: `-m "not browser"` must really leave Chromium out.
    for item in items:
        if "browser_page" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter) -> None:
    # Skips are easy to miss in the dots; say clearly that the a11y checks did not run.
    for reason in sorted(_skipped_reasons):
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED: {reason}. Set ZICHT_REQUIRE_BROWSER=1 to make this fail.",
            yellow=True,
            bold=True,
        )


def login(page, email: str, password: str = "correct horse battery") -> None:  # noqa: S107
    """Log in through the real login form (the factories' default password)."""
    page.goto("/account/inloggen")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form.zicht-form button[type=submit]").click()
    page.wait_for_load_state()
