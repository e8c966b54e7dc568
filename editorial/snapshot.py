"""A story's content as plain data (what readers see), and writing such data back to a story."""

from django.db import transaction

from articles.models import Article, Author, Byline, Image, KeyPoint, Section, Tag
from articles.positional_pictures import figures_after_paragraphs

# The story's own fields that readers see, kept in every revision.
FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "dateline",
    "body",
    "lead_image_caption",
    "editors_note",
    "comments_enabled",
]


def snapshot(article):
    """Everything readers see of `article`, as JSON-ready data, read fresh from the database."""
    article = (
        Article.objects.select_related("section", "lead_image")
        .prefetch_related("tags", "bylines__author", "key_points")
        .get(pk=article.pk)
    )
    data = {field: getattr(article, field) for field in FIELDS}
    data["section"] = {"id": article.section_id, "name": article.section.name}
    data["tags"] = sorted(({"id": tag.pk, "name": tag.name} for tag in article.tags.all()), key=lambda t: t["name"])
    data["bylines"] = [{"id": b.author_id, "name": b.author.name} for b in article.bylines.all()]
    data["key_points"] = [point.text for point in article.key_points.all()]
    data["lead_image"] = _image(article.lead_image)
    return data


def _image(image):
    return {"id": image.pk, "title": str(image)} if image is not None else None


@transaction.atomic
def apply_snapshot(article, data):
    """Make `article` read as `data` (a revision's content). What no longer exists (a deleted
    tag, author or picture) is left out rather than failing. Publication status and time are
    not part of a revision: they stay as they are."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    for field in FIELDS:
        if field in data:
            setattr(article, field, data[field])
    if data.get("inline_images"):
        # A revision from before pictures were part of the text: they go where the page showed them.
        placed = [(p["position"], p["id"], p["caption"]) for p in data["inline_images"]]
        article.body = figures_after_paragraphs(article.body, placed)
    section = Section.objects.filter(pk=(data.get("section") or {}).get("id")).first()
    if section is not None:
        article.section = section
    lead = data.get("lead_image")
    article.lead_image = Image.objects.filter(pk=lead["id"]).first() if lead else None
    article.full_clean(exclude=["section"] if section is None else None)
    article.save()
    article.tags.set(Tag.objects.filter(pk__in=[tag["id"] for tag in data.get("tags", [])]))
    article.bylines.all().delete()
    authors = Author.objects.in_bulk([byline["id"] for byline in data.get("bylines", [])])
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[byline["id"]], order=order, publish_at=article.publish_at)
        for order, byline in enumerate(data.get("bylines", []))
        if byline["id"] in authors
    )
    article.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(article=article, text=text, order=order) for order, text in enumerate(data.get("key_points", []))
    )
    return article
