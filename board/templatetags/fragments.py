"""`{% fragment "name" key ... %}...{% endfragment %}`: render once per version (board.cache).

For pieces of a page that are the same for every visitor and every query (a post's meta
line, the filter form of a browse page); rendered as usual wherever caching is off.
"""

from django import template
from django.utils.safestring import mark_safe

from .. import cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        # The content is the template's own output, already escaped where it had to be.
        return mark_safe(cache.fragment(request, parts, lambda: self.nodelist.render(context)))


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
