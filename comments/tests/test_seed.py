import pytest
from django.core.management import call_command
from django.db.models import Count

from comments.models import Comment
from comments.trees import check_trees

pytestmark = pytest.mark.django_db


def test_each_demo_discussion_sits_under_its_own_story_once():
    call_command("seed_articles", verbosity=0, without_renditions=True)
    call_command("seed_comments", verbosity=0)
    call_command("seed_comments", verbosity=0)

    assert Comment.objects.values("article").distinct().count() == 4
    repeated = Comment.objects.values("body").annotate(stories=Count("article", distinct=True)).filter(stories__gt=1)
    assert list(repeated) == []
    bridge = Comment.objects.filter(article__slug="harbour-bridge-reopens")
    assert bridge.filter(body__contains="cycle lane").exists()
    assert check_trees() == {}
