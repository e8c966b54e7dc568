"""`{% fragment %}`: a block of a page kept rendered between page builds (core/pagecache/fragments.py).

    {% fragment "story" article.pk before=prepare_story %} … {% endfragment %}

The first argument names the fragment; the others are what it varies on (besides the versions
that make it stale, always part of the key); `per_page` makes it vary with the page's address
too; `scope=site`, `scope=story` or `scope=shared` chooses those versions (core/pagecache/fragments.py, SCOPES), and
`scope=<variable>` reads the scope from the context.
`before=` names a callable from the context that is called only when the block has to be
rendered: the prefetches only it needs.
Only blocks holding nothing of one reader's belong in a fragment.
"""

from django import template

from core.pagecache import SCOPES, fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, before, per_page, scope):
        self.nodelist, self.name, self.parts, self.before = nodelist, name, parts, before
        self.per_page, self.scope = per_page, scope

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]

        def build():
            if self.before is not None:
                self.before.resolve(context)  # resolving a callable calls it
            return self.nodelist.render(context)

        request, name = context.get("request"), self.name.resolve(context)
        scope = self.scope if isinstance(self.scope, str) else self.scope.resolve(context) or "page"
        return fragment(request, name, parts, build, per_page=self.per_page, scope=scope)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    before = None
    if bits[-1].startswith("before="):
        before = parser.compile_filter(bits.pop()[len("before=") :])
    per_page = "per_page" in bits
    scope = next((bit.split("=", 1)[1] for bit in bits if bit.startswith("scope=")), "page")
    # A scope is named, or read from the context (empty there: "page").
    scope = scope if scope in SCOPES else parser.compile_filter(scope)
    bits = [bit for bit in bits if bit != "per_page" and not bit.startswith("scope=")]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[1:]]
    return FragmentNode(nodelist, parser.compile_filter(bits[0]), parts, before, per_page, scope)
