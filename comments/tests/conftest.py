import pytest
from django.contrib.auth.models import Group, User

from articles.tests.factories import ArticleFactory


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def moderator_client(client):
    """A client signed in as a member of the Moderator group."""
    user = User.objects.create_user("mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderator"))
    client.force_login(user)
    return client
