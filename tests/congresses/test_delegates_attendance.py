"""The hall: the desk checks delegates in and out, delegates check in with the hall code,
proxies stay within the congress's limit, and the quorum follows."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from internationale.accounts.models import AuditEntry
from internationale.congresses.models import CheckIn, Delegate, HallCode, Proxy
from internationale.congresses.queries_delegates import quorum
from internationale.congresses.services import delegates_attendance as attendance
from tests.conftest import make_user
from tests.congresses.delegates_cast import allot, nominee

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated(congress, section, section_representative, credentials_member) -> list[Delegate]:
    """Three accepted delegates of the section, with accounts."""
    allot(congress, section, seats=3)
    return [
        nominee(
            congress,
            section,
            section_representative,
            f"d{i}@example.org",
            accept=credentials_member,
        )
        for i in range(3)
    ]


def check(by, congress, row, entering=True, how=CheckIn.How.DESK):
    return attendance.check(
        by=by, congress=congress, delegate_id=row.pk, entering=entering, how=how
    )


def test_the_desk_checks_a_delegate_in_and_out_once_each(congress, seated, credentials_member):
    first = check(credentials_member, congress, seated[0])
    assert first is not None
    assert first.by == credentials_member
    assert check(credentials_member, congress, seated[0]) is None  # a double click
    seated[0].refresh_from_db()
    assert seated[0].present
    check(credentials_member, congress, seated[0], entering=False)
    seated[0].refresh_from_db()
    assert not seated[0].present
    assert list(CheckIn.objects.order_by("id").values_list("entering", flat=True)) == [True, False]
    assert [
        e.action
        for e in AuditEntry.objects.filter(action__startswith="congress.attendance").order_by("id")
    ] == ["congress.attendance.in", "congress.attendance.out"]


def test_a_nominee_not_yet_accepted_is_not_checked_in(
    congress, section, section_representative, credentials_member
):
    allot(congress, section)
    row = nominee(congress, section, section_representative, "n@example.org")
    with pytest.raises(attendance.AttendanceError):
        check(credentials_member, congress, row)


def test_a_delegate_checks_in_with_the_hall_code_and_a_new_code_ends_the_old(
    congress, seated, credentials_member
):
    old = attendance.new_hall_code(by=credentials_member, congress=congress).code
    user = seated[0].user
    with pytest.raises(attendance.AttendanceError, match="not the code"):
        attendance.check_self(by=user, congress=congress, code="WRONG1", entering=True)
    event = attendance.check_self(by=user, congress=congress, code=old.lower(), entering=True)
    assert event.how == CheckIn.How.SELF
    new = attendance.new_hall_code(by=credentials_member, congress=congress).code
    assert HallCode.objects.get().code == new
    other = seated[1].user
    if new != old:
        with pytest.raises(attendance.AttendanceError):
            attendance.check_self(by=other, congress=congress, code=old, entering=True)
    attendance.check_self(by=user, congress=congress, code="", entering=False)
    seated[0].refresh_from_db()
    assert not seated[0].present


def test_a_stranger_has_nothing_to_check_in(congress, seated, credentials_member):
    attendance.new_hall_code(by=credentials_member, congress=congress)
    code = HallCode.objects.get().code
    with pytest.raises(attendance.AttendanceError):
        attendance.check_self(
            by=make_user("x@example.org"), congress=congress, code=code, entering=True
        )


def test_the_quorum_counts_the_weight_present_and_the_votes_held_by_proxy(
    congress, seated, credentials_member
):
    congress.quorum_percent = 60
    congress.save()
    assert quorum(congress).voting_weight == 3
    check(credentials_member, congress, seated[0])
    state = quorum(congress)
    assert state.present_weight == Decimal(1)
    assert (state.present, state.seated, state.reached) == (1, 3, False)
    attendance.give_proxy(by=seated[1].user, congress=congress, holder_id=seated[0].pk)
    state = quorum(congress)
    assert (state.proxy_weight, state.represented_weight) == (Decimal(1), Decimal(2))
    assert state.reached
    assert state.quorum_weight == Decimal("1.800")


def test_a_voice_only_section_adds_no_voting_weight(congress, seated):
    congress.allotments.update(voting=False)
    assert quorum(congress).voting_weight == 0
    assert not quorum(congress).reached


def test_a_delegate_gives_their_vote_to_another_of_their_section_and_takes_it_back(
    congress, seated
):
    giver, holder = seated[0], seated[1]
    proxy = attendance.give_proxy(by=giver.user, congress=congress, holder_id=holder.pk)
    again = attendance.give_proxy(by=giver.user, congress=congress, holder_id=holder.pk)
    assert proxy.pk == again.pk
    attendance.give_proxy(by=giver.user, congress=congress, holder_id=seated[2].pk)
    assert Proxy.objects.get().holder == seated[2]
    attendance.take_back_proxy(by=giver.user, congress=congress)
    assert not Proxy.objects.exists()
    actions = AuditEntry.objects.filter(action__startswith="congress.proxy").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "congress.proxy.give",
        "congress.proxy.give",
        "congress.proxy.take_back",
    ]


def test_proxies_stay_within_the_section_and_the_limit(
    congress, seated, brazil, section_representative, credentials_member
):
    from internationale.organizations.models import Organization, OrganizationStatus

    other = Organization.objects.create(
        name="Other section", country=brazil, status=OrganizationStatus.OFFICIAL_SECTION
    )
    allot(congress, other, seats=1)
    from internationale.accounts.models import Role
    from internationale.accounts.services import assign_role

    assign_role(by=None, user=section_representative, role=Role.REPRESENTATIVE, organization=other)
    stranger = nominee(
        congress, other, section_representative, "o@example.org", accept=credentials_member
    )
    with pytest.raises(attendance.AttendanceError, match="your section"):
        attendance.give_proxy(by=seated[0].user, congress=congress, holder_id=stranger.pk)
    with pytest.raises(attendance.AttendanceError, match="your section"):
        attendance.give_proxy(by=seated[0].user, congress=congress, holder_id=seated[0].pk)
    attendance.give_proxy(by=seated[0].user, congress=congress, holder_id=seated[2].pk)
    with pytest.raises(attendance.AttendanceError, match="as many proxies"):
        attendance.give_proxy(by=seated[1].user, congress=congress, holder_id=seated[2].pk)
    with pytest.raises(attendance.AttendanceError, match="holds none"):
        attendance.give_proxy(by=seated[2].user, congress=congress, holder_id=seated[1].pk)
    congress.proxy_limit = 2
    congress.save()
    with pytest.raises(attendance.AttendanceError, match="holds none"):
        attendance.give_proxy(by=seated[1].user, congress=congress, holder_id=seated[0].pk)
    attendance.give_proxy(by=seated[1].user, congress=congress, holder_id=seated[2].pk)
    assert sorted(Proxy.objects.values_list("slot", flat=True)) == [1, 2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_delegates_giving_at_once_to_one_holder_stay_within_the_limit(
    congress, section, section_representative, credentials_member
):
    allot(congress, section, seats=3)
    rows = [
        nominee(
            congress,
            section,
            section_representative,
            f"c{i}@example.org",
            accept=credentials_member,
        )
        for i in range(3)
    ]
    holder = rows[2]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def give(row: Delegate) -> None:
        try:
            assert row.user is not None
            barrier.wait()
            attendance.give_proxy(by=row.user, congress=congress, holder_id=holder.pk)
            outcomes.append("given")
        except attendance.AttendanceError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=give, args=(row,)) for row in rows[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["given", "refused"]
    assert Proxy.objects.filter(holder=holder).count() == 1
