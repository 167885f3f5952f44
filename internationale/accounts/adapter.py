"""How allauth behaves here: sign-up open or by invitation."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _

from internationale.accounts import services
from internationale.accounts.models import Invitation, User

SESSION_KEY = "invitation_id"
FRESH_LOGIN_SECONDS = 300


def _pending_invitation(request: HttpRequest) -> Invitation | None:
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return None
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return invitation if invitation is not None and invitation.is_usable else None


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if settings.SIGNUP_MODE == "open":
            return True
        return _pending_invitation(request) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        request = getattr(self, "request", None)
        if settings.SIGNUP_MODE != "open" and request is not None:
            invitation = _pending_invitation(request)
            if invitation is not None and invitation.email != email:
                raise forms.ValidationError(
                    _("Please sign up with the address the invitation was sent to.")
                )
        return email

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Do not ask for the password again right after it was given at log-in.

        Staff are sent to enrol TOTP straight after logging in; allauth would
        otherwise ask for their password a second time within seconds.
        """
        request = getattr(self, "request", None)
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < FRESH_LOGIN_SECONDS:
                return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address, as the log-in counters count it.

        allauth reads X-Forwarded-For only when the operator declares trusted proxies
        (settings: TRUSTED_PROXY_COUNT). A request carrying fewer forwarded addresses
        than that did not come through them all: it counts as from its direct peer,
        where allauth would answer with a server error.
        """
        try:
            ip: str = super().get_client_ip(request)
        except ImproperlyConfigured:
            return str(request.META.get("REMOTE_ADDR") or "unknown")
        return ip

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        saved: User = super().save_user(request, user, form, commit=commit)
        invitation = _pending_invitation(request)
        if invitation is not None and commit:
            services.accept_invitation(invitation_id=invitation.pk, user=saved)
            request.session.pop(SESSION_KEY, None)
        return saved
