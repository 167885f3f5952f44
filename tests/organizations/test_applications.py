"""An organization applies; the secretariat asks, the applicant answers, the secretariat decides."""

from __future__ import annotations

import pytest
from django.test import Client

from internationale.accounts.models import AuditEntry, Role, RoleAssignment
from internationale.mail.models import OutboxMessage
from internationale.organizations.demo import load_points
from internationale.organizations.models import (
    AgreementPoint,
    Application,
    Organization,
    StatusChange,
)

POINTS = [{"en": "We organize independently of governments."}, {"en": "We oppose imperialist war."}]


@pytest.fixture
def points(places) -> list[AgreementPoint]:
    load_points(POINTS)
    return list(AgreementPoint.objects.all())


@pytest.fixture
def applicant_client(outsider) -> Client:
    client = Client()
    client.force_login(outsider)
    return client


def form_data(points, **overrides) -> dict[str, str]:
    data = {
        "name": "Frente Popular Darío Santillán", "acronym": "FPDS", "kind": "movement",
        "country": "AR", "founded": "2004", "requested": "sympathizing", "membership_size": "3000",
        "contacts": "Signal: ask the secretariat",
        f"point_{points[0].pk}": "agree",
        f"point_{points[1].pk}": "reservations",
        f"comment_{points[1].pk}": "We add: and its sanctions.",
    }  # fmt: skip
    data.update(overrides)
    return data


def mails_to(address: str) -> list[str]:
    return [m.subject for m in OutboxMessage.objects.filter(to=[address])]


def test_an_organization_applies_and_sees_its_application(
    points, applicant_client, outsider
) -> None:
    response = applicant_client.post("/directory/apply/", form_data(points))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.organization.name == "Frente Popular Darío Santillán"
    assert application.organization.status == "none"
    assert [a.choice for a in application.answers.all()] == ["agree", "reservations"]
    assert RoleAssignment.objects.filter(
        user=outsider, role=Role.REPRESENTATIVE, organization=application.organization
    ).exists()
    assert mails_to(outsider.email) == [
        "Your application for Frente Popular Darío Santillán was received"
    ]
    assert AuditEntry.objects.filter(action="application.submit", actor=outsider).exists()
    page = applicant_client.get(response["Location"]).content.decode()
    assert "submitted" in page
    assert "We add: and its sanctions." in page


def test_reservations_without_a_comment_are_refused_and_nothing_is_created(
    points, applicant_client
) -> None:
    data = form_data(points, **{f"comment_{points[1].pk}": ""})
    response = applicant_client.post("/directory/apply/", data)
    assert response.status_code == 200
    assert "Please explain your reservations or disagreement." in response.content.decode()
    assert not Application.objects.exists()
    assert not Organization.objects.exists()


def test_an_unanswered_point_is_refused(points, applicant_client) -> None:
    data = form_data(points)
    del data[f"point_{points[0].pk}"]
    assert applicant_client.post("/directory/apply/", data).status_code == 200
    assert not Application.objects.exists()


def test_a_double_submit_gives_one_application(points, applicant_client) -> None:
    applicant_client.post("/directory/apply/", form_data(points))
    response = applicant_client.post(
        "/directory/apply/", form_data(points, name="FRENTE POPULAR Dario Santillan")
    )
    assert response.status_code == 200
    assert "already being considered" in response.content.decode()
    assert Application.objects.count() == 1
    assert Organization.objects.count() == 1


