"""What a signer meets from the mailed link on: a page that names what they confirm, then the
declaration with their signature, ways to share it and their withdrawal link instead of the
form; and the list and the form, readable without hovering or tabbing into a trap."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from internationale.declarations import access
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations
from internationale.mail.models import OutboxMessage
from internationale.organizations.services import OrganizationData, create_organization

PAGE = "/declarations/week-of-struggle/"
PERSON = {
    "kind": "person",
    "name": "Ana Souza (Unidade Popular)",
    "country": "BR",
    "email": "ana@example.org",
    "show_name": "on",
}


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="week-of-struggle", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="For a week of anti-imperialist struggle",
        body="We call on **everyone** to act.", is_original=True,
    )  # fmt: skip
    DeclarationText.objects.create(
        declaration=declaration, language="ar", title="من أجل أسبوع نضال",
        body="ندعو الجميع.", translated_from_version=1,
    )  # fmt: skip
    return declaration


def link(email: str, kind: str) -> str:
    confirmations.send_due_confirmations()  # what the worker does first
    message = OutboxMessage.objects.filter(to=[email]).latest("id")
    found = re.search(rf"http://testserver(/declarations/{kind}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def signed(client: Client, form: dict[str, str] = PERSON) -> str:
    """Sign with ``form``; the confirmation link of its mail."""
    assert client.post(PAGE, form).status_code == 302
    return link(form["email"], "confirm")


def text(html: str) -> str:
    """The page's words, without its tags."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_confirmation_page_names_the_declaration_and_the_signer(declaration, client) -> None:
    page = client.get(signed(client)).content.decode()
    assert "<bdi>Ana Souza (Unidade Popular)</bdi>" in page
    assert ">For a week of anti-imperialist struggle</bdi>" in page
    assert "appears on the list of signatories" in text(page)
    assert "ana@example.org" not in page
    assert Signature.objects.get().state == "pending"  # a mail scanner's GET confirms nothing


def test_the_confirmation_page_speaks_the_readers_language_and_isolates_the_names(
    declaration, client
) -> None:
    confirm = signed(client)
    page = client.get(confirm, headers={"accept-language": "ar"}).content.decode()
    assert '<bdi lang="ar" dir="auto">من أجل أسبوع نضال</bdi>' in page
    assert "<bdi>Ana Souza (Unidade Popular)</bdi>" in page


def test_an_organization_is_named_with_its_acronym_and_representative(declaration, client) -> None:
    form = {
        "kind": "organization", "name": "Central Única", "acronym": "CU", "country": "BR",
        "representative": "João Pedro", "email": "cu@example.org", "organization": "none",
    }  # fmt: skip
    page = client.get(signed(client, form)).content.decode()
    assert "<bdi>CU \N{EN DASH} Central Única</bdi>" in page
    assert "<bdi>João Pedro</bdi>" in page


def test_someone_only_counted_is_told_their_name_will_not_show(declaration, client) -> None:
    page = client.get(signed(client, {**PERSON, "show_name": ""})).content.decode()
    assert "your name is not shown on the list" in text(page)


def test_the_withdrawal_page_names_them_too(declaration, client) -> None:
    client.post(signed(client))
    page = client.get(link("ana@example.org", "withdraw")).content.decode()
    assert "Withdraw your signature" in page
    assert "<bdi>Ana Souza (Unidade Popular)</bdi>" in page
    assert ">For a week of anti-imperialist struggle</bdi>" in page


def test_a_bad_link_says_so_before_any_button_is_pressed(declaration, client) -> None:
    forged = signed(client)[:-6] + "xxxxx/"
    response = client.get(forged)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert "Ana Souza" not in response.content.decode()


