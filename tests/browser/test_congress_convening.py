"""Journey: the secretariat convenes a congress, writes its call, sends it to the sections
and opens the pre-congress debate; in English and Arabic, ``look`` at every page reached.

The one detour: a congress that would close before it opens is refused with the reason,
and nothing typed is lost.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from internationale.accounts.models import Role
from internationale.accounts.services import assign_role
from internationale.congresses import queries
from internationale.congresses.models import Congress, Phase
from internationale.demo import load_demo
from internationale.mail.models import OutboxMessage
from internationale.organizations.models import Organization, OrganizationStatus
from tests.browser.look import look
from tests.browser.test_wire import signed_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = {"en": "XVI World Congress", "ar": "المؤتمر العالمي السادس عشر"}
CALL = {
    "en": ("Call to the XVI World Congress", "Sections send their figures by **1 March**."),
    "ar": ("نداء إلى المؤتمر العالمي السادس عشر", "ترسل الفروع أعداد أعضائها قبل **1 آذار**."),
}


def fill_congress(page: Any, language: str) -> None:
    page.fill("#id_number", "16")
    page.fill("#id_title", TITLE[language])
    page.fill("#id_slug", f"world-congress-2029-{language}")
    page.fill("#id_opens_on", "2029-07-02")
    page.fill("#id_closes_on", "2029-07-06")
    page.fill("#id_place", "Dakar")
    for code in ("es", "pt"):  # all five are offered ticked: three are kept
        page.uncheck(f"input[name=working_languages][value={code}]")
    page.fill("#id_figures_due", "2029-03-01T12:00")
    page.fill("#id_contributions_due", "2029-05-01T12:00")
    page.fill("#id_nominations_due", "2029-06-01T12:00")
    page.fill("#id_delegates_total", "80")


def submit(page: Any, url: str) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_url(url)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_secretariat_convenes_a_congress_writes_and_sends_its_call_and_opens_the_debate(
    places, live_server, browser, artifacts, language, direction
) -> None:
    load_demo()
    section = Organization.objects.filter(status=OrganizationStatus.OFFICIAL_SECTION).first()
    assert section is not None
    speaker = make_user(f"ines.{language}@example.org")
    assign_role(by=None, user=speaker, role=Role.REPRESENTATIVE, organization=section)
    slug = f"world-congress-2029-{language}"
    site = urlsplit(live_server.url).netloc
    context, recorder = signed_in(browser, live_server, "secretariat@demo.invalid", language)
    page = context.new_page()
    page.goto(live_server.url + "/congresses/")
    assert page.locator("html").get_attribute("dir") == direction
    look(page, artifacts, f"convening-1-list-{language}")
    with page.expect_navigation():
        page.click("main a[href='/congresses/new/']")
    page.wait_for_url("**/congresses/new/")
    look(page, artifacts, f"convening-2-new-{language}")

    # Closing before it opens: refused, with the reason, and the form as it was typed.
    fill_congress(page, language)
    page.fill("#id_closes_on", "2029-07-01")
    submit(page, "**/congresses/new/")
    page.locator(".error-summary").wait_for()
    assert page.input_value("#id_title") == TITLE[language]
    assert page.is_checked("input[name=working_languages][value=ar]")
    assert not Congress.objects.filter(slug=slug).exists()
    look(page, artifacts, f"convening-3-refused-{language}")
    page.fill("#id_closes_on", "2029-07-06")
    submit(page, f"**/congresses/{slug}/manage/")
    congress = Congress.objects.get(slug=slug)
    assert (congress.phase, congress.place) == (Phase.CONVENED, "Dakar")
    look(page, artifacts, f"convening-4-manage-{language}")

    # The call, in the page's language: the original.
    with page.expect_navigation():
        page.click(f"a[href='/congresses/{slug}/manage/call/{language}/']")
    page.wait_for_url(f"**/manage/call/{language}/")
    look(page, artifacts, f"convening-5-call-{language}")
    title, body = CALL[language]
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    submit(page, f"**/congresses/{slug}/manage/")
    assert congress.calls.get().is_original
    look(page, artifacts, f"convening-6-call-written-{language}")

    # Sent to the sections, after ticking the confirmation.
    with page.expect_navigation():
        page.click(f"main a[href='/congresses/{slug}/manage/send/']")
    page.wait_for_url("**/manage/send/")
    look(page, artifacts, f"convening-7-send-{language}")
    page.check("input[name=confirm]")
    submit(page, f"**/congresses/{slug}/manage/")
    people, _sections = queries.sections_told()
    mailed = OutboxMessage.objects.filter(subject__contains=TITLE[language])
    assert mailed.count() == people >= 1
    assert mailed.filter(to=[speaker.email]).exists()
    look(page, artifacts, f"convening-8-sent-{language}")

    # One phase forward: the pre-congress debate opens.
    with page.expect_navigation():
        page.click(f"main a[href='/congresses/{slug}/manage/phase/']")
    page.wait_for_url("**/manage/phase/")
    look(page, artifacts, f"convening-9-phase-{language}")
    page.check("input[name=confirm][value=debate]")
    submit(page, f"**/congresses/{slug}/manage/phase/")
    congress.refresh_from_db()
    assert congress.phase == Phase.DEBATE
    assert page.locator("li[aria-current=step]").count() == 1
    look(page, artifacts, f"convening-10-debate-{language}")
    page.goto(live_server.url + f"/congresses/{slug}/")
    assert title in page.content()
    look(page, artifacts, f"convening-11-overview-{language}")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.errors == [  # the refused dates, and nothing else
        f"400 {live_server.url}/congresses/new/",
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]
