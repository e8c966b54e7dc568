"""`{% fragment %}`: a block of a page kept rendered between page builds (core/fragments.py).

    {% fragment "story" article.pk before=prepare_story %} … {% endfragment %}

The first argument names the fragment; the others are what it varies on (besides the site's
and the address's versions, always part of the key); `per_page` makes it vary with the page's
address too. `before=` names a callable from the context that is called only when the block
has to be rendered: the prefetches only it needs.
Only blocks holding nothing of one reader's belong in a fragment.
"""

from django import template

from core.fragments import fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, before, per_page):
        self.nodelist, self.name, self.parts, self.before, self.per_page = nodelist, name, parts, before, per_page

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]

        def build():
            if self.before is not None:
                self.before.resolve(context)  # resolving a callable calls it
            return self.nodelist.render(context)

        return fragment(context.get("request"), self.name.resolve(context), parts, build, per_page=self.per_page)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    before = None
    if bits[-1].startswith("before="):
        before = parser.compile_filter(bits.pop()[len("before=") :])
    per_page = "per_page" in bits
    bits = [bit for bit in bits if bit != "per_page"]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[1:]]
    return FragmentNode(nodelist, parser.compile_filter(bits[0]), parts, before, per_page)
