from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from internationale.accounts.models import AuditEntry
from internationale.accounts.services import record_audit


def test_an_audit_entry_cannot_be_changed(secretariat) -> None:
    entry = record_audit(actor=secretariat, action="test.action")
    entry.action = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_an_audit_entry_cannot_be_deleted_even_in_raw_sql(secretariat) -> None:
    entry = record_audit(actor=secretariat, action="test.action")
    if connection.vendor == "sqlite":  # take back the test suite's own purge permission
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_purge_allowed")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_secretariat_reads_the_audit_log_newest_first(staff_client, secretariat) -> None:
    record_audit(actor=secretariat, action="first.action")
    record_audit(actor=secretariat, action="second.action")
    response = staff_client.get("/staff/audit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("<code>second.action") < body.index("<code>first.action")


def test_the_audit_log_is_paginated(staff_client, secretariat) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=secretariat, actor_label=secretariat.email, action=f"bulk.{i:03}")
        for i in range(120)
    )
    first = staff_client.get("/staff/audit/").content.decode()
    last = staff_client.get("/staff/audit/?page=3").content.decode()
    assert first.count("<code>bulk.") == 50
    assert "Page 1 of 3" in first
    assert "<code>bulk.000" in last
    assert "<code>bulk.119" not in last


@pytest.mark.parametrize("person", ["editor", "member", "outsider"])
def test_only_the_secretariat_may_read_the_audit_log(request, person) -> None:
    from django.test import Client

    from tests.conftest import enrol_totp

    user = request.getfixturevalue(person)
    enrol_totp(user)
    client = Client()
    client.force_login(user)
    assert client.get("/staff/audit/").status_code == 403


def test_editing_in_the_admin_is_audited(staff_client, secretariat) -> None:
    from internationale.organizations.models import Region

    region = Region.objects.get(slug="oceania")
    response = staff_client.post(
        f"/admin/organizations/region/{region.pk}/change/",
        {"slug": "oceania", "name": "Oceania and the Pacific", "names": "{}", "position": 7},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="region.change")
    assert entry.actor == secretariat
    assert entry.details == {"fields": ["name", "names"]}


def test_page_links_keep_the_filter(staff_client, secretariat) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=secretariat, actor_label=secretariat.email, action="bulk.same")
        for _ in range(60)
    )
    body = staff_client.get("/staff/audit/?action=bulk.same").content.decode()
    assert 'href="?action=bulk.same&amp;page=2"' in body
