"""`{% desk_panels as panels %}`: the desk home page's panels for the signed-in person (newsroom/desk.py)."""

from django import template

from newsroom.desk import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_panels(context):
    return panels_for(context["request"].user)
