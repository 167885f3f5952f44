"""An organization's page: what it is, in the reader's language, what it signed; no empty part."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations
from internationale.mail.models import OutboxMessage
from internationale.organizations.models import Organization
from internationale.organizations.services import change_status, set_description
from internationale.web.organization_page import website_link
from internationale.wire import services as wire
from tests.wire.conftest import BASE, data


@pytest.fixture
def wire_report(correspondent, regional_editor, organization):
    """File a report naming the organization; published unless ``draft``."""
    wire.save_correspondent(user=correspondent, pen_name="Ana Terra", public_name="", byline="pen")

    def make(title: str, *, draft: bool = False, **fields: object):
        report = wire.create_report(
            by=correspondent, data=data(title=title, organizations=[organization], **fields)
        )
        if not draft:
            wire.submit_report(by=correspondent, report_id=report.pk, base_url=BASE)
            report = wire.publish_report(by=regional_editor, report_id=report.pk, base_url=BASE)
        return report

    return make


def page(client: Client, organization: Organization, language: str = "en") -> str:
    response = client.get(f"/directory/{organization.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def declaration(slug: str, title: str, *, state: str = "open", language: str = "en") -> Declaration:
    made = Declaration.objects.create(slug=slug, state=state)
    DeclarationText.objects.create(
        declaration=made, language=language, title=title, body="Text.", is_original=True
    )
    return made


def signed(made: Declaration, organization: Organization, n: int, **fields: object) -> Signature:
    signature = Signature.of_organization(
        made,
        organization,
        email=f"signer{n}@example.org",
        **{"state": Signature.State.CONFIRMED, "confirmed_at": timezone.now(), **fields},
    )
    signature.save()
    return signature


def test_a_bare_entry_shows_no_empty_section(client, organization) -> None:
    body = page(client, organization)
    for absent in ('id="about-org"', 'id="signed"', 'id="history"', "Website", "—", "Region"):
        assert absent not in body
    assert organization.name in body


def test_a_full_entry_shows_each_section(client, organization) -> None:
    organization.website = "https://mst.org.br/"
    organization.founded = 1984
    organization.save()
    set_description(by=None, organization_id=organization.pk, language="en", text="A movement.")
    change_status(by=None, organization_id=organization.pk, status="member",
                  effective_on=date(2020, 5, 1))  # fmt: skip
    signed(declaration("land", "Land to those who work it"), organization, 1)
    body = page(client, organization)
    assert "A movement." in body
    assert 'href="https://mst.org.br/" rel="noopener noreferrer nofollow ugc"' in body
    assert "1984" in body
    assert '<time datetime="2020-05-01">' in body
    assert "signatory only → member" in body
    assert '<a href="/declarations/land/" dir="auto">Land to those who work it</a>' in body


def test_a_description_in_another_language_is_marked_with_its_language(client, organization):
    set_description(
        by=None, organization_id=organization.pk, language="pt", text="Movimento.", original=True
    )
    set_description(by=None, organization_id=organization.pk, language="ar", text="حركة.")
    assert '<p lang="ar" dir="auto" class="description">حركة.</p>' in page(
        client, organization, "ar"
    )
    french = page(client, organization, "fr")
    assert '<p lang="pt" dir="auto" class="description">Movimento.</p>' in french
    assert 'role="note"' in french  # the reader is told it is not in their language


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://mst.org.br/",
     "//mst.org.br/", "https://", " javascript:alert(1)"],
)  # fmt: skip
def test_a_website_that_is_not_http_is_not_linked(client, organization, address) -> None:
    Organization.objects.filter(pk=organization.pk).update(website=address)
    assert website_link(address) == ""
    body = page(client, organization)
    assert "Website" not in body
    assert "alert(1)" not in body


def test_an_http_website_is_linked() -> None:
    assert website_link("http://example.org/a?b=c") == "http://example.org/a?b=c"
    assert website_link("HTTPS://example.org") == "HTTPS://example.org"


def test_only_public_confirmed_signatures_are_listed(client, organization) -> None:
    shown = declaration("shown", "Shown declaration")
    signed(shown, organization, 1)
    signed(shown, organization, 2)  # signed twice: listed once
    signed(declaration("draft", "Draft declaration", state="draft"), organization, 3)
    signed(declaration("pending", "Pending signature"), organization, 4, state="pending",
           confirmed_at=None)  # fmt: skip
    signed(declaration("hidden", "Hidden signature"), organization, 5, state="hidden")
    signed(declaration("withdrawn", "Withdrawn signature"), organization, 6, state="withdrawn")
    signed(declaration("waiting", "Waiting for moderation"), organization, 7,
           needs_moderation=True)  # fmt: skip
    body = page(client, organization)
    assert body.count("Shown declaration") == 1
    for hidden in ("Draft", "Pending", "Hidden signature", "Withdrawn", "Waiting"):
        assert hidden not in body


def test_a_title_in_another_language_is_marked_with_its_language(client, organization) -> None:
    signed(declaration("tierra", "Tierra para quien la trabaja", language="es"), organization, 1)
    body = page(client, organization, "en")
    assert 'lang="es" dir="auto">Tierra para quien la trabaja</a>' in body


def test_a_signature_confirmed_by_mail_appears_on_the_page(client, organization) -> None:
    declaration("land", "Land to those who work it")
    response = client.post(
        "/declarations/land/",
        {"kind": "organization", "name": organization.name, "acronym": "", "country": "BR",
         "representative": "João Pedro", "email": "secretaria@mst.example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Land to those who work it" not in page(client, organization)  # not yet confirmed
    confirmations.send_due_confirmations()
    message = OutboxMessage.objects.filter(to=["secretaria@mst.example.org"]).latest("id")
    link = re.search(r"http://testserver(/declarations/confirm/[^/\s]+/)", message.body)
    assert link
    client.post(link.group(1))
    body = page(client, organization)
    assert "Land to those who work it" in body
    assert "secretaria@mst.example.org" not in body


def test_the_page_costs_the_same_few_queries_however_much_it_shows(
    client, organization, wire_report, django_assert_max_num_queries
) -> None:
    for n in range(5):
        set_description(by=None, organization_id=organization.pk, language=["en", "es", "pt",
                        "fr", "ar"][n], text=f"Text {n}.", original=n == 0)  # fmt: skip
        change_status(by=None, organization_id=organization.pk,
                      status=["member", "observer"][n % 2])  # fmt: skip
        signed(declaration(f"d{n}", f"Declaration {n}"), organization, n)
        wire_report(f"Greve número {n}")  # fmt: skip
    # Five for the entry and its signatures, three for its reports (rows, translations, places).
    with django_assert_max_num_queries(8):
        body = page(client, organization)
    assert body.count('class="wire-item"') == 5


def test_the_reports_naming_it_are_listed_in_the_readers_language(
    client, organization, wire_report, regional_editor
) -> None:
    assert 'id="wire-reports"' not in page(client, organization)
    original = wire_report("Ocupação chega ao décimo dia")
    wire_report("Rascunho secreto", draft=True)
    gone = wire_report("Retirada da rede")
    wire.unpublish_report(by=regional_editor, report_id=gone.pk, reason="Unsafe.", base_url=BASE)
    translation = wire.start_translation(
        by=regional_editor, original_id=original.pk, language="en",
        title="Occupation reaches its tenth day", lede="Families.", body="Text.",
    )  # fmt: skip
    wire.publish_report(by=regional_editor, report_id=translation.pk, base_url=BASE)
    english, portuguese = page(client, organization), page(client, organization, "pt")
    assert "Reports on the news wire" in english
    assert f'<a href="/wire/report/{translation.pk}/">Brazil: Occupation reaches its tenth day' in (
        english
    )
    assert f'<a href="/wire/report/{original.pk}/">Brasil: Ocupação chega ao décimo dia' in (
        portuguese
    )
    assert "Ana Terra" in english
    assert "carla" not in english
    for body in (english, portuguese):
        assert "Rascunho secreto" not in body
        assert "Retirada da rede" not in body


def test_an_unknown_organization_is_not_found(client, places) -> None:
    assert client.get("/directory/999999/").status_code == 404
