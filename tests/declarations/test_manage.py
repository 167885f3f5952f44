"""The secretariat writes a declaration, translates it, opens and closes it."""

from __future__ import annotations

import pytest

from internationale.accounts.models import AuditEntry
from internationale.declarations.models import Declaration, DeclarationText

NEW = {
    "slug": "no-to-the-blockade",
    "state": "draft",
    "signers": "both",
    "opens_at": "",
    "closes_at": "",
    "language": "es",
    "title": "No al bloqueo",
    "body": "Exigimos el fin del **bloqueo**.",
}


@pytest.fixture
def written(staff_client, places) -> Declaration:
    response = staff_client.post("/declarations/manage/new/", NEW)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Declaration.objects.get(slug="no-to-the-blockade")


def settings_of(declaration: Declaration, **changes: str) -> dict[str, str]:
    values = {"slug": declaration.slug, "state": declaration.state,
              "signers": declaration.signers, "opens_at": "", "closes_at": ""}  # fmt: skip
    return {**values, **changes}


def test_a_new_declaration_is_a_draft_nobody_else_sees(written, staff_client, client) -> None:
    assert written.state == "draft"
    original = DeclarationText.objects.get(declaration=written)
    assert (original.language, original.is_original, original.version) == ("es", True, 1)
    assert client.get("/declarations/no-to-the-blockade/").status_code == 404
    assert "No al bloqueo" in staff_client.get("/declarations/manage/").content.decode()
    assert AuditEntry.objects.filter(action="declaration.create").count() == 1


def test_opening_it_publishes_it_and_closing_it_stops_signatures_at_once(
    written, staff_client, client, django_capture_on_commit_callbacks
) -> None:
    manage = "/declarations/no-to-the-blockade/manage/"
    staff_client.post(manage, settings_of(written, state="open"))
    page = client.get("/declarations/no-to-the-blockade/", HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200
    assert "No al bloqueo" in page.content.decode()
    signer = {"kind": "person", "name": "Ana", "show_name": "on"}
    taken = client.post("/declarations/no-to-the-blockade/", {**signer, "email": "a@example.org"})
    assert taken.status_code == 302  # and the process now keeps the open declaration
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(manage, settings_of(written, state="closed"))
    refused = client.post("/declarations/no-to-the-blockade/", {**signer, "email": "b@example.org"})
    assert refused.status_code == 400
    assert AuditEntry.objects.filter(action="declaration.update").count() == 2


def test_editing_the_original_makes_its_translations_outdated_until_they_are_saved(
    written, staff_client
) -> None:
    text_page = "/declarations/no-to-the-blockade/manage/text/"
    staff_client.post(text_page + "en/", {"title": "No to the blockade", "body": "We demand."})
    english = DeclarationText.objects.get(declaration=written, language="en")
    assert (english.is_original, english.translated_from_version) == (False, 1)
    staff_client.post(text_page + "es/", {"title": "No al bloqueo", "body": "Exigimos ya."})
    overview = staff_client.get("/declarations/no-to-the-blockade/manage/").content.decode()
    assert "translation, outdated" in overview
    assert "Bring it up to date" in staff_client.get(text_page + "en/").content.decode()
    staff_client.post(text_page + "en/", {"title": "No to the blockade", "body": "We demand now."})
    overview = staff_client.get("/declarations/no-to-the-blockade/manage/").content.decode()
    assert "translation, outdated" not in overview
    assert "translation, up to date" in overview


def test_another_language_can_become_the_original(written, staff_client) -> None:
    staff_client.post(
        "/declarations/no-to-the-blockade/manage/text/fr/",
        {"title": "Non au blocus", "body": "Nous exigeons.", "original": "on"},
    )
    texts = {t.language: t for t in DeclarationText.objects.filter(declaration=written)}
    assert texts["fr"].is_original
    assert not texts["es"].is_original
    assert texts["es"].translated_from_version == texts["es"].version


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "manage"}, "kept for the site"),
        ({"slug": "not a slug!"}, "Enter a valid"),
        ({"opens_at": "2027-03-08T10:00", "closes_at": "2027-03-01T10:00"}, "closes after"),
        ({"title": ""}, "This field is required."),
        ({"title": "bell\x07"}, "invisible control characters"),
        ({"body": "x" * 100_001}, "at most 100000 characters"),
    ],
)
def test_bad_settings_get_a_clear_message_and_keep_what_was_typed(
    staff_client, places, change, message
) -> None:
    response = staff_client.post("/declarations/manage/new/", {**NEW, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    typed = {**NEW, **change}
    assert typed["body"][:200] in body  # nothing typed is lost
    assert typed["slug"] in body
    assert not Declaration.objects.exists()


def test_an_address_already_taken_is_refused(written, staff_client) -> None:
    response = staff_client.post("/declarations/manage/new/", {**NEW, "title": "Otra"})
    assert response.status_code == 400
    assert "already has this address" in response.content.decode()
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/declarations/manage/",
        "/declarations/manage/new/",
        "/declarations/no-to-the-blockade/manage/",
        "/declarations/no-to-the-blockade/manage/text/en/",
    ],
)
def test_only_the_secretariat_writes_declarations(written, client, member, path) -> None:
    assert client.get(path).status_code == 302  # to the log-in page
    client.force_login(member)
    assert client.get(path).status_code == 403


def test_the_secretariats_pages_name_the_declaration_by_its_title_in_the_readers_language(
    written, staff_client
) -> None:
    staff_client.post("/declarations/no-to-the-blockade/manage/text/en/",
                      {"title": "No to the <blockade>", "body": "We demand."})  # fmt: skip
    for page in ("/declarations/no-to-the-blockade/manage/",
                 "/declarations/no-to-the-blockade/staff/"):  # fmt: skip
        english = staff_client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<bdi lang="en" dir="auto">No to the &lt;blockade&gt;</bdi>' in english
        assert "<title>" in english
        assert "No to the &lt;blockade&gt;" in english.split("<title>")[1].split("</title>")[0]
        french = staff_client.get(page, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert '<bdi lang="es" dir="auto">No al bloqueo</bdi>' in french  # the original
