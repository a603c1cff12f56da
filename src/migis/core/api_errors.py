"""One JSON error shape for the whole API:
{"error": {"status": 404, "code": "not_found", "message": "..."}}."""

from django.http import JsonResponse


def error_body(status: int, code: str, message: str, details=None) -> dict:
    error = {"status": status, "code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def error_response(status: int, code: str, message: str, details=None) -> JsonResponse:
    return JsonResponse(error_body(status, code, message, details), status=status)
