"""Story cards and bylines (articles/cards.py), as lists and story pages print them."""

from articles.cards import byline, comments_link, story_card
from articles.models import Article, Author, Byline


def listed(article):
    return Article.objects.for_listing().get(pk=article.pk)


def test_bylines_name_every_author_linked_and_escaped(make_article, author):
    story = make_article(headline="Three names")
    for order, name in enumerate(["Bob <b>", "Cy"], start=1):
        Byline.objects.create(article=story, author=Author.objects.create(name=name, slug=f"a{order}"), order=order)
    Byline.objects.create(article=story, author=author, order=3)
    assert not byline(make_article(headline="Nobody's"))  # no byline, no "By"
    line = byline(listed(story))
    assert line.startswith('<span class="byline">By <a href="/author/a1/" rel="author">Bob &lt;b&gt;</a>, ')
    assert line.endswith(f' and <a href="{author.get_absolute_url()}" rel="author">{author.name}</a></span>')


def test_a_card_links_its_story_escapes_its_text_and_counts_its_comments(make_article):
    story = make_article(headline="Fish & <chips>", standfirst="A <b>bold</b> claim", comment_count=2)
    card = story_card(listed(story), heading="h2", show_section=True)
    url = story.get_absolute_url()
    assert f'<h2 class="story-card__headline"><a href="{url}">Fish &amp; &lt;chips&gt;</a></h2>' in card
    assert '<p class="story-card__standfirst">A &lt;b&gt;bold&lt;/b&gt; claim</p>' in card
    assert f'<a href="{story.section.get_absolute_url()}">{story.section.name}</a>' in card
    assert f'<a class="meta__comments" href="{url}#comments">2 comments</a>' in card
    compact = story_card(listed(story), compact=True)
    assert "story-card--compact" in compact and "story-card__standfirst" not in compact and "<h3 " in compact


def test_only_the_lead_and_a_lists_first_picture_are_fetched_at_once(make_article, image):
    story = listed(make_article(headline="Pictured", lead_image=image))
    assert 'fetchpriority="high"' in story_card(story, big=True)
    assert 'fetchpriority="high"' in story_card(story, first=True)
    assert 'loading="lazy"' in story_card(story) and 'loading="lazy"' in story_card(story, compact=True)


def test_a_lists_comment_link_shows_only_while_the_story_has_comments_open_or_counted(make_article):
    story = make_article(headline="Talked about", comment_count=1)
    assert comments_link(story) == f'<a class="meta__comments" href="{story.get_absolute_url()}#comments">1 comment</a>'
    assert comments_link(make_article(headline="Quiet")) == ""
    story.comments_enabled = False
    assert comments_link(story) == ""


def test_a_related_card_links_its_story_and_section_and_escapes_its_headline(make_article, image):
    from articles.cards import related_card
    from core.times import machine_time

    story = make_article(headline="Fish & <chips>", lead_image=image)
    card = related_card(Article.objects.select_related("section", "lead_image").get(pk=story.pk))
    url = story.get_absolute_url()
    assert f'<h3 class="related-card__headline"><a href="{url}">Fish &amp; &lt;chips&gt;</a></h3>' in card
    assert f'<a href="{story.section.get_absolute_url()}">{story.section.name}</a>' in card
    assert f'<a class="related-card__image" href="{url}" tabindex="-1" aria-hidden="true"><img ' in card
    assert 'loading="lazy"' in card and f'<time datetime="{machine_time(story.publish_at)}">' in card


def test_the_home_pages_river_and_section_items_are_the_markup_its_template_wrote(make_article):
    """river_item and compact_item write in one pass what home.html's loops wrote, byte for byte."""
    from django.template import Context, Template

    from articles.cards import compact_item, river_item

    story = listed(make_article(headline="Fish & <chips>", comment_count=3))
    written_by_template = Template(
        '{% load time_tags article_cards %}<li class="river__item">\n'
        '      <time datetime="{{ story.publish_at|machine_time }}">{{ story.publish_at|date:"j M, H:i" }}</time>\n'
        '      <p class="kicker"><a href="{{ story.section.get_absolute_url }}">{{ story.section.name }}</a></p>\n'
        '      <h3 class="river__headline"><a href="{{ story.get_absolute_url }}">{{ story.headline }}</a></h3>\n'
        "      {% comments_link story %}\n"
        "    </li>|"
        '<li><a href="{{ story.get_absolute_url }}">{{ story.headline }}</a> '
        '<time datetime="{{ story.publish_at|machine_time }}">{{ story.publish_at|date:"j M" }}</time></li>'
    ).render(Context({"story": story}))
    assert f"{river_item(story)}|{compact_item(story)}" == written_by_template
    assert "Fish &amp; &lt;chips&gt;" in river_item(story) and "3 comments" in river_item(story)
