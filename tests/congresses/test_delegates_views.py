"""The delegates' pages, by role: the board, nominations, credentials, the desk, proxies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from internationale.accounts.models import AuditEntry, Role
from internationale.accounts.services import assign_role
from internationale.congresses.models import CheckIn, Delegate, HallCode, Phase, Proxy
from internationale.congresses.services import delegates_attendance
from internationale.organizations.models import Organization, OrganizationStatus
from tests.conftest import make_user
from tests.congresses.delegates_cast import allot, at_phase, nominee

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(congress, name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"congresses:{name}", args=[congress.slug, *args])


@pytest.fixture
def accepted(congress, section, section_representative, credentials_member) -> list[Delegate]:
    allot(congress, section, seats=2)
    return [
        nominee(
            congress,
            section,
            section_representative,
            f"d{i}@example.org",
            accept=credentials_member,
        )
        for i in range(2)
    ]


def test_the_board_lists_delegates_by_section_with_names_but_no_addresses(
    congress, section, accepted, member
):
    page = client_for(member).get(url(congress, "delegates")).content.decode()
    assert section.name in page
    assert "D0" in page
    assert "D1" in page
    assert "@example.org" not in page
    assert "Voting weight" in page
    assert 'href="/congresses/world-congress/delegates/"' in page  # the menu lists it


def test_the_board_sends_strangers_to_log_in(congress):
    response = Client().get(url(congress, "delegates"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_summary_answers_304_while_the_hall_is_unchanged(
    congress, accepted, member, credentials_member
):
    client = client_for(member)
    first = client.get(url(congress, "attendance_summary"))
    assert first.status_code == 200
    assert first["ETag"]
    assert "0 of 2 delegates" in first.content.decode()
    same = client.get(url(congress, "attendance_summary"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    delegates_attendance.check(
        by=credentials_member,
        congress=congress,
        delegate_id=accepted[0].pk,
        entering=True,
        how=CheckIn.How.DESK,
    )
    changed = client.get(url(congress, "attendance_summary"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "1 of 2 delegates" in changed.content.decode()


def test_a_representative_nominates_for_their_own_section_only(
    congress, section, section_representative, brazil
):
    allot(congress, section)
    at_phase(congress, Phase.DEBATE)
    client = client_for(section_representative)
    board = client.get(url(congress, "delegates")).content.decode()
    assert url(congress, "delegates_nominate", section.pk) in board
    response = client.post(
        url(congress, "delegates_nominate", section.pk),
        {"name": "Ana Vermelha", "email": "ana@example.org", "kind": "delegate"},
    )
    assert response.status_code == 302
    assert Delegate.objects.get().name == "Ana Vermelha"
    page = client.get(url(congress, "delegates_nominate", section.pk)).content.decode()
    assert "Ana Vermelha" in page
    assert "ana@example.org" not in page  # addresses are for the credentials committee
    other = Organization.objects.create(
        name="Other section", country=brazil, status=OrganizationStatus.OFFICIAL_SECTION
    )
    someone = make_user("other.rep@example.org")
    assign_role(by=None, user=someone, role=Role.REPRESENTATIVE, organization=other)
    stranger = client_for(someone)
    assert stranger.get(url(congress, "delegates_nominate", section.pk)).status_code == 403


def test_a_bad_nomination_says_why_and_keeps_what_was_typed(
    congress, section, section_representative
):
    allot(congress, section, seats=1)
    at_phase(congress, Phase.DEBATE)
    client = client_for(section_representative)
    response = client.post(
        url(congress, "delegates_nominate", section.pk),
        {"name": "Ana Vermelha", "email": "not an address", "kind": "delegate"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "valid email address" in page
    assert 'value="Ana Vermelha"' in page
    client.post(
        url(congress, "delegates_nominate", section.pk),
        {"name": "Ana", "email": "a@example.org", "kind": "delegate"},
    )
    full = client.post(
        url(congress, "delegates_nominate", section.pk),
        {"name": "Bea", "email": "b@example.org", "kind": "delegate"},
    )
    assert full.status_code == 400
    assert "all nominated" in full.content.decode()
    assert Delegate.objects.count() == 1


def test_without_an_allotment_or_after_the_deadline_the_page_says_so(
    congress, section, section_representative
):
    at_phase(congress, Phase.DEBATE)
    client = client_for(section_representative)
    page = client.get(url(congress, "delegates_nominate", section.pk)).content.decode()
    assert "no allotment of delegates yet" in page
    allot(congress, section)
    congress.nominations_due = timezone.now() - timedelta(hours=1)
    congress.save()
    page = client.get(url(congress, "delegates_nominate", section.pk)).content.decode()
    assert "Nominations closed at the deadline." in page
    assert 'name="email"' not in page


def test_a_representative_withdraws_a_nomination(congress, section, section_representative, member):
    allot(congress, section)
    at_phase(congress, Phase.DEBATE)
    row = nominee(congress, section, section_representative, "a@example.org")
    assert client_for(member).post(url(congress, "delegates_withdraw", row.pk)).status_code == 403
    response = client_for(section_representative).post(url(congress, "delegates_withdraw", row.pk))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.credentials == Delegate.Credentials.WITHDRAWN


def test_the_credentials_committee_decides_at_the_hall_only(
    congress, section, section_representative, credentials_member
):
    allot(congress, section)
    row = nominee(congress, section, section_representative, "a@example.org")
    at_phase(congress, Phase.DEBATE)
    client = client_for(credentials_member)
    assert client.get(url(congress, "credentials")).status_code == 403
    at_phase(congress, Phase.CREDENTIALS)
    page = client.get(url(congress, "credentials")).content.decode()
    assert "a@example.org" in page  # the committee sees whom it decides on
    refused = client.post(url(congress, "credentials_decide", row.pk), {"decision": "reject"})
    assert refused.status_code == 400
    assert "reason" in refused.content.decode()
    accepted = client.post(url(congress, "credentials_decide", row.pk), {"decision": "accept"})
    assert accepted.status_code == 302
    row.refresh_from_db()
    assert row.credentials == Delegate.Credentials.ACCEPTED


def test_the_committee_seats_an_alternate_from_its_page(
    congress, section, section_representative, credentials_member
):
    allot(congress, section, seats=1)
    absent = nominee(
        congress, section, section_representative, "d@example.org", accept=credentials_member
    )
    alternate = nominee(
        congress,
        section,
        section_representative,
        "a@example.org",
        Delegate.Kind.ALTERNATE,
        accept=credentials_member,
    )
    at_phase(congress, Phase.SESSION)
    client = client_for(credentials_member)
    bad = client.post(url(congress, "credentials_replace"), {"alternate": alternate.pk})
    assert bad.status_code == 400
    client.post(
        url(congress, "credentials_replace"), {"alternate": alternate.pk, "delegate": absent.pk}
    )
    alternate.refresh_from_db()
    assert alternate.replaces == absent
    client.post(url(congress, "credentials_end_replacement", alternate.pk))
    alternate.refresh_from_db()
    assert alternate.replaces is None


def test_the_desk_checks_in_finds_by_name_and_shows_a_new_code(
    congress, accepted, credentials_member, member
):
    at_phase(congress, Phase.SESSION)
    client = client_for(credentials_member)
    response = client.post(
        url(congress, "attendance_check", accepted[0].pk), {"entering": "1", "q": "D0"}
    )
    assert response.status_code == 302
    assert "?q=D0" in response["Location"]
    accepted[0].refresh_from_db()
    assert accepted[0].present
    page = client.get(url(congress, "attendance") + "?q=d1").content.decode()
    assert "D1" in page
    assert "D0" not in page
    client.post(url(congress, "attendance_code"))
    assert HallCode.objects.get().code in client.get(url(congress, "attendance")).content.decode()
    assert client.post(url(congress, "attendance_check", accepted[0].pk), {}).status_code == 400
    assert client_for(member).get(url(congress, "attendance")).status_code == 403


def test_a_delegate_checks_in_with_the_code_and_gives_a_proxy(
    congress, accepted, credentials_member
):
    at_phase(congress, Phase.SESSION)
    code = delegates_attendance.new_hall_code(by=credentials_member, congress=congress).code
    client = client_for(accepted[0].user)
    wrong = client.post(url(congress, "attendance_self"), {"code": "NOPE"})
    assert wrong.status_code == 400
    assert "not the code" in wrong.content.decode()
    assert client.post(url(congress, "attendance_self"), {"code": code}).status_code == 302
    accepted[0].refresh_from_db()
    assert accepted[0].present
    assert client.post(url(congress, "proxy"), {}).status_code == 400
    assert client.post(url(congress, "proxy"), {"holder": accepted[1].pk}).status_code == 302
    assert Proxy.objects.get().holder == accepted[1]
    assert "D1" in client.get(url(congress, "proxy")).content.decode()
    client.post(url(congress, "proxy"), {"take_back": "1"})
    assert not Proxy.objects.exists()
    assert AuditEntry.objects.filter(action="congress.proxy.take_back").exists()


def test_pages_of_the_hall_refuse_before_credentials_open(congress, accepted):
    at_phase(congress, Phase.DEBATE)
    client = client_for(accepted[0].user)
    assert client.get(url(congress, "proxy")).status_code == 403
    assert client.get(url(congress, "attendance_self")).status_code == 403


def test_every_page_of_the_part_is_valid_html(
    congress, section, section_representative, credentials_member, accepted, tmp_path
):
    from tests.web.test_html_validity import nu_errors

    at_phase(congress, Phase.CREDENTIALS)
    delegates_attendance.new_hall_code(by=credentials_member, congress=congress)
    alternate = nominee(
        congress,
        section,
        section_representative,
        "alt@example.org",
        Delegate.Kind.ALTERNATE,
        accept=credentials_member,
    )
    assert alternate.pk
    pages = [
        (section_representative, "delegates_nominate", (section.pk,), {"email": "x"}),
        (section_representative, "delegates", (), None),
        (credentials_member, "credentials", (), None),
        (credentials_member, "attendance", (), None),
        (accepted[0].user, "attendance_self", (), {"code": "NOPE"}),
        (accepted[0].user, "proxy", (), {}),
    ]
    for index, (user, name, args, data) in enumerate(pages):
        client = client_for(user)
        address = url(congress, name, *args)
        response = client.get(address) if data is None else client.post(address, data)
        assert response.status_code in (200, 400), name
        (tmp_path / f"{index:02d}-{name}.html").write_bytes(response.content)
    errors = nu_errors(tmp_path)
    assert not errors, errors
