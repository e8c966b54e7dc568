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


def person_time(moment):
    """A moment as people read it, in the site's time zone and its one format (DATETIME_FORMAT,
    newsroom/formats): "7 Dec 2026, 03:29"."""
    from django.utils.formats import date_format

    if moment is None:
        return ""
    return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "DATETIME_FORMAT")
