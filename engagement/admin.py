import datetime

from django.contrib import admin
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_views import ReadOnlyAdminMixin
from engagement.figures import average
from engagement.models import ArticleEngagement, Reaction


class EngagementInline(admin.StackedInline):
    """Reader figures on the article's own admin page, read-only."""

    model = ArticleEngagement
    can_delete = False
    extra = 0
    max_num = 0
    verbose_name_plural = _("Reader reactions and rating")
    readonly_fields = ["reactions", "rating"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Reactions"))
    def reactions(self, tally):
        return ", ".join(f"{label}: {getattr(tally, kind)}" for kind, label in Reaction.choices)

    @admin.display(description=_("Rating"))
    def rating(self, tally):
        mean = average(tally.rating_sum, tally.rating_count)
        if mean is None:
            return _("No ratings yet")
        return _("%(average)s out of 5 from %(count)s ratings") % {"average": mean, "count": tally.rating_count}


class PublishedWithin(admin.SimpleListFilter):
    title = _("published within")
    parameter_name = "within"

    def lookups(self, request, model_admin):
        return [("7", _("the last 7 days")), ("30", _("the last 30 days"))]

    def queryset(self, request, queryset):
        if self.value() in ("7", "30"):
            since = timezone.now() - datetime.timedelta(days=int(self.value()))
            return queryset.filter(article__publish_at__gte=since)
        return queryset


@admin.register(ArticleEngagement)
class ArticleEngagementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Editors' league table: the most reacted and best rated stories."""

    list_display = ["article", "reaction_total", "average_rating", "rating_count", "published"]
    list_filter = [PublishedWithin]
    search_fields = ["article__headline"]
    list_select_related = ["article"]
    ordering = ["-reaction_total"]
    readonly_fields = [field.name for field in ArticleEngagement._meta.fields]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mean_rating=Cast(F("rating_sum"), FloatField()) / NullIf(F("rating_count"), Value(0)))
        )

    @admin.display(description=_("average rating"), ordering="mean_rating")
    def average_rating(self, tally):
        return average(tally.rating_sum, tally.rating_count) or "—"

    @admin.display(description=_("published"), ordering="article__publish_at")
    def published(self, tally):
        return tally.article.publish_at
