import pytest
from django.test import Client

from editorial.tests.admin_forms import staff


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return signed_in(staff("ines", "Editor", first_name="Ines", last_name="Editor"))


@pytest.fixture
def reporter():
    return signed_in(staff("rui", "Reporter", first_name="Rui"))
