"""Importing a WordPress export: posts, images and comment threads, idempotently."""

import contextlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from articles.images import validate_image_file
from articles.models import Article, Author, Byline, Image, InlineImage, Section, Tag
from core.parsing import to_int
from redirects.services import redirect_claim
from wordpress.content import extract, split_credit
from wordpress.models import ImportedObject
from wordpress.summary import Summary, fingerprint, parse_gmt, parse_local
from wordpress.threads import import_comments
from wordpress.wxr import read

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
}


class Importer:
    def __init__(self, path, *, media_dir=None, default_section="News", dry_run=False, progress=None):
        self.path = path
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.default_section = default_section
        self.dry_run = dry_run
        self.progress = progress
        self.summary = Summary()
        self.authors = {}  # login → display name
        self.attachments = {}  # wp id → Item (only its fields and meta are kept)
        self.images = {}  # wp id → Image
        self.images_by_url = {}
        self.section_map = getattr(settings, "WORDPRESS_SECTION_MAP", {})

    # --- the run ---------------------------------------------------------------
    def run(self):
        total = self._first_pass()
        # A real run commits post by post (one bad post loses nothing else, and the site can
        # keep writing meanwhile); a dry run does everything in one transaction rolled back.
        with transaction.atomic() if self.dry_run else contextlib.nullcontext():
            self._import_attachments()
            done = 0
            for kind, item in read(self.path):
                if kind != "item":
                    continue
                done += 1
                if self.progress:
                    self.progress(done, total)
                if item.get("wp:post_type") == "attachment":
                    continue
                self._import_item(item)
            if self.dry_run:
                transaction.set_rollback(True)
        return self.summary

    def _first_pass(self):
        """Authors and attachments first: posts refer to them, wherever they stand in the file."""
        items = 0
        for kind, value in read(self.path):
            if kind == "author":
                login, fields = value
                self.authors[login] = fields.get("wp:author_display_name") or login
            else:
                items += 1
                if value.get("wp:post_type") == "attachment" and value.int("wp:post_id") is not None:
                    value.comments = []
                    self.attachments[value.int("wp:post_id")] = value
        return items

    # --- images ---------------------------------------------------------------
    def _import_attachments(self):
        for wp_id, item in self.attachments.items():
            image = self._import_attachment(wp_id, item)
            if image is not None:
                self.images[wp_id] = image
                url = item.get("wp:attachment_url")
                if url:
                    self.images_by_url[urlsplit(url).path] = image

    def _source_file(self, item):
        relative = item.meta.get("_wp_attached_file") or ""
        if not relative:
            url_path = unquote(urlsplit(item.get("wp:attachment_url")).path)
            relative = url_path.split("/uploads/", 1)[1] if "/uploads/" in url_path else ""
        if not relative:
            return None, "(no file named)"
        if self.media_dir is None:
            return None, relative
        candidate = (self.media_dir / relative).resolve()
        if not candidate.is_relative_to(self.media_dir):
            self.summary.warn(f"Attachment file {relative!r} points outside --media-dir; ignored.")
            return None, relative
        return (candidate if candidate.is_file() else None), relative

    def _import_attachment(self, wp_id, item):
        if not item.get("wp:attachment_url") and not item.meta.get("_wp_attached_file"):
            self.summary.skip("images", "no file in the export")
            return None
        caption, credit = split_credit(item.get("excerpt:encoded"))
        title = item.get("title").strip()
        alt = item.meta.get("_wp_attachment_image_alt", "").strip()
        source, relative = self._source_file(item)
        digest = fingerprint(relative, title, caption, credit, alt)
        known = ImportedObject.objects.filter(kind=ImportedObject.Kind.ATTACHMENT, wp_id=wp_id).first()
        if known and known.source_hash == digest:
            image = Image.objects.filter(pk=known.object_id).first()
            if image:
                self.summary.count("images", "unchanged")
                return image
        if source is None:
            self.summary.missing_files.append(relative)
            self.summary.skip("images", "file missing")
            return None
        if not alt:
            alt = title or Path(relative).stem.replace("-", " ")
            self.summary.warn(f"Image {relative}: no alt text in WordPress; used {alt!r}. Check it in the library.")
        with source.open("rb") as handle:
            upload = File(handle, name=Path(relative).name)
            try:
                validate_image_file(upload)
            except ValidationError as error:
                self.summary.skip("images", "not a usable image")
                self.summary.warn(f"Image {relative} skipped: {' '.join(error.messages)}")
                return None
            fields = {"title": title[:200], "alt_text": alt[:300], "caption": caption[:1000], "credit": credit[:200]}
            image = Image.objects.filter(pk=known.object_id).first() if known else None
            if image is None:
                image = Image(**fields)
                if not self.dry_run:
                    image.file.save(Path(relative).name, upload, save=False)
                else:  # a dry run stores no file: the row is rolled back anyway
                    image.file.name = f"images/dry-run/{Path(relative).name}"
                    image.width = image.height = 1
                image.save()
                outcome = "imported"
            else:
                for name, value in fields.items():
                    setattr(image, name, value)
                image.save()
                outcome = "updated"
        ImportedObject.objects.remember(ImportedObject.Kind.ATTACHMENT, wp_id, image.pk, digest)
        self.summary.count("images", outcome)
        return image

    # --- posts ----------------------------------------------------------------
    def _import_item(self, item):
        post_type = item.get("wp:post_type") or "post"
        wp_id = item.int("wp:post_id")
        if post_type != "post":
            self.summary.skip("posts", f"{post_type} (not a post)")
            return
        if wp_id is None:
            self.summary.skip("posts", "no post id")
            self.summary.warn(f"An item titled {item.get('title')!r} has no wp:post_id; skipped.")
            return
        wp_status = item.get("wp:status")
        if wp_status not in STATUSES:
            self.summary.skip("posts", wp_status or "no status")
            return
        title = " ".join(strip_tags(item.get("title")).split())
        if not title:
            self.summary.skip("posts", "no title")
            self.summary.warn(f"Post {wp_id} has no title; skipped (give it one in WordPress and import again).")
            return
        try:
            with transaction.atomic():
                article = self._import_post(item, wp_id, title, wp_status)
                if article is not None:
                    import_comments(article, item, self.summary)
        except Exception as error:  # one bad post must not stop the others
            self.summary.skip("posts", "error")
            self.summary.warn(f"Post {wp_id} ({title[:60]!r}) could not be imported: {type(error).__name__}: {error}")

    def _import_post(self, item, wp_id, title, wp_status):
        digest = fingerprint(item.fields, item.categories, item.meta)
        known = ImportedObject.objects.filter(kind=ImportedObject.Kind.POST, wp_id=wp_id).first()
        article = Article.objects.filter(pk=known.object_id).first() if known else None
        if article is not None and known.source_hash == digest:
            self.summary.count("posts", "unchanged")
            return article
        publish_at = parse_gmt(item.get("wp:post_date_gmt")) or parse_local(item.get("wp:post_date")) or timezone.now()
        slug = slugify(unquote(item.get("wp:post_name"))) or slugify(title) or f"post-{wp_id}"
        body, placements = extract(item.get("content:encoded"))
        creating = article is None
        article = article or Article()
        article.headline = title[:200]
        article.slug = slug[:200]
        article.standfirst = Truncator(" ".join(strip_tags(item.get("excerpt:encoded")).split())).chars(400)
        article.section = self._section(item)
        article.body = body
        article.status = STATUSES[wp_status]
        article.publish_at = publish_at
        article.comments_enabled = item.get("wp:comment_status", "open") != "closed"
        article.lead_image = self.images.get(to_int(item.meta.get("_thumbnail_id")))
        article.full_clean(exclude=["section", "lead_image"])
        article.save()
        self._bylines(article, item)
        self._tags(article, item)
        self._placements(article, placements)
        if article.is_published or article.status == Article.Status.PUBLISHED:
            self._redirects(article, item, wp_id)
        ImportedObject.objects.remember(ImportedObject.Kind.POST, wp_id, article.pk, digest)
        self.summary.count("posts", "imported" if creating else "updated")
        return article

    def _section(self, item):
        categories = [(nicename, name) for domain, nicename, name in item.categories if domain == "category"]
        name = categories[0][1] if categories else self.default_section
        name = self.section_map.get(name, name) or self.default_section
        section = Section.objects.filter(name__iexact=name).first()
        if section is None:
            base = slugify(name) or "section"
            section = Section.objects.create(name=name[:100], slug=self._free_slug(Section, base))
        return section

    def _bylines(self, article, item):
        login = item.get("dc:creator").strip()
        article.bylines.all().delete()
        if not login:
            return
        name = self.authors.get(login, login)
        author = Author.objects.filter(name=name).first()
        if author is None:
            author = Author.objects.create(name=name[:150], slug=self._free_slug(Author, slugify(name) or "author"))
        Byline.objects.create(article=article, author=author, order=0)

    def _tags(self, article, item):
        tags = []
        for domain, nicename, name in item.categories:
            if domain != "post_tag" or not name:
                continue
            slug = slugify(unquote(nicename)) or slugify(name)
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name[:100]).first()
            if tag is None and slug:
                tag = Tag.objects.create(name=name[:100], slug=slug[:100])
            if tag:
                tags.append(tag)
        article.tags.set(tags)

    def _placements(self, article, placements):
        article.inline_images.all().delete()
        for placement in placements:
            image = self.images.get(placement.attachment_id) or self.images_by_url.get(urlsplit(placement.src).path)
            if image is None:
                self.summary.warn(
                    f"Article {article.slug}: an image in the body ({placement.src or placement.attachment_id}) "
                    "is not among the imported images; left out."
                )
                continue
            if placement.credit and not image.credit:
                image.credit = placement.credit[:200]
                image.save(update_fields=["credit"])
            InlineImage.objects.create(
                article=article, image=image, position=placement.paragraph, caption=placement.caption[:1000]
            )

    def _redirects(self, article, item, wp_id):
        new = article.get_absolute_url()
        local = timezone.localtime(article.publish_at)
        old_paths = {
            f"/?p={wp_id}",
            f"/{local:%Y}/{local:%m}/{local:%d}/{article.slug}/",
            f"/{local:%Y}/{local:%m}/{article.slug}/",
            f"/{article.slug}/",
        }
        link = urlsplit(item.get("link")).path
        if link and link != "/":
            old_paths.add(link if link.endswith("/") else link + "/")
        for old in sorted(old_paths):
            if old == new:
                continue
            redirect, created = redirect_claim(old_path=old, new_path=new)
            if created:
                self.summary.count("redirects", "recorded")
            elif redirect.new_path != new:
                self.summary.warn(f"{old} already redirects to {redirect.new_path}; left as it is.")

    # --- helpers ----------------------------------------------------------------
    @staticmethod
    def _free_slug(model, base):
        slug, number = base[:90], 2
        while model.objects.filter(slug=slug).exists():
            slug, number = f"{base[:90]}-{number}", number + 1
        return slug
