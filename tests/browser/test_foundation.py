"""A person's first visit, in a real browser: five languages, log-in, enrolling TOTP.

Every request every page makes is recorded; the test fails if one goes to a
host other than the site's own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from internationale.accounts.demo import DEMO_LOGINS
from internationale.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"en": "ltr", "es": "ltr", "pt": "ltr", "fr": "ltr", "ar": "rtl"}


def totp_now(secret: str) -> str:
    """RFC 6238 code for now, computed here rather than by the code under test."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Recorder:
    """Collects every request and every console error of a browser context."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("response", self._response)
        context.on("console", self._console)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def hosts(self) -> set[str]:
        return {
            urlsplit(url).netloc
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https")
        }

    def schemes(self) -> set[str]:
        return {urlsplit(url).scheme for url in self.requests}


def test_home_page_in_every_language_and_arabic_right_to_left(
    places, live_server, browser, artifacts
) -> None:
    site = urlsplit(live_server.url).netloc
    for language, direction in LANGUAGES.items():
        context = browser.new_context(locale=language)
        recorder = Recorder(context)
        page = context.new_page()
        response = page.goto(live_server.url + "/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("main h1").is_visible()
        page.screenshot(path=artifacts / f"home-{language}.png", full_page=True)
        context.close()
        assert recorder.hosts() == {site}, recorder.requests
        assert recorder.errors == []


def test_the_reader_switches_language_from_the_menu(places, live_server, browser) -> None:
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "ar")
    page.wait_for_load_state()
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    context.close()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(places, live_server, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()
    context.close()


def test_staff_log_in_are_made_to_enrol_totp_and_then_reach_staff_pages(
    places, live_server, browser, artifacts
) -> None:
    load_demo()
    _, email, password = DEMO_LOGINS[0]
    site = urlsplit(live_server.url).netloc
    context = browser.new_context(locale="en")
    recorder = Recorder(context)
    page = context.new_page()

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.screenshot(path=artifacts / "login.png")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    page.screenshot(path=artifacts / "totp-enrol.png", full_page=True)

    # Before enrolling, a staff page sends the user straight back here.
    page.goto(live_server.url + "/staff/")
    assert "/accounts/2fa/totp/activate/" in page.url

    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate/" not in page.url
    page.screenshot(path=artifacts / "recovery-codes.png", full_page=True)
    page.click("main a:has-text('Continue')")  # on to the page first asked for
    page.wait_for_url("**/staff/")

    from allauth.mfa.models import Authenticator

    kinds = set(Authenticator.objects.filter(user__email=email).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}  # recovery codes come with the authenticator
    response = page.goto(live_server.url + "/staff/")
    assert response.status == 200
    assert page.locator("main h1").inner_text() == "Secretariat"
    page.goto(live_server.url + "/staff/audit/")
    page.screenshot(path=artifacts / "audit-log.png", full_page=True)
    assert page.locator("table tbody tr").count() >= 1
    for path in ("/admin/", "/admin/organizations/country/", "/staff/pages/about/ar/"):
        assert page.goto(live_server.url + path).status == 200
    page.screenshot(path=artifacts / "edit-about-ar.png", full_page=True)
    context.close()

    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.schemes() <= {"http", "data"}  # data: is the QR code drawn inline
    assert recorder.errors == []
    (artifacts / "request-hosts.txt").write_text("\n".join(sorted(recorder.hosts())) + "\n")


def test_the_layout_fits_a_phone(places, live_server, browser, artifacts) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=artifacts / "home-phone-ar.png", full_page=True)
    page.goto(live_server.url + "/accounts/login/")
    page.screenshot(path=artifacts / "login-phone-ar.png", full_page=True)
    context.close()
    assert width <= 360  # nothing overflows sideways
