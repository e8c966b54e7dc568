"""Declared hooks: what apps name in their AppConfig, read one way (core/hooks.py)."""

from articles.admin import feature_inlines
from articles.models import page_joins
from core.hooks import declared


def test_every_apps_declaration_is_read_in_app_order_and_none_is_an_empty_list():
    assert declared("article_page_joins") == ["engagement", "live"]
    assert declared("article_page_prefetches") == ["corrections"]
    assert declared("no_app_declares_this") == []


def test_the_readers_of_the_story_page_and_admin_get_the_features_declarations():
    assert page_joins() == ["section", "lead_image", "engagement", "live"]
    assert {inline.__name__ for inline in feature_inlines()} >= {"EngagementInline", "LiveCoverageInline"}
