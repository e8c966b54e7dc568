"""`{{ moment|machine_time }}`: a `<time datetime>` value (core/times.py)."""

from django import template

from core.times import machine_time as write

register = template.Library()


@register.filter
def machine_time(moment):
    return write(moment)
