"""core.db.insert_one stores a row exactly as Model.save(force_insert=True) would."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from internationale.core.db import insert_one, one_statement
from internationale.declarations.models import Declaration, Signature
from internationale.organizations.models import Country

pytestmark = pytest.mark.django_db


def _signature(declaration: Declaration, email: str) -> Signature:
    return Signature(
        declaration=declaration, kind="person", name="Zoé Ndiaye", sort_name="zoe ndiaye",
        country=Country.objects.get(code="SN"), email=email, message="Solidarité ✊ تضامن",
        mail_due=True, flagged="burst", confirmations_sent=1, language="fr",
    )  # fmt: skip


def test_the_row_inserted_is_the_row_save_makes() -> None:
    declaration = Declaration.objects.create(slug="d", state="open")
    saved, inserted = (
        _signature(declaration, "a@example.org"),
        _signature(declaration, "b@example.org"),
    )
    saved.created_at = inserted.created_at
    saved.save(force_insert=True)
    insert_one(inserted)
    assert inserted.pk is not None
    assert inserted.pk != saved.pk
    assert not inserted._state.adding
    stored = Signature.objects.get(pk=inserted.pk)
    drop = {"id", "email"}
    assert {k: v for k, v in model_to_dict(stored).items() if k not in drop} == {
        k: v for k, v in model_to_dict(Signature.objects.get(pk=saved.pk)).items() if k not in drop
    }
    assert stored.message == "Solidarité ✊ تضامن"
    assert stored.created_at == inserted.created_at


def test_a_refused_row_raises_and_leaves_the_transaction_usable() -> None:
    declaration = Declaration.objects.create(slug="d", state="open")
    insert_one(_signature(declaration, "a@example.org"))
    with transaction.atomic():
        with pytest.raises(IntegrityError), one_statement():
            insert_one(_signature(declaration, "a@example.org"))
        assert Signature.objects.count() == 1


def test_many_rows_are_inserted_as_bulk_create_inserts_them_and_get_their_keys() -> None:
    from internationale.core.db import insert_many
    from internationale.mail.models import OutboxMessage

    def mails(tag: str) -> list[OutboxMessage]:
        return [
            OutboxMessage(
                recipients=[f"{tag}{number}@example.org"],
                subject="Confirmez · أكّد",
                message=b"\x00\xff raw bytes " * number,
                context={"name": "Zoé", "n": number},
                language="fr",
                attempts=1,
            )
            for number in range(7)
        ]

    bulk, many = mails("bulk"), mails("many")
    OutboxMessage.objects.bulk_create(bulk)
    insert_many(many)
    insert_many([])
    assert len({mail.pk for mail in many}) == 7
    assert not any(mail._state.adding for mail in many)
    drop = {"id", "recipients", "created_at", "next_attempt_at"}
    for made_by_bulk, made_by_many in zip(bulk, many, strict=True):
        stored = OutboxMessage.objects.get(pk=made_by_many.pk)
        assert stored.recipients == [made_by_many.recipients[0]]
        assert bytes(stored.message) == bytes(made_by_bulk.message)
        assert {k: v for k, v in model_to_dict(stored).items() if k not in drop} == {
            k: v
            for k, v in model_to_dict(OutboxMessage.objects.get(pk=made_by_bulk.pk)).items()
            if k not in drop
        }
