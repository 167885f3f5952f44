"""A signature's confirmation mail is stored in the outbox as it is signed.

The signatures still waiting for the worker to mail them (``mail_due``) get
their confirmation mail in the outbox now, rendered as signing renders it (in
the language they were signed in, with links made from their key), before the
mark goes.
"""

from typing import Any

from django.db import migrations


def mail_the_due(apps: Any, schema_editor: Any) -> None:
    from internationale.declarations.services.confirmations import (
        CONFIRMATION_TEMPLATE,
        confirmation_context,
    )
    from internationale.mail.services import render_email

    Signature = apps.get_model("declarations", "Signature")
    OutboxMessage = apps.get_model("mail", "OutboxMessage")
    due = Signature.objects.filter(mail_due=True, state="pending", email__isnull=False)
    rows = []
    for signature in due.order_by("pk").iterator(chunk_size=500):
        message = render_email(
            to=[signature.email], template=CONFIRMATION_TEMPLATE,
            context=confirmation_context(signature), language=signature.language or None,
        )  # fmt: skip
        rows.append(
            OutboxMessage(subject=message.subject, body=message.body,
                          from_email=message.from_email, to=list(message.to))  # fmt: skip
        )
    OutboxMessage.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0007_signature_fewer_indexes'),
        ('mail', '0003_messages_as_fields'),
    ]

    operations = [
        migrations.RunPython(mail_the_due, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='signature',
            name='signature_mail_due_idx',
        ),
        migrations.RemoveField(
            model_name='signature',
            name='mail_due',
        ),
    ]
