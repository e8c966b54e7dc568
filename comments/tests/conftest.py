import pytest

from articles.tests.factories import ArticleFactory


@pytest.fixture
def article():
    return ArticleFactory()
