"""`{% seo_head %}` in base.html's <head>: canonical URL, OpenGraph/Twitter tags, JSON-LD,
feed autodiscovery. Placeholder until the discovery issue implements it; it reads the
page's context (`article`, `section`, `tag`, `author`, `page_obj`)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_head(context):
    return ""
