from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from internationale.accounts.models import AuditEntry, Role, RoleAssignment
from internationale.accounts.services import assign_role, revoke_role


def test_a_correspondent_role_without_a_country_is_refused_by_the_database(outsider) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=outsider, role=Role.CORRESPONDENT)


def test_a_secretariat_role_with_a_scope_is_refused_by_the_database(outsider, brazil) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=outsider, role=Role.SECRETARIAT, country=brazil)


def test_the_same_unscoped_role_cannot_be_held_twice(outsider) -> None:
    RoleAssignment.objects.create(user=outsider, role=Role.MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=outsider, role=Role.MEMBER)


def test_assigning_a_role_twice_keeps_one_and_audits_once(secretariat, outsider, brazil) -> None:
    first = assign_role(by=secretariat, user=outsider, role=Role.CORRESPONDENT, country=brazil)
    second = assign_role(by=secretariat, user=outsider, role=Role.CORRESPONDENT, country=brazil)
    assert first.pk == second.pk
    entries = AuditEntry.objects.filter(action="role.assign", object_id=str(outsider.pk))
    assert entries.count() == 1
    assert entries.get().actor_label == secretariat.email


def test_revoking_a_role_is_audited(secretariat, outsider) -> None:
    assignment = assign_role(by=secretariat, user=outsider, role=Role.MEMBER)
    revoke_role(by=secretariat, assignment=assignment)
    assert not RoleAssignment.objects.filter(user=outsider).exists()
    assert AuditEntry.objects.filter(action="role.revoke", actor=secretariat).exists()
