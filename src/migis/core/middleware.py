from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation

LANGUAGES = {code for code, _ in settings.LANGUAGES}


class LanguageAddressMiddleware:
    """The language of a page is in its address (see urls.py). Two other spellings lead there:
    `/en/...` (the default language's prefix, which pages do not use) and `?lang=fr` (links made before
    the language was in the address). Addresses without a language version (the API) keep `?lang=` as
    the language of their messages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.default_prefix = f"/{settings.LANGUAGE_CODE}/"

    def __call__(self, request):
        if request.path.startswith(self.default_prefix) and request.method in ("GET", "HEAD"):
            rest = request.get_full_path()[len(self.default_prefix) - 1 :]
            return HttpResponsePermanentRedirect(rest)
        lang = request.GET.get("lang")
        if lang in LANGUAGES:
            if request.method in ("GET", "HEAD"):
                target = translate_url(request.path, lang)
                if target != request.path:
                    query = request.GET.copy()
                    del query["lang"]
                    return HttpResponseRedirect(target + (f"?{query.urlencode()}" if query else ""))
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)
