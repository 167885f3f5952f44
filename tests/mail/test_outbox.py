"""Mail leaves through the database outbox and the real worker, to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from internationale.mail.models import OutboxMessage
from internationale.mail.services import deliver_due

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The real worker, as `internationale worker --batch` runs it."""
    from internationale.cli import main

    assert main(["worker", "--batch"]) == 0


def test_a_sent_mail_waits_in_the_outbox_until_the_worker_delivers_it(smtp_server) -> None:
    with transaction.atomic():
        send_mail(
            "Congress convened",
            "The world congress opens on 12 June.",
            None,
            ["delegate@example.org"],
        )
        assert OutboxMessage.objects.count() == 1
    assert smtp_server.messages == []
    assert DBTaskResult.objects.count() == 1  # enqueued when the transaction committed
    run_worker()
    assert len(smtp_server.messages) == 1
    _sender, recipients, raw = smtp_server.messages[0]
    assert recipients == ["delegate@example.org"]
    assert b"Subject: Congress convened" in raw
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_no_mail_is_stored_when_its_transaction_rolls_back(smtp_server) -> None:
    def fail_after_sending() -> None:
        with transaction.atomic():
            send_mail("Never", "This transaction fails.", None, ["someone@example.org"])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_after_sending()
    assert OutboxMessage.objects.count() == 0
    run_worker()
    assert smtp_server.messages == []


def test_a_mail_committed_before_a_crash_is_delivered_by_the_next_worker(smtp_server) -> None:
    # The process died after the commit and before the delivery task was enqueued:
    # the message is in the outbox and no task points at it.
    with transaction.atomic():
        send_mail("Stranded", "Committed, then the server crashed.", None, ["editor@example.org"])
    DBTaskResult.objects.all().delete()
    run_worker()
    assert [m[1] for m in smtp_server.messages] == [["editor@example.org"]]


def test_a_refused_connection_is_retried_later_not_lost(settings, smtp_server) -> None:
    send_mail("Retry me", "The server was down.", None, ["member@example.org"])
    good_port = settings.OUTBOX_DELIVERY["EMAIL_PORT"]
    settings.OUTBOX_DELIVERY = {**settings.OUTBOX_DELIVERY, "EMAIL_PORT": 1}
    assert deliver_due() == 0
    message = OutboxMessage.objects.get()
    assert message.state == OutboxMessage.State.PENDING
    assert message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert message.next_attempt_at > timezone.now()
    settings.OUTBOX_DELIVERY = {**settings.OUTBOX_DELIVERY, "EMAIL_PORT": good_port}
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1
    assert len(smtp_server.messages) == 1


def test_a_message_gives_up_after_the_last_attempt(settings, smtp_server) -> None:
    settings.OUTBOX_DELIVERY = {**settings.OUTBOX_DELIVERY, "EMAIL_PORT": 1}
    settings.OUTBOX_MAX_ATTEMPTS = 2
    send_mail("Doomed", "No server.", None, ["x@example.org"])
    deliver_due()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    deliver_due()
    assert OutboxMessage.objects.get().state == OutboxMessage.State.FAILED


def test_bcc_recipients_are_delivered_but_not_shown(smtp_server) -> None:
    from django.core.mail import EmailMessage

    EmailMessage("Hidden", "Body", None, ["a@example.org"], bcc=["hidden@example.org"]).send()
    run_worker()
    _, recipients, raw = smtp_server.messages[0]
    assert sorted(recipients) == ["a@example.org", "hidden@example.org"]
    assert b"hidden@example.org" not in raw


def test_the_worker_command_runs_the_real_db_worker(smtp_server) -> None:
    send_mail("Via task", "Through django-tasks-db.", None, ["t@example.org"])
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    assert len(smtp_server.messages) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_message_to_render_is_rendered_by_the_worker_in_its_language(smtp_server) -> None:
    from internationale.mail.services import queue_mail

    with transaction.atomic():
        queue_mail(
            to=["firmante@example.org"],
            template="declarations/email/confirm",
            context={"name": "Ana", "confirm_link": "http://x/c/", "withdraw_link": "http://x/w/",
                     "days": 14},
            language="es",
        )  # fmt: skip
    stored = OutboxMessage.objects.get()
    assert bytes(stored.message) == b""  # nothing rendered on the request path
    run_worker()
    _, recipients, raw = smtp_server.messages[0]
    assert recipients == ["firmante@example.org"]
    sent = OutboxMessage.objects.get()
    assert sent.state == OutboxMessage.State.SENT
    assert b"Subject: Confirma tu firma" in bytes(sent.message)
    assert sent.subject == "Confirma tu firma"
    assert "http://x/c/" in raw.decode()


