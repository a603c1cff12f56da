"""Template helpers that apply the visibility rule to records reached through a foreign key."""

from django import template

from migis.core.models import visible_or_none
from migis.core.serialize import visible_source

register = template.Library()


@register.filter
def visible_to(obj, user):
    """`{% with org=d.secretariat|visible_to:user %}`: the record, or None when `user` may not read it."""
    return visible_or_none(obj, user)


@register.inclusion_tag("includes/source.html", takes_context=True)
def source(context, obj):
    """Where a fact comes from; nothing when its source document is hidden from this reader."""
    return {"source": visible_source(obj, context.get("user"))}
