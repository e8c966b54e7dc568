"""Migration 0010 moves each positional inline picture into the text where the page showed it:
the story reads the same before and after (text and pictures in the same order, the same
captions), and the picture is marked as in use."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.html import escape, strip_tags

from articles.templatetags.article_body import rendered_body

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("articles", "0009_admin_search_trigrams")
AFTER = ("articles", "0010_pictures_in_the_body")
TOKEN = re.compile(r"<img [^>]*\bsrc=\"([^\"]+)\"|>([^<]+)<")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture(autouse=True)
def every_migration_applied_afterwards():
    """Going back to 0009 unapplies the apps built on later ones (live/); the tests after this
    one need every table back."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_page(body, placements, images):
    """The body as the story page showed it before: each picture after its paragraph."""
    by_position = {}
    for position, image_id, caption in placements:
        image = images[image_id]
        by_position.setdefault(position, []).append(
            f'<figure><img src="{image.file.url}"><figcaption>{escape(caption or image.caption)}</figcaption></figure>'
        )
    pieces = body.split("</p>")
    out = []
    for number, piece in enumerate(pieces[:-1], start=1):
        out += [piece + "</p>", *by_position.pop(number, [])]
    out.append(pieces[-1])
    for position in sorted(by_position):
        out += by_position[position]
    return "".join(out)


def reading_order(markup):
    """What a reader meets, in order: words, and each picture by its file."""
    found = []
    for picture, text in TOKEN.findall(markup):
        if picture:
            found.append(re.sub(r"-\d+w\.\w+$|\.\w+$", "", picture.rsplit("/", 1)[-1]))
        else:
            found += strip_tags(text).split()
    return found


def test_inline_pictures_move_into_the_text_and_the_story_reads_the_same():
    old_apps = migrate(BEFORE)
    Section = old_apps.get_model("articles", "Section")
    Article = old_apps.get_model("articles", "Article")
    Image = old_apps.get_model("articles", "Image")
    InlineImage = old_apps.get_model("articles", "InlineImage")
    section = Section.objects.create(name="News", slug="news")
    images = {n: Image.objects.create(file=f"images/p{n}.jpg", caption=f"Library caption {n}") for n in range(4)}
    bodies = {
        "plain": "<p>One.</p><p>Two.</p><p>Three.</p>",
        "list": "<p>Intro.</p><ul><li><p>Item a</p></li><li><p>Item b</p></li></ul><p>End.</p>",
        "short": "<p>Only one paragraph.</p>",
    }
    placements = {
        "plain": [(1, 0, "Own caption & more"), (3, 1, "")],
        "list": [(2, 2, "In the list")],
        "short": [(5, 3, ""), (5, 0, "")],  # beyond the last paragraph: after the body
    }
    stories = {}
    for slug, body in bodies.items():
        story = Article.objects.create(
            slug=slug, headline=slug, section=section, body=body, publish_at="2024-01-01T10:00Z", status="published"
        )
        for position, image, caption in placements[slug]:
            InlineImage.objects.create(article=story, image=images[image], position=position, caption=caption)
        stories[slug] = story.pk

    new_apps = migrate(AFTER)
    from articles.models import Article as CurrentArticle  # noqa: PLC0415 - the tables as migrated
    from articles.models import BodyPicture  # noqa: PLC0415
    from articles.models import Image as CurrentImage

    current_images = {n: CurrentImage.objects.get(pk=image.pk) for n, image in images.items()}
    for slug, pk in stories.items():
        story = CurrentArticle.objects.get(pk=pk)
        placed = [(p, images[i].pk, c) for p, i, c in placements[slug]]
        before = old_page(bodies[slug], placed, {image.pk: image for image in current_images.values()})
        assert reading_order(str(rendered_body(story.body))) == reading_order(before), slug
        assert {bp.image_id for bp in BodyPicture.objects.filter(article=story)} == {i for _, i, _ in placed}
    assert "Own caption &amp; more" in CurrentArticle.objects.get(pk=stories["plain"]).body
    assert not new_apps.is_installed("nothing") and "inlineimage" not in new_apps.all_models["articles"]
