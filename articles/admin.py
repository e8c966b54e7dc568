from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.embed_cards import card_for
from articles.embed_checks import check
from articles.embed_records import EmbeddedPost
from articles.forms import ArticleAdminForm, ImageAdminForm
from articles.images import rendition_url
from articles.models import Article, Author, Byline, Image, KeyPoint, Section, Tag
from articles.people import author_profile_for
from articles.public_pictures import is_public
from articles.services import (
    article_delete,
    article_publish,
    article_unpublish,
    can_publish,
    record_state_change,
    state_of,
)
from core.admin_filters import AUTOCOMPLETE_FILTER_MEDIA, AutocompleteFilter
from core.hooks import declared
from core.pagination import BoundedAdminPagination
from core.parsing import to_int

THUMBNAIL_WIDTH = 480
BODY_PICTURES_AT_ONCE = 200


def thumbnail(image, width=120):
    if not image or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="width:{}px;height:auto;border-radius:3px" loading="lazy">',
        rendition_url(image, THUMBNAIL_WIDTH),
        image.alt_text,
        width,
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Editors (the "change author" permission) edit every profile; everyone else who writes
    edits their own (name, bio, photo) and picks colleagues for bylines."""

    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "bio"]
    autocomplete_fields = ["photo", "user"]

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return True
        return obj is not None and obj.user_id is not None and obj.user_id == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return super().get_readonly_fields(request, obj)
        return ["slug", "user"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if super().has_change_permission(request, obj) else {}

    def get_urls(self):
        me = path("me/", self.admin_site.admin_view(self.my_profile), name="articles_author_me")
        return [me, *super().get_urls()]

    def my_profile(self, request):
        """The signed-in writer's own profile, made on first use."""
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        profile = author_profile_for(request.user)
        return redirect(reverse("admin:articles_author_change", args=[profile.pk]))


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "__str__", "credit", "licence", "dimensions", "uploaded_at", "uploaded_by"]
    list_display_links = ["preview", "__str__"]
    search_fields = ["title", "caption", "credit", "alt_text"]
    list_filter = ["licence", "uploaded_at"]
    readonly_fields = ["large_preview", "dimensions", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "large_preview", "dimensions", "alt_text", "title"]}),
        (_("Caption and rights"), {"fields": ["caption", "credit", "licence", "source_url"]}),
        (_("History"), {"fields": ["uploaded_by", "uploaded_at"]}),
    ]

    @admin.display(description=_("Preview"))
    def preview(self, image):
        return thumbnail(image, width=96)

    @admin.display(description=_("Preview"))
    def large_preview(self, image):
        return thumbnail(image, width=320) if image.pk else "—"

    @admin.display(description=_("Size in pixels"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        pictures = path("body-pictures/", self.admin_site.admin_view(self.body_pictures), name="articles_body_pictures")
        return [pictures, *super().get_urls()]

    def body_pictures(self, request):
        """Thumbnails and library text of pictures, for the body editor's figures and its chooser:
        `?ids=1,2,3` (at most 200), as JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        wanted = (to_int(part) for part in request.GET.get("ids", "").split(",")[:BODY_PICTURES_AT_ONCE])
        ids = {pk for pk in wanted if pk is not None and 0 < pk < 2**63}
        pictures = {
            str(image.pk): {
                "id": image.pk,
                "thumbnail": rendition_url(image, THUMBNAIL_WIDTH) if image.rendition_widths else image.file.url,
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
            }
            for image in Image.objects.filter(pk__in=ids)
        }
        return JsonResponse({"pictures": pictures})

    def has_change_permission(self, request, obj=None):
        """A picture readers already see (in a published or scheduled story, or as an author's
        photo) is changed only by editors: its file, caption and credit are what readers see."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_publish(request.user) or not is_public(obj)


@admin.register(EmbeddedPost)
class EmbeddedPostAdmin(admin.ModelAdmin):
    """The posts stories embed: which no longer answer (each story keeps its card regardless)."""

    list_display = ["url", "provider", "answers", "checked_at", "problem", "story_count"]
    list_filter = ["answers", "provider"]
    search_fields = ["url"]
    readonly_fields = ["url", "provider", "answers", "checked_at", "problem", "story_links"]
    fields = readonly_fields
    actions = ["check_now"]

    def has_add_permission(self, request):
        return False  # listed from the stories' bodies

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_total=Count("stories"))

    @admin.display(description=_("Stories"), ordering="story_total")
    def story_count(self, post):
        return post.story_total

    @admin.display(description=_("Stories"))
    def story_links(self, post):
        stories = post.stories.only("pk", "headline")
        links = ((reverse("admin:articles_article_change", args=[s.pk]), s.headline) for s in stories)
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"

    @admin.action(description=_("Check now whether they still answer"))
    def check_now(self, request, queryset):
        gone = sum(check(post) is False for post in queryset[:50])
        self.message_user(request, _("Checked; %(gone)d no longer answer.") % {"gone": gone})


class StoryStatusFilter(admin.SimpleListFilter):
    """The states the list shows: a story set to go out later is "Scheduled", apart from those out."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "draft": lambda: queryset.filter(status=Article.Status.DRAFT),
            "review": lambda: queryset.filter(status=Article.Status.IN_REVIEW),
            "scheduled": lambda: queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now),
            "live": lambda: queryset.filter(status=Article.Status.PUBLISHED, publish_at__lte=now),
        }.get(self.value(), lambda: queryset)()


class BylineInline(admin.TabularInline):
    model = Byline
    classes = ["side"]  # in the story form's side panel

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.pk and obj.bylines.exists() else 1  # no empty row on every edit

    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines (in order)")


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    extra = 0
    max_num = 5
    verbose_name_plural = _("At a glance (up to five key points, in order)")


def feature_inlines():
    """Inlines other apps add to the story's admin page. Each names its own in its AppConfig
    (`article_admin_inlines`, dotted paths), so this app never imports the features."""
    return [import_string(path) for path in declared("article_admin_inlines")]


@admin.register(Article)
class ArticleAdmin(BoundedAdminPagination, admin.ModelAdmin):
    form = ArticleAdminForm

    class Media:
        js = [*AUTOCOMPLETE_FILTER_MEDIA["js"], "js/admin_labels.js", "js/admin_story_form.js"]
        css = AUTOCOMPLETE_FILTER_MEDIA["css"]

    inlines = [BylineInline, KeyPointInline]
    # Laid out for a 1,280 px screen, as WordPress's list is: the headline takes the room, with its
    # section and bylines under it; the status, the date, the comments and the links stay narrow.
    list_display = ["story", "status_label", "publish_at", "comment_count", "links"]
    list_display_links = ["story"]
    # Bounded with a million stories: the author is typed, not listed; no date hierarchy (it reads
    # every story's date); the count reaches only as far as the page links (core/pagination.py).
    list_filter = [StoryStatusFilter, "section", ("authors", AutocompleteFilter), "publish_at"]
    search_fields = ["headline", "standfirst"]  # trigram-indexed on PostgreSQL (migration 0009)
    list_deferred = ["body", "standfirst", "editors_note", "lead_image_caption"]  # no row shows them
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "lead_image"]
    readonly_fields = ["lead_image_preview", "figures", "links", "created_by", "first_published_at"]
    actions = ["publish_now", "return_to_draft"]
    # Laid out for writing (static/js/admin_story_form.js): the headline and the body in the main
    # column; publishing, section and tags, the lead picture and the bylines in a side panel.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "dateline"]}),
        (_("Body"), {"fields": ["body", "body_as_loaded", "body_mode"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "links", "comments_enabled"], "classes": ["side"]}),
        (_("Section and tags"), {"fields": ["section", "tags", "new_tags"], "classes": ["side"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_preview", "lead_image_caption"], "classes": ["side"]}),
        (_("Editor's note or correction"), {"fields": ["editors_note"], "classes": ["collapse"]}),
        (_("About this story"), {"fields": ["figures", "first_published_at", "created_by"], "classes": ["side"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section").prefetch_related("bylines__author")

    def get_urls(self):
        card = path("embed-card/", self.admin_site.admin_view(self.embed_card), name="articles_embed_card")
        return [card, *super().get_urls()]

    def embed_card(self, request):
        """The archival card of an address an editor embeds (articles/embed_cards.py), as JSON."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        url = request.GET.get("url", "").strip()[:2000]
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            return JsonResponse({"url": url, "problem": str(_("Give the address of a post or video (https://…)."))})
        return JsonResponse(card_for(url))

    def get_inlines(self, request, obj):
        return [*self.inlines, *feature_inlines()]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None and request.method == "GET":
            # A new story starts with its writer's byline (their profile is made if they have none).
            kwargs["initial"] = [{"author": author_profile_for(request.user).pk}]
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # A subclass per request, so the form knows who is editing without global state.
        return type(form.__name__, (form,), {"current_user": request.user})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        stored = Article.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        record_state_change(obj, state_of(stored) if stored else None, by=request.user)

    def delete_model(self, request, obj):
        article_delete(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article, by=request.user)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else reverse("articles:preview", args=[obj.pk])

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, article):
        if article.status == Article.Status.PUBLISHED and not article.is_published:
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("Story"), ordering="headline")
    def story(self, article):
        names = ", ".join(byline.author.name for byline in article.bylines.all())
        about = f"{article.section.name} · {names}" if names else article.section.name
        return format_html('<span class="story-row__headline">{}</span><br><small>{}</small>', article.headline, about)

    @admin.display(description=_("On the site"))
    def links(self, article):
        if not article.pk:
            return "—"
        if article.is_published:
            return format_html('<a href="{}" target="_blank">{}</a>', article.get_absolute_url(), _("View on site"))
        return format_html(
            '<a href="{}" target="_blank">{}</a>', reverse("articles:preview", args=[article.pk]), _("Preview")
        )

    @admin.display(description=_("Lead image preview"))
    def lead_image_preview(self, article):
        return thumbnail(article.lead_image, width=320) if article.lead_image_id else _("No lead image chosen.")

    @admin.display(description=_("Length"))
    def figures(self, article):
        # data-words: the sentence static/js/admin_story_form.js rewrites as the text is typed.
        return format_html(
            '<div data-words="{}">{}</div><div>{}</div>',
            _("%(words)s words") % {"words": "%s"},
            _("%(words)s words") % {"words": article.word_count},
            _("%(minutes)s min read") % {"minutes": article.read_minutes},
        )

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._apply(request, queryset, article_publish, _("published"))

    @admin.action(description=_("Return to draft"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._apply(request, queryset, article_unpublish, _("returned to draft"))

    def _apply(self, request, queryset, service, done):
        changed = 0
        for article in queryset:
            try:
                service(article=article, by=request.user)
                changed += 1
            except PermissionDenied:
                self.message_user(request, _("You do not have permission to do that."), messages.ERROR)
                return
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(headline)s”: %(errors)s") % {"headline": article, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
        if changed:
            self.message_user(
                request,
                ngettext("%(count)d story %(done)s.", "%(count)d stories %(done)s.", changed)
                % {"count": changed, "done": done},
                messages.SUCCESS,
            )
