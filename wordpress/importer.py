"""Importing a WordPress export: posts, pages, pictures and comment threads, idempotently.

Everything imported is remembered by the site it came from and its WordPress id
(ImportedObject), so importing the same site again updates what changed and finishes what an
earlier run could not (pictures whose files were missing then), while a second site's ids
never touch the first site's stories.
"""

import contextlib
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, Byline
from comments.models import Comment
from core.parsing import to_int
from discovery.signals import indexing_deferred
from redirects.models import Redirect
from wordpress.blocks import embed, figure_node, footnotes_from_meta
from wordpress.content import GALLERY_END, GALLERY_START, IMAGE_TOKEN, MEDIA_TOKEN, convert, text_of, unicode_slug
from wordpress.fetch import Fetcher
from wordpress.media import MediaLibrary
from wordpress.models import ImportedObject
from wordpress.owners import Owners
from wordpress.pages import import_page
from wordpress.summary import IMPORTER_VERSION, Summary, fingerprint, parse_gmt, parse_local
from wordpress.threads import import_comments
from wordpress.wxr import chunks, read, read_ahead

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
}
HEADLINE_LENGTH = Article._meta.get_field("headline").max_length
SLUG_LENGTH = Article._meta.get_field("slug").max_length
BATCH_SIZE = 50
NOT_CONTENT = {"nav_menu_item", "revision", "customize_changeset", "custom_css", "wp_global_styles", "oembed_cache"}
GALLERY_OPENING = re.compile(re.escape(GALLERY_START).replace(r"\{\}", r"(\d)"))
UNTITLED_WORDS = 8  # the headline an untitled post takes from its first words


class Importer(Owners):
    def __init__(self, path, *, media_dir=None, fetch_dir=None, default_section="News", dry_run=False, progress=None):
        self.path = path
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetcher = Fetcher(fetch_dir) if fetch_dir else None
        self.default_section = default_section
        self.dry_run = dry_run
        self.progress = progress
        self.summary = Summary()
        self.site = ""
        self.authors = {}  # login → fields
        self.attachments = {}  # wp id → Item (fields and meta only)
        self.attached = {}  # post wp id → its attachments' ids
        self.pages = {}  # wp id → our Page, for children that come later
        self.section_map = getattr(settings, "WORDPRESS_SECTION_MAP", {})
        self._owners = {}  # (model, name or slug) → row, so each is looked up once
        self.media = None
        self.first_import = False
        self.remembered = set()  # (kind, wp id) written in this run
        self.pending_rows, self.pending_moves, self.pending_bylines = [], [], []  # written by flush()

    # --- the run ---------------------------------------------------------------
    def run(self, report=None):
        if report is not None:
            self.summary.open_report(report)
        total = self._first_pass()
        self._claim_rows_from_before_sites_were_recorded()
        # A site imported for the first time has no rows to look up: each lookup is skipped.
        self.first_import = not ImportedObject.objects.filter(site=self.site).exists()
        # Sound and video named in bodies are fetched only from where the site's own files are.
        self.media_hosts = {urlsplit(i.get("wp:attachment_url")).hostname for i in self.attachments.values()}
        self.media_hosts.add(urlsplit("//" + self.site).hostname)
        if self.fetcher is not None and self.dry_run:
            self.fetcher = None
            self.summary.warn("A dry run downloads nothing: files that --fetch-media would fetch are reported missing.")
        if self.fetcher is not None:
            self.fetcher.fetch_all(
                i.get("wp:attachment_url") for i in self.attachments.values() if i.get("wp:attachment_url")
            )
            for url, reason in self.fetcher.failed.items():
                self.summary.warn(f"Could not fetch {url}: {reason}.")
        self.media = MediaLibrary(self)
        # A real run commits every BATCH_SIZE items, each item in a savepoint of its own (one bad
        # post loses nothing else, and the site keeps writing between batches); a dry run does
        # everything in one transaction rolled back.
        with transaction.atomic() if self.dry_run else contextlib.nullcontext():
            self.media.import_all(self.attachments)
            self._import_authors()
            done = 0
            items = read_ahead(item for kind, item in read(self.path) if kind == "item")
            for batch in chunks(items, BATCH_SIZE):
                with indexing_deferred(), transaction.atomic():
                    for item in batch:
                        if item.get("wp:post_type") != "attachment":
                            self._import_item(item)
                    self.flush()
                done += len(batch)
                if self.progress:
                    self.progress(done, total)
            if self.dry_run:
                transaction.set_rollback(True)
        self._analyze()
        if self.summary.missing_files and self.media_dir is None and self.fetcher is None:
            self.summary.warn(
                f"{len(self.summary.missing_files)} attachments were not imported because their files were not "
                "given: pass --media-dir (a copy of wp-content/uploads) or --fetch-media, then run again."
            )
        return self.summary

    @staticmethod
    def _analyze():
        """Fresh planner statistics for the tables a large import fills (PostgreSQL), so the next
        run's lookups use their indexes rather than the estimates of a nearly empty table."""
        if connection.vendor == "postgresql":
            tables = [model._meta.db_table for model in (ImportedObject, Comment, Article, Redirect)]
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(tables)}")

    def _first_pass(self):
        """Site, authors and attachments first: posts refer to them, wherever they stand in the file."""
        items, sites = 0, {}
        for kind, value in read(self.path, with_comments=False):
            if kind == "site":
                sites[value[0]] = value[1]
            elif kind == "author":
                login, fields = value
                self.authors[login] = fields
            else:
                items += 1
                if value.get("wp:post_type") == "attachment" and value.int("wp:post_id") is None:
                    self.summary.skip("images", "no post id", "", text_of(value.get("title")))
                elif value.get("wp:post_type") == "attachment":
                    value.comments = []
                    self.attachments[value.int("wp:post_id")] = value
                    parent = value.int("wp:post_parent")
                    if parent:
                        self.attached.setdefault(parent, []).append(value.int("wp:post_id"))
        self.site = sites.get("wp:base_blog_url") or sites.get("wp:base_site_url") or sites.get("link") or ""
        return items

    def _claim_rows_from_before_sites_were_recorded(self):
        """Rows written before imports were keyed by site belong to the first site imported since."""
        if not ImportedObject.objects.exclude(site="").exists():
            ImportedObject.objects.filter(site="").update(site=self.site)

    # --- remembering what became what --------------------------------------------------
    def known(self, kind, wp_id):
        if self.first_import and (kind, wp_id) not in self.remembered:
            return None  # nothing of this site was imported before this run
        return ImportedObject.objects.filter(site=self.site, kind=kind, wp_id=wp_id).first()

    def remember(self, kind, wp_id, object_id, digest, known=None, fresh=False):
        """Note what `wp_id` became; `known` is its row if looked up already, `fresh` says there is none."""
        self.remembered.add((kind, wp_id))
        if known is not None:
            known.object_id, known.source_hash = object_id, digest
            known.save(update_fields=["object_id", "source_hash", "imported_at"])
        elif fresh:
            ImportedObject.objects.create(
                site=self.site, kind=kind, wp_id=wp_id, object_id=object_id, source_hash=digest
            )
        else:
            ImportedObject.objects.remember(self.site, kind, wp_id, object_id, digest)

    def flush(self):
        """Write what the batch's items left for later: their ImportedObject rows, bylines and redirects."""
        ImportedObject.objects.bulk_create(
            self.pending_rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["site", "kind", "wp_id"],
            update_fields=["object_id", "source_hash", "imported_at"],
        )
        Byline.objects.bulk_create(self.pending_bylines)
        moves, self.pending_rows, self.pending_moves = dict(self.pending_moves), [], []
        self.pending_bylines = []
        if moves:
            self.redirects(moves)

    # --- items ----------------------------------------------------------------
    def _import_item(self, item):
        post_type = item.get("wp:post_type") or "post"
        wp_id = item.int("wp:post_id")
        title = text_of(item.get("title"))
        kind = {"post": "posts", "page": "pages"}.get(post_type)
        reason = None
        if kind is None:
            kind, reason = (
                "other items",
                f"{post_type} (not a post or page)" if post_type not in NOT_CONTENT else post_type,
            )
        elif wp_id is None:
            reason = "no post id"
            self.summary.warn(f"An item titled {title!r} has no wp:post_id; skipped.")
        elif item.get("wp:status") not in STATUSES:
            reason = item.get("wp:status") or "no status"
        elif not title:
            # WordPress publishes untitled posts; the story takes its first words as a headline.
            words = text_of(item.get("content:encoded")).split()
            title = " ".join(words[:UNTITLED_WORDS]) + ("…" if len(words) > UNTITLED_WORDS else "")
            title = title or f"Untitled {kind[:-1]} {wp_id}"
            self.summary.warn(
                f"{kind[:-1].capitalize()} {wp_id} has no title; it is titled from its first words, {title!r}: check it."
            )
        if reason:
            self.summary.skip(kind, reason, wp_id or "", title)
            for comment in item.comments:
                self.summary.skip(
                    "comments",
                    f"on a skipped {kind[:-1] if kind != 'other items' else 'item'}",
                    comment.get("wp:comment_id", ""),
                )
            return
        this = ImportedObject.Kind.PAGE if kind == "pages" else ImportedObject.Kind.POST
        if not self.first_import or (this, wp_id) in self.remembered:
            # What earlier items left for later is written before this item's savepoint: its
            # lookups see it, and a failure here cannot take it back.
            self.flush()
        pending = len(self.pending_rows), len(self.pending_moves), len(self.pending_bylines)
        try:
            with transaction.atomic():
                if kind == "pages":
                    import_page(self, item, wp_id, title)
                else:
                    article = self._import_post(item, wp_id, title)
                    import_comments(article, item, self)
        except Exception as error:  # one bad post must not stop the others
            self._owners.clear()  # rows made inside the rolled-back savepoint are gone
            del self.pending_rows[pending[0] :], self.pending_moves[pending[1] :], self.pending_bylines[pending[2] :]
            self.summary.skip(kind, "error", wp_id, title)
            self.summary.warn(
                f"{kind[:-1].capitalize()} {wp_id} ({title[:60]!r}) could not be imported: {type(error).__name__}: {error}"
            )
            for comment in item.comments:
                self.summary.skip("comments", "on a post that failed", comment.get("wp:comment_id", ""))

    def body(self, item, wp_id):
        converted = convert(
            item.get("content:encoded"),
            attached=self.attached.get(wp_id, []),
            footnotes=footnotes_from_meta(item.meta.get("footnotes")),
        )
        body = converted.html
        for index, (kind, urls) in enumerate(converted.media):
            url = self.media.playable_url(urls)
            if url:
                body = body.replace(MEDIA_TOKEN.format(index), f'<{kind} controls src="{html.escape(url)}"></{kind}>')
            else:
                # No playable file: an embed of where it was (a provider's player, or a link card).
                body = body.replace(MEDIA_TOKEN.format(index), embed(urls[0]).strip())
                self.summary.warn(f"Post {wp_id}: the {kind} at {urls[0]} has no file here; kept as a link to it.")
        for name in converted.removed:
            self.summary.warn(f"Post {wp_id}: the [{name}] shortcode could not be shown to readers and was taken out.")
        images = [(p, self.media.match(p.attachment_id, p.src)) for p in converted.placements]
        for index, (placement, image) in enumerate(images):
            body = body.replace(IMAGE_TOKEN.format(index), self._figure(wp_id, placement, image))
        body = GALLERY_OPENING.sub(r'<div class="gallery" data-columns="\1">', body).replace(GALLERY_END, "</div>")
        return body, images

    def _figure(self, wp_id, placement, image):
        """The body's figure node for a picture: the library's, or, when its file never arrived,
        the caption with a link to the old address (named in the report)."""
        if image is not None and placement.credit and not image.credit:
            image.credit = placement.credit[:200]
            image.save(update_fields=["credit"])
        elif image is None:
            self.summary.warn(
                f"Post {wp_id}: a picture in the body ({placement.src or placement.attachment_id}) is not among the "
                "imported images; its caption is kept with a link to the old address."
            )
        return figure_node(placement.caption, image.pk if image else None, placement.src)

    def _import_post(self, item, wp_id, title):
        known = self.known(ImportedObject.Kind.POST, wp_id)
        article = Article.objects.filter(pk=known.object_id).first() if known else None
        body, images = self.body(item, wp_id)
        lead = self.media.images.get(to_int(item.meta.get("_thumbnail_id")))
        # What the post became depends on the pictures found, too: a run that finds more finishes the job.
        digest = fingerprint(
            IMPORTER_VERSION,
            item.fields,
            item.categories,
            item.meta,
            [i and i.pk for _p, i in images],
            lead and lead.pk,
        )
        if article is not None and known.source_hash == digest:
            self.summary.count("posts", "unchanged", wp_id, title, article.get_absolute_url())
            return article
        creating = article is None
        article = article or Article()
        if len(title) > HEADLINE_LENGTH:
            self.summary.warn(
                f"Post {wp_id}: its title is longer than {HEADLINE_LENGTH} characters; shortened to {Truncator(title).chars(HEADLINE_LENGTH)!r}."
            )
        article.headline = Truncator(title).chars(HEADLINE_LENGTH)
        article.publish_at = (
            parse_gmt(item.get("wp:post_date_gmt")) or parse_local(item.get("wp:post_date")) or timezone.now()
        )
        article.slug = self._slug(item, wp_id, title, article)
        article.standfirst = Truncator(text_of(item.get("excerpt:encoded"))).chars(400)
        article.status = STATUSES[item.get("wp:status")]
        if item.get("wp:post_password"):
            article.status = Article.Status.DRAFT
            self.summary.warn(
                f"Post {wp_id} ({title[:60]!r}) was password-protected in WordPress; imported as a draft for an editor to decide."
            )
        categories = [
            (nicename, text_of(name)) for domain, nicename, name in item.categories if domain == "category" and name
        ]
        article.section = self.section(*categories[0][::-1]) if categories else self.section(self.default_section, "")
        article.body = body
        article.comments_enabled = item.get("wp:comment_status", "open") != "closed"
        article.pinned = item.get("wp:is_sticky") == "1"
        article.lead_image = lead
        # Field checks only: Article.clean's one rule (a free slug for the day) is kept by _slug.
        article.clean_fields(exclude=["section", "lead_image"])
        article.save()
        login = item.get("dc:creator").strip()
        if not creating:
            article.bylines.all().delete()
        if login:
            byline = Byline(article=article, author=self.author(login), order=0, publish_at=article.publish_at)
            self.pending_bylines.append(byline)
        tags = [
            self.tag(text_of(name), nicename)
            for domain, nicename, name in item.categories
            if domain == "post_tag" and text_of(name)
        ]
        tags += [self.tag(text_of(name), nicename) for nicename, name in categories[1:]]
        # A post format (video, gallery, quote…) becomes a tag: WordPress lists each format at /type/<format>/.
        for domain, nicename, name in item.categories:
            if domain == "post_format" and text_of(name):
                tags.append(self.tag(text_of(name), nicename.removeprefix("post-format-")))
                self.redirect(f"/type/{nicename.removeprefix('post-format-')}/", tags[-1].get_absolute_url())
        if tags or not creating:
            article.tags.set(tags)
        if article.status == Article.Status.PUBLISHED:
            self._post_redirects(article, item, wp_id)
        self.remember(ImportedObject.Kind.POST, wp_id, article.pk, digest, known=known, fresh=known is None)
        self.summary.count("posts", "imported" if creating else "updated", wp_id, title, article.get_absolute_url())
        return article

    def _slug(self, item, wp_id, title, article):
        wanted = unicode_slug(item.get("wp:post_name")) or unicode_slug(title) or f"post-{wp_id}"
        if len(wanted) > SLUG_LENGTH:
            self.summary.warn(f"Post {wp_id}: its slug is longer than {SLUG_LENGTH} characters; shortened.")
        day = timezone.localtime(article.publish_at).date()
        others = Article.objects.exclude(pk=article.pk)

        def taken(slug):
            return any(
                timezone.localtime(moment).date() == day
                for moment in others.filter(slug=slug).values_list("publish_at", flat=True)
            )

        slug = self.free_slug(Article, wanted, length=SLUG_LENGTH - 4, taken=taken)
        if slug != wanted[: SLUG_LENGTH - 4] and wanted == unicode_slug(item.get("wp:post_name")):
            self.summary.warn(
                f"Post {wp_id}: another story of the same day has the slug {wanted!r}; this one is {slug!r}."
            )
        return slug

    def _post_redirects(self, article, item, wp_id):
        new = article.get_absolute_url()
        # WordPress puts the site's local date in its addresses (wp:post_date), not the UTC one.
        local = parse_gmt(item.get("wp:post_date")) or timezone.localtime(article.publish_at)
        name = unquote(item.get("wp:post_name")) or article.slug
        old_paths = {
            f"/?p={wp_id}",
            f"/{local:%Y}/{local:%m}/{local:%d}/{name}/",
            f"/{local:%Y}/{local:%m}/{name}/",
            f"/{name}/",
        }
        link = urlsplit(item.get("link")).path
        if link and link != "/":
            old_paths.add(link if link.endswith("/") else link + "/")
        # A paginated post's later pages (/slug/2/) lead to the anchor where each begins.
        pages = article.body.count('<hr class="page-break">') + 1
        page_moves = {
            f"{old}{page}/": f"{new}#page-{page}"
            for old in old_paths
            if old.endswith("/") and not old.startswith("/?")
            for page in range(2, pages + 1)
        }
        for attachment_id in self.attached.get(wp_id, []):
            old_paths.add(f"/?attachment_id={attachment_id}")
            attachment_link = urlsplit(self.attachments[attachment_id].get("link")).path
            if attachment_link and attachment_link != "/":
                old_paths.add(attachment_link)
        self.redirects(dict.fromkeys(old_paths, new) | page_moves, later=True)
