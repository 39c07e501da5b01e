import pytest


@pytest.fixture(autouse=True)
def english(settings):
    """Page tests read English messages (the msgids); Dutch is the site default."""
    settings.LANGUAGE_CODE = "en"
