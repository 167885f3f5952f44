"""allauth's pages in the site's layout and words: "Log in" everywhere, danger set apart."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.browser.test_foundation import totp_now
from tests.conftest import PASSWORD

#: allauth's own words, which the site replaces with one vocabulary of its own.
ALLAUTH_WORDS = ("Sign In", "Sign Out", "Sign Up", "Remember Me", "Email Addresses")

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-set-password/",
    "/accounts/password/reset/key/done/",
]
MEMBER_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]
STAFF_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
]


def logged_in(user, *, second_factor: bool = False) -> Client:
    """Logged in through the log-in form (and the second factor): no page asks again."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if second_factor:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
        client = Client()
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
        assert response.status_code == 302
    return client


def check(page: str) -> None:
    for word in ALLAUTH_WORDS:
        assert word not in page, word
    assert len(re.findall(r"<h1[ >]", page)) == 1


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_the_pages_before_logging_in_speak_the_sites_words(db, path) -> None:
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    check(response.content.decode())


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_the_pages_of_a_members_account_speak_the_sites_words(member, path) -> None:
    client = logged_in(member)
    response = client.get(path)
    assert response.status_code == 200
    check(response.content.decode())


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_the_second_factor_pages_speak_the_sites_words(secretariat, path) -> None:
    client = logged_in(secretariat, second_factor=True)
    response = client.get(path)
    assert response.status_code == 200
    check(response.content.decode())


def test_the_log_in_form_is_labelled_in_the_sites_words(db) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assert ">E-mail address</label>" in page
    assert ">Keep me logged in on this device</label>" in page
    assert 'href="/directory/join/"' in page  # no account yet: how to get one
    assert "placeholder=" not in page


def test_removing_an_address_and_turning_off_the_second_factor_are_not_the_main_action(
    member, secretariat
) -> None:
    page = logged_in(member).get("/accounts/email/").content.decode()
    assert re.search(r'<button type="submit" name="action_remove" class="button-danger">', page)
    assert re.search(r'<button type="submit" name="action_primary">', page)
    index = logged_in(secretariat, second_factor=True).get("/accounts/2fa/").content.decode()
    assert 'class="button button-danger" href="/accounts/2fa/totp/deactivate/"' in index


def test_the_recovery_codes_page_sets_its_actions_apart(secretariat) -> None:
    page = (
        logged_in(secretariat, second_factor=True)
        .get("/accounts/2fa/recovery-codes/")
        .content.decode()
    )
    actions = re.search(r'<div class="actions">(.*?)</div>', page, re.S)
    assert actions is not None
    links = re.findall(r"<a [^>]*>", actions.group(1))
    assert len(links) == 3  # continue, download, make new: each its own button
    assert "button-secondary" not in links[0]
    assert all("button-secondary" in link for link in links[1:])


def test_confirming_it_is_you_asks_the_password_or_a_code_each_on_its_own_form(
    secretariat,
) -> None:
    client = logged_in(secretariat, second_factor=True)
    by_password = client.get("/accounts/reauthenticate/").content.decode()
    assert 'action="/accounts/reauthenticate/"' in by_password
    assert "give your password again" in by_password
    by_code = client.get("/accounts/2fa/reauthenticate/").content.decode()
    check(by_code)
    assert 'action="/accounts/2fa/reauthenticate/"' in by_code
    assert "a code from your authenticator app" in by_code
    assert "give your password again" not in by_code
