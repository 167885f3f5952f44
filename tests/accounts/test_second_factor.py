from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import enrol_totp

STAFF_PAGES = ["/staff/", "/staff/audit/", "/admin/", "/staff/pages/about/en/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_enrol(secretariat, path) -> None:
    client = Client()
    client.force_login(secretariat)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_with_a_second_factor_reach_staff_pages(staff_client, path) -> None:
    assert staff_client.get(path).status_code == 200


def test_an_editor_without_a_second_factor_cannot_even_browse(editor) -> None:
    client = Client()
    client.force_login(editor)
    assert client.get("/").status_code == 302


def test_a_member_needs_no_second_factor(member) -> None:
    client = Client()
    client.force_login(member)
    assert client.get("/").status_code == 200


def test_staff_can_still_reach_the_enrolment_page_and_log_out(secretariat) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": secretariat.email, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_logging_in_with_totp_enrolled_asks_for_the_code(secretariat) -> None:
    enrol_totp(secretariat)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": secretariat.email, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/staff/").status_code == 302  # not logged in until the code is given


def test_the_admin_refuses_a_logged_in_non_secretariat(member) -> None:
    client = Client()
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code in (200, 302)
    assert "site administration" not in client.get("/admin/", follow=True).content.decode().lower()
