"""The desk's home page: what needs each person now, only what they can act on, at a fixed cost."""

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.people import author_profile_for
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post
from editorial.models import Correction, Revision
from editorial.tests.admin_forms import staff

pytestmark = pytest.mark.django_db


def desk(user):
    client = Client()
    client.force_login(user)
    return client.get("/admin/").content.decode()


def panel(html, title):
    return html.split(f">{title} <span", 1)[1].split("</section>", 1)[0]


def test_an_editor_sees_what_waits_for_them_and_a_reporter_their_own(django_assert_max_num_queries):
    editor, reporter = staff("ines", "Editor", first_name="Ines"), staff("rui", "Reporter", first_name="Rui")
    story = ArticleFactory(headline="Harbour reopens")
    Revision.objects.create(article=story, created_by=reporter, status=Revision.Status.PENDING, data={})
    soon = timezone.now() + timezone.timedelta(hours=3)
    ArticleFactory(headline="Going out at tea time", publish_at=soon)
    ArticleFactory(headline="Going out next week", publish_at=soon + timezone.timedelta(days=7))
    ArticleFactory(headline="Rui's draft", status=Article.Status.DRAFT, authors=[author_profile_for(reporter)])
    post(story, body="Held for a look", status=Comment.Status.PENDING)
    Correction.objects.create(article=story, kind=Correction.Kind.CORRECTION, text="The bridge is 40 m long.")

    ArticleFactory(headline="Rui's new story", status=Article.Status.IN_REVIEW, authors=[author_profile_for(reporter)])

    html = desk(editor)
    waiting = panel(html, "Awaiting review")
    assert "Harbour reopens" in waiting and "changes by Rui" in waiting
    assert "Rui&#x27;s new story" in waiting and "a story submitted for review" in waiting
    going = panel(html, "Going live in the next 24 hours")
    assert "Going out at tea time" in going and "next week" not in going
    assert "The bridge is 40 m long." in panel(html, "Latest corrections and updates")
    assert "Comments held for moderation" not in html  # an editor who does not moderate

    mine = desk(reporter)
    assert "Harbour reopens" in panel(mine, "My changes awaiting review")
    assert "Rui&#x27;s draft" in panel(mine, "My drafts")

    moderator = staff("mo", "Moderator")
    theirs = desk(moderator)
    assert "Held for a look" in panel(theirs, "Comments held for moderation")
    assert "Awaiting review" not in theirs and "My drafts" not in theirs

    for number in range(12):  # more of everything costs no more queries
        Revision.objects.create(article=ArticleFactory(), created_by=reporter, status=Revision.Status.PENDING, data={})
        post(story, body=f"Held {number}", status=Comment.Status.PENDING)
    client = Client()
    client.force_login(editor)
    client.get("/admin/")
    with django_assert_max_num_queries(20):
        client.get("/admin/")

    # With only stories in review waiting, "See them all" is the list of those stories.
    Revision.objects.update(status=Revision.Status.APPROVED)
    assert 'href="/admin/articles/article/?state=review"' in panel(desk(editor), "Awaiting review")
