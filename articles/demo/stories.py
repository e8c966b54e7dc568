"""The demo newsroom's content, gathered from its modules (all our own fictional writing)."""

from articles.demo.feature_stories import FEATURE_STORIES
from articles.demo.news_stories import NEWS_STORIES
from articles.demo.people import AUTHORS, SECTIONS

# Interleaved by age, so the front page mixes sections as a real one would.
STORIES = sorted(NEWS_STORIES + FEATURE_STORIES, key=lambda story: story[9])

__all__ = ["AUTHORS", "SECTIONS", "STORIES"]
