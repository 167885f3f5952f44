"""An open declaration, as a reader in Spanish or Arabic sees and signs it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internationale.core.demo import load_demo
from internationale.declarations.models import Signature
from tests.browser.test_foundation import Recorder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["es", "ar"])
def test_a_reader_signs_an_open_declaration(
    places, live_server, browser, artifacts, language
) -> None:
    load_demo()
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/")
    assert page.locator("html").get_attribute("lang") == language
    page.screenshot(path=artifacts / f"declaration-{language}.png", full_page=True)
    page.check("input[name=kind][value=person]")
    page.fill("#id_name", "Lucía Pérez")
    page.select_option("#id_country", "UY")
    page.fill("#id_email", f"lucia-{language}@example.org")
    page.click("section.sign button[type=submit]")
    page.wait_for_url("**/thanks/created/")
    page.goto(live_server.url + "/declarations/week-of-common-struggle/signatories/")
    page.screenshot(path=artifacts / f"signatories-{language}.png", full_page=True)
    context.close()
    assert Signature.objects.get(email=f"lucia-{language}@example.org").state == "pending"
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []
