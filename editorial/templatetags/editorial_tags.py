from django import template

register = template.Library()


@register.inclusion_tag("editorial/_corrections.html")
def corrections_block(article):
    """The story's corrections and updates, dated, corrections labelled as such."""
    return {"corrections": list(article.corrections.all())}
