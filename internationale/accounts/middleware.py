"""Staff must enrol a second factor before they can use the site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from internationale.accounts.permissions import is_staff_member

#: The pages a staff member without a second factor may still reach, by URL name:
#: the enrolment page, the password prompt allauth puts before it when the log-in
#: is older than a few minutes, the log-out page and the language switch. Every
#: other page, the account pages included, sends them to enrol. (The recovery
#: codes shown after enrolment need no exemption: by then the factor exists.)
EXEMPT_URL_NAMES = ("mfa_activate_totp", "account_reauthenticate", "account_logout", "set_language")


def has_second_factor(user_id: int) -> bool:
    exists: bool = Authenticator.objects.filter(
        user_id=user_id, type=Authenticator.Type.TOTP
    ).exists()
    return exists


def is_exempt(path: str) -> bool:
    """True for the exact paths of EXEMPT_URL_NAMES, and for static files."""
    return path.startswith(settings.STATIC_URL) or path in {
        reverse(name) for name in EXEMPT_URL_NAMES
    }


class StaffSecondFactorMiddleware:
    """Send staff without TOTP to the enrolment page, whatever page they ask for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and is_staff_member(user)
            and not is_exempt(request.path)
            and not has_second_factor(user.pk)
        ):
            target = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
