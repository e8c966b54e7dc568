"""The people, sections and tags an import writes stories under (each looked up once per run),
and the old addresses it records."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import reverse

from articles.models import Author, Section, Tag
from core.parsing import to_int
from redirects.services import redirects_claim
from wordpress.content import text_of, unicode_slug
from wordpress.media import upload_path
from wordpress.models import ImportedObject
from wordpress.summary import fingerprint


class Owners:
    """Mixed into the Importer: it provides `authors`, `_owners`, `section_map`,
    `default_section`, `known`, `remember`, `pending_moves` and `summary`."""

    def remember_upload(self, url, new_url):
        if "/uploads/" in urlsplit(url or "").path and new_url.startswith(("/", settings.MEDIA_URL)):
            self.redirect(f"/wp-content/uploads/{upload_path(url)}", new_url)

    def redirect(self, old, new):
        """Record that WordPress's address `old` now lives at `new` (never over a newer choice)."""
        self.redirects({old: new})

    def redirects(self, moves, later=False):
        """Record several {old: new} moves at once (`later`: with the rest of the batch)."""
        moves = {unquote(old): new for old, new in moves.items() if old and unquote(old) != unquote(new)}
        if later:
            self.pending_moves.extend(moves.items())
            return
        claimed, refused = redirects_claim(moves)
        for old, elsewhere in refused.items():
            self.summary.warn(f"{old} already redirects to {elsewhere}; left as it is.")
        for _old in claimed:
            self.summary.count("redirects", "recorded")

    def _import_authors(self):
        for login, fields in self.authors.items():
            author = self.author(login)
            nicename = fields.get("wp:author_nicename") or login
            self._old_listing("author", nicename, author)

    def author(self, login):
        """The Newsroom author (not a user account) a WordPress login writes as."""
        if ("author", login) in self._owners:
            return self._owners[("author", login)]
        fields = self.authors.get(login, {})
        name = text_of(fields.get("wp:author_display_name") or login)[:150] or login[:150]
        wp_id = to_int(fields.get("wp:author_id"))
        known = self.known(ImportedObject.Kind.AUTHOR, wp_id) if wp_id is not None else None
        author = Author.objects.filter(pk=known.object_id).first() if known else None
        author = author or Author.objects.filter(name=name, user=None).first()
        bio = text_of(fields.get("wp:author_description", ""))[:1000]
        if author is None:
            author = Author.objects.create(
                name=name, bio=bio, slug=self.free_slug(Author, unicode_slug(login) or unicode_slug(name) or "author")
            )
        elif bio and not author.bio:
            author.bio = bio
            author.save(update_fields=["bio"])
        if wp_id is not None:
            self.remember(ImportedObject.Kind.AUTHOR, wp_id, author.pk, fingerprint(fields))
        self._owners[("author", login)] = author
        return author

    def section(self, name, nicename):
        mapped = (self.section_map.get(name, name) or self.default_section)[:100]  # as the column keeps it
        slug_from = nicename if mapped == name else ""  # a mapped section is named, and slugged, anew
        name = mapped
        if ("section", name) not in self._owners:
            section = Section.objects.filter(name__iexact=name).first()
            if section is None:
                section = Section.objects.create(
                    name=name,
                    slug=self.free_slug(Section, unicode_slug(slug_from) or unicode_slug(name) or "section"),
                )
            self._owners[("section", name)] = section
            if nicename:
                self._old_listing("category", nicename, section)
        return self._owners[("section", name)]

    def tag(self, name, nicename):
        slug = unicode_slug(nicename) or unicode_slug(name)
        if ("tag", slug) not in self._owners:
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name[:100]).first()
            if tag is None:
                tag = Tag.objects.create(name=name[:100], slug=self.free_slug(Tag, slug or "tag"))
            self._owners[("tag", slug)] = tag
            if nicename:
                self._old_listing("tag", nicename, tag)
        return self._owners[("tag", slug)]

    def _old_listing(self, prefix, nicename, owner):
        """WordPress's list of a category, tag or author, and its feed → ours."""
        kind = type(owner).__name__.lower()  # section, tag, author: as discovery names its feeds
        self.redirects(
            {
                f"/{prefix}/{nicename}/": owner.get_absolute_url(),
                f"/{prefix}/{nicename}/feed/": reverse(f"discovery:feed-{kind}-rss", args=[owner.slug]),
            }
        )

    @staticmethod
    def free_slug(model, base, length=90, taken=None):
        taken = taken or (lambda slug: model.objects.filter(slug=slug).exists())
        slug, number = base[:length], 2
        while taken(slug):
            slug, number = f"{base[:length]}-{number}", number + 1
        return slug
