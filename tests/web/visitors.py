"""The demo's people as test clients: each role in a language, staff past their second factor."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client

from internationale.accounts.models import User
from tests.conftest import enrol_totp

#: role -> the demo log-in that has it ("" for a reader who is not logged in).
ROLES = {
    "anonymous": "",
    "member": "member@demo.invalid",
    "correspondent": "correspondent@demo.invalid",
    "editor": "editor@demo.invalid",
    "secretariat": "secretariat@demo.invalid",
}
STAFF = {"editor", "secretariat"}  # they must have enrolled a second factor


def visitor(role: str, language: str) -> Client:
    """A browser session of ``role`` reading in ``language`` (the demo must be loaded)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if ROLES[role]:
        user = User.objects.get(email=ROLES[role])
        if role in STAFF and not Authenticator.objects.filter(user=user).exists():
            enrol_totp(user)
        client.force_login(user)
    return client
