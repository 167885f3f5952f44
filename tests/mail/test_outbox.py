"""Mail leaves through the database outbox and the real worker, to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from internationale.mail.delivery import deliver_due
from internationale.mail.models import OutboxMessage
from internationale.mail.services import send_email

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


def test_a_mail_is_rendered_in_its_recipients_language_when_stored(smtp_server) -> None:
    from django.utils import translation

    with translation.override("en"), transaction.atomic():
        send_email(
            to=["firmante@example.org"],
            template="declarations/email/confirm",
            context={"name": "Ana", "confirm_link": "http://x/c/", "withdraw_link": "http://x/w/",
                     "days": 14},
            language="es",
        )  # fmt: skip
    stored = OutboxMessage.objects.get()
    assert (stored.to, stored.subject) == (["firmante@example.org"], "Confirma tu firma")
    assert "http://x/c/" in stored.body
    run_worker()
    _, recipients, raw = smtp_server.messages[0]
    assert recipients == ["firmante@example.org"]
    assert b"Subject: Confirma tu firma" in raw
    assert "http://x/c/" in raw.decode()
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_a_mail_without_a_language_is_rendered_in_the_current_one() -> None:
    from django.utils import translation

    with translation.override("fr"):
        send_email(
            to=["signataire@example.org"],
            template="declarations/email/confirm",
            context={"name": "Ana", "confirm_link": "http://x/c/", "withdraw_link": "http://x/w/",
                     "days": 14},
        )  # fmt: skip
    assert OutboxMessage.objects.get().subject == "Veuillez confirmer votre signature"


def test_several_messages_go_over_one_connection_to_the_mail_server(smtp_server) -> None:
    for number in range(5):
        send_mail(f"Notice {number}", "Body.", None, [f"n{number}@example.org"])
    assert deliver_due() == 5
    assert len(smtp_server.messages) == 5
    assert len(smtp_server.sessions) == 1


def test_a_refused_recipient_fails_only_its_own_message(smtp_server) -> None:
    smtp_server.refused.add("gone@example.org")
    send_mail("First", "Body.", None, ["first@example.org"])
    send_mail("Refused", "Body.", None, ["gone@example.org"])
    send_mail("Last", "Body.", None, ["last@example.org"])
    assert deliver_due() == 2
    assert [m[1] for m in smtp_server.messages] == [["first@example.org"], ["last@example.org"]]
    assert len(smtp_server.sessions) == 1  # the connection went on after the refusal
    refused = OutboxMessage.objects.get(to=["gone@example.org"])
    assert refused.state == OutboxMessage.State.PENDING  # retried later, as any failure
    assert "SMTPRecipientsRefused" in refused.last_error
    assert refused.next_attempt_at > timezone.now()
    sent = OutboxMessage.objects.filter(state=OutboxMessage.State.SENT)
    assert sorted(m.subject for m in sent) == ["First", "Last"]


def test_a_message_with_an_html_alternative_is_delivered_with_it(smtp_server) -> None:
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        "Both", "Plain words.", None, ["a@example.org"],
        reply_to=["desk@example.org"], headers={"X-Tag": "t"},
    )  # fmt: skip
    message.attach_alternative("<p>Rich words.</p>", "text/html")
    message.send()
    run_worker()
    [(_, _, raw)] = smtp_server.messages
    for part in (b"Plain words.", b"<p>Rich words.</p>", b"Reply-To: desk@example.org",
                 b"X-Tag: t", b"multipart/alternative"):  # fmt: skip
        assert part in raw, part


def test_a_message_the_outbox_cannot_keep_is_refused_not_changed() -> None:
    from django.core.mail import EmailMessage

    message = EmailMessage("File", "See attached.", None, ["a@example.org"])
    message.attach("minutes.txt", "text", "text/plain")
    with pytest.raises(ValueError, match="no files"):
        message.send()
    assert not OutboxMessage.objects.exists()


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
