"""Template helpers. Records reach templates from `visible_to` querysets, so related records the reader
may not see are already None or absent (core.scope); these tags only shape what is shown."""

import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from migis.core.models import active_language
from migis.core.schemas import visible_source

register = template.Library()


@register.inclusion_tag("includes/source.html")
def source(obj):
    """Where a fact comes from, as a citation: publisher, title, date and the quoted passage with the
    fact's words marked; nothing when its source document is hidden from this reader."""
    found = visible_source(obj)
    if found is None:
        return {"source": None}
    document = found["document"]
    publisher = None
    if document is not None and document._meta.get_field("publisher").is_cached(document):
        publisher = document.publisher  # joined by with_sources(): never a query of its own
    if publisher is None and found["url"]:
        publisher = urlsplit(found["url"]).hostname or ""
    passage = found["passage"] or ""
    return {
        "source": found,
        "publisher": publisher,
        "year": getattr(document, "year", None) if document is not None else None,
        "passage": marked_words(passage, fact_words(obj)) if passage else "",
    }


_WORD_FIELDS = ("name_en", "name_fr", "name_ar", "acronym", "title", "official_name_en")
_YEAR_FIELDS = ("since", "until", "start", "end", "year", "founded")


def fact_words(obj) -> list[str]:
    """The words a fact is about: the names of the record and of the records it links (a membership:
    the state and the dialogue), and its years."""
    # Only the linked records already loaded: a citation never costs a query.
    records = [obj] + [
        getattr(obj, f.name)
        for f in obj._meta.concrete_fields
        if f.is_relation and f.name != "source_document" and f.is_cached(obj)
    ]
    words = {
        str(getattr(r, name))
        for r in records
        if r is not None
        for name in _WORD_FIELDS
        if getattr(r, name, "")
    }
    words |= {str(getattr(obj, name)) for name in _YEAR_FIELDS if isinstance(getattr(obj, name, None), int)}
    return sorted((w for w in words if len(w) > 1), key=len, reverse=True)


def marked_words(text: str, words: list[str]) -> str:
    """`text`, escaped, with every whole-word occurrence of `words` in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[pos : m.start()]), "<mark>", escape(m.group(0)), "</mark>"]
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped


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


@register.filter
def urlize_host(url: str) -> str:
    """A web address as readers name it: host and path, no scheme (https://www.x.org/a gives x.org/a)."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else url


@register.simple_tag
def named(record, field: str = "name"):
    """A record's name in the reader's language; where no source gives one, the English name, marked as
    such (its language set, and a note saying why it is not translated)."""
    language = active_language()
    own = getattr(record, f"{field}_{language}", "") or ""
    english = getattr(record, f"{field}_en", "") or ""
    if own or language == "en" or not english:
        return own or english
    return format_html(
        '<bdi lang="en" class="untranslated" title="{}">{}</bdi>',
        _("No source gives this name in this language: it is shown in English."),
        english,
    )
