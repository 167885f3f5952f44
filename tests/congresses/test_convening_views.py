"""The secretariat's convening pages, as each of the cast finds them, and what bad input gets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from internationale.accounts.models import User
from internationale.congresses.models import Congress, CongressCall, Phase
from internationale.congresses.services import convening
from tests.conftest import enrol_totp

MANAGE_PAGES = (
    "/congresses/world-congress/manage/",
    "/congresses/world-congress/manage/call/en/",
    "/congresses/world-congress/manage/phase/",
    "/congresses/world-congress/manage/send/",
)

NEW = {
    "number": "16",
    "title": "XVI World Congress",
    "slug": "world-congress-2029",
    "opens_on": "2029-07-02",
    "closes_on": "2029-07-06",
    "place": "Dakar",
    "online": "on",
    "working_languages": ["en", "fr", "ar"],
    "figures_due": "2029-03-01T12:00",
    "contributions_due": "2029-05-01T12:00",
    "nominations_due": "2029-06-01T12:00",
    "apportionment_method": "hamilton",
    "delegates_total": "80",
    "minimum_delegates": "1",
    "mandate_rule": "delegate",
    "votes_total": "",
    "contributors": ["section", "tendency", "member"],
    "proxy_limit": "1",
    "quorum_percent": "50",
    "speaking_time": "300",
    "alternation": "none",
}


def logged_in(user: User) -> Client:
    if user.is_staff:
        enrol_totp(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def secretariat_client(secretariat: User) -> Client:
    return logged_in(secretariat)


@pytest.mark.parametrize("path", ["/congresses/new/", *MANAGE_PAGES])
def test_only_the_secretariat_reaches_the_convening_pages(
    path, congress, secretariat, member, section_representative, outsider
) -> None:
    assert logged_in(secretariat).get(path).status_code == 200
    for person in (member, section_representative, outsider):
        assert logged_in(person).get(path).status_code == 403, person
    assert Client().get(path)["Location"].startswith("/accounts/login/")


def test_a_closed_congress_can_no_longer_be_managed(secretariat_client, congress) -> None:
    Congress.objects.filter(pk=congress.pk).update(phase=Phase.CLOSED)
    for path in MANAGE_PAGES:
        assert secretariat_client.get(path).status_code == 403
    assert secretariat_client.get("/congresses/world-congress/").status_code == 200


def test_the_secretariat_convenes_a_congress_from_the_list(secretariat_client, db) -> None:
    listing = secretariat_client.get("/congresses/").content.decode()
    assert "No congress has been convened yet." in listing
    assert 'href="/congresses/new/"' in listing
    response = secretariat_client.post("/congresses/new/", NEW)
    assert response.status_code == 302
    assert response["Location"] == "/congresses/world-congress-2029/manage/"
    congress = Congress.objects.get(slug="world-congress-2029")
    assert (congress.phase, congress.working_languages) == ("convened", ["en", "fr", "ar"])
    assert congress.contributors == ["section", "tendency", "member"]
    listing = secretariat_client.get("/congresses/").content.decode()
    assert "Coming congresses" in listing
    assert "XVI World Congress" in listing


def test_the_list_offers_convening_to_the_secretariat_only(member, congress) -> None:
    page = logged_in(member).get("/congresses/").content.decode()
    assert "/congresses/new/" not in page
    assert "World Congress" in page


def errors_for(client: Client, changes: dict[str, Any]) -> str:
    response = client.post("/congresses/new/", NEW | changes)
    assert response.status_code == 400
    assert not Congress.objects.exists()
    page = response.content.decode()
    assert 'value="80"' in page  # nothing typed is lost (the delegates to apportion)
    return page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_on": "2029-07-01"}, "The congress cannot close before the day it opens."),
        ({"working_languages": []}, "Choose at least one working language."),
        ({"working_languages": ["de"]}, "Select a valid choice."),
        ({"figures_due": "2029-07-03T09:00"}, "This deadline must fall before the congress opens."),
        ({"nominations_due": "2029-02-01T09:00"}, "Nominations are due after the membership"),
        ({"mandate_rule": "section"}, "Give the votes to apportion"),
        ({"quorum_percent": "0"}, "greater than or equal to 1"),
        ({"slug": "new"}, "This address is kept for the site"),
        ({"opens_on": "2029-02-30"}, "Enter a valid date."),
        ({"title": "XVI\x00"}, "Null characters are not allowed."),
        ({"place": "Dakar\x1b"}, "control"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(
    secretariat_client, db, changes, message
) -> None:
    assert message in errors_for(secretariat_client, changes)


def test_the_manage_page_saves_settings_and_lists_the_call_in_each_language(
    secretariat, secretariat_client, congress
) -> None:
    convening.write_call(
        by=secretariat, congress_id=congress.pk, language="en", title="Call", body="Come."
    )
    page = secretariat_client.get("/congresses/world-congress/manage/").content.decode()
    assert page.count("/congresses/world-congress/manage/call/") == 5
    assert "original" in page
    assert "not written" in page
    data = NEW | {"slug": "world-congress", "title": "World Congress", "place": "Tunis"}
    response = secretariat_client.post("/congresses/world-congress/manage/", data)
    assert response.status_code == 302
    congress.refresh_from_db()
    assert (congress.place, congress.number) == ("Tunis", 16)


def test_the_manage_page_keeps_the_congress_as_it_was_when_a_change_is_refused(
    secretariat_client, congress
) -> None:
    data = NEW | {"slug": "world-congress", "title": "Renamed", "closes_on": "2029-07-01"}
    response = secretariat_client.post("/congresses/world-congress/manage/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The congress cannot close before the day it opens." in page
    assert 'value="Renamed"' in page
    congress.refresh_from_db()
    assert congress.title == "World Congress"


def test_a_frozen_apportionment_is_shown_fixed_and_cannot_be_posted_away(
    secretariat, secretariat_client, congress
) -> None:
    for phase in ("convened", "debate"):
        convening.advance_phase(by=secretariat, congress_id=congress.pk, expected=phase)
    data = NEW | {"slug": "world-congress", "title": "World Congress", "delegates_total": "999"}
    response = secretariat_client.post("/congresses/world-congress/manage/", data)
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.delegates_total == 0  # a disabled field keeps the stored value
    assert congress.place == "Dakar"


def test_the_call_is_written_in_one_language_then_translated(secretariat_client, congress) -> None:
    path = "/congresses/world-congress/manage/call/"
    response = secretariat_client.post(path + "en/", {"title": "Call", "body": "**Come.**"})
    assert response.status_code == 302
    page = secretariat_client.get(path + "fr/").content.decode()
    assert "The original, in English" in page
    secretariat_client.post(path + "fr/", {"title": "Appel", "body": "Venez."})
    secretariat_client.post(path + "en/", {"title": "Call", "body": "**Come now.**"})
    page = secretariat_client.get(path + "fr/").content.decode()
    assert "The original has changed since this translation was made." in page
    manage = secretariat_client.get("/congresses/world-congress/manage/").content.decode()
    assert "translation, outdated: the original has changed" in manage
    overview = Client(headers={"accept-language": "fr"}).get("/congresses/world-congress/")
    assert "Venez." in overview.content.decode()


def test_a_call_in_an_unknown_language_is_not_found(secretariat_client, congress) -> None:
    assert secretariat_client.get("/congresses/world-congress/manage/call/de/").status_code == 404


def test_an_empty_call_is_refused_and_nothing_is_saved(secretariat_client, congress) -> None:
    path = "/congresses/world-congress/manage/call/en/"
    response = secretariat_client.post(path, {"title": "", "body": "Text kept."})
    assert response.status_code == 400
    assert "Text kept." in response.content.decode()
    assert not CongressCall.objects.exists()


def test_the_phase_moves_on_only_when_its_consequence_is_ticked(
    secretariat_client, congress
) -> None:
    Congress.objects.filter(pk=congress.pk).update(phase=Phase.DEBATE)
    path = "/congresses/world-congress/manage/phase/"
    page = secretariat_client.get(path).content.decode()
    assert "the apportionment is frozen and membership figures can no longer change" in page
    response = secretariat_client.post(path, {"phase": "debate"})
    assert response.status_code == 400
    assert "Tick the box to confirm the change." in response.content.decode()
    response = secretariat_client.post(path, {"phase": "debate", "confirm": "closed"})
    assert response.status_code == 400
    congress.refresh_from_db()
    assert congress.phase == Phase.DEBATE
    response = secretariat_client.post(path, {"phase": "debate", "confirm": "credentials"})
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.phase == Phase.CREDENTIALS
    assert congress.apportionment_frozen_at is not None


def test_a_double_submit_of_the_phase_form_moves_one_step(secretariat_client, congress) -> None:
    path = "/congresses/world-congress/manage/phase/"
    sent = {"phase": "convened", "confirm": "debate"}
    assert secretariat_client.post(path, sent).status_code == 302
    again = secretariat_client.post(path, sent, follow=True)
    assert "already in the phase" in again.content.decode()
    congress.refresh_from_db()
    assert congress.phase == Phase.DEBATE


def test_the_overview_menu_offers_manage_to_the_secretariat_only(
    secretariat_client, member, congress
) -> None:
    assert (
        "/world-congress/manage/"
        in secretariat_client.get("/congresses/world-congress/").content.decode()
    )
    assert (
        "/world-congress/manage/"
        not in logged_in(member).get("/congresses/world-congress/").content.decode()
    )


def test_closing_the_congress_leads_to_its_overview(secretariat_client, congress) -> None:
    Congress.objects.filter(pk=congress.pk).update(phase=Phase.SESSION)
    response = secretariat_client.post(
        "/congresses/world-congress/manage/phase/", {"phase": "session", "confirm": "closed"}
    )
    assert response["Location"] == "/congresses/world-congress/"
    congress.refresh_from_db()
    assert congress.phase == Phase.CLOSED


def test_the_demo_congress_has_its_call_in_five_languages_one_outdated(places) -> None:
    from internationale.congresses.demo import load_congress
    from internationale.congresses.queries import call_languages

    load_congress()
    congress = Congress.objects.get(slug="world-congress-2027")
    assert {row.code: row.status for row in call_languages(congress)} == {
        "en": "original", "es": "outdated", "pt": "current", "fr": "current", "ar": "current"
    }  # fmt: skip
    assert congress.figures_due is not None
    assert congress.opens_on is not None
    for due in (congress.figures_due, congress.contributions_due, congress.nominations_due):
        assert due is not None
        assert due.year == 2027
        assert due.date() < congress.opens_on
    page = Client(headers={"accept-language": "es"}).get("/congresses/world-congress-2027/")
    assert "Convocatoria al XV Congreso Mundial" in page.content.decode()
    assert 'class="notice" role="note"' in page.content.decode()  # the outdated flag
    assert load_congress() == 0  # loading again makes nothing twice
    assert CongressCall.objects.filter(congress=congress).count() == 5
