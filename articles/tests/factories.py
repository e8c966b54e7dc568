import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Author, Byline, Image, Section, Tag


def image_bytes(fmt="JPEG", size=(1000, 600), color=(200, 80, 40), mode="RGB", **save_options):
    buffer = io.BytesIO()
    PILImage.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    bio = "Writes about things."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyAttribute(lambda _: ContentFile(image_bytes(), name="picture.jpg"))
    alt_text = "A red rectangle"
    caption = "A caption"
    credit = "AFP"
    licence = "Fair use"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "What happened, in a sentence."
    section = factory.SubFactory(SectionFactory)
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for order, author in enumerate(extracted or []):
            Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)


def place_picture(article, image, *, caption="", after_paragraph=1):
    """Put `image` in `article`'s body after its paragraph `after_paragraph`, as the editor does."""
    from articles.positional_pictures import figures_after_paragraphs

    article.body = figures_after_paragraphs(article.body, [(after_paragraph, image.pk, caption)])
    article.save()
    return article


def body_figures(body):
    """[(library id or old address, caption)] of each figure node in a stored body, in order."""
    from lxml import html as lxml_html

    if not body:
        return []
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    return [
        (
            int(node.get("data-image")) if node.get("data-image") else node.get("data-source"),
            node.findtext("figcaption") or "",
        )
        for node in root.iter("figure")
        if node.get("data-image") or node.get("data-source")
    ]
