"""Sign-in lockouts, kept by django-axes in the database.

An account (its username) and, independently, a client address are locked out after
MIGIS_LOGIN_FAILURE_LIMIT failures within MIGIS_LOGIN_COOLOFF_MINUTES; the lock lasts that long after
the last failure. Failures on the site's sign-in page and the back office's count alike; an invalid API
token counts against its address only (it names no account). A successful sign-in resets nothing, so it
cannot lift a lock held by another address.
"""

import ipaddress
import logging
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessBase
from django.db.models import Max, Sum
from django.utils import timezone

log = logging.getLogger("migis.security")

# What a bearer token counts under: no account, so only the address.
TOKEN_CREDENTIALS = {"username": None}


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """AXES_LOCKOUT_PARAMETERS: the account and the address, each on its own. An attempt without a
    username (an API token, an empty form) is counted under its address alone: counting it under a
    shared empty username would let failures from everywhere lock every token user out."""
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username
    else:
        username = get_client_username(request_or_attempt, credentials)
    return ["username", "ip_address"] if username else ["ip_address"]


def forwarded_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE when MIGIS_FORWARDED_FOR=1: the address the reverse proxy appended last
    to X-Forwarded-For (what the client put before it is not trusted)."""
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def is_locked(request, credentials=None) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials)


def count_failure(request, credentials) -> bool:
    """Record a failed attempt the way Django's authenticate() does (axes listens to the signal);
    True when the request is now locked out."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def minutes_left(request, credentials=None) -> int:
    """Whole minutes until the lock on this request's account or address ends (at least 1). The lock
    on a group of attempts ends a cool-off after the group's last failure."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    ends = []
    for attempts in handler.get_user_attempts(request, credentials):
        total = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        if (total["n"] or 0) >= limit:
            ends.append(total["last"] + cool_off)
    if not ends:
        return max(1, math.ceil(cool_off.total_seconds() / 60))
    return max(1, math.ceil((max(ends) - timezone.now()).total_seconds() / 60))


def report(request, credentials, minutes: int) -> None:
    """One WARNING when a lock begins (the failure that reached the limit), INFO for each refusal after."""
    AxesProxyHandler.update_request(request)
    username = get_client_username(request, credentials) if credentials is not None else None
    failures = getattr(request, "axes_failures_since_start", None)
    begins = failures is not None and failures == get_failure_limit(request, credentials)
    log.log(
        logging.WARNING if begins else logging.INFO,
        "%s: account %s, address %s, path %s, for %d minutes",
        "Locked out after repeated failed sign-ins" if begins else "Refused while locked out",
        repr(username) if username else "(none)",
        request.axes_ip_address,
        request.path,
        minutes,
    )
