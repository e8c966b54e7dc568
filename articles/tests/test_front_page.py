"""The front page as a news front: the lead package, the latest as a compact list, and each
section's newest stories beside it."""

import re

import pytest
from django.utils import timezone

from articles.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_the_lead_package_the_latest_and_fresh_section_blocks(client, django_assert_max_num_queries):
    sections = [SectionFactory(name=name) for name in ("News", "Sport")]
    now = timezone.now()
    stories = [
        ArticleFactory(headline=f"Story {n}", section=sections[n % 2], publish_at=now - timezone.timedelta(hours=n + 1))
        for n in range(30)
    ]
    with django_assert_max_num_queries(11):
        html = client.get("/").content.decode()

    lead = html.split('class="home-lead"', 1)[1].split("</section>", 1)[0]
    river = html.split('class="river"', 1)[1].split("</ol>", 1)[0]
    blocks = html.split('class="home-sections"', 1)[1]
    in_lead = re.findall(r">(Story \d+)</a>", lead)
    assert in_lead == [f"Story {n}" for n in range(5)]
    assert re.findall(r">(Story \d+)</a>", river) == [f"Story {n}" for n in range(5, 20)]
    # Each section's newest stories outside the lead package: what is new, even if it is in the list too.
    news = blocks.split('id="block-', 2)[1]
    assert re.findall(r">(Story \d+)</a>", news)[:4] == ["Story 6", "Story 8", "Story 10", "Story 12"]
    assert not set(in_lead) & set(re.findall(r">(Story \d+)</a>", blocks))
    assert stories[0].headline in lead


def test_a_lists_first_picture_is_fetched_first_and_the_others_lazily(client):
    from articles.tests.factories import ImageFactory

    section = SectionFactory(name="News", slug="news")
    for number in range(3):
        ArticleFactory(section=section, lead_image=ImageFactory(), headline=f"Pictured {number}")
    html = client.get("/section/news/").content.decode()

    images = re.findall(r'<img [^>]*class="[^"]*"[^>]*>|<img [^>]*>', html.split('class="story-list"', 1)[1])
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in image and "fetchpriority" not in image for image in images[1:3])
