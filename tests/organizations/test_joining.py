"""An organization applies from the public page; its account comes with the application."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from internationale.accounts.models import Role, RoleAssignment, User
from internationale.mail.models import OutboxMessage
from internationale.organizations import joining
from internationale.organizations.demo import load_points
from internationale.organizations.models import (
    AgreementPoint,
    Application,
    Organization,
    PendingApplication,
)

POINTS = [{"en": "We organize independently of governments."}, {"en": "We oppose imperialist war."}]
NEWCOMER = "secretary@fpds.example.org"
PASSWORD = "a-good-long-pass-77"


@pytest.fixture
def points(places) -> list[AgreementPoint]:
    load_points(POINTS)
    return list(AgreementPoint.objects.all())


def join_data(points, **overrides) -> dict[str, str]:
    data = {
        "email": NEWCOMER,
        "name": "Frente Popular Darío Santillán", "acronym": "FPDS", "kind": "movement",
        "country": "AR", "founded": "2004", "requested": "sympathizing", "membership_size": "3000",
        "contacts": "Signal: ask the secretariat",
        f"point_{points[0].pk}": "agree",
        f"point_{points[1].pk}": "reservations",
        f"comment_{points[1].pk}": "We add: and its sanctions.",
    }  # fmt: skip
    data.update(overrides)
    return data


def mails_to(address: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to=[address]).order_by("pk"))


def link_in(message: OutboxMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/directory/join/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_join_page_is_public_and_a_logged_in_person_applies_from_their_account(
    points, client, outsider
) -> None:
    page = client.get("/directory/join/")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()
    assert 'href="/accounts/login/?next=/directory/join/"' in page.content.decode()
    client.force_login(outsider)
    assert client.get("/directory/join/")["Location"] == "/directory/apply/"


def test_applying_creates_nothing_until_the_address_is_confirmed(points, client) -> None:
    response = client.post("/directory/join/", join_data(points))
    assert response.status_code == 302
    assert response["Location"] == "/directory/join/sent/"
    assert not User.objects.filter(email=NEWCOMER).exists()
    assert not Organization.objects.filter(name__startswith="Frente Popular").exists()
    assert not Application.objects.exists()
    [mail] = mails_to(NEWCOMER)
    assert "Frente Popular Darío Santillán" in mail.body
    assert PendingApplication.objects.get().token_hash not in mail.body  # only the hash is kept


def test_following_the_link_opens_the_account_and_sends_the_application(points, client) -> None:
    client.post("/directory/join/", join_data(points))
    link = link_in(mails_to(NEWCOMER)[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Frente Popular Darío Santillán" in page.content.decode()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == f"/directory/applications/{application.pk}/"
    user = User.objects.get(email=NEWCOMER)
    assert application.applicant == user
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified  # the link reached the address
    assert [a.choice for a in application.answers.all()] == ["agree", "reservations"]
    assert application.organization.country.code == "AR"
    assert RoleAssignment.objects.filter(
        user=user, role=Role.REPRESENTATIVE, organization=application.organization
    ).exists()
    assert client.get(response["Location"]).status_code == 200  # logged in, sees it
    assert PendingApplication.objects.get().data == {}  # nothing kept once filed


def test_the_link_works_once(points, client) -> None:
    client.post("/directory/join/", join_data(points))
    link = link_in(mails_to(NEWCOMER)[0])
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    again = Client().post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 404
    assert Application.objects.count() == 1


def test_confirming_twice_at_the_same_moment_files_one_application(points, client) -> None:
    client.post("/directory/join/", join_data(points))
    token = link_in(mails_to(NEWCOMER)[0]).rstrip("/").rsplit("/", 1)[1]
    joining.confirm_join(token=token, password=PASSWORD, applicant=None, base_url="http://t/")
    with pytest.raises(joining.JoinError):
        joining.confirm_join(token=token, password=PASSWORD, applicant=None, base_url="http://t/")
    assert Application.objects.count() == 1


def test_an_expired_link_opens_nothing(points, client) -> None:
    client.post("/directory/join/", join_data(points))
    link = link_in(mails_to(NEWCOMER)[0])
    PendingApplication.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 404
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_two_different_passwords_open_no_account(points, client) -> None:
    client.post("/directory/join/", join_data(points))
    link = link_in(mails_to(NEWCOMER)[0])
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(email=NEWCOMER).exists()
    weak = client.post(link, {"password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    assert not User.objects.exists()


def test_an_address_with_an_account_is_answered_as_any_other(points, outsider) -> None:
    new = Client().post("/directory/join/", join_data(points, email="someone.new@example.org"))
    known = Client().post("/directory/join/", join_data(points, email=outsider.email.upper()))
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    [to_new] = mails_to("someone.new@example.org")
    [to_known] = mails_to(outsider.email)
    assert to_new.subject == to_known.subject
    assert to_new.body.replace(link_in(to_new), "") == to_known.body.replace(link_in(to_known), "")
    assert not Application.objects.exists()


def test_an_address_with_an_account_files_the_application_once_logged_in(points, outsider) -> None:
    Client().post("/directory/join/", join_data(points, email=outsider.email))
    link = link_in(mails_to(outsider.email)[0])
    anonymous = Client()
    page = anonymous.get(link).content.decode()
    assert "already has an account" in page
    assert "/accounts/login/?next=" in page
    anonymous.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert not Application.objects.exists()
    assert not User.objects.get(pk=outsider.pk).check_password(PASSWORD)  # not taken over
    holder = Client()
    holder.force_login(outsider)
    response = holder.post(link)
    assert response.status_code == 302
    assert Application.objects.get().applicant == outsider


def test_someone_logged_in_with_another_account_cannot_use_the_link(points, client, member) -> None:
    client.post("/directory/join/", join_data(points))
    link = link_in(mails_to(NEWCOMER)[0])
    other = Client()
    other.force_login(member)
    assert "another account" in other.get(link).content.decode()
    other.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert not Application.objects.exists()
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_double_submit_sends_one_mail_and_a_later_one_replaces_the_link(points) -> None:
    Client().post("/directory/join/", join_data(points))
    Client().post("/directory/join/", join_data(points))
    assert len(mails_to(NEWCOMER)) == 1
    first = link_in(mails_to(NEWCOMER)[0])
    PendingApplication.objects.update(created_at=timezone.now() - joining.REPEAT_WINDOW * 2)
    Client().post("/directory/join/", join_data(points, name="FPDS (corrected)"))
    assert len(mails_to(NEWCOMER)) == 2
    assert PendingApplication.objects.count() == 1
    assert Client().get(first).status_code == 404  # the older link no longer works
    assert Client().get(link_in(mails_to(NEWCOMER)[1])).status_code == 200


def test_the_database_keeps_one_unconfirmed_application_per_address(db) -> None:
    later = timezone.now() + timedelta(days=1)
    PendingApplication.objects.create(email=NEWCOMER, token_hash="a" * 64, expires_at=later)
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingApplication.objects.create(email=NEWCOMER, token_hash="b" * 64, expires_at=later)


def test_an_invalid_form_is_answered_with_its_errors_and_sends_nothing(points, client) -> None:
    response = client.post("/directory/join/", join_data(points, email="not-an-address"))
    assert response.status_code == 200
    assert not OutboxMessage.objects.exists()
    assert not PendingApplication.objects.exists()


def test_applications_whose_link_expired_are_not_kept(points) -> None:
    Client().post("/directory/join/", join_data(points))
    PendingApplication.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    Client().post("/directory/join/", join_data(points, email="another@example.org"))
    assert list(PendingApplication.objects.values_list("email", flat=True)) == [
        "another@example.org"
    ]


def test_one_address_is_mailed_at_most_three_times_an_hour_and_the_page_says_nothing(
    points,
) -> None:
    for attempt in range(5):
        PendingApplication.objects.update(created_at=timezone.now() - joining.REPEAT_WINDOW * 2)
        response = Client(REMOTE_ADDR=f"198.51.100.{attempt}").post(
            "/directory/join/", join_data(points, email=NEWCOMER.upper() if attempt else NEWCOMER)
        )
        assert response.status_code == 302  # the same answer every time
        assert response["Location"] == "/directory/join/sent/"
    assert len(mails_to(NEWCOMER)) == 3  # an inbox is not flooded through the form
    assert (
        Client()
        .post(  # another address from the same place is mailed
            "/directory/join/", join_data(points, email="another@example.org")
        )
        .status_code
        == 302
    )
    assert len(mails_to("another@example.org")) == 1


def test_ten_applications_an_hour_from_one_place_then_a_clear_message_and_nothing_lost(
    points, client
) -> None:
    for n in range(10):
        sent = client.post("/directory/join/", join_data(points, email=f"org{n}@example.org"))
        assert sent.status_code == 302
    refused = client.post("/directory/join/", join_data(points, email="org10@example.org"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Many applications were sent from here in the last hour" in page
    assert 'value="org10@example.org"' in page  # what was typed is still in the form
    assert "Frente Popular Darío Santillán" in page
    assert not mails_to("org10@example.org")
    assert PendingApplication.objects.count() == 10
