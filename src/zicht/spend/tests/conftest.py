import pytest


@pytest.fixture
def client(client):
    """Register tests read messages in English (the msgids); Dutch is tested separately."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def spend_store(settings, tmp_path):
    """Each test has its own Parquet store and upload folder."""
    settings.SPEND_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.SPEND_STORE
