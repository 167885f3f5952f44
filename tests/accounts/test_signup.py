from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.test import Client

from internationale.accounts.models import Invitation, User
from internationale.accounts.services import invite
from internationale.mail.models import OutboxMessage


def _link(outbox_message: OutboxMessage) -> str:
    body = outbox_message.body
    match = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


SIGNUP = {
    "email": "new.person@example.org",
    "password1": "a-good-long-pass-77",
    "password2": "a-good-long-pass-77",
}


def test_signup_is_closed_without_an_invitation_and_says_how_to_join(db) -> None:
    response = Client().get("/accounts/signup/")
    page = response.content.decode()
    assert "How to join" in page
    assert 'href="/directory/join/"' in page  # the public application opens an account
    Client().post("/accounts/signup/", SIGNUP)
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_signup_is_open_when_the_setting_says_so(db, settings) -> None:
    settings.SIGNUP_MODE = "open"
    response = Client().post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).exists()
    # e-mail verification is mandatory: a confirmation mail waits in the outbox
    assert OutboxMessage.objects.filter(to=[SIGNUP["email"]]).exists()


def test_an_invited_person_signs_up_with_the_invited_address(
    secretariat, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        invite(by=secretariat, email="New.Person@example.org", base_url="http://testserver")
    message = OutboxMessage.objects.get(to=["new.person@example.org"])
    client = Client()
    assert client.get(_link(message)).status_code == 302
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert EmailAddress.objects.get(user=user).verified  # the invitation proved the address
    assert Invitation.objects.get().accepted_at is not None


def test_an_invitation_cannot_be_used_for_another_address(secretariat) -> None:
    invite(by=secretariat, email="invited@example.org", base_url="http://testserver")
    client = Client()
    client.get(_link(OutboxMessage.objects.get()))
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert "invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_a_used_invitation_link_says_so(secretariat) -> None:
    invite(by=secretariat, email=SIGNUP["email"], base_url="http://testserver")
    link = _link(OutboxMessage.objects.get())
    client = Client()
    client.get(link)
    client.post("/accounts/signup/", SIGNUP)
    assert Client().get(link).status_code == 404


def test_a_forged_invitation_link_is_refused(db) -> None:
    assert Client().get("/accounts/invitation/not-a-real-token/").status_code == 404
    assert not OutboxMessage.objects.exists()


def test_the_secretariat_invites_from_its_page(staff_client) -> None:
    response = staff_client.post("/accounts/invitations/", {"email": "Friend@Example.org"})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "friend@example.org"
    assert "friend@example.org" in staff_client.get("/accounts/invitations/").content.decode()


def test_a_double_click_on_invite_sends_one_invitation(staff_client) -> None:
    for _ in range(2):
        staff_client.post("/accounts/invitations/", {"email": "friend@example.org"})
    assert Invitation.objects.count() == 1
    assert OutboxMessage.objects.filter(to=["friend@example.org"]).count() == 1


def test_an_address_with_an_account_is_not_invited(staff_client, member) -> None:
    response = staff_client.post("/accounts/invitations/", {"email": member.email})
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_malformed_address_is_refused_with_a_message(staff_client) -> None:
    response = staff_client.post("/accounts/invitations/", {"email": "not an address"})
    assert "Enter a valid email address." in response.content.decode()


def test_only_the_secretariat_may_invite(member) -> None:
    client = Client()
    client.force_login(member)
    assert client.post("/accounts/invitations/", {"email": "x@example.org"}).status_code == 403
    assert not Invitation.objects.exists()


def test_two_sign_ups_of_one_address_at_the_same_moment_make_one_account(db, settings) -> None:
    """Both pass the form's check that the address is new; the other's INSERT lands first."""
    from allauth.account import app_settings
    from allauth.account.forms import SignupForm
    from allauth.core import context
    from allauth.utils import get_form_class
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from tests.conftest import make_user

    settings.SIGNUP_MODE = "open"
    request = RequestFactory().post("/accounts/signup/", SIGNUP)
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    with context.request_context(request):
        form = get_form_class(app_settings.FORMS, "signup", SignupForm)(data=SIGNUP)
        assert form.is_valid(), form.errors
        make_user(SIGNUP["email"])  # the other request
        user, response = form.try_save(request)
    assert user is None
    assert response is not None
    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).count() == 1