def test_the_secretariat_asks_the_applicant_answers_and_the_secretariat_admits(
    points, applicant_client, outsider, staff_client, secretariat
) -> None:
    applicant_client.post("/directory/apply/", form_data(points))
    application = Application.objects.get()
    url = f"/directory/applications/{application.pk}/"

    assert staff_client.get(url).status_code == 200
    staff_client.post(url + "message/", {"body": "How many provinces are you present in?"})
    application.refresh_from_db()
    assert application.state == "review"
    assert "The secretariat has a question about Frente Popular Darío Santillán" in mails_to(
        outsider.email
    )

    applicant_client.post(url + "message/", {"body": "Eleven provinces."})
    assert [m.body for m in application.messages.all()] == [
        "How many provinces are you present in?",
        "Eleven provinces.",
    ]

    response = staff_client.post(
        url + "decide/",
        {"decision": "admit-sympathizing", "reason": "Agreed by the executive on 3 May."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "admitted"
    assert application.decided_by == secretariat
    organization = application.organization
    organization.refresh_from_db()
    assert organization.status == "sympathizing"
    assert (
        StatusChange.objects.get(organization=organization).reason
        == "Agreed by the executive on 3 May."
    )
    assert "A decision on the application of Frente Popular Darío Santillán" in mails_to(
        outsider.email
    )
    assert AuditEntry.objects.filter(action="application.decide", actor=secretariat).exists()
    # decided: the thread is closed and a second decision is refused
    staff_client.post(url + "decide/", {"decision": "reject", "reason": "Changed our minds."})
    application.refresh_from_db()
    assert application.state == "admitted"


def test_a_decision_without_a_reason_is_refused(points, applicant_client, staff_client) -> None:
    applicant_client.post("/directory/apply/", form_data(points))
    application = Application.objects.get()
    response = staff_client.post(
        f"/directory/applications/{application.pk}/decide/", {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.state == "submitted"


def test_an_applicant_cannot_decide_or_read_others_applications(
    points, applicant_client, member
) -> None:
    applicant_client.post("/directory/apply/", form_data(points))
    application = Application.objects.get()
    url = f"/directory/applications/{application.pk}/"
    assert (
        applicant_client.post(
            url + "decide/", {"decision": "admit-member", "reason": "me"}
        ).status_code
        == 403
    )
    stranger = Client()
    stranger.force_login(member)
    assert stranger.get(url).status_code == 404
    assert "Frente Popular" not in stranger.get("/directory/applications/").content.decode()


def test_the_secretariat_sees_every_application_and_the_contacts(
    points, applicant_client, staff_client
) -> None:
    applicant_client.post("/directory/apply/", form_data(points))
    assert "Frente Popular" in staff_client.get("/directory/applications/").content.decode()
    application = Application.objects.get()
    assert (
        "Signal: ask the secretariat"
        in staff_client.get(f"/directory/applications/{application.pk}/").content.decode()
    )


def test_anonymous_visitors_are_sent_to_the_public_application(points, client) -> None:
    response = client.get("/directory/apply/")
    assert response.status_code == 302
    assert response["Location"] == "/directory/join/"


def test_the_secretariat_writes_a_point_of_agreement_in_several_languages(
    staff_client, secretariat
) -> None:
    response = staff_client.post(
        "/directory/points/new/",
        {
            "position": "1",
            "text_en": "We defend the right to strike.",
            "text_ar": "ندافع عن حق الإضراب.",
        },
    )
    assert response.status_code == 302
    point = AgreementPoint.objects.get()
    assert point.texts == {"en": "We defend the right to strike.", "ar": "ندافع عن حق الإضراب."}
    assert (
        "ندافع عن حق الإضراب."
        in staff_client.get("/directory/points/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    )
    assert AuditEntry.objects.filter(action="agreement_point.create", actor=secretariat).exists()


def test_a_point_needs_its_english_text(staff_client) -> None:
    response = staff_client.post(
        "/directory/points/new/", {"position": "1", "text_es": "Sólo en castellano."}
    )
    assert response.status_code == 200
    assert not AgreementPoint.objects.exists()


def test_members_cannot_edit_points_of_agreement(member, client) -> None:
    client.force_login(member)
    assert client.get("/directory/points/").status_code == 403


def test_the_form_shows_the_criteria_page_in_the_readers_language(points, applicant_client) -> None:
    from internationale.web.models import SitePage

    SitePage.objects.create(slug="criteria", language="en", title="Who may join", body="**Any**")
    SitePage.objects.create(slug="criteria", language="es", title="Quién puede", body="Toda")
    english = applicant_client.get("/directory/apply/").content.decode()
    assert "Who may join" in english
    assert "<strong>Any</strong>" in english
    spanish = applicant_client.get("/directory/apply/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Quién puede" in spanish.content.decode()
    SitePage.objects.all().delete()
    assert "criteria" not in applicant_client.get("/directory/apply/").content.decode()
