"""Declaring, validating and rejecting membership figures, and the apportionment they make."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from internationale.accounts.models import AuditEntry, Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import (
    ApportionmentRecord,
    Congress,
    MembershipFigure,
    Phase,
    SectionAllotment,
)
from internationale.congresses.queries_sections import section_votes
from internationale.congresses.services.sections import (
    FigureError,
    decide_figure,
    declare_figure,
    recompute_apportionment,
)
from internationale.organizations.models import Country, Organization, OrganizationStatus
from tests.conftest import make_user

State = MembershipFigure.State
ON = date(2026, 9, 30)


@pytest.fixture
def debating(congress: Congress) -> Congress:
    congress.phase = Phase.DEBATE
    congress.delegates_total = 10
    congress.minimum_delegates = 1
    congress.save()
    return congress


@pytest.fixture
def argentina_section(brazil: Country) -> Organization:
    return Organization.objects.create(
        name="Partido de Argentina",
        country=Country.objects.get(code="AR"),
        status=OrganizationStatus.SYMPATHIZING_SECTION,
    )


@pytest.fixture
def argentina_representative(argentina_section: Organization) -> User:
    user = make_user("ana.argentina@example.org")
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=argentina_section)
    return user


def _declare(
    user: User, congress: Congress, section: Organization, members: int
) -> MembershipFigure:
    return declare_figure(
        by=user, congress_id=congress.pk, organization_id=section.pk, members=members, as_of=ON
    )


def test_a_representative_declares_their_sections_figure_and_it_awaits_validation(
    debating, section, section_representative
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    assert figure.state == State.DECLARED
    assert figure.declared_by == section_representative
    assert AuditEntry.objects.filter(action="congress.figure_declared").count() == 1


def test_a_new_declaration_supersedes_the_one_awaiting_validation(
    debating, section, section_representative
) -> None:
    first = _declare(section_representative, debating, section, 1200)
    second = _declare(section_representative, debating, section, 1250)
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED
    assert second.state == State.DECLARED


def test_the_same_declaration_twice_is_kept_once(debating, section, section_representative) -> None:
    first = _declare(section_representative, debating, section, 1200)
    again = _declare(section_representative, debating, section, 1200)
    assert again.pk == first.pk
    assert MembershipFigure.objects.count() == 1


def test_a_representative_cannot_declare_for_another_section(
    debating, section, argentina_section, section_representative
) -> None:
    with pytest.raises(PermissionError):
        _declare(section_representative, debating, argentina_section, 10)
    assert not MembershipFigure.objects.exists()


def test_declaring_after_the_deadline_is_refused_with_the_date(
    debating, section, section_representative
) -> None:
    debating.figures_due = timezone.now() - timedelta(hours=1)
    debating.save()
    with pytest.raises(FigureError, match="due by"):
        _declare(section_representative, debating, section, 1200)


def test_a_figure_dated_in_the_future_or_absurd_is_refused(
    debating, section, section_representative
) -> None:
    with pytest.raises(FigureError, match="future"):
        declare_figure(
            by=section_representative,
            congress_id=debating.pk,
            organization_id=section.pk,
            members=10,
            as_of=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(FigureError, match="between"):
        _declare(section_representative, debating, section, 100_000_001)
    with pytest.raises(FigureError, match="between"):
        _declare(section_representative, debating, section, -1)


def test_validating_a_figure_computes_the_apportionment(
    debating, section, section_representative, secretariat
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    record = ApportionmentRecord.objects.get()
    assert record.seats["seats"] == {str(section.pk): 10}
    allotment = SectionAllotment.objects.get()
    assert (allotment.members, allotment.seats, allotment.voting) == (1200, 10, True)
    assert AuditEntry.objects.filter(action="congress.apportionment_computed").count() == 1


def test_a_later_validated_figure_recomputes_the_seats(
    debating,
    section,
    argentina_section,
    section_representative,
    argentina_representative,
    secretariat,
) -> None:
    for user, org, members in (
        (section_representative, section, 900),
        (argentina_representative, argentina_section, 100),
    ):
        figure = _declare(user, debating, org, members)
        decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    seats = dict(SectionAllotment.objects.values_list("organization_id", "seats"))
    assert seats == {section.pk: 9, argentina_section.pk: 1}
    figure = _declare(argentina_representative, debating, argentina_section, 900)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    seats = dict(SectionAllotment.objects.values_list("organization_id", "seats"))
    assert seats == {section.pk: 5, argentina_section.pk: 5}
    assert ApportionmentRecord.objects.count() == 3
    assert len({r.seed for r in ApportionmentRecord.objects.all()}) == 1


def test_a_sympathizing_section_has_voice_without_vote_unless_the_congress_says(
    debating, argentina_section, argentina_representative, secretariat
) -> None:
    figure = _declare(argentina_representative, debating, argentina_section, 100)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    assert SectionAllotment.objects.get().voting is False
    debating.sympathizing_sections_vote = True
    debating.save()
    recompute_apportionment(by=secretariat, congress_id=debating.pk)
    assert SectionAllotment.objects.get().voting is True


def test_section_votes_are_apportioned_among_voting_sections_only(
    debating,
    section,
    argentina_section,
    section_representative,
    argentina_representative,
    secretariat,
) -> None:
    debating.mandate_rule = "section"
    debating.votes_total = 100
    debating.save()
    for user, org, members in (
        (section_representative, section, 900),
        (argentina_representative, argentina_section, 100),
    ):
        figure = _declare(user, debating, org, members)
        decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    assert section_votes(debating, section) == Decimal(100)
    assert section_votes(debating, argentina_section) == Decimal(0)
    debating.mandate_rule = "delegate"
    assert section_votes(debating, section) is None


def test_rejecting_needs_a_reason_and_keeps_it(
    debating, section, section_representative, secretariat
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    with pytest.raises(FigureError, match="Say why"):
        decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=False)
    decide_figure(
        by=secretariat,
        congress_id=debating.pk,
        figure_id=figure.pk,
        accept=False,
        reason="Dues paid for 800 only",
    )
    figure.refresh_from_db()
    assert (figure.state, figure.reason) == (State.REJECTED, "Dues paid for 800 only")
    assert not ApportionmentRecord.objects.exists()


def test_deciding_twice_the_same_way_changes_nothing_and_otherwise_is_refused(
    debating, section, section_representative, secretariat
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    assert ApportionmentRecord.objects.count() == 1
    with pytest.raises(FigureError, match="no longer"):
        decide_figure(
            by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=False, reason="x"
        )


def test_only_the_secretariat_decides(debating, section, section_representative) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    with pytest.raises(PermissionError):
        decide_figure(
            by=section_representative, congress_id=debating.pk, figure_id=figure.pk, accept=True
        )


def test_nothing_changes_once_the_apportionment_is_frozen(
    debating, section, section_representative, secretariat
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    debating.apportionment_frozen_at = timezone.now()
    debating.save()
    with pytest.raises(FigureError, match="frozen"):
        decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    with pytest.raises(FigureError, match="frozen"):
        _declare(section_representative, debating, section, 1300)
    with pytest.raises(FigureError, match="frozen"):
        recompute_apportionment(by=secretariat, congress_id=debating.pk)
    assert not ApportionmentRecord.objects.exists()


def test_an_impossible_apportionment_is_recorded_without_allotments(
    debating, section, section_representative, secretariat
) -> None:
    debating.delegates_total = 0
    debating.save()
    figure = _declare(section_representative, debating, section, 1200)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    record = ApportionmentRecord.objects.get()
    assert record.seats["infeasible"] == "minimums"
    assert not SectionAllotment.objects.exists()


def test_the_demo_gives_every_section_a_figure_and_apportions_sixty_delegates(places) -> None:
    from internationale.congresses.demo import load_congress
    from internationale.congresses.demo import sections as demo_sections
    from internationale.organizations.demo import load_directory

    load_directory()
    load_congress()
    congress = Congress.objects.get(slug="world-congress-2027")
    assert demo_sections.load(congress) == 27
    assert sum(SectionAllotment.objects.values_list("seats", flat=True)) == 60
    assert SectionAllotment.objects.count() == 26
    assert all(40 <= a.members <= 2500 for a in SectionAllotment.objects.all())
    assert ApportionmentRecord.objects.get().method == "hamilton"
    assert demo_sections.load(congress) == 0
    assert ApportionmentRecord.objects.count() == 1


def test_a_recomputation_rewrites_the_allotments_in_place(
    debating, section, section_representative, secretariat
) -> None:
    figure = _declare(section_representative, debating, section, 1200)
    decide_figure(by=secretariat, congress_id=debating.pk, figure_id=figure.pk, accept=True)
    before = SectionAllotment.objects.get().pk
    recompute_apportionment(by=secretariat, congress_id=debating.pk)
    assert SectionAllotment.objects.get().pk == before
    section.status = OrganizationStatus.FORMER
    section.save()
    recompute_apportionment(by=secretariat, congress_id=debating.pk)
    assert not SectionAllotment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_declarations_leave_one_figure_awaiting_validation(places) -> None:
    import threading

    from django.db import connection

    congress = Congress.objects.create(title="C", slug="c", phase=Phase.DEBATE)
    section = Organization.objects.create(
        name="S", country=Country.objects.get(code="AR"), status=OrganizationStatus.OFFICIAL_SECTION
    )
    user = make_user("rapid.clicker@example.org")
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=section)
    errors: list[BaseException] = []

    def declare(members: int) -> None:
        try:
            _declare(User.objects.get(pk=user.pk), congress, section, members)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=declare, args=(100 + i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    states = list(MembershipFigure.objects.values_list("state", flat=True))
    assert states.count(State.DECLARED) == 1
    assert states.count(State.SUPERSEDED) == 5
