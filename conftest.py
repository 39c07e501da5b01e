"""Repository-wide pytest setup. App fixtures live next to their tests."""

# Real-browser fixtures (browser_page) and the axe-core helper; see docs/ui.md.
pytest_plugins = ["zicht.core.tests.browser"]
