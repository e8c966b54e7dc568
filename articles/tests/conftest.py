"""Signed-in clients for the articles tests, by role."""

import pytest

from articles.tests.test_admin import staff


@pytest.fixture
def reporter_client(client):
    client.force_login(staff("reporter", "Reporter"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(staff("editor", "Editor"))
    return client
