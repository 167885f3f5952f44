"""The wire in a browser: readers in French and Arabic; a correspondent files, an editor publishes.

Every request of every page is recorded; none may go to another host.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from internationale.accounts.models import User
from internationale.demo import load_demo
from internationale.wire.models import Report
from tests.browser.look import look
from tests.browser.test_foundation import Recorder
from tests.conftest import enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Any, live_server: Any, email: str, language: str = "en") -> tuple[Any, Any]:
    """A browser context logged in as ``email`` (second factor enrolled), and its recorder."""
    user = User.objects.get(email=email)
    enrol_totp(user)
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, Recorder(context)


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_a_reader_follows_the_wire(
    places, live_server, browser, artifacts, language, direction
) -> None:
    load_demo()
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/wire/")
    assert page.locator("html").get_attribute("dir") == direction
    appeal = page.locator("section.appeals .wire-headline").first
    assert "Pakistan" in appeal.inner_text() or "باكستان" in appeal.inner_text()
    look(page, artifacts, f"wire-home-{language}")
    # The Brazilian report, then its other languages.
    original = Report.objects.get(language="pt", translation_of__isnull=True, state="published")
    page.goto(live_server.url + f"/wire/report/{original.pk}/")
    assert page.locator("h1").inner_text().startswith("Brasil: ")
    look(page, artifacts, f"wire-report-{language}")
    page.click("aside a[hreflang=es]")
    assert page.locator("h1").inner_text().startswith("Brasil: Los petroleros")
    assert page.locator(".notice").first.is_visible()  # translated, and outdated
    look(page, artifacts, f"wire-translation-{language}")
    page.goto(live_server.url + "/wire/search/?q=huelga")
    assert page.locator("mark").count() >= 1
    look(page, artifacts, f"wire-search-{language}")
    interview = Report.objects.get(kind="interview")
    page.goto(live_server.url + f"/wire/report/{interview.pk}/")
    assert page.locator("audio[controls]").count() == 1
    look(page, artifacts, f"wire-interview-{language}")
    context.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}, recorder.requests
    assert recorder.errors == []


def test_a_correspondent_files_and_an_editor_edits_compares_and_publishes(
    places, live_server, browser, artifacts
) -> None:
    load_demo()
    site = urlsplit(live_server.url).netloc
    context, recorder = signed_in(browser, live_server, "correspondent@demo.invalid", "pt")
    page = context.new_page()
    page.goto(live_server.url + "/wire/mine/new/")
    look(page, artifacts, "wire-new-report")
    page.select_option("#id_kind", "report")
    page.select_option("#id_language", "pt")
    page.select_option("#id_dateline", "BR")
    page.fill("#id_title", "Metroviários de São Paulo aprovam greve para quinta-feira")
    page.fill("#id_lede", "A assembleia reuniu três mil trabalhadores na sede do sindicato.")
    page.fill("#id_body", "A categoria rejeitou a proposta da empresa por ampla maioria.")
    page.check("input[name=topics][value=strikes-and-labour]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/wire/desk/*/")
    look(page, artifacts, "wire-draft")
    page.click("text=Submit to the desk") if page.locator(
        "text=Submit to the desk"
    ).count() else page.click("form.inline-form button")
    report = Report.objects.get(title__startswith="Metroviários")
    assert Report.objects.get(pk=report.pk).state == "submitted"
    context.close()
    assert recorder.hosts() == {site}
    assert recorder.errors == []

    context, recorder = signed_in(browser, live_server, "editor@demo.invalid")
    page = context.new_page()
    page.goto(live_server.url + "/wire/desk/")
    assert page.locator("table.queue").get_by_text("Metroviários").count() == 1
    look(page, artifacts, "wire-desk-queue")
    page.goto(live_server.url + f"/wire/desk/{report.pk}/edit/")
    look(page, artifacts, "wire-edit")
    page.fill(
        "#id_body",
        "A categoria rejeitou por ampla maioria a proposta da empresa, que não repõe a inflação.",
    )
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/wire/desk/{report.pk}/")
    page.click("text=What changed last")
    assert page.locator(".diff ins").count() >= 1
    assert page.locator(".diff del").count() >= 1
    look(page, artifacts, "wire-report-diff")
    page.goto(live_server.url + f"/wire/desk/{report.pk}/")
    look(page, artifacts, "wire-desk-report")
    page.check("input[name=when][value=now]")
    page.click("text=Publish >> nth=-1")
    page.wait_for_url(f"**/wire/desk/{report.pk}/")
    assert Report.objects.get(pk=report.pk).is_live()
    page.goto(live_server.url + "/wire/country/BR/")
    assert page.get_by_text("Brasil: Metroviários de São Paulo").count() == 1
    look(page, artifacts, "wire-country")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.errors == []


def test_the_wire_is_usable_by_keyboard(places, live_server, browser, artifacts) -> None:
    load_demo()
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/wire/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.wire-headline') !== null"):
            break
    else:
        pytest.fail("no headline link reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/wire/report/*/")
    look(page, artifacts, "wire-report-by-keyboard")
    context.close()
