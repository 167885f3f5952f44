"""Reading the site sets no cookie; only a page with a form sets the CSRF cookie."""

from __future__ import annotations

import pytest
from django.test import Client

from internationale.declarations.models import Declaration, DeclarationText


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="week-of-struggle", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Week", body="Act.", is_original=True
    )
    return declaration


@pytest.mark.parametrize(
    "url",
    ["/", "/about/", "/declarations/", "/declarations/week-of-struggle/signatories/",
     "/directory/", "/wire/", "/no-such-page/"],
)  # fmt: skip
def test_an_anonymous_reader_gets_no_cookie(declaration, url) -> None:
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code in (200, 404)
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_the_sign_form_sets_the_csrf_cookie_for_the_browser_session_only(declaration) -> None:
    response = Client().get("/declarations/week-of-struggle/")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    cookie = response.cookies["csrftoken"]
    assert cookie.value
    assert not cookie["max-age"]
    assert not cookie["expires"]


def test_the_language_switch_works_without_a_csrf_token(places) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fr"


def test_the_language_switch_sends_nowhere_outside_the_site(places) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
