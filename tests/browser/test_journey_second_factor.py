"""Log in and enrol a second factor, with a reload in the middle, in English and Arabic.

Staff are sent to enrol an authenticator app right after logging in. The
person scans the code, reloads the page before typing the app's code (a slow
phone, a lost tab): the secret must not change under them. They finish, see
their recovery codes, manage them, and log out, with a look at every page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internationale.accounts.demo import DEMO_LOGINS
from internationale.demo import load_demo
from tests.browser.look import look
from tests.browser.test_foundation import Recorder, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_log_in_and_enrol_a_second_factor_with_a_reload_in_the_middle(
    places, live_server, browser, artifacts, language
) -> None:
    load_demo()
    _, email, password = DEMO_LOGINS[0]
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()

    page.goto(live_server.url + "/")
    page.click("header a[href^='/accounts/login/']")
    page.wait_for_url("**/accounts/login/**")
    look(page, artifacts, f"journey-2fa-login-{language}")
    assert "Sign In" not in page.content()  # one vocabulary: "Log in"
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    look(page, artifacts, f"journey-2fa-enrol-{language}")
    secret = page.input_value("#authenticator_secret")

    page.reload()  # mid-enrolment: the app already holds the secret it scanned
    look(page, artifacts, f"journey-2fa-enrol-reloaded-{language}")
    assert page.input_value("#authenticator_secret") == secret

    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    look(page, artifacts, f"journey-2fa-recovery-codes-{language}")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) >= 8
    assert all(code.strip() for code in codes)

    page.goto(live_server.url + "/accounts/2fa/")
    look(page, artifacts, f"journey-2fa-index-{language}")
    turn_off = page.locator("main a[href$='/totp/deactivate/']")
    assert "button-danger" in (turn_off.get_attribute("class") or "")

    page.goto(live_server.url + "/accounts/email/")
    look(page, artifacts, f"journey-2fa-email-{language}")
    assert page.locator("main input[type=radio][name=email]").count() >= 1

    page.goto(live_server.url + "/accounts/logout/")
    look(page, artifacts, f"journey-2fa-logout-{language}")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("header a[href^='/accounts/login/']").is_visible()

    from allauth.mfa.models import Authenticator

    kinds = set(Authenticator.objects.filter(user__email=email).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}
    context.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []
