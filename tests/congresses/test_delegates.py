"""Nominations and credentials: a section's representative nominates up to its allotment,
the credentials committee accepts or rejects, alternates replace absent delegates."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from internationale.accounts.models import AuditEntry, Invitation, Role, RoleAssignment
from internationale.congresses.models import Delegate, MandateRule, Proxy
from internationale.congresses.services import delegates, delegates_credentials
from internationale.mail.models import OutboxMessage
from internationale.tally.apportion import split_votes
from tests.conftest import make_user
from tests.congresses.delegates_cast import allot, nominee

pytestmark = pytest.mark.django_db

DELEGATE = Delegate.Kind.DELEGATE
ALTERNATE = Delegate.Kind.ALTERNATE


def nominate(congress, section, by, email, kind=DELEGATE, name="Ana Vermelha"):
    return delegates.nominate(
        by=by,
        congress=congress,
        organization=section,
        name=name,
        email=email,
        kind=kind,
        base_url="http://testserver",
    )


def holds_delegate_role(user, congress) -> bool:
    return RoleAssignment.objects.filter(user=user, role=Role.DELEGATE, congress=congress).exists()


def test_a_nomination_waits_for_the_sections_allotment(congress, section, section_representative):
    with pytest.raises(delegates.DelegateError, match="no allotment"):
        nominate(congress, section, section_representative, "ana@example.org")
    assert not Delegate.objects.exists()


def test_an_address_with_an_account_is_linked_at_once(congress, section, section_representative):
    allot(congress, section)
    ana = make_user("ana@example.org")
    row = nominate(congress, section, section_representative, " Ana@Example.org ")
    assert row.user == ana
    assert row.invitation is None
    assert not Invitation.objects.exists()
    entry = AuditEntry.objects.get(action="congress.delegate.nominate")
    assert entry.actor == section_representative
    assert entry.object_id == str(row.pk)


def test_a_new_address_is_invited_and_linked_when_the_invitation_is_accepted(
    congress,
    section,
    section_representative,
    credentials_member,
    django_capture_on_commit_callbacks,
):
    allot(congress, section)
    with django_capture_on_commit_callbacks(execute=True):
        row = nominate(congress, section, section_representative, "new.person@example.org")
    assert row.user is None
    assert row.invitation.email == "new.person@example.org"
    delegates_credentials.decide(
        by=credentials_member, congress=congress, delegate_id=row.pk, accept=True, reason=""
    )
    body = OutboxMessage.objects.get(to=["new.person@example.org"]).body
    link = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", body).group(1)
    client = Client()
    client.get(link)
    password = "a-good-long-pass-77"
    client.post(
        "/accounts/signup/",
        {"email": "new.person@example.org", "password1": password, "password2": password},
    )
    linked = Delegate.objects.select_related("user").get(pk=row.pk)
    assert linked.user is not None
    assert linked.user.email == "new.person@example.org"
    assert holds_delegate_role(linked.user, congress)  # accepted before the account existed
    assert AuditEntry.objects.filter(action="congress.delegate.link").count() == 1


def test_delegates_and_alternates_each_stop_at_the_seats(congress, section, section_representative):
    allot(congress, section, seats=1)
    nominate(congress, section, section_representative, "a@example.org")
    nominate(congress, section, section_representative, "b@example.org", ALTERNATE)
    with pytest.raises(delegates.DelegateError, match=r"all nominated \(1\)"):
        nominate(congress, section, section_representative, "c@example.org")
    with pytest.raises(delegates.DelegateError, match=r"all nominated \(1\)"):
        nominate(congress, section, section_representative, "d@example.org", ALTERNATE)
    assert Delegate.objects.count() == 2


def test_nominating_the_same_person_twice_is_one_nomination(
    congress, section, section_representative
):
    allot(congress, section)
    first = nominate(congress, section, section_representative, "a@example.org")
    again = nominate(congress, section, section_representative, "A@example.org")
    assert first.pk == again.pk
    with pytest.raises(delegates.DelegateError, match="already nominated"):
        nominate(congress, section, section_representative, "a@example.org", ALTERNATE)


def test_nominations_close_at_the_deadline(congress, section, section_representative):
    allot(congress, section)
    congress.nominations_due = timezone.now() - timedelta(minutes=1)
    congress.save()
    with pytest.raises(delegates.DelegateError, match="closed"):
        nominate(congress, section, section_representative, "a@example.org")


@pytest.mark.parametrize(("name", "email"), [("  ", "a@example.org"), ("Ana", "not-an-address")])
def test_bad_nominations_are_refused_with_a_reason(
    congress, section, section_representative, name, email
):
    allot(congress, section)
    with pytest.raises(delegates.DelegateError):
        nominate(congress, section, section_representative, email, name=name)
    assert not Delegate.objects.exists()


def test_a_withdrawn_nomination_frees_the_seat_and_the_role(
    congress, section, section_representative, credentials_member
):
    allot(congress, section, seats=1)
    row = nominee(
        congress, section, section_representative, "a@example.org", accept=credentials_member
    )
    assert holds_delegate_role(row.user, congress)
    delegates.withdraw(by=section_representative, congress=congress, delegate_id=row.pk)
    row.refresh_from_db()
    assert row.credentials == Delegate.Credentials.WITHDRAWN
    assert not holds_delegate_role(row.user, congress)
    again = nominate(congress, section, section_representative, "a@example.org")
    assert again.pk == row.pk
    assert again.credentials == Delegate.Credentials.NOMINATED
    assert AuditEntry.objects.filter(action="congress.delegate.withdraw").count() == 1


def test_accepting_gives_the_role_and_rejecting_takes_it_back_with_a_reason(
    congress, section, section_representative, credentials_member
):
    allot(congress, section)
    row = nominee(congress, section, section_representative, "a@example.org")
    decide = delegates_credentials.decide
    decide(by=credentials_member, congress=congress, delegate_id=row.pk, accept=True, reason="")
    decide(by=credentials_member, congress=congress, delegate_id=row.pk, accept=True, reason="")
    assert holds_delegate_role(row.user, congress)
    assert AuditEntry.objects.filter(action="congress.credentials.accepted").count() == 1
    with pytest.raises(delegates_credentials.CredentialsError, match="reason"):
        decide(
            by=credentials_member, congress=congress, delegate_id=row.pk, accept=False, reason=" "
        )
    decide(
        by=credentials_member,
        congress=congress,
        delegate_id=row.pk,
        accept=False,
        reason="Not a member",
    )
    row.refresh_from_db()
    assert (row.credentials, row.credentials_reason) == ("rejected", "Not a member")
    assert not holds_delegate_role(row.user, congress)
    assert AuditEntry.objects.get(action="congress.credentials.rejected").details == {
        "reason": "Not a member"
    }


def test_a_withdrawn_nomination_cannot_be_decided(
    congress, section, section_representative, credentials_member
):
    allot(congress, section)
    row = nominee(congress, section, section_representative, "a@example.org")
    delegates.withdraw(by=section_representative, congress=congress, delegate_id=row.pk)
    with pytest.raises(delegates_credentials.CredentialsError):
        delegates_credentials.decide(
            by=credentials_member, congress=congress, delegate_id=row.pk, accept=True, reason=""
        )


@pytest.mark.parametrize(
    ("votes", "parts", "shares"),
    [
        ("10", 3, ["3.334", "3.333", "3.333"]),
        ("1", 4, ["0.25", "0.25", "0.25", "0.25"]),
        ("7.5", 2, ["3.75", "3.75"]),
        ("0.002", 3, ["0.001", "0.001", "0"]),
    ],
)
def test_a_sections_votes_split_exactly_into_thousandths(votes, parts, shares):
    split = split_votes(Decimal(votes), parts)
    assert split == [Decimal(s) for s in shares]
    assert sum(split, Decimal(0)) == Decimal(votes)


def test_mandates_are_one_each_or_the_sections_votes_split_among_its_accepted_delegates(
    congress, section, section_representative, credentials_member
):
    congress.mandate_rule = MandateRule.SECTION_VOTES
    congress.save()
    allot(congress, section, seats=3, votes="10")
    rows = [
        nominee(
            congress,
            section,
            section_representative,
            f"d{i}@example.org",
            accept=credentials_member,
        )
        for i in range(2)
    ]
    weights = sorted(Delegate.objects.values_list("weight", flat=True))
    assert weights == [Decimal(5), Decimal(5)]
    rows.append(
        nominee(
            congress, section, section_representative, "d2@example.org", accept=credentials_member
        )
    )
    assert sum(Delegate.objects.values_list("weight", flat=True)) == Decimal(10)
    assert sorted(Delegate.objects.values_list("weight", flat=True)) == [
        Decimal("3.333"),
        Decimal("3.333"),
        Decimal("3.334"),
    ]
    delegates_credentials.decide(
        by=credentials_member, congress=congress, delegate_id=rows[0].pk, accept=False, reason="No"
    )
    assert sorted(Delegate.objects.values_list("weight", flat=True)) == [0, 5, 5]


def test_an_alternate_takes_the_seat_and_weight_of_an_absent_delegate(
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
        ALTERNATE,
        accept=credentials_member,
    )
    assert alternate.weight == 0
    delegates_credentials.replace(
        by=credentials_member, congress=congress, alternate_id=alternate.pk, delegate_id=absent.pk
    )
    absent.refresh_from_db()
    alternate.refresh_from_db()
    assert alternate.replaces_id == absent.pk
    assert (alternate.weight, absent.weight) == (Decimal(1), Decimal(0))
    assert AuditEntry.objects.filter(action="congress.credentials.replace").count() == 1
    delegates_credentials.end_replacement(
        by=credentials_member, congress=congress, alternate_id=alternate.pk
    )
    absent.refresh_from_db()
    assert absent.weight == 1


def test_a_present_delegate_is_not_replaced(
    congress, section, section_representative, credentials_member
):
    allot(congress, section, seats=1)
    here = nominee(
        congress, section, section_representative, "d@example.org", accept=credentials_member
    )
    Delegate.objects.filter(pk=here.pk).update(present=True)
    alternate = nominee(
        congress,
        section,
        section_representative,
        "a@example.org",
        ALTERNATE,
        accept=credentials_member,
    )
    with pytest.raises(delegates_credentials.CredentialsError, match="present"):
        delegates_credentials.replace(
            by=credentials_member, congress=congress, alternate_id=alternate.pk, delegate_id=here.pk
        )


def test_a_rejected_delegate_loses_the_proxies_they_gave_and_held(
    congress, section, section_representative, credentials_member
):
    allot(congress, section, seats=2)
    a = nominee(
        congress, section, section_representative, "a@example.org", accept=credentials_member
    )
    b = nominee(
        congress, section, section_representative, "b@example.org", accept=credentials_member
    )
    Proxy.objects.create(congress=congress, giver=a, holder=b)
    delegates_credentials.decide(
        by=credentials_member, congress=congress, delegate_id=b.pk, accept=False, reason="Late"
    )
    assert not Proxy.objects.exists()


def test_the_demo_waits_for_allotments_then_is_made_once(congress, section, brazil):
    from internationale.congresses.demo import delegates as demo
    from internationale.organizations.models import Organization, OrganizationStatus

    assert demo.load(congress) == 0
    spain = Organization.objects.create(
        name="Corriente Roja", country=brazil, status=OrganizationStatus.OFFICIAL_SECTION
    )
    allot(congress, section, seats=3)
    allot(congress, spain, seats=2)
    account = make_user("delegate@demo.invalid")
    made = demo.load(congress)
    assert made == 7  # Corriente Roja first: 2 + 1 alternate; then the MST: 3 + 1
    assert demo.load(congress) == 0
    linked = Delegate.objects.get(user=account)
    assert linked.organization == spain
    assert linked.credentials == Delegate.Credentials.ACCEPTED
    assert Delegate.objects.filter(credentials="accepted").count() == 6
