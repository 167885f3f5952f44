"""The call goes by mail to every representative of a section, in the section's language,
through the outbox and the worker to a real SMTP server; a second click soon after sends nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.test import Client
from django.utils import timezone

from internationale.accounts.models import AuditEntry, Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import Congress
from internationale.congresses.services import convening
from internationale.mail.models import OutboxMessage
from internationale.organizations.models import Organization, OrganizationStatus
from internationale.organizations.services import set_description
from tests.conftest import enrol_totp, make_user


@pytest.fixture
def convened(congress: Congress, secretariat: User) -> Congress:
    """The congress with dates, place, deadlines and its call in English and Portuguese."""
    Congress.objects.filter(pk=congress.pk).update(
        opens_on=date(2027, 6, 12),
        closes_on=date(2027, 6, 16),
        place="São Paulo",
        figures_due=datetime(2027, 2, 28, 23, 59, tzinfo=UTC),
        nominations_due=datetime(2027, 5, 15, 23, 59, tzinfo=UTC),
    )
    for language, title in (("en", "Call to the congress"), ("pt", "Convocatória ao congresso")):
        convening.write_call(
            by=secretariat, congress_id=congress.pk, language=language, title=title, body="…"
        )
    congress.refresh_from_db()
    return congress


def representative_of(name: str, status: str, email: str, *, active: bool = True) -> User:
    organization = Organization.objects.create(name=name, status=status)
    user = make_user(email)
    user.is_active = active
    user.save(update_fields=["is_active"])
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=organization)
    return user


def received(raw: bytes) -> Message:
    return message_from_bytes(raw)


def text_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


@pytest.mark.django_db(transaction=True)
def test_every_representative_of_a_section_gets_the_call_in_their_sections_language(
    convened, secretariat, section, section_representative, smtp_server, worker
) -> None:
    set_description(by=None, organization_id=section.pk, language="pt", text="Movimento.")
    representative_of("Ligue", OrganizationStatus.SYMPATHIZING_SECTION, "lea@example.org")
    representative_of("Observers", OrganizationStatus.OBSERVER, "obs@example.org")
    representative_of("Gone", OrganizationStatus.OFFICIAL_SECTION, "gone@example.org", active=False)

    sent = convening.send_call(
        by=secretariat, congress_id=convened.pk, base_url="https://international.example/"
    )

    assert sent == 2
    worker()
    mails = {tuple(to): received(raw) for _sender, to, raw in smtp_server.messages}
    assert set(mails) == {("rosa.section@example.org",), ("lea@example.org",)}
    portuguese = mails["rosa.section@example.org",]
    assert str(make_header(decode_header(portuguese["Subject"]))) == (
        "[Internationale] Convocatória: World Congress"
    )
    body = text_of(portuguese)
    assert "Convocatória ao congresso" in body  # the call's title in the section's language
    assert "São Paulo" in body
    assert "https://international.example/congresses/world-congress/" in body
    assert "2027" in body
    english = text_of(mails["lea@example.org",])  # no description: the call's original language
    assert "Call to the congress" in english
    assert "Membership figures due: Feb. 28, 2027" in english
    assert "Nominations of delegates due: May 15, 2027" in english
    assert "June 12, 2027 to June 16, 2027" in english
    convened.refresh_from_db()
    assert convened.call_sent_at is not None
    assert AuditEntry.objects.get(action="congress.call_sent").details == {"to": 2}


def test_a_second_send_within_minutes_sends_nothing_and_later_sends_again(
    convened, secretariat, section_representative
) -> None:
    send = convening.send_call
    assert send(by=secretariat, congress_id=convened.pk, base_url="http://testserver/") == 1
    assert send(by=secretariat, congress_id=convened.pk, base_url="http://testserver/") is None
    assert OutboxMessage.objects.count() == 1
    earlier = timezone.now() - convening.CALL_RESEND_AFTER - timedelta(seconds=1)
    Congress.objects.filter(pk=convened.pk).update(call_sent_at=earlier)
    assert send(by=secretariat, congress_id=convened.pk, base_url="http://testserver/") == 1
    assert OutboxMessage.objects.count() == 2


def test_with_no_representative_to_mail_the_secretariat_is_told_so(convened, secretariat):
    enrol_totp(secretariat)
    client = Client()
    client.force_login(secretariat)
    response = client.post(
        "/congresses/world-congress/manage/send/", {"confirm": "send"}, follow=True
    )
    assert "No section has a representative to mail the call to." in response.content.decode()
    assert not OutboxMessage.objects.exists()
    convened.refresh_from_db()
    assert convened.call_sent_at is None  # nobody was told: the call is still to be sent


def test_a_call_not_yet_written_cannot_be_sent(congress, secretariat, section_representative):
    with pytest.raises(convening.ConveningError):
        convening.send_call(by=secretariat, congress_id=congress.pk, base_url="http://x/")
    assert not OutboxMessage.objects.exists()


def test_the_send_page_asks_for_a_confirmation_then_sends(
    convened, secretariat, section_representative
) -> None:
    enrol_totp(secretariat)
    client = Client()
    client.force_login(secretariat)
    path = "/congresses/world-congress/manage/send/"
    page = client.get(path).content.decode()
    assert "Mail the call to 1 representative of the sections (1 sections)" in page
    refused = client.post(path, {})
    assert refused.status_code == 400
    assert "Tick the box to confirm the sending." in refused.content.decode()
    assert not OutboxMessage.objects.exists()
    response = client.post(path, {"confirm": "send"}, follow=True)
    assert "The call was mailed to 1 representative." in response.content.decode()
    again = client.post(path, {"confirm": "send"}, follow=True)
    assert "nothing was sent again" in again.content.decode()
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [
        ["rosa.section@example.org"]
    ]
