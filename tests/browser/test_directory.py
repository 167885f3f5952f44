"""The directory and an application, as people see them, in a real browser."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internationale.demo import load_demo
from internationale.organizations.models import Application
from tests.browser.look import look
from tests.browser.test_foundation import Recorder, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_directory_in_english_and_arabic(
    places, live_server, browser, artifacts, language
) -> None:
    load_demo()
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/directory/")
    assert page.locator("h2.region-heading").count() >= 2
    look(page, artifacts, f"directory-{language}")
    page.fill("#id_q", "MST")
    with page.expect_navigation():  # the results, not the list the search was sent from
        page.click("form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.click("li.organization a >> nth=0")
    assert "Landless" in page.locator("h1").inner_text()
    assert page.locator("#about-org").count() == 1  # its description, in English or Arabic
    assert page.locator("#signed + ul a").count() >= 1  # the declaration it signed
    assert page.locator("a.website").get_attribute("href") == "https://mst.org.br/"
    look(page, artifacts, f"organization-{language}")
    page.set_viewport_size({"width": 320, "height": 640})  # a phone, or 400% zoom
    for name, path in [("organization", page.url), ("directory", live_server.url + "/directory/")]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        look(page, artifacts, f"{name}-{language}-320")
    context.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []


def test_an_application_under_review(places, live_server, browser, artifacts) -> None:
    load_demo()
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "member@demo.invalid")
    page.fill("input[name=password]", "demo-internationale")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # logged in: not before
    page.goto(live_server.url + "/directory/apply/")
    page.fill("#id_name", "Frente Popular Darío Santillán")
    page.select_option("#id_kind", "movement")
    page.select_option("#id_country", "AR")
    page.fill("#id_membership_size", "3000")
    page.fill("#id_contacts", "Ask for Ana at the national office")
    radios = page.locator("fieldset.point")
    for index in range(radios.count()):
        radios.nth(index).locator("input[value=agree]").check()
    radios.nth(1).locator("input[value=reservations]").check()
    radios.nth(1).locator("textarea").fill("We would add the struggle against sanctions.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/directory/applications/*/")
    context.close()

    application = Application.objects.get()
    staff = browser.new_context(locale="en")
    page = staff.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "secretariat@demo.invalid")
    page.fill("input[name=password]", "demo-internationale")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    page.fill("input[name=code]", totp_now(page.input_value("#authenticator_secret")))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")  # enrolled: not before
    page.goto(live_server.url + f"/directory/applications/{application.pk}/")
    page.fill("#id_body", "In how many provinces are you organized?")
    with page.expect_navigation():
        page.click("form[action$='/message/'] button[type=submit]")
    assert "under review" in page.locator(".state").inner_text()
    look(page, artifacts, "application-under-review")
    staff.close()
