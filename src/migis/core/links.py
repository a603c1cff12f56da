"""Addresses of pages in the reader's language. Pages carry their language in the address (urls.py);
addresses kept for later (the search index) are made in the default language and turned into the
reader's when shown."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def stored_url(record) -> str:
    """`record.get_absolute_url()` in the default language, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return record.get_absolute_url()


def in_language(path: str, language: str | None = None) -> str:
    """A page address in the default language (as `stored_url` makes them) in `language` (by default
    the active one); an address without language versions comes back as it is."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return path
    with translation.override(settings.LANGUAGE_CODE):  # resolve as stored, reverse in `language`
        return translate_url(path, language)
