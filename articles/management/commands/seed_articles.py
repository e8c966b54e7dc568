import datetime
import os
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from articles.demo.images import draw_portrait, draw_scene
from articles.demo.showcase import SHOWCASE, SHOWCASE_BODY
from articles.demo.stories import AUTHORS, SECTION_PARAGRAPHS, SECTIONS, STORIES
from articles.models import Article, Author, Byline, Image, KeyPoint, Section, Tag
from articles.positional_pictures import figures_after_paragraphs
from articles.renditions import make_renditions
from articles.signals import _make_renditions_after_commit
from core.pagecache import invalidate_public_pages

IMAGE_CREDITS = [
    ("Staff photo", "All rights reserved"),
    ("Newsroom Agency", "Fair use"),
    ("M. Ferreira", "CC BY 4.0"),
    ("City archive", "CC0 1.0"),
    ("Handout", "Handout"),
]


class Command(BaseCommand):
    help = "Load the demo newsroom's sections, authors, images and stories. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-renditions",
            action="store_true",
            help="Leave the pictures without renditions (pages show the originals): for tests that read no picture.",
        )

    def handle(self, *args, **options):
        # The pictures' renditions are made afterwards, on every core at once (one after another,
        # as saving each picture would have them made, they were most of `make run`'s wait).
        post_save.disconnect(sender=Image, dispatch_uid="image-renditions")
        try:
            self.load()
        finally:
            post_save.connect(_make_renditions_after_commit, sender=Image, dispatch_uid="image-renditions")
        if options["without_renditions"]:
            return
        waiting = list(Image.objects.filter(rendition_widths=[]).exclude(file=""))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            made = list(pool.map(make_renditions, waiting))
        for image, widths in zip(waiting, made, strict=True):
            Image.objects.filter(pk=image.pk).update(rendition_widths=widths)
        if waiting:
            invalidate_public_pages()

    @transaction.atomic
    def load(self):
        sections = {section["slug"]: self.section(order=order, **section) for order, section in enumerate(SECTIONS)}
        authors = {author["slug"]: self.author(number=number, **author) for number, author in enumerate(AUTHORS)}
        created = 0
        for number, story in enumerate(STORIES):
            created += self.story(number, story, sections, authors)
        created += self.showcase(sections, authors)
        self.stdout.write(f"Demo articles: {created} created, {len(STORIES) + 1 - created} already there.")

    def showcase(self, sections, authors):
        """The story that shows every kind of thing a body holds (articles/demo/showcase.py)."""
        if Article.objects.filter(slug=SHOWCASE["slug"]).exists():
            return 0
        pictures = [self.lead_image(200 + number, SHOWCASE["headline"]) for number in range(3)]
        body = SHOWCASE_BODY
        for number, picture in enumerate(pictures):
            body = body.replace(f"{{picture:{number}}}", str(picture.pk))
        publish_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=SHOWCASE["days_ago"])
        article = Article.objects.create(
            slug=SHOWCASE["slug"],
            headline=SHOWCASE["headline"],
            standfirst=SHOWCASE["standfirst"],
            section=sections.get(SHOWCASE["section"]) or next(iter(sections.values())),
            body=body,
            status=Article.Status.PUBLISHED,
            publish_at=publish_at,
            lead_image=pictures[1],
        )
        Byline.objects.create(article=article, author=next(iter(authors.values())), order=0)
        Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)
        return 1

    def section(self, name, slug, description, order):
        section, _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
        return section

    def author(self, name, slug, bio, number):
        author = Author.objects.filter(slug=slug).first()
        if author:
            return author
        data, extension = draw_portrait(number)
        photo = self.image(
            f"demo-portrait-{slug}.{extension}", data, alt_text=f"Portrait of {name}", caption="", credit="Staff photo"
        )
        return Author.objects.create(name=name, slug=slug, bio=bio, photo=photo)

    def image(self, file_name, data, **fields):
        existing = Image.objects.filter(title=file_name).first()
        if existing:
            return existing
        image = Image(title=file_name, **fields)
        image.file.save(file_name, ContentFile(data), save=False)
        image.save()
        return image

    def story(self, number, story, sections, authors):
        slug, headline, standfirst, section = story["slug"], story["headline"], story["standfirst"], story["section"]
        bylines, dateline, tags, points = story["authors"], story["dateline"], story["tags"], story["key_points"]
        quote, days_ago, status = story["quote"], story["days_ago"], story["status"]
        if Article.objects.filter(slug=slug).exists():
            return 0
        now = timezone.now().replace(second=0, microsecond=0)
        publish_at = now - datetime.timedelta(days=days_ago, hours=number % 7 + 1)
        if days_ago < 0:
            publish_at = now + datetime.timedelta(days=-days_ago, hours=2)
        article = Article.objects.create(
            slug=slug,
            headline=headline,
            standfirst=standfirst,
            section=sections[section],
            dateline=dateline,
            body=self.body(headline, standfirst, points, quote, section),
            status=status,
            publish_at=publish_at,
            lead_image=self.lead_image(number, headline),
            editors_note=(
                "An earlier version of this story gave the wrong year for the survey. It has been corrected."
                if slug == "glacier-retreat-survey"
                else ""
            ),
        )
        for order, author_slug in enumerate(bylines):
            Byline.objects.create(article=article, author=authors[author_slug], order=order)
        for order, text in enumerate(points):
            KeyPoint.objects.create(article=article, text=text, order=order)
        for name in tags:
            tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            article.tags.add(tag)
        if number % 4 == 0:
            inline = self.lead_image(number + 100, f"{headline} (detail)")
            placed = [(2, inline.pk, "A closer look, in a picture drawn for our demo.")]
            article.body = figures_after_paragraphs(article.body, placed)
            article.save(update_fields=["body", "word_count"])
        # The demo's stories were not edited after publishing: keep "Updated" off them.
        Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)
        return 1

    def lead_image(self, number, headline):
        data, extension = draw_scene(number, transparent=number % 9 == 5)
        credit, licence = IMAGE_CREDITS[number % len(IMAGE_CREDITS)]
        return self.image(
            f"demo-scene-{number}.{extension}",
            data,
            alt_text=f"An illustration for the story “{headline}”: hills under a sky at dusk.",
            caption=f"PICTURED: a scene drawn for the story “{headline}”.",
            credit=credit,
            licence=licence,
        )

    def body(self, headline, standfirst, points, quote, section):
        paragraphs = [
            f"<p>{escape(standfirst)} The story developed over several days, and our reporters followed "
            "it from the first announcement to the reactions that came after.</p>"
        ]
        if points:
            paragraphs.append(
                "<p>"
                + " ".join(escape(point.rstrip(".")) + "." for point in points)
                + " Those are the figures confirmed so far; we will update this story as more become available.</p>"
            )
        if quote:
            paragraphs.append("<h2>What people are saying</h2>")
            paragraphs.append(f"<blockquote><p>{escape(quote)}</p></blockquote>")
        paragraphs.extend(f"<p>{escape(text)}</p>" for text in SECTION_PARAGRAPHS[section])
        paragraphs.append(
            '<p>For background, see <a href="https://example.org/background">our earlier coverage</a>, '
            "and <strong>write to us</strong> if you have information about this story.</p>"
        )
        return "\n".join(paragraphs)
