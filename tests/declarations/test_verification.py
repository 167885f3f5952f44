"""An organization signs as itself from the directory; its representative confirms it signed."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from internationale.accounts.models import AuditEntry
from internationale.declarations import queries
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations, moderation, signing
from internationale.mail.models import OutboxMessage

ORGANIZATION = {
    "kind": "organization",
    "name": "Movimento Trabalhadores Rurais Sem Terra",  # "dos" missing: close, not the same
    "acronym": "",
    "country": "BR",
    "representative": "João Pedro",
    "email": "secretaria@mst.example.org",
}


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="land", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Land to those who work it",
        body="Agrarian reform now.", is_original=True,
    )  # fmt: skip
    return declaration


def confirm(client: Client, email: str) -> None:
    confirmations.send_due_confirmations()  # what the worker does first
    message = OutboxMessage.objects.filter(to=[email]).latest("id")
    path = re.search(r"http://testserver(/declarations/confirm/[^/\s]+/)", message.body)
    assert path, "no confirmation link"
    assert client.post(path.group(1)).status_code == 302


def test_a_close_name_is_offered_from_the_directory_before_anything_is_stored(
    declaration, client, organization
) -> None:
    response = client.post("/declarations/land/", ORGANIZATION)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Is your organization one of these" in body
    assert f'value="{organization.pk}"' in body
    assert 'value="João Pedro"' in body  # what was typed is kept
    assert not Signature.objects.exists()
    response = client.post("/declarations/land/", {**ORGANIZATION, "organization": organization.pk})
    assert response.status_code == 302
    assert Signature.objects.get().organization == organization


def test_an_organization_not_in_the_directory_says_so_and_is_not_linked(
    declaration, client, organization
) -> None:
    client.post("/declarations/land/", {**ORGANIZATION, "organization": "none"})
    assert Signature.objects.get().organization is None


def test_the_exact_name_links_without_asking(declaration, client, organization) -> None:
    exact = {**ORGANIZATION, "name": "movimento dos trabalhadores rurais sem terra"}
    assert client.post("/declarations/land/", exact).status_code == 302
    assert Signature.objects.get().organization == organization


def test_a_made_up_choice_is_refused_with_a_message(declaration, client, organization) -> None:
    response = client.post("/declarations/land/", {**ORGANIZATION, "organization": "1; DROP"})
    assert response.status_code == 400
    assert "Choose one of the organizations shown" in response.content.decode()


def test_the_representative_is_asked_and_confirms_the_signature(
    declaration, client, organization, representative
) -> None:
    client.post("/declarations/land/", {**ORGANIZATION, "organization": organization.pk})
    confirm(client, ORGANIZATION["email"])
    asked = OutboxMessage.objects.get(to=[representative.email])
    assert organization.name in asked.subject
    assert "http://testserver/declarations/verify/" in asked.body
    own = Client()
    own.force_login(representative)
    page = own.get("/declarations/verify/").content.decode()
    assert "Land to those who work it" in page
    signature = Signature.objects.get()
    own.post("/declarations/verify/", {"signature": signature.pk, "answer": "yes"})
    signature.refresh_from_db()
    assert (signature.verified, signature.verified_by) == (True, representative)
    assert AuditEntry.objects.filter(action="signature.verified").exists()
    assert "Nothing waits for your answer" in own.get("/declarations/verify/").content.decode()
    groups = queries.signatories_page(Declaration.objects.get(pk=declaration.pk), "en", 1)
    assert [entry.verified for group in groups for entry in group.entries] == [True]


def test_a_denied_signature_stops_showing_and_waits_for_the_secretariat(
    declaration, client, organization, representative
) -> None:
    client.post("/declarations/land/", {**ORGANIZATION, "organization": organization.pk})
    confirm(client, ORGANIZATION["email"])
    own = Client()
    own.force_login(representative)
    signature = Signature.objects.get()
    own.post(
        "/declarations/verify/",
        {"signature": signature.pk, "answer": "no", "reason": "We never signed this."},
    )
    signature.refresh_from_db()
    assert (signature.needs_moderation, signature.verified) == (True, False)
    assert "denied" in signature.flagged
    assert queries.counts(Declaration.objects.get(pk=declaration.pk)).organizations == 0


def test_nobody_else_answers_for_the_organization(
    declaration, client, organization, representative, member
) -> None:
    client.post("/declarations/land/", {**ORGANIZATION, "organization": organization.pk})
    confirm(client, ORGANIZATION["email"])
    other = Client()
    other.force_login(member)
    signature = Signature.objects.get()
    assert (
        other.post(
            "/declarations/verify/", {"signature": signature.pk, "answer": "yes"}
        ).status_code
        == 404
    )
    signature.refresh_from_db()
    assert not signature.verified


def test_the_secretariat_links_a_signature_and_verifies_only_a_linked_one(
    declaration, staff_client, organization, representative, secretariat
) -> None:
    result = signing.sign_declaration(
        declaration=declaration,
        data=signing.SignatureData(kind="organization", name="Sem Terra", email="st@example.org",
                                    representative="R", match_directory=False),
        base_url="http://testserver/",
    )  # fmt: skip
    signing.confirm_signature(token=confirmations.confirmation_token(result.signature))
    with pytest.raises(signing.SignatureError):
        moderation.moderate_signature(by=secretariat, signature_id=result.signature.pk,
                                    action="verify", reason="Phoned them.")  # fmt: skip
    staff_client.post(
        "/declarations/land/staff/",
        {"signature": result.signature.pk, "action": "link", "organization": organization.pk},
    )
    result.signature.refresh_from_db()
    assert result.signature.organization == organization
    assert OutboxMessage.objects.filter(to=[representative.email]).exists()
    staff_client.post(
        "/declarations/land/staff/",
        {"signature": result.signature.pk, "action": "verify", "reason": "Phoned them."},
    )
    result.signature.refresh_from_db()
    assert result.signature.verified
