"""A number posted in a form is ASCII digits or it is refused: never a 500, nothing stored.

``"²".isdigit()`` is true and ``int("²")`` raises; ``int("١٢")`` is 12. Each
place that reads a row's number from a form (the sign form's organization,
moderation's signature, the paste import's links) refuses such values with a
clear message or a 400/404.
"""

from __future__ import annotations

import pytest

from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.organizations.models import ListImport, Organization

BAD = [
    "²",
    "١٢",  # Arabic-Indic digits: int() reads them as 12
    "-1",
    "0",
    "1e3",
    "1.0",
    "99999999999999999999999",
    "9223372036854775808",  # one past the largest key
    " 1",
    "1 ",
    "0x10",
    "+1",
    "1_000",
]


@pytest.mark.parametrize("text", [*BAD, "", "abc"])
def test_parse_id_takes_only_a_rows_number_in_ascii_digits(text) -> None:
    from internationale.core.numbers import parse_id

    assert parse_id(text) is None


def test_parse_id_reads_a_rows_number() -> None:
    from internationale.core.numbers import parse_id

    assert [parse_id("1"), parse_id("42"), parse_id("9223372036854775807")] == [
        1, 42, 9223372036854775807
    ]  # fmt: skip


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="call", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="A call", body="Text.", is_original=True
    )
    return declaration


ORGANIZATION = {
    "kind": "organization",
    "name": "Sindicato de Prueba",
    "country": "BR",
    "representative": "Rosa",
    "email": "rosa@example.org",
}


@pytest.mark.parametrize("text", BAD)
def test_a_bad_organization_number_in_the_sign_form_gets_a_message_and_nothing_is_stored(
    declaration, client, organization, text
) -> None:
    response = client.post("/declarations/call/", {**ORGANIZATION, "organization": text})
    assert response.status_code == 400
    assert (
        "Choose one of the organizations shown." in response.content.decode()
        or "at most 20 characters" in response.content.decode()
    )
    assert not Signature.objects.exists()


@pytest.mark.parametrize("text", ["", "none"])
def test_the_sign_forms_own_organization_values_still_sign(declaration, client, text) -> None:
    response = client.post("/declarations/call/", {**ORGANIZATION, "organization": text})
    assert response.status_code in (200, 302)  # signed, or asked "is this you?"


def test_a_picked_organization_is_linked(declaration, client, organization) -> None:
    response = client.post(
        "/declarations/call/", {**ORGANIZATION, "organization": str(organization.pk)}
    )
    assert response.status_code == 302
    assert Signature.objects.get().organization == organization


@pytest.fixture
def signature(declaration) -> Signature:
    return Signature.objects.create(
        declaration=declaration, kind="person", name="Someone", email="s@example.org",
        state="confirmed", confirmed_at="2026-01-01T00:00:00Z",
    )  # fmt: skip


@pytest.mark.parametrize("text", [*BAD, ""])
def test_a_bad_signature_number_in_moderation_is_not_found_and_nothing_changes(
    staff_client, signature, text
) -> None:
    response = staff_client.post(
        "/declarations/call/staff/",
        {"signature": text, "action": "hide", "reason": "Spam."},
    )
    assert response.status_code == 404
    signature.refresh_from_db()
    assert signature.state == "confirmed"


def test_moderation_still_acts_on_a_signature_by_its_number(staff_client, signature) -> None:
    response = staff_client.post(
        "/declarations/call/staff/",
        {"signature": str(signature.pk), "action": "hide", "reason": "Spam."},
    )
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.state == "hidden"


def _preview(staff_client) -> tuple[str, int]:
    response = staff_client.post(
        "/directory/import/", {"text": "1. Brazil, MST - Movimento dos Trabalhadores Rurais"}
    )
    assert response.status_code == 302
    [row] = ListImport.objects.get().rows
    return response["Location"], row["line"]


@pytest.mark.parametrize("text", [*BAD, "12345"])  # 12345: a number no organization has
def test_a_bad_link_in_the_paste_import_marks_the_line_and_nothing_is_stored(
    staff_client, places, text
) -> None:
    url, line = _preview(staff_client)
    response = staff_client.post(url, {f"action-{line}": "link", f"link-{line}": text})
    assert response.status_code == 400
    assert Organization.objects.count() == 0
    assert ListImport.objects.get().state == ListImport.State.PREVIEW


def test_a_link_in_the_paste_import_to_an_organization_links_it(
    staff_client, places, organization
) -> None:
    url, line = _preview(staff_client)
    response = staff_client.post(
        url, {f"action-{line}": "link", f"link-{line}": str(organization.pk)}
    )
    assert response.status_code == 302
    batch = ListImport.objects.get()
    assert batch.result["organizations"] == {str(line): organization.pk}
    assert Organization.objects.count() == 1
