"""The sections' pages for each role, and what they do with bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import (
    ApportionmentRecord,
    Congress,
    MembershipFigure,
    Phase,
    SectionAllotment,
)
from internationale.congresses.services.sections import decide_figure, declare_figure
from internationale.organizations.models import Country, Organization, OrganizationStatus
from tests.conftest import make_user

State = MembershipFigure.State


@pytest.fixture
def debating(congress: Congress) -> Congress:
    congress.phase = Phase.DEBATE
    congress.delegates_total = 10
    congress.save()
    return congress


@pytest.fixture
def other_section(places: None) -> Organization:
    return Organization.objects.create(
        name="Partido de Argentina",
        country=Country.objects.get(code="AR"),
        status=OrganizationStatus.OFFICIAL_SECTION,
    )


@pytest.fixture
def other_representative(other_section: Organization) -> User:
    user = make_user("ana.argentina@example.org")
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=other_section)
    return user


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _figure_url(congress: Congress, section: Organization) -> str:
    return reverse("congresses:section_figure", args=[congress.slug, section.pk])


def _good(**extra: str) -> dict[str, str]:
    return {"members": "1200", "as_of": "2026-09-30", "note": "", **extra}


def test_the_sections_page_lists_sections_and_the_calculation(
    debating, section, other_section, section_representative, staff_client
) -> None:
    figure = declare_figure(
        by=section_representative,
        congress_id=debating.pk,
        organization_id=section.pk,
        members=1200,
        as_of=date(2026, 9, 30),
    )
    decide_figure(by=staff_client_user(), congress_id=debating.pk, figure_id=figure.pk, accept=True)
    page = _client(section_representative).get(reverse("congresses:sections", args=[debating.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert section.name in text
    assert other_section.name in text
    assert "Quota (members per delegate)" in text
    assert "no validated figure" in text
    assert _figure_url(debating, section) in text
    assert _figure_url(debating, other_section) not in text


def staff_client_user() -> User:
    return User.objects.get(email="sara.secretariat@example.org")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 403), ("member", 200), ("section_representative", 200)],
)
def test_who_reads_the_sections_page(debating, section, who, status, request) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    page = _client(user).get(reverse("congresses:sections", args=[debating.slug]))
    assert page.status_code == status


def test_the_representative_declares_and_sees_the_history(
    debating, section, section_representative
) -> None:
    client = _client(section_representative)
    response = client.post(_figure_url(debating, section), _good(note="Counted at the congress"))
    assert response.status_code == 302
    page = client.get(_figure_url(debating, section))
    assert "Counted at the congress" in page.content.decode()
    assert MembershipFigure.objects.get().members == 1200


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("other_representative", 403), ("secretariat", 403)],
)
def test_only_the_sections_representative_opens_its_figure_page(
    debating, section, other_representative, who, status, request
) -> None:
    if who == "secretariat":
        client = request.getfixturevalue("staff_client")
    else:
        client = _client(None if who == "anonymous" else request.getfixturevalue(who))
    response = client.post(_figure_url(debating, section), _good())
    assert response.status_code == status
    assert not MembershipFigure.objects.exists()


def test_an_organization_that_is_not_a_section_has_no_figure_page(
    debating, other_section, other_representative, organization
) -> None:
    response = _client(other_representative).get(_figure_url(debating, organization))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"members": ""}, "This field is required"),
        ({"members": "-5"}, "greater than or equal to 0"),
        ({"members": "100000001"}, "less than or equal to 100000000"),
        ({"members": "many"}, "Enter a whole number"),
        ({"as_of": "3000-01-01"}, "cannot be in the future"),
        ({"as_of": "yesterday"}, "Enter a valid date"),
    ],
)
def test_bad_figures_are_refused_with_a_message(
    debating, section, section_representative, data, message
) -> None:
    response = _client(section_representative).post(_figure_url(debating, section), _good(**data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MembershipFigure.objects.exists()


def test_a_double_submit_declares_once(debating, section, section_representative) -> None:
    client = _client(section_representative)
    client.post(_figure_url(debating, section), _good())
    client.post(_figure_url(debating, section), _good())
    assert MembershipFigure.objects.count() == 1


def test_after_the_deadline_the_page_says_so_and_refuses(
    debating, section, section_representative
) -> None:
    debating.figures_due = timezone.now() - timedelta(days=1)
    debating.save()
    client = _client(section_representative)
    assert "were due by" in client.get(_figure_url(debating, section)).content.decode()
    response = client.post(_figure_url(debating, section), _good())
    assert response.status_code == 400
    assert "were due by" in response.content.decode()
    assert not MembershipFigure.objects.exists()


def test_the_secretariat_validates_and_the_page_shows_the_new_seats(
    debating, section, section_representative, staff_client
) -> None:
    figure = declare_figure(
        by=section_representative,
        congress_id=debating.pk,
        organization_id=section.pk,
        members=1200,
        as_of=date(2026, 9, 30),
    )
    url = reverse("congresses:figures", args=[debating.slug])
    assert section.name in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"decision": "validate", "figure": str(figure.pk)})
    assert response.status_code == 302
    assert SectionAllotment.objects.get().seats == 10
    page = staff_client.get(reverse("congresses:sections", args=[debating.slug]))
    assert "Seed of the drawing of lots" in page.content.decode()


def test_the_secretariat_rejects_with_a_reason_only(
    debating, section, section_representative, staff_client
) -> None:
    figure = declare_figure(
        by=section_representative,
        congress_id=debating.pk,
        organization_id=section.pk,
        members=1200,
        as_of=date(2026, 9, 30),
    )
    url = reverse("congresses:figures", args=[debating.slug])
    response = staff_client.post(url, {"decision": "reject", "figure": str(figure.pk)})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    staff_client.post(url, {"decision": "reject", "figure": str(figure.pk), "reason": "Unpaid"})
    figure.refresh_from_db()
    assert figure.state == State.REJECTED


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "validate"},
        {"decision": "validate", "figure": "x"},
        {"decision": "drop", "figure": "1"},
        {"decision": "validate", "figure": "99999"},
    ],
)
def test_bad_decisions_are_refused(debating, staff_client, data) -> None:
    response = staff_client.post(reverse("congresses:figures", args=[debating.slug]), data)
    assert response.status_code == 400


def test_the_frozen_apportionment_is_said_and_not_recomputed(debating, staff_client) -> None:
    debating.apportionment_frozen_at = timezone.now()
    debating.save()
    url = reverse("congresses:figures", args=[debating.slug])
    response = staff_client.post(url, {"decision": "recompute"})
    assert response.status_code == 400
    assert "frozen on" in response.content.decode()
    assert not ApportionmentRecord.objects.exists()
    page = staff_client.get(reverse("congresses:sections", args=[debating.slug]))
    assert "frozen on" in page.content.decode()


@pytest.mark.parametrize("who", ["member", "section_representative"])
def test_only_the_secretariat_validates(debating, section, who, request) -> None:
    url = reverse("congresses:figures", args=[debating.slug])
    assert _client(request.getfixturevalue(who)).get(url).status_code == 403


def _validated(congress: Congress, section: Organization, user: User, members: int) -> None:
    figure = declare_figure(
        by=user,
        congress_id=congress.pk,
        organization_id=section.pk,
        members=members,
        as_of=date(2026, 9, 30),
    )
    decide_figure(by=staff_client_user(), congress_id=congress.pk, figure_id=figure.pk, accept=True)


def test_a_divisor_method_shows_its_quotients_and_the_votes_their_own_table(
    debating, section, other_section, section_representative, other_representative, staff_client
) -> None:
    debating.apportionment_method = "dhondt"
    debating.mandate_rule = "section"
    debating.votes_total = 50
    debating.save()
    _validated(debating, section, section_representative, 700)
    _validated(debating, other_section, other_representative, 300)
    page = staff_client.get(reverse("congresses:sections", args=[debating.slug]))
    text = page.content.decode()
    assert "Last winning quotient" in text
    assert "First losing quotient" in text
    assert "The apportionment of votes" in text
    assert "Quota" not in text
    seats = dict(SectionAllotment.objects.values_list("organization_id", "seats"))
    assert seats == {section.pk: 7, other_section.pk: 3}
    votes = dict(SectionAllotment.objects.values_list("organization_id", "votes"))
    assert votes == {section.pk: 35, other_section.pk: 15}


def test_the_sections_page_reads_in_the_same_queries_whatever_the_number_of_sections(
    debating, section, section_representative, secretariat, django_assert_max_num_queries
) -> None:
    for i in range(12):
        Organization.objects.create(
            name=f"Section {i}",
            country=Country.objects.get(code="AR"),
            status=OrganizationStatus.SYMPATHIZING_SECTION if i % 2 else "observer",
        )
    _validated(debating, section, section_representative, 500)
    client = _client(section_representative)
    url = reverse("congresses:sections", args=[debating.slug])
    client.get(url)
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert "Section 11" in page.content.decode()
