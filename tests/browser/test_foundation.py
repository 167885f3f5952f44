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
from django.test import Client

from internationale.accounts.demo import DEMO_LOGINS
from internationale.accounts.models import User
from internationale.demo import load_demo
from tests.browser.look import look
from tests.conftest import enrol_totp

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
        look(page, artifacts, f"home-{language}")
        context.close()
        assert recorder.hosts() == {site}, recorder.requests
        assert recorder.errors == []


def test_the_reader_switches_language_from_the_menu_with_its_change_button(
    places, live_server, browser
) -> None:
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(live_server.url + "/about/")
    # Choosing a language (as arrowing through the menu does) changes nothing by itself
    # (WCAG 3.2.2): the reader then presses the visible Change button.
    page.wait_for_load_state("networkidle")
    requests: list[str] = []  # the pages asked for: a post of the menu would be one
    page.on("request", lambda r: requests.append(r.url) if r.is_navigation_request() else None)
    page.select_option("#language-select", "ar")
    page.keyboard.press("ArrowUp")
    page.wait_for_load_state("networkidle")  # a post on change would be under way or done
    assert requests == []
    assert page.locator("html").get_attribute("lang") == "en"
    change = page.locator(".language-form button[type=submit]")
    assert change.is_visible()
    change.click()
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.url.endswith("/about/")
    context.close()


def test_the_language_menu_and_its_button_show_where_the_keyboard_is(
    places, live_server, browser
) -> None:
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.focus("#language-select")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Change"
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert style[0] != "none"
    assert style[1] >= 2
    box = page.locator(".language-form button").bounding_box()
    assert box is not None
    assert box["width"] > 10
    assert box["height"] > 10
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
    look(page, artifacts, "login")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    look(page, artifacts, "totp-enrol")

    # Before enrolling, a staff page sends the user straight back here.
    page.goto(live_server.url + "/staff/")
    assert "/accounts/2fa/totp/activate/" in page.url

    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")  # enrolled, off the activation page
    look(page, artifacts, "recovery-codes")
    page.click("main a:has-text('Continue')")  # on to the page first asked for
    page.wait_for_url("**/staff/")

    from allauth.mfa.models import Authenticator

    kinds = set(Authenticator.objects.filter(user__email=email).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}  # recovery codes come with the authenticator
    response = page.goto(live_server.url + "/staff/")
    assert response.status == 200
    assert page.locator("main h1").inner_text() == "Secretariat"
    page.goto(live_server.url + "/staff/audit/")
    look(page, artifacts, "audit-log")
    assert page.locator("table tbody tr").count() >= 1
    for path in ("/admin/", "/admin/organizations/country/", "/staff/pages/about/ar/"):
        assert page.goto(live_server.url + path).status == 200
    look(page, artifacts, "edit-about-ar")
    context.close()

    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.schemes() <= {"http", "data"}  # data: is the QR code drawn inline
    assert recorder.errors == []
    (artifacts / "request-hosts.txt").write_text("\n".join(sorted(recorder.hosts())) + "\n")


#: Pages whose layout must reflow at 320 CSS px (a phone, or 1280 px zoomed to 400 %).
REFLOW_PAGES = [
    "/", "/about/", "/directory/", "/declarations/", "/declarations/week-of-common-struggle/",
    "/wire/", "/wire/search/?q=huelga", "/accounts/login/", "/accounts/signup/",
    "/accounts/password/reset/",
]  # fmt: skip

#: Whatever sticks out of the viewport's sides in the header (where the language menu was).
HEADER_OUTSIDE = """(() => Array.from(document.querySelectorAll('.site-header *'))
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5); })
  .map(e => e.outerHTML.slice(0, 80)))()"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_reflow_at_320_css_pixels_without_scrolling_sideways(
    places, live_server, browser, artifacts, language
) -> None:
    load_demo()
    member = User.objects.get(email="secretariat@demo.invalid")  # the longest menus
    enrol_totp(member)
    client = Client()
    client.force_login(member)
    for who, cookie in (("anonymous", None), ("secretariat", client.cookies["sessionid"].value)):
        context = browser.new_context(viewport={"width": 320, "height": 640}, locale=language)
        if cookie:
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for path in REFLOW_PAGES + (["/staff/", "/wire/desk/"] if cookie else []):
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} ({language}, {who}) is {width} px wide"
            assert page.evaluate(HEADER_OUTSIDE) == [], f"{path} ({language}, {who})"
        page.goto(live_server.url + "/")
        look(page, artifacts, f"home-320-{who}-{language}")
        context.close()
