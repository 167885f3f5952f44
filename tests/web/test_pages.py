from __future__ import annotations

import pytest
from django.test import Client

from internationale.accounts.models import AuditEntry
from internationale.web.models import SitePage


@pytest.fixture
def about_pages(db) -> None:
    SitePage.objects.create(slug="about", language="en", title="About us", body="We are **many**.")
    SitePage.objects.create(
        slug="about", language="es", title="Quiénes somos", body="Somos *muchos*."
    )


def test_the_home_page_lists_the_regions(places, client) -> None:
    body = client.get("/").content.decode()
    assert "Arab region and Maghreb" in body
    assert "Sub-Saharan Africa" in body


def test_the_about_page_is_shown_in_the_readers_language(about_pages, client) -> None:
    body = client.get("/about/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Quiénes somos" in body
    assert "<em>muchos</em>" in body


def test_the_about_page_falls_back_to_english_and_says_so(about_pages, client) -> None:
    body = client.get("/about/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "About us" in body
    assert 'lang="en"' in body
    assert "<strong>many</strong>" in body


def test_an_unwritten_about_page_has_an_empty_state(db, client) -> None:
    response = client.get("/about/")
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_the_secretariat_edits_the_about_page_and_it_is_audited(staff_client, secretariat) -> None:
    response = staff_client.post(
        "/staff/pages/about/ar/", {"title": "من نحن", "body": "نص **جديد**"}
    )
    assert response.status_code == 302
    page = SitePage.objects.get(slug="about", language="ar")
    assert page.body == "نص **جديد**"
    assert page.updated_by == secretariat
    assert AuditEntry.objects.filter(action="page.create", actor=secretariat).exists()


def test_script_in_the_about_page_is_neutralised(staff_client, client) -> None:
    staff_client.post(
        "/staff/pages/about/en/",
        {
            "title": "<script>alert(1)</script>",
            "body": "<script>alert(2)</script>\n\n[x](javascript:alert(3))",
        },
    )
    body = client.get("/about/").content.decode()
    assert "<script>alert" not in body
    assert 'href="javascript:' not in body
    assert "&lt;script&gt;alert(1)" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": ""}, "This field is required."),
        ({"title": "x" * 201, "body": "ok"}, "at most 200 characters"),
        ({"title": "ok", "body": "x" * 50_001}, "at most 50000 characters"),
        ({"title": "bad\x00title", "body": "ok"}, "Null characters are not allowed"),
        ({"title": "bell\x07", "body": "ok"}, "invisible control characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(
    staff_client, about_pages, data, message
) -> None:
    response = staff_client.post("/staff/pages/about/en/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SitePage.objects.get(slug="about", language="en").title == "About us"


def test_the_error_message_is_in_the_readers_language(staff_client, about_pages) -> None:
    staff_client.cookies["django_language"] = "es"
    response = staff_client.post("/staff/pages/about/en/", {"title": "", "body": ""})
    assert "Este campo es obligatorio." in response.content.decode()


def test_a_submission_of_the_same_page_twice_keeps_one_row(staff_client) -> None:
    for _ in range(2):
        staff_client.post("/staff/pages/about/pt/", {"title": "Quem somos", "body": "Texto"})
    assert SitePage.objects.filter(slug="about", language="pt").count() == 1


def test_an_unknown_language_or_page_is_a_404(staff_client) -> None:
    assert staff_client.get("/staff/pages/about/de/").status_code == 404
    assert staff_client.get("/staff/pages/secret/en/").status_code == 404


def test_the_not_found_page_uses_the_site_layout(db) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="skip-link"' in body
    assert "This page does not exist" in body


def test_the_forbidden_page_uses_the_site_layout(member) -> None:
    client = Client()
    client.force_login(member)
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "You may not see this page" in response.content.decode()


def test_the_server_error_page_renders_without_a_request_context(settings) -> None:
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    # English pinned: the language an earlier test's request left active stays active.
    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_every_page_has_landmarks_and_a_skip_link(places, client) -> None:
    body = client.get("/").content.decode()
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer", 'href="#main"'):
        assert landmark in body
    assert '<label for="language-select">' in body


def test_a_lost_database_answers_503_with_retry_after_not_500(rf) -> None:
    from django.db import OperationalError

    from internationale.web.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "cannot answer for a moment" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500
