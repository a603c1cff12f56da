from django.utils import translation


class LanguageParameterMiddleware:
    """`?lang=fr` shows one page in that language without changing the visitor's saved choice,
    so that a page in French or Arabic can be linked to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.GET.get("lang")
        if lang in ("en", "fr", "ar"):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)
