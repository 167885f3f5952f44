"""Journey: a member submits a contribution to the pre-congress debate, the secretariat
publishes it in the next bulletin after confirming, and a reader opens it in another
language (the original shown, with a note); in English and Arabic. ``look`` is called at
every page reached."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internationale.congresses.models import Bulletin, Contribution
from internationale.demo import load_demo
from tests.browser.look import look
from tests.browser.test_wire import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEBATE = "/congresses/world-congress-2027/debate/"
TITLE = "Solidarity with the dockers of Recife"
#: The reader reads in another language than the contribution's (English).
READER = {"en": "es", "ar": "ar"}


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_a_contribution_goes_from_a_member_to_a_bulletin_and_its_readers(
    places, live_server, browser, artifacts, language, direction
) -> None:
    load_demo()
    site = urlsplit(live_server.url).netloc

    # A member submits a contribution in English.
    context, recorder = signed_in(browser, live_server, "member@demo.invalid", language)
    page = context.new_page()
    page.goto(live_server.url + DEBATE)
    assert page.locator("html").get_attribute("dir") == direction
    look(page, artifacts, f"debate-1-index-{language}")
    page.click(f"main a[href='{DEBATE}new/']")
    page.wait_for_url(f"**{DEBATE}new/")
    look(page, artifacts, f"debate-2-new-{language}")
    page.check("input[name=kind][value=member]")
    page.select_option("select[name=language]", "en")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "The port stopped for **three days**; we send our support.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{DEBATE}*/")
    made = Contribution.objects.get(texts__title=TITLE)
    assert made.state == "submitted"
    look(page, artifacts, f"debate-3-submitted-{language}")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests

    # The secretariat chooses, confirms and publishes the next bulletin.
    context, recorder = signed_in(browser, live_server, "secretariat@demo.invalid", language)
    page = context.new_page()
    page.goto(live_server.url + f"{DEBATE}bulletins/new/")
    look(page, artifacts, f"debate-4-choose-{language}")
    page.click("main form button[type=submit]")
    page.locator("input[name=confirm]").wait_for(state="attached")
    assert not Bulletin.objects.filter(number=3).exists()
    look(page, artifacts, f"debate-5-confirm-{language}")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{DEBATE}bulletins/3/")
    assert Contribution.objects.get(pk=made.pk).bulletin.number == 3
    look(page, artifacts, f"debate-6-published-{language}")
    context.close()

    # A reader in another language opens the bulletin and the contribution.
    reading = READER[language]
    context, recorder = signed_in(browser, live_server, "delegate@demo.invalid", reading)
    page = context.new_page()
    page.goto(live_server.url + f"{DEBATE}bulletins/3/")
    look(page, artifacts, f"debate-7-bulletin-{language}")
    page.click(f"main a[href='{DEBATE}{made.pk}/']")
    page.wait_for_url(f"**{DEBATE}{made.pk}/")
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator("p.notice").count() == 1  # "not yet translated; shown in English"
    look(page, artifacts, f"debate-8-contribution-{language}")
    page.goto(live_server.url + "/congresses/world-congress-2027/tendencies/")
    look(page, artifacts, f"debate-9-tendencies-{language}")
    page.click("main h2 a >> nth=0")
    page.wait_for_url("**/tendencies/*/")
    look(page, artifacts, f"debate-10-tendency-{language}")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests
