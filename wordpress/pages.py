"""WordPress pages (About, Contact, Privacy…) → the pages app, with their hierarchy."""

from urllib.parse import urlsplit

from django.utils.text import Truncator

from core.parsing import to_int
from pages.models import RESERVED_SLUGS, Page
from wordpress.content import unicode_slug
from wordpress.models import ImportedObject
from wordpress.summary import IMPORTER_VERSION, fingerprint


def import_page(importer, item, wp_id, title):
    """A WordPress page → our Page, under its parent page when that came first (the export lists
    parents before children, as WordPress writes them)."""
    known = importer.known(ImportedObject.Kind.PAGE, wp_id)
    page = Page.objects.filter(pk=known.object_id).first() if known else None
    body, _images = importer.body(item, wp_id)
    parent = importer.pages.get(item.int("wp:post_parent"))
    digest = fingerprint(IMPORTER_VERSION, item.fields, item.meta, parent and parent.pk)
    for comment in item.comments:
        importer.summary.skip("comments", "on a page (pages take no comments)", comment.get("wp:comment_id", ""))
    if page is not None and known.source_hash == digest:
        importer.pages[wp_id] = page
        importer.summary.count("pages", "unchanged", wp_id, title, page.get_absolute_url())
        return
    creating = page is None
    page = page or Page()
    page.title, page.parent, page.body = Truncator(title).chars(200), parent, body
    page.slug = unicode_slug(item.get("wp:post_name"))[:100] or unicode_slug(title)[:100] or f"page-{wp_id}"
    published = item.get("wp:status") in ("publish", "future") and not item.get("wp:post_password")
    page.status = Page.Status.PUBLISHED if published else Page.Status.DRAFT
    page.order = to_int(item.get("wp:menu_order")) or 0
    if (parent is None and (page.slug.lower() in RESERVED_SLUGS or page.slug.isdigit())) or (
        Page.objects.filter(path=page.build_path()).exclude(pk=page.pk).exists()
    ):
        page.slug = f"{page.slug[:90]}-page-{wp_id}"
    page.full_clean(exclude=["parent", "lead_image"])
    page.save()
    importer.pages[wp_id] = page
    importer.remember(ImportedObject.Kind.PAGE, wp_id, page.pk, digest)
    if published:
        for old in {f"/?page_id={wp_id}", urlsplit(item.get("link")).path}:
            importer.redirect(old, page.get_absolute_url())
    importer.summary.count("pages", "imported" if creating else "updated", wp_id, title, page.get_absolute_url())
