"""Apply and be admitted: a newcomer finds the way from the home page to the directory.

Anonymous, from the home page, to the page that says how to join, to the public
application; the mailed link opens the account; the secretariat admits the
organization; it appears in the directory. In English and in Arabic, with a
look at every page reached.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from internationale.demo import load_demo
from internationale.mail.models import OutboxMessage
from internationale.organizations.models import Application, Organization
from tests.browser.look import look
from tests.browser.test_foundation import Recorder
from tests.conftest import enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-good-long-pass-77"


def confirmation_path(email: str) -> str:
    message = OutboxMessage.objects.filter(to=[email]).latest("id")
    found = re.search(r"https?://[^/\s]+(/directory/join/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def logged_in_context(browser: Any, live_server: Any, user: Any, language: str) -> Any:
    """A browser already logged in as ``user`` (the log-in itself is another journey's)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_organization_applies_from_the_home_page_and_is_admitted(
    places, live_server, browser, artifacts, secretariat, language
) -> None:
    load_demo()
    email = f"secretary-{language}@fpds.example.org"
    name = f"Frente Popular Darío Santillán ({language})"
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()

    page.goto(live_server.url + "/")
    look(page, artifacts, f"journey-apply-home-{language}")
    page.click("main .home-join a[href='/accounts/signup/']")
    page.wait_for_url("**/accounts/signup/")
    look(page, artifacts, f"journey-apply-signup-{language}")
    page.click("main a[href='/directory/join/']")
    page.wait_for_url("**/directory/join/")
    look(page, artifacts, f"journey-apply-form-{language}")

    page.fill("#id_email", email)
    page.fill("#id_name", name)
    page.select_option("#id_kind", "movement")
    page.select_option("#id_country", "AR")
    page.select_option("#id_requested", "sympathizing")
    page.fill("#id_membership_size", "3000")
    page.fill("#id_contacts", "Signal: ask the secretariat")
    for radio in page.locator("input[type=radio][value=agree]").all():
        radio.check()
    page.click("main form button[type=submit]")
    page.wait_for_url("**/directory/join/sent/")
    look(page, artifacts, f"journey-apply-sent-{language}")
    assert not Organization.objects.filter(name=name).exists()  # not before the address is proven

    page.goto(live_server.url + confirmation_path(email))
    look(page, artifacts, f"journey-apply-confirm-{language}")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/directory/applications/*/")
    look(page, artifacts, f"journey-apply-sent-to-secretariat-{language}")
    application = Application.objects.get(organization__name=name)
    assert application.applicant.email == email
    context.close()

    enrol_totp(secretariat)
    staff = logged_in_context(browser, live_server, secretariat, language)
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/directory/applications/{application.pk}/")
    desk.check("input[name=decision][value=admit-sympathizing]")
    desk.fill("textarea[name=reason]", "Welcome: your points of agreement match ours.")
    look(desk, artifacts, f"journey-apply-decision-{language}")
    with desk.expect_navigation():  # decided before the context closes
        desk.click("form[action$='/decide/'] button[type=submit]")
    staff.close()

    reader = browser.new_context(locale=language)
    directory = reader.new_page()
    directory.goto(live_server.url + "/directory/?q=Santill%C3%A1n")
    look(directory, artifacts, f"journey-apply-directory-{language}")
    assert name in directory.content()
    organization = Organization.objects.get(name=name)
    assert organization.status == "sympathizing"
    reader.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []
