"""Delegates in a real browser: a section's representative nominates, the credentials
committee accepts, the desk checks the delegate in, and the quorum panel follows,
also on a page left open (its script asks for the summary every few seconds)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from internationale.accounts.models import User
from internationale.congresses.models import CheckIn, Delegate, Phase
from internationale.congresses.services import delegates_attendance
from tests.browser.look import look
from tests.browser.test_foundation import Recorder
from tests.conftest import make_user
from tests.congresses.conftest import (  # noqa: F401 - the congress's cast, as fixtures here
    credentials_member,
    section,
    section_representative,
)
from tests.congresses.delegates_cast import allot, at_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Any, live_server: Any, user: User, language: str) -> tuple[Any, Recorder]:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, Recorder(context)


def test_nominated_accepted_checked_in_and_the_quorum_follows(
    live_server,
    browser,
    artifacts,
    congress,
    section,  # noqa: F811
    section_representative,  # noqa: F811
    credentials_member,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    at_phase(congress, Phase.CREDENTIALS)
    allot(congress, section, seats=2)
    make_user("ana.vermelha@example.org")
    base = f"{live_server.url}/congresses/{congress.slug}"

    context, recorder = signed_in(browser, live_server, section_representative, "en")
    page = context.new_page()
    page.goto(f"{base}/delegates/nominate/{section.pk}/")
    look(page, artifacts, "delegates-nominate-en")
    page.fill("#id_name", "Ana Vermelha")
    page.fill("#id_email", "ana.vermelha@example.org")
    page.check("input[name=kind][value=delegate]")
    with page.expect_navigation():
        page.click("form button[type=submit][data-once]")
    assert "Ana Vermelha was nominated." in page.locator(".messages").inner_text()
    look(page, artifacts, "delegates-nominated-en")
    row = Delegate.objects.get(name="Ana Vermelha")

    desk, desk_recorder = signed_in(browser, live_server, credentials_member, "en")
    committee = desk.new_page()
    committee.goto(f"{base}/credentials/")
    look(committee, artifacts, "delegates-credentials-en")
    with committee.expect_navigation():
        committee.click(f"#d{row.pk} button[value=accept]")
    assert "were accepted" in committee.locator(".messages").inner_text()
    look(committee, artifacts, "delegates-accepted-en")

    # The representative's board, left open, shows no one in the hall yet.
    page.goto(f"{base}/delegates/")
    panel = page.locator("[data-summary]")
    assert "0 of 1 delegates in the hall" in panel.inner_text()
    look(page, artifacts, "delegates-board-en")

    committee.goto(f"{base}/attendance/")
    look(committee, artifacts, "delegates-attendance-en")
    with committee.expect_navigation():
        committee.click(f"#d{row.pk} button[value='1']")
    assert "1 of 1 delegates in the hall" in committee.locator("[data-summary]").inner_text()
    assert "reached" in committee.locator(".quorum-reached").inner_text()
    look(committee, artifacts, "delegates-checked-in-en")

    # The open board catches up by itself.
    expect(panel).to_contain_text("1 of 1", timeout=15000)
    delegates_attendance.check(
        by=credentials_member,
        congress=congress,
        delegate_id=row.pk,
        entering=False,
        how=CheckIn.How.DESK,
    )
    expect(panel).to_contain_text("0 of 1", timeout=15000)
    context.close()
    desk.close()
    site = urlsplit(live_server.url).netloc
    for each in (recorder, desk_recorder):
        assert each.hosts() == {site}, each.requests
        assert each.errors == []

    arabic, arabic_recorder = signed_in(browser, live_server, credentials_member, "ar")
    page = arabic.new_page()
    for name, path in (
        ("board", "/delegates/"),
        ("credentials", "/credentials/"),
        ("attendance", "/attendance/"),
    ):
        page.goto(base + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        look(page, artifacts, f"delegates-{name}-ar")
    arabic.close()
    assert arabic_recorder.errors == []
