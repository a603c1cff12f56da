"""Template helpers. Records reach templates from `visible_to` querysets, so related records the reader
may not see are already None or absent (core.scope); these tags only shape what is shown."""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import translation

from migis.core.schemas import visible_source

register = template.Library()


@register.inclusion_tag("includes/source.html")
def source(obj):
    """Where a fact comes from; nothing when its source document is hidden from this reader."""
    return {"source": visible_source(obj)}


# What the language switch shows (its links are named in full for screen readers and tooltips).
SHORT_NAMES = {"en": "EN", "fr": "FR", "ar": "عربي"}


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """This page in every language, for the language switch and the `hreflang` alternates: the same
    page and query, the language in the address (a page without language versions keeps its address)."""
    request = context.get("request")
    if request is None:
        return []
    query = request.GET.copy()
    query.pop("lang", None)
    suffix = f"?{query.urlencode()}" if query else ""
    out = []
    for code, _name in settings.LANGUAGES:
        address = request.build_absolute_uri(translate_url(request.path, code) + suffix)
        name = translation.get_language_info(code)["name_local"]
        short = SHORT_NAMES.get(code, code.upper())
        out.append(
            {
                "code": code,
                "name": name,
                "short": short,
                "url": address,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return out


@register.filter
def designated(records) -> list:
    """The records among `records` whose name carries a designation footnote (Kosovo*), in order."""
    return [r for r in records or [] if getattr(r, "designation", None)]


@register.filter
def designated_one(record) -> list:
    return designated([record])


@register.inclusion_tag("includes/downloads.html", takes_context=True)
def downloads(context):
    """Links to this list as CSV and Excel: the same filters, every page."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for name in ("page", "page_size", "format"):
        query.pop(name, None)
    links = {}
    for fmt in ("csv", "xlsx"):
        query["format"] = fmt
        links[fmt] = f"?{query.urlencode()}"
    return {"links": links}
