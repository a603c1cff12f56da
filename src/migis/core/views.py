from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from migis.core.api_errors import error_response


def health(request):
    """A trivial view: the floor the benchmarks measure pages against."""
    return HttpResponse("ok", content_type="text/plain")


def about(request):
    return render(request, "about.html")


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return error_response(404, "not_found", f"No API endpoint at {request.path}.")
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return error_response(500, "server_error", "The server failed to answer this request.")
    return render(request, "500.html", status=500)


def _sign_in_url(request) -> str:
    from django.urls import reverse

    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


def permission_denied(request, exception=None):
    """handler403: the reader's language, a way to sign in when anonymous, the role's limit when not."""
    if request.path.startswith("/api/"):
        return error_response(403, "forbidden", "You are not allowed to do this.")
    return render(request, "403.html", {"sign_in_url": _sign_in_url(request)}, status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its token (an old page, cookies blocked)."""
    if request.path.startswith("/api/"):
        return error_response(403, "csrf_failed", f"The request failed its CSRF check: {reason}")
    return render(request, "403_csrf.html", {"sign_in_url": _sign_in_url(request)}, status=403)
