"""Pen names and who may know the person behind them; who may do what on the desk."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from internationale.wire import permissions, services
from internationale.wire.models import Correspondent
from tests.wire.conftest import BASE, logged_in

PEOPLE = [
    "secretariat", "editor", "regional_editor", "europe_editor", "language_editor",
    "carla", "member", "outsider", "anonymous",
]  # fmt: skip


@pytest.fixture
def submitted(file_report, carla):
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    return report


@pytest.mark.parametrize("person", PEOPLE)
def test_the_real_identity_is_shown_only_to_the_secretariat_and_the_regional_editors(
    request, submitted, person
) -> None:
    allowed = {"secretariat", "editor", "regional_editor"}
    if person == "anonymous":
        return
    user = request.getfixturevalue(person)
    if person not in (*allowed, "carla"):
        # Not this report's editors: the desk page does not exist for them.
        assert logged_in(user).get(f"/wire/desk/{submitted.pk}/").status_code == 404
        return
    body = logged_in(user).get(f"/wire/desk/{submitted.pk}/").content.decode()
    assert "Ana Terra" in body
    shows = "carla.correspondent@example.org" in body
    assert shows is (person in allowed), person


def test_a_language_editor_working_on_a_report_sees_the_pen_name_only(
    file_report, carla, language_editor
) -> None:
    report = file_report(language="ar", title="إضراب", lede="مقدمة", body="نص")
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    body = logged_in(language_editor).get(f"/wire/desk/{report.pk}/").content.decode()
    assert "Ana Terra" in body
    assert "carla.correspondent" not in body
    assert "Editor&#x27;s steps" in body or "Editor's steps" in body


def test_public_pages_and_feeds_never_show_the_account(file_report, publish, client) -> None:
    report = publish(file_report())
    for path in (f"/wire/report/{report.pk}/", "/wire/", "/wire/feed.atom", "/wire/feed.rss"):
        body = client.get(path).content.decode()
        assert "Ana Terra" in body
        assert "carla.correspondent" not in body
        assert "Carla" not in body


def test_pen_names_are_unique_whatever_the_case(carla, outsider) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Correspondent.objects.create(user=outsider, pen_name="ana terra")


def test_a_correspondent_may_sign_with_a_name_of_their_choosing(file_report, carla) -> None:
    services.save_correspondent(user=carla, pen_name="", public_name="Carla M.", byline="name")
    assert file_report().byline == "Carla M."


def test_the_byline_form_needs_the_name_it_will_use(carla) -> None:
    client = logged_in(carla)
    response = client.post("/wire/mine/byline/", {"byline": "name", "pen_name": "x"})
    assert response.status_code == 400
    assert "Please give the name to sign with." in response.content.decode()


# person -> may they publish the Brazilian report?
PUBLISH = {
    "secretariat": True,
    "editor": True,
    "regional_editor": True,
    "europe_editor": False,
    "language_editor": False,  # Arabic only; the report is in Portuguese
    "carla": False,
    "member": False,
    "outsider": False,
    "anonymous": False,
}


@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_edit_and_publish_a_report(request, submitted, person) -> None:
    user = AnonymousUser() if person == "anonymous" else request.getfixturevalue(person)
    submitted.refresh_from_db()
    assert permissions.can_edit(user, submitted) is PUBLISH[person]
    assert permissions.can_view_on_desk(user, submitted) is (PUBLISH[person] or person == "carla")
