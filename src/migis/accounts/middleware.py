"""`Authorization: Bearer <token>` on /api/ requests signs the request in as the token's user.

Invalid tokens count as failed sign-ins of the client address (django-axes, see migis.accounts.lockout):
after MIGIS_LOGIN_FAILURE_LIMIT of them the address is locked out, valid token or not, until the
cool-off ends."""

from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from migis.accounts import lockout
from migis.accounts.models import ApiToken, hash_token


def _user_for(raw: str):
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def _locked_out(request):
    from migis.core.api_errors import error_response

    credentials = lockout.TOKEN_CREDENTIALS
    minutes = lockout.minutes_left(request, credentials)
    lockout.report(request, credentials, minutes)
    response = error_response(
        429,
        "locked_out",
        f"Too many invalid API tokens from this address: it is locked out for {minutes} minutes.",
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            if lockout.is_locked(request, lockout.TOKEN_CREDENTIALS):
                return _locked_out(request)
            user = _user_for(header[7:].strip())
            if user is None:
                if lockout.count_failure(request, lockout.TOKEN_CREDENTIALS):
                    return _locked_out(request)
                from migis.core.api_errors import error_response

                return error_response(
                    401, "invalid_token", "The API token is unknown or its user is inactive."
                )
            request.user = SimpleLazyObject(lambda: user)
            # Token requests are not made by a browser session: no cookie, so no CSRF risk.
            request._dont_enforce_csrf_checks = True
            response = self.get_response(request)
            # What a token reads may be restricted: no shared cache may keep it for someone else.
            patch_vary_headers(response, ["Authorization"])
            patch_cache_control(response, private=True)
            return response
        return self.get_response(request)