def test_after_confirming_the_page_shows_the_signature_not_the_form(declaration, client) -> None:
    response = client.post(signed(client), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    page = response.content.decode()
    assert "Thank you: your signature is confirmed." in page
    assert 'name="email"' not in page  # no form again
    assert "Your signature" in page
    assert "<bdi>Ana Souza (Unidade Popular)</bdi>" in page
    withdraw = re.search(r'href="(/declarations/withdraw/[^"]+/)"', page)
    assert withdraw
    assert withdraw.group(1) == link("ana@example.org", "withdraw")
    assert "ana@example.org" not in page
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_share_panel_gives_the_address_to_copy_and_plain_links_only(
    declaration, client
) -> None:
    client.post(signed(client))
    page = client.get(PAGE).content.decode()
    assert re.search(
        r'<input type="url" id="share-url" value="http://testserver/declarations/'
        r'week-of-struggle/" readonly',
        page,
    )
    assert '<label for="share-url">' in page
    assert re.search(r'<button type="button"[^>]* data-copy="share-url"[^>]* hidden>', page)
    assert 'href="mailto:?subject=' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert "/static/declarations/share.js" in scripts
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert not re.search(r"<(iframe|img|link|embed|object)[^>]+(https?:)?//", page)


def test_the_browser_is_told_by_a_signed_cookie_that_holds_only_the_signatures_number(
    declaration, client
) -> None:
    response = client.post(signed(client))
    cookie = response.cookies[access.OWN_COOKIE]
    assert cookie["path"] == PAGE  # sent to this declaration's pages only
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == access.OWN_MAX_AGE
    assert cookie.value.split(":")[0] == str(Signature.objects.get().pk)
    assert "ana" not in cookie.value.lower()


def test_a_fresh_visit_shows_the_form(declaration, client) -> None:
    client.post(signed(client))
    for visitor in (Client(), Client(headers={"cookie": f"{access.OWN_COOKIE}=1:forged:xyz"})):
        page = visitor.get(PAGE).content.decode()
        assert 'name="email"' in page
        assert "Your signature" not in page


def test_the_signature_of_another_declaration_shows_the_form(declaration, client) -> None:
    other = Declaration.objects.create(slug="other", state="open")
    DeclarationText.objects.create(
        declaration=other, language="en", title="Other", body="Other.", is_original=True
    )
    client.post(signed(client))
    value = client.cookies[access.OWN_COOKIE].value
    visitor = Client()
    visitor.cookies[access.OWN_COOKIE] = value  # sent, though its path is the other page's
    assert 'name="email"' in visitor.get("/declarations/other/").content.decode()


def test_after_withdrawing_the_form_is_back(declaration, client) -> None:
    client.post(signed(client))
    kept = client.cookies[access.OWN_COOKIE].value
    response = client.post(link("ana@example.org", "withdraw"))
    assert response.cookies[access.OWN_COOKIE]["max-age"] == 0  # forgotten
    assert Signature.objects.get().state == "withdrawn"
    visitor = Client()
    visitor.cookies[access.OWN_COOKIE] = kept  # a copy kept from before: no longer counts
    assert 'name="email"' in visitor.get(PAGE).content.decode()


def test_a_signature_waiting_for_the_secretariat_says_so(declaration, client) -> None:
    client.post(signed(client, {**PERSON, "website": "http://spam.example"}))
    page = client.get(PAGE).content.decode()
    assert "once the secretariat has looked at it" in page


def test_the_verified_mark_is_explained_on_the_page_not_on_hover(
    declaration, client, brazil
) -> None:
    organization = create_organization(
        by=None, data=OrganizationData(name="Levante Popular da Juventude", country=brazil)
    )
    Signature.objects.create(
        declaration=declaration, kind="organization", name="Levante Popular da Juventude",
        sort_name="levante popular da juventude", country=brazil, organization=organization,
        state="confirmed", confirmed_at=timezone.now(), verified=True, email=None, imported=True,
    )  # fmt: skip
    Declaration.objects.filter(pk=declaration.pk).update(list_changed_at=timezone.now())
    page = client.get(PAGE + "signatories/").content.decode()
    assert "title=" not in page.split("<main")[1]  # nothing said only on hover
    legend = re.search(r'<p class="legend" id="verified-legend">(.*?)</p>', page, re.S)
    assert legend
    assert "Verified: the organization itself confirmed that it signed" in legend[1]
    entry = re.search(r"Levante Popular da Juventude</bdi>(.*?)</li>", page, re.S)
    assert entry
    assert '<span aria-hidden="true">✓</span>' in entry[1]
    assert '<span class="visually-hidden">verified</span>' in entry[1]


def test_the_honeypot_is_out_of_the_tab_order_and_hidden_from_assistive_technology(
    declaration, client
) -> None:
    page = client.get(PAGE).content.decode()
    honeypot = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>', page, re.S)
    assert honeypot
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", honeypot[1])
    assert field
    assert 'tabindex="-1"' in field[0]
    assert 'autocomplete="off"' in field[0]
    # Still there for bots to fill: a filled one is flagged (test_signing's honeypot test).
    client.post(PAGE, {**PERSON, "website": "http://spam.example"})
    assert Signature.objects.get().flagged == "honeypot"
