"""Staff must enrol a second factor before they can use the site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from internationale.accounts.permissions import is_staff_member

#: Paths a staff member without a second factor may still reach: the account
#: pages (to enrol, or to log out), the language switch and static files.
_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/")


def has_second_factor(user_id: int) -> bool:
    exists: bool = Authenticator.objects.filter(
        user_id=user_id, type=Authenticator.Type.TOTP
    ).exists()
    return exists


class StaffSecondFactorMiddleware:
    """Send staff without TOTP to the enrolment page, whatever page they ask for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and is_staff_member(user)
            and not has_second_factor(user.pk)
        ):
            target = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
