"""The admin writes dates one way (newsroom/formats): named formats only, no format of its own."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
LITERAL_DATE_FILTER = re.compile(r'\|date:"(?![A-Z_]+FORMAT")[^"]*"')
HAND_MADE_FORMAT = re.compile(r"%[Yd]-%[md]|%Y-%m-%d %H:%M|%H:%M:%S\b(?!Z)")


def test_admin_templates_and_our_modules_use_the_named_formats():
    templates = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in (ROOT / "templates/admin").rglob("*.html")
        for match in LITERAL_DATE_FILTER.findall(path.read_text())
    ]
    assert templates == []
    modules = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for app in ("articles", "audit", "comments", "editorial", "live", "pages", "newsletter", "core", "wordpress")
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for line in path.read_text().splitlines()
        if HAND_MADE_FORMAT.search(line) and "isoformat" not in line and "T%H" not in line
    ]
    assert modules == []


@pytest.mark.django_db
def test_the_story_list_and_the_comment_queue_write_dates_the_same_way(client):
    from articles.tests.factories import ArticleFactory
    from comments.tests.factories import post

    moment = timezone.make_aware(timezone.datetime(2026, 3, 7, 9, 5))
    story = ArticleFactory(publish_at=moment)
    post(story, created_at=moment)
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))

    for address in ("/admin/articles/article/", "/admin/comments/comment/"):
        html = client.get(address).content.decode()
        assert "7 Mar 2026, 09:05" in html, address
        assert "a.m." not in html and "March 7" not in html
