from __future__ import annotations

from allauth.account.utils import get_adapter
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from internationale.accounts import services
from internationale.accounts.adapter import SESSION_KEY


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open the sign-up form for the holder of a valid invitation link."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    request.session[SESSION_KEY] = invitation.pk
    # allauth treats this address as verified: the invitation reached it.
    get_adapter(request).stash_verified_email(request, invitation.email)
    messages.info(request, _("Welcome. Choose a password to open your account."))
    return redirect("account_signup")
