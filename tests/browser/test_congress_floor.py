"""The hall in a real browser: the chair gives the floor on a phone, the projector shows it.

The chair's console at phone width (375 px) and the projector open side by side;
the chair presses "Next speaker" and the projector shows the new speaker within a
second, without reloading. Both pages looked at in English and in Arabic.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import Congress
from internationale.congresses.services import floor as services
from internationale.organizations.models import Organization, OrganizationStatus
from tests.browser.look import look
from tests.conftest import make_user
from tests.congresses.floor_cast import delegate_user, in_session, item_under_discussion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chair(congress: Congress) -> User:
    user = make_user("clara.chair@example.org")
    assign_role(by=None, user=user, role=Role.CHAIR, congress=congress)
    return user


@pytest.fixture
def section(organization: Organization) -> Organization:
    organization.status = OrganizationStatus.OFFICIAL_SECTION
    organization.save(update_fields=["status"])
    return organization


def logged_in(browser: Any, live_server: Any, user: User, language: str, **options: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language, **options)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_projector_shows_the_next_speaker_the_chair_calls_without_a_reload(
    congress: Congress,
    chair: User,
    section: Organization,
    live_server: Any,
    browser: Any,
    artifacts: Any,
    language: str,
) -> None:
    in_session(congress)
    item_under_discussion(congress, chair, "The world political situation")
    rosa = delegate_user(congress, section, "rosa.floor@example.org", "Rosa Luxemburgo")
    services.ask_to_speak(by=rosa, congress=congress, kind="for", list_="general")
    base = f"{live_server.url}/congresses/{congress.slug}"

    hall = logged_in(browser, live_server, chair, language, viewport={"width": 1280, "height": 720})
    projector = hall.new_page()
    projector.goto(f"{base}/projector/")
    projector.evaluate("window.__notReloaded = true")
    assert "Rosa Luxemburgo" in projector.locator("[data-field=next]").inner_text()
    look(projector, artifacts, f"floor-projector-before-{language}")

    phone = logged_in(browser, live_server, chair, language, viewport={"width": 375, "height": 740})
    console = phone.new_page()
    console.goto(f"{base}/floor/chair/")
    look(console, artifacts, f"floor-chair-phone-{language}")
    next_button = console.locator("button.chair-next")
    box = next_button.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 740
    console.evaluate("window.__notReloaded = true")
    next_button.click()

    speaker = projector.locator("[data-field=speaker]")
    speaker.filter(has_text="Rosa Luxemburgo").wait_for(timeout=1000)
    assert projector.evaluate("window.__notReloaded") is True
    console.locator("[data-field=speaker]").filter(has_text="Rosa Luxemburgo").wait_for(
        timeout=2000
    )
    assert console.evaluate("window.__notReloaded") is True  # posted with fetch
    if language == "ar":
        assert projector.locator("html").get_attribute("dir") == "rtl"
    look(projector, artifacts, f"floor-projector-after-{language}")
    look(console, artifacts, f"floor-chair-phone-after-{language}")
    hall.close()
    phone.close()
