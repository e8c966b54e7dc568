import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from newsletter.models import Digest, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at", "consent_text"]
    actions = ["export_csv"]

    @admin.action(description=_("Export the selected subscribers as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "status", "signed_up", "confirmed", "unsubscribed"])
        for subscriber in queryset.order_by("pk"):
            writer.writerow(
                [
                    # A leading =, +, - or @ would run as a formula in a spreadsheet.
                    ("'" + subscriber.email) if subscriber.email[:1] in "=+-@" else subscriber.email,
                    subscriber.status,
                    subscriber.created_at.isoformat(),
                    subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                    subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else "",
                ]
            )
        return response


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "story_count", "sent_count", "created_at", "finished_at"]
    readonly_fields = ["period_start", "period_end", "story_count", "sent_count", "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
