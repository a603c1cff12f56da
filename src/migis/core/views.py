from django.http import HttpResponse
from django.shortcuts import render

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