def test_many_commits_share_one_waiting_delivery_task(smtp_server, monkeypatch) -> None:
    from internationale.mail import services

    monkeypatch.setattr(services.ENQUEUE_THROTTLE, "every", 0.0)
    for number in range(5):
        with transaction.atomic():
            send_mail(f"Notice {number}", "Body.", None, [f"n{number}@example.org"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert sorted(m[1][0] for m in smtp_server.messages) == [
        f"n{number}@example.org" for number in range(5)
    ]


def test_an_unreachable_server_defers_the_whole_batch_without_losing_any(
    settings, smtp_server
) -> None:
    for number in range(3):
        send_mail(f"Batch {number}", "Body.", None, [f"b{number}@example.org"])
    good_port = settings.OUTBOX_DELIVERY["EMAIL_PORT"]
    settings.OUTBOX_DELIVERY = {**settings.OUTBOX_DELIVERY, "EMAIL_PORT": 1}
    assert deliver_due() == 0
    waiting = OutboxMessage.objects.all()
    assert [(m.state, m.attempts) for m in waiting] == [(OutboxMessage.State.PENDING, 1)] * 3
    assert all(m.next_attempt_at > timezone.now() for m in waiting)
    settings.OUTBOX_DELIVERY = {**settings.OUTBOX_DELIVERY, "EMAIL_PORT": good_port}
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 3


def test_a_burst_of_commits_enqueues_one_task_and_the_worker_delivers_them_all(
    smtp_server,
) -> None:
    from internationale.mail import services

    for number in range(3):
        with transaction.atomic():
            send_mail(f"Burst {number}", "Body.", None, [f"burst{number}@example.org"])
    assert services.ENQUEUE_THROTTLE.every == 1.0
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.all().delete()  # even with no task at all, the worker finds them
    run_worker()
    assert len(smtp_server.messages) == 3


@pytest.mark.parametrize(
    ("subject", "body", "to"),
    [
        ("Confirma tu firma", "Hola,\n\nAlguien firmó «Ana».\nhttp://x/c/abc/\n", "a@example.org"),
        ("يرجى تأكيد توقيعك", "مرحبًا،\nhttp://x/c/abc/\n", "b@example.org"),
        ("Long line", "word " * 400 + "\nend\n", "c@example.org"),
        ("IDN", "Olá", "d@exámple.org"),
    ],
)
def test_a_message_built_directly_reads_as_djangos_would(subject, body, to) -> None:
    from email import message_from_bytes as parse
    from email import policy

    from django.core.mail import EmailMessage

    from internationale.mail.services import plain_message

    ours = parse(plain_message(subject, body, [to]), policy=policy.default)
    theirs = parse(
        EmailMessage(subject, body, None, [to]).message().as_bytes(linesep="\r\n"),
        policy=policy.default,
    )
    for header in ("Subject", "From", "To", "Content-Type", "MIME-Version"):
        assert str(ours[header]) == str(theirs[header]), header
    assert ours.get_content() == theirs.get_content()
    assert ours.get_content().replace("\r\n", "\n") == body
    assert ours["Message-ID"]
    assert ours["Date"]


@pytest.mark.parametrize(
    "address",
    [
        "ana@example.org",
        "Ana.Souza+sign@mail.example.org",
        "o'brien@example.ie",
        "x@exámple.org",
        "ñandú@example.org",
        "a..b@example.org",
        "user@[127.0.0.1]",
        "first last@example.org",
        '"quoted"@example.org',
        "Ana <ana@example.org>",
        "a@b@example.org",
        "a@example.org.",
        "a@.example.org",
        ".ana@example.org",
        "ANA@EXAMPLE.ORG",
    ],
)
def test_a_recipient_reads_as_djangos_sanitize_address_gives_it(address) -> None:
    from django.core.mail.message import sanitize_address

    from internationale.mail.services import _recipient

    try:
        expected = sanitize_address(address, "utf-8")
    except ValueError:
        with pytest.raises(ValueError, match=r".+"):
            _recipient(address)
    else:
        assert _recipient(address) == expected


def test_a_subject_of_more_than_one_line_is_refused() -> None:
    from internationale.mail.services import plain_message

    with pytest.raises(ValueError, match="one line"):
        plain_message("Hi\r\nBcc: everyone@example.org", "Body", ["a@example.org"])
