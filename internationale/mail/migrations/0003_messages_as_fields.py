"""The outbox keeps what Django's EmailMessage is made of, rendered when stored.

Pending rows of the two earlier forms are converted, so none is lost: bytes
rendered by Django are read back into subject, body, headers and recipients
(Bcc: the envelope recipients no header names), and a message stored to be
rendered by the worker is rendered now, in its language.
"""

from email import message_from_bytes, policy
from email.utils import parseaddr
from typing import Any

from django.db import migrations, models

#: Headers Django writes from the message's fields; any other is kept as an extra header
#: (Date and Message-ID among them: a message sent again is the same message).
_FROM_FIELDS = {
    "content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to",
    "cc", "reply-to",
}  # fmt: skip


def _domain_ascii(address: str) -> str:
    local, _, domain = (parseaddr(address)[1] or address).rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local}@{domain}".lower()


def _read(raw: bytes, recipients: list[str]) -> dict[str, Any]:
    parsed = message_from_bytes(raw, policy=policy.default)

    def addresses(name: str) -> list[str]:
        header = parsed[name]
        return [str(address) for address in header.addresses] if header else []

    named = {
        _domain_ascii(address.addr_spec)
        for name in ("To", "Cc")
        if parsed[name]
        for address in parsed[name].addresses
    }
    plain = parsed.get_body(preferencelist=("plain",)) if parsed.is_multipart() else parsed
    alternatives = [
        [part.get_content().replace("\r\n", "\n"), part.get_content_type()]
        for part in (parsed.iter_parts() if parsed.is_multipart() else [])
        if part is not plain and part.get_content_maintype() == "text"
    ]
    return {
        "subject": str(parsed["Subject"] or "")[:998],
        "body": plain.get_content().replace("\r\n", "\n") if plain is not None else "",
        "from_email": str(parsed["From"] or ""),
        "to": addresses("To"),
        "cc": addresses("Cc"),
        "bcc": [r for r in recipients if _domain_ascii(r) not in named],
        "reply_to": addresses("Reply-To"),
        "headers": {k: str(v) for k, v in parsed.items() if k.lower() not in _FROM_FIELDS},
        "alternatives": alternatives,
    }


def _rendered(row: Any) -> dict[str, Any]:
    from internationale.mail.services import render_email

    message = render_email(
        to=list(row.recipients), template=row.template, context=row.context,
        language=row.language or None,
    )  # fmt: skip
    return {
        "subject": message.subject, "body": message.body, "from_email": message.from_email,
        "to": list(message.to), "cc": [], "bcc": [], "reply_to": [], "headers": {},
        "alternatives": [],
    }  # fmt: skip


FIELDS = ["subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "headers",
          "alternatives", "state", "last_error"]  # fmt: skip


def to_fields(apps: Any, schema_editor: Any) -> None:
    OutboxMessage = apps.get_model("mail", "OutboxMessage")
    done = []
    for row in OutboxMessage.objects.order_by("pk").iterator(chunk_size=500):
        try:
            if bytes(row.message):
                values = _read(bytes(row.message), list(row.recipients))
            else:
                values = _rendered(row)
        except Exception as error:  # noqa: BLE001 - a message that cannot be read waits no more
            values = {"state": "failed" if row.state == "pending" else row.state,
                      "last_error": f"not converted: {type(error).__name__}: {error}"[:2000],
                      "to": list(row.recipients)}  # fmt: skip
        for name, value in values.items():
            setattr(row, name, value)
        done.append(row)
        if len(done) == 500:
            OutboxMessage.objects.bulk_update(done, FIELDS)
            done = []
    OutboxMessage.objects.bulk_update(done, FIELDS)


def to_bytes(apps: Any, schema_editor: Any) -> None:
    from django.core.mail import EmailMultiAlternatives

    OutboxMessage = apps.get_model("mail", "OutboxMessage")
    for row in OutboxMessage.objects.order_by("pk").iterator(chunk_size=500):
        message = EmailMultiAlternatives(
            row.subject, row.body, row.from_email or None, row.to, cc=row.cc, bcc=row.bcc,
            reply_to=row.reply_to, headers=row.headers,
            alternatives=[tuple(pair) for pair in row.alternatives],
        )  # fmt: skip
        row.message = message.message().as_bytes(linesep="\r\n")
        row.recipients = message.recipients()
        row.save(update_fields=["message", "recipients"])


class Migration(migrations.Migration):

    dependencies = [
        ('mail', '0002_deferred_rendering'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='body',
            field=models.TextField(blank=True, verbose_name='message body'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='from_email',
            field=models.CharField(default='', max_length=998, verbose_name='sender'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='to',
            field=models.JSONField(blank=True, default=list, verbose_name='recipients'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='cc',
            field=models.JSONField(blank=True, default=list, verbose_name='copy to'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='bcc',
            field=models.JSONField(blank=True, default=list, verbose_name='hidden copy to'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='reply_to',
            field=models.JSONField(blank=True, default=list, verbose_name='reply to'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='headers',
            field=models.JSONField(blank=True, default=dict, verbose_name='extra headers'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='alternatives',
            field=models.JSONField(blank=True, default=list, verbose_name='other versions'),
        ),
        migrations.RunPython(to_fields, to_bytes),
        migrations.RemoveField(model_name='outboxmessage', name='message'),
        migrations.RemoveField(model_name='outboxmessage', name='template'),
        migrations.RemoveField(model_name='outboxmessage', name='context'),
        migrations.RemoveField(model_name='outboxmessage', name='language'),
        migrations.RemoveField(model_name='outboxmessage', name='recipients'),
    ]
