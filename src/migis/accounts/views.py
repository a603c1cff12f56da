from django.shortcuts import render

from migis.accounts import lockout


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page shown instead of the sign-in form while it is locked."""
    minutes = lockout.minutes_left(request, credentials)
    lockout.report(request, credentials, minutes)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
