"""Is this picture public? One question, answered for every model that points at the image library.

Readers see a picture through a published (or scheduled) story's lead image or text, an author's
photo, a published page's lead image… Each model with a relation to `Image` registers how to tell
whether it shows a given picture to readers (`register`); `is_public(image)` asks them all. A
relation nobody answered for is an error, and articles/tests/test_public_pictures.py lists every
relation to `Image` and fails when a new one is not covered.
"""

from articles.models import Image

_answers = {}  # "app_label.Model.field" → function(image) → bool


def register(model, field_name, shows_to_readers):
    _answers[f"{model._meta.label}.{field_name}"] = shows_to_readers


def relations():
    """Every field that points at the image library, as "app_label.Model.field"."""
    return {
        f"{field.related_model._meta.label}.{field.field.name}"
        for field in Image._meta.get_fields(include_hidden=True)
        if field.is_relation and field.auto_created and not field.concrete
    }


def unanswered():
    return relations() - set(_answers)


def is_public(image):
    """Whether readers see `image` now or at a scheduled time, through anything that shows it."""
    missing = unanswered()
    if missing:
        raise LookupError(f"Nobody says whether these show pictures to readers: {', '.join(sorted(missing))}")
    return any(answer(image) for answer in _answers.values())


def register_articles():
    from articles.models import Article, Author, BodyPicture  # noqa: PLC0415

    published = Article.Status.PUBLISHED
    register(Article, "lead_image", lambda image: Article.objects.filter(status=published, lead_image=image).exists())
    register(
        BodyPicture,
        "image",
        lambda image: BodyPicture.objects.filter(image=image, article__status=published).exists(),
    )
    register(Author, "photo", lambda image: Author.objects.filter(photo=image).exists())
