"""What someone locked out of logging in is told (django-axes calls this: AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response, credentials):
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "admin/locked_out.html", {"minutes": minutes, "title": "Locked out"}, status=429)
