import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from editorial.models import Correction, DraftLink
from editorial.sharing import draft_link_url
from editorial.tests.admin_forms import save

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_a_correction_is_shown_carried_in_json_ld_listed_publicly_and_outlives_edits(editor):
    story = ArticleFactory(headline="Mayor opens the new library")
    url = reverse("admin:articles_article_correction", args=[story.pk])
    editor.post(url, {"correction-kind": "correction", "correction-text": "The library opened on Tuesday, not Monday."})
    editor.post(url, {"correction-kind": "update", "correction-text": "Opening hours were announced."})
    save(editor, story, headline="Mayor opens the new central library")  # a later edit

    cache.clear()
    html = Client().get(story.get_absolute_url()).content.decode()
    assert "Corrections and updates" in html
    assert "The library opened on Tuesday, not Monday." in html and "Opening hours were announced." in html
    article_data = next(block for block in json_ld(html) if block.get("@type") == "NewsArticle")
    assert article_data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The library opened on Tuesday, not Monday.",
            "datePublished": article_data["correction"][0]["datePublished"],
        }
    ]
    assert article_data["dateModified"] >= article_data["correction"][0]["datePublished"]

    ledger = Client().get("/corrections/").content.decode()
    assert "The library opened on Tuesday, not Monday." in ledger
    assert f'href="{story.get_absolute_url()}#corrections"' in ledger
    assert Correction.objects.filter(article=story).count() == 2


def test_corrections_are_for_published_stories_and_are_never_on_the_ledger_while_a_story_is_out(editor):
    draft = ArticleFactory(status="draft")
    editor.post(
        reverse("admin:articles_article_correction", args=[draft.pk]),
        {"correction-kind": "correction", "correction-text": "x"},
    )
    assert not Correction.objects.exists()
    story = ArticleFactory(headline="Withdrawn story")
    Correction.objects.create(article=story, text="A fix")
    story.status = "draft"
    story.save()
    assert "Withdrawn story" not in Client().get("/corrections/").content.decode()


def test_a_shared_draft_link_opens_the_preview_until_it_expires_or_is_revoked(editor):
    draft = ArticleFactory(status="draft", headline="Embargoed investigation")
    response = editor.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"share-hours": "24", "share-note": "our lawyer"}
    )
    assert response.status_code == 302
    link = DraftLink.objects.get(article=draft)
    assert link.note == "our lawyer" and abs(
        (link.expires_at - timezone.now()) - datetime.timedelta(hours=24)
    ) < datetime.timedelta(minutes=1)
    address = draft_link_url(link)

    page = Client().get(address)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Embargoed investigation" in html and "Draft — not published" in html
    assert "no-store" in page["Cache-Control"] and page["X-Robots-Tag"] == "noindex, nofollow"
    assert "comment-form" not in html  # nobody comments on a draft

    assert Client().get(address[:-3] + "xx/").status_code == 404  # tampered
    editor.post(reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk]))
    assert Client().get(address).status_code == 410

    expired = DraftLink.objects.create(article=draft, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert Client().get(draft_link_url(expired)).status_code == 410


@pytest.mark.parametrize("hours", ["0", "721", "abc"])
def test_a_share_link_needs_a_sensible_lifetime(editor, hours):
    draft = ArticleFactory(status="draft")
    editor.post(reverse("admin:articles_article_share", args=[draft.pk]), {"share-hours": hours})
    assert not DraftLink.objects.exists()


def test_a_shared_link_to_a_story_published_since_says_so(editor):
    story = ArticleFactory(status="draft")
    link = DraftLink.objects.create(article=story, expires_at=timezone.now() + datetime.timedelta(hours=1))
    story.status = "published"
    story.save()
    html = Client().get(draft_link_url(link)).content.decode()
    assert "has been published since this link was shared" in html and "Draft — not published" not in html


def test_a_story_with_a_shared_link_for_someone_can_be_deleted(editor):
    from django.contrib.auth.models import User

    from articles.models import Article
    from editorial.services import draft_link_create

    story = ArticleFactory(status=Article.Status.DRAFT)
    draft_link_create(story, by=User.objects.get(username="ines"), hours=24, note="our lawyer")
    draft_link_create(story, by=User.objects.get(username="ines"), hours=24)
    url = reverse("admin:articles_article_delete", args=[story.pk])

    page = editor.get(url)
    assert page.status_code == 200 and "our lawyer" in page.content.decode()
    assert editor.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists() and not DraftLink.objects.exists()
