import pytest


@pytest.fixture
def client(client):
    """Register tests read messages in English (the msgids); Dutch is tested separately."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
