"""Template helpers. Records reach templates from `visible_to` querysets, so related records the reader
may not see are already None or absent (core.scope); these tags only shape what is shown."""

from django import template

from migis.core.schemas import visible_source

register = template.Library()


@register.inclusion_tag("includes/source.html")
def source(obj):
    """Where a fact comes from; nothing when its source document is hidden from this reader."""
    return {"source": visible_source(obj)}
