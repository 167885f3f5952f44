from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.conftest import PASSWORD, enrol_totp

STAFF_PAGES = ["/staff/", "/staff/audit/", "/admin/", "/staff/pages/about/en/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_enrol(secretariat, path) -> None:
    client = Client()
    client.force_login(secretariat)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_with_a_second_factor_reach_staff_pages(staff_client, path) -> None:
    assert staff_client.get(path).status_code == 200


def test_an_editor_without_a_second_factor_cannot_even_browse(editor) -> None:
    client = Client()
    client.force_login(editor)
    assert client.get("/").status_code == 302


def test_a_member_needs_no_second_factor(member) -> None:
    client = Client()
    client.force_login(member)
    assert client.get("/").status_code == 200


def test_staff_can_still_reach_the_enrolment_page_and_log_out(secretariat) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": secretariat.email, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_logging_in_with_totp_enrolled_asks_for_the_code(secretariat) -> None:
    enrol_totp(secretariat)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": secretariat.email, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/staff/").status_code == 302  # not logged in until the code is given


def test_the_admin_refuses_a_logged_in_non_secretariat(member) -> None:
    client = Client()
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code in (200, 302)
    assert "site administration" not in client.get("/admin/", follow=True).content.decode().lower()


#: The only pages a staff member without a second factor may open: enrolment, the
#: password prompt allauth may put before it, log-out and the language switch.
EXEMPT_WITHOUT_A_SECOND_FACTOR = {
    "/accounts/2fa/totp/activate/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/i18n/setlang/",
}
#: A value for each kind of path parameter. The redirect comes before any view
#: runs, so a parameter needs no object behind it.
SAMPLE_BY_CONVERTER = {"int": "1", "slug": "call", "str": "x", "path": "1"}


def every_url_of_the_project() -> list[str]:
    """One concrete path for every pattern of the URL configuration, parameters filled."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver, resolve

    def fill(pattern: str) -> str:
        if pattern.startswith("^"):  # a regular expression: a sample matching each group

            def sample(group: re.Match[str]) -> str:
                regex = group.group(2)
                candidates = ["1", "x", "x-1", regex.split("|")[0]]
                return next(c for c in candidates if re.fullmatch(regex, c))

            return re.sub(r"\(\?P<(\w+)>([^()]*)\)", sample, pattern).strip("^$")
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER[m.group(1) or "str"], pattern
        )

    def walk(resolver: URLResolver, prefix: str) -> list[str]:
        paths = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                paths += walk(entry, prefix + fill(str(entry.pattern)))
            else:
                assert isinstance(entry, URLPattern)
                paths.append(prefix + fill(str(entry.pattern)))
        return paths

    paths = sorted(set(walk(get_resolver(), "/")))
    for path in paths:
        resolve(path)  # each filled-in path is one the site answers
    return paths


def test_every_page_but_enrolment_and_log_out_sends_password_only_staff_to_enrol(
    secretariat,
) -> None:
    from internationale.accounts.models import Invitation

    client = Client()
    response = client.post("/accounts/login/", {"login": secretariat.email, "password": PASSWORD})
    assert response.status_code == 302  # logged in with the password only
    paths = every_url_of_the_project()
    assert {"/accounts/invitations/", "/staff/"} <= set(paths)
    assert len(paths) > 150
    not_sent: dict[str, int] = {}
    for path in paths:
        response = client.get(path)
        sent_to_enrol = response.status_code == 302 and response[
            "Location"
        ] == "/accounts/2fa/totp/activate/?" + urlencode({"next": path})
        if sent_to_enrol == (path in EXEMPT_WITHOUT_A_SECOND_FACTOR):
            not_sent[path] = response.status_code
    assert not_sent == {}, "pages open to staff without a second factor, or exempt ones refused"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 200
    assert client.get("/static/css/site.css").status_code in (200, 404)  # not sent to enrol
    # Writing is refused as well: no invitation goes out from a password-only session.
    response = client.post("/accounts/invitations/", {"email": "new@example.org"})
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def totp_code(secret: str, at: float) -> str:
    """The six-digit code an authenticator app shows for ``secret`` (RFC 6238, SHA-1, 30 s)."""
    import base64
    import hashlib
    import hmac
    import struct

    digest = hmac.new(
        base64.b32decode(secret), struct.pack(">Q", int(at) // 30), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def shown_secret(page: str) -> str:
    import re

    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', page) or re.search(
        r'value="([A-Z2-7=]+)"[^>]*id="authenticator_secret"', page
    )
    assert found, "the enrolment page shows its secret"
    return found.group(1)


def continue_link(page: str) -> str:
    import re

    found = re.search(r'<a href="([^"]*)"[^>]*>\s*Continue\s*</a>', page)
    assert found, "the recovery codes page offers a way on"
    return found.group(1)


def test_the_enrolment_secret_stays_the_same_across_reloads_until_enrolment(secretariat) -> None:
    import time

    from allauth.mfa.models import Authenticator

    client = Client()
    client.post("/accounts/login/", {"login": secretariat.email, "password": PASSWORD})
    sent = client.get("/staff/")["Location"]  # to enrol, then back to /staff/
    first = shown_secret(client.get(sent).content.decode())
    again = shown_secret(client.get(sent).content.decode())  # scanned, then reloaded
    assert again == first
    page = client.get(sent).content.decode()
    assert 'name="next" value="/staff/"' in page
    response = client.post(sent, {"code": totp_code(first, time.time()), "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fstaff%2F"
    assert Authenticator.objects.filter(user=secretariat, type="totp").exists()
    codes = client.get(response["Location"]).content.decode()
    assert continue_link(codes) == "/staff/"  # on to the page first asked for
    assert client.get("/staff/").status_code == 200


def test_after_enrolment_without_a_page_to_return_to_continue_leads_home(secretariat) -> None:
    import time

    client = Client()
    client.post("/accounts/login/", {"login": secretariat.email, "password": PASSWORD})
    secret = shown_secret(client.get("/accounts/2fa/totp/activate/").content.decode())
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret, time.time())})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get(response["Location"]).content.decode()
    assert continue_link(codes) == "/"


def test_a_next_to_another_site_is_not_offered_after_enrolment(secretariat) -> None:
    import time

    client = Client()
    client.post("/accounts/login/", {"login": secretariat.email, "password": PASSWORD})
    page = "/accounts/2fa/totp/activate/?next=https://evil.example/"
    secret = shown_secret(client.get(page).content.decode())
    response = client.post(page, {"code": totp_code(secret, time.time())})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get(response["Location"] + "?next=https://evil.example/")
    assert continue_link(codes.content.decode()) == "/"


def test_staff_whose_log_in_is_old_give_their_password_again_and_then_enrol(secretariat) -> None:
    """allauth asks for the password before enrolment when the log-in is not recent."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    client = Client()
    client.post("/accounts/login/", {"login": secretariat.email, "password": PASSWORD})
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= 3600  # logged in an hour ago
    session.save()
    enrol = client.get("/staff/")["Location"]
    response = client.get(enrol)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    assert client.get(response["Location"]).status_code == 200  # not sent back to enrol
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == enrol
    assert client.get(enrol).status_code == 200
