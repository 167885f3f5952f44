"""Upgrading keeps every pending mail: the outbox's earlier forms and the signatures' mark."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from internationale.declarations.models import Signature
from internationale.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mail", "0002_deferred_rendering"), ("declarations", "0007_signature_fewer_indexes")]


@pytest.fixture
def old_apps() -> Iterator[Any]:
    """The models as they were before the upgrade; the database goes back to the newest after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        upgrade()


def upgrade() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_pending_mail_of_every_earlier_form_is_delivered_after_the_upgrade(
    old_apps, smtp_server, worker
) -> None:
    old_outbox = old_apps.get_model("mail", "OutboxMessage")
    rendered = EmailMessage(
        "Congrès convoqué", "Le congrès s'ouvre le 12 juin.\n", "Desk <desk@example.org>",
        ["Délégué <delegue@example.org>"], bcc=["hidden@example.org"],
        reply_to=["secretariat@example.org"],
    )  # fmt: skip
    raw = rendered.message().as_bytes(linesep="\r\n")
    old_outbox.objects.create(recipients=rendered.recipients(), subject="Congrès convoqué",
                              message=raw)  # fmt: skip
    old_outbox.objects.create(
        recipients=["firmante@example.org"], template="declarations/email/confirm",
        context={"name": "Ana", "confirm_link": "http://x/c/", "withdraw_link": "http://x/w/",
                 "days": 14},
        language="es",
    )  # fmt: skip
    old_declaration = old_apps.get_model("declarations", "Declaration")
    old_signature = old_apps.get_model("declarations", "Signature")
    declaration = old_declaration.objects.create(slug="week", state="open")
    common = {"declaration": declaration, "kind": "person", "link_base": "http://testserver"}
    waiting = old_signature.objects.create(
        **common, name="Marie", email="marie@example.org", mail_due=True, language="fr"
    )
    old_signature.objects.create(**common, name="Gone", email="gone@example.org", mail_due=True,
                                 state="withdrawn")  # fmt: skip
    old_signature.objects.create(**common, name="Sent", email="sent@example.org")

    upgrade()

    converted = OutboxMessage.objects.get(subject="Congrès convoqué")
    assert converted.to == ["Délégué <delegue@example.org>"]
    assert converted.bcc == ["hidden@example.org"]
    assert converted.reply_to == ["secretariat@example.org"]
    assert converted.from_email == "Desk <desk@example.org>"
    assert converted.body == "Le congrès s'ouvre le 12 juin.\n"
    message_id = message_from_bytes(raw)["Message-ID"]
    assert converted.headers["Message-ID"] == message_id  # sent again, the same message
    spanish = OutboxMessage.objects.get(to=["firmante@example.org"])
    assert spanish.subject == "Confirma tu firma"
    french = OutboxMessage.objects.get(to=["marie@example.org"])
    assert french.subject == "Veuillez confirmer votre signature"
    assert "http://testserver/declarations/confirm/" in french.body
    assert OutboxMessage.objects.count() == 3  # none for the withdrawn or the long-mailed

    worker()

    received = {tuple(recipients): raw for _, recipients, raw in smtp_server.messages}
    assert set(received) == {
        ("delegue@example.org", "hidden@example.org"), ("firmante@example.org",),
        ("marie@example.org",),
    }  # fmt: skip
    delegate = received[("delegue@example.org", "hidden@example.org")]
    assert b"hidden@example.org" not in delegate
    assert message_id.encode() in delegate
    assert Signature.objects.get(email="marie@example.org").pk == waiting.pk
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
