"""The one way a moment is written for machines in our HTML (`<time datetime>`): ISO 8601 to the
second, in the site's time zone. Django's `date:'c'` writes microseconds when a moment has them,
which the HTML standard's datetime syntax does not allow (the W3C validator refuses it)."""

from django.utils import timezone


def machine_time(moment):
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(microsecond=0).isoformat()
