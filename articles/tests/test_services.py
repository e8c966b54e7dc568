import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def member_of(group):
    user = User.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_publishing_a_draft_sends_it_out_now():
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timezone.timedelta(days=9))
    published = article_publish(article=draft, by=member_of("Editor"))
    assert published.is_published
    assert timezone.now() - published.publish_at < timezone.timedelta(minutes=1)
    assert published.first_published_at == published.publish_at


def test_republishing_keeps_the_original_time_and_so_the_address():
    story = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=3))
    url = story.get_absolute_url()
    editor = member_of("Editor")
    article_unpublish(article=story, by=editor)
    assert article_publish(article=story, by=editor).get_absolute_url() == url


def test_a_scheduled_story_published_now_goes_out_now():
    scheduled = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() + timezone.timedelta(days=1))
    assert article_publish(article=scheduled, by=member_of("Editor")).is_published


@pytest.mark.parametrize("service", [article_publish, article_unpublish])
def test_reporters_may_not_publish_or_unpublish(service):
    story = ArticleFactory(status=Article.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        service(article=story, by=member_of("Reporter"))
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_publishing_refuses_a_slug_taken_on_the_same_day():
    ArticleFactory(slug="same", publish_at=timezone.now())
    twin = ArticleFactory(slug="same", status=Article.Status.DRAFT, publish_at=timezone.now())
    with pytest.raises(ValidationError):
        article_publish(article=twin, by=member_of("Editor"))
    twin.refresh_from_db()
    assert twin.status == Article.Status.DRAFT
