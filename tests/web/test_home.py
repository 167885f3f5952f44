"""The home page: what is open to sign, the latest news, the regions and where they lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from internationale.congresses.models import Congress
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import signing
from internationale.organizations.models import Country, Organization, Region
from internationale.wire import services as wire_services
from internationale.wire.models import Report
from tests.wire.conftest import data

BASE = "http://testserver/"


@pytest.fixture
def published(correspondent, regional_editor) -> Callable[..., Report]:
    """A report through the desk to the wire: filed, submitted, published."""
    wire_services.save_correspondent(
        user=correspondent, pen_name="Ana Terra", public_name="", byline="pen"
    )

    def make(**overrides: Any) -> Report:
        report = wire_services.create_report(by=correspondent, data=data(**overrides))
        wire_services.submit_report(by=correspondent, report_id=report.pk, base_url=BASE)
        return wire_services.publish_report(by=regional_editor, report_id=report.pk, base_url=BASE)

    return make


def open_declaration(slug: str, title: str, **fields: object) -> Declaration:
    declaration = Declaration.objects.create(slug=slug, state="open", **fields)
    DeclarationText.objects.create(
        declaration=declaration, language="en", title=title, body="Act.", is_original=True
    )
    return declaration


def confirmed_signature(declaration: Declaration, name: str, kind: str = "organization") -> None:
    Signature.objects.create(
        declaration=declaration, kind=kind, name=name, sort_name=Signature.sort_key(name),
        email=f"{abs(hash(name))}@example.org", country=Country.objects.get(code="BR"),
        state="confirmed", confirmed_at=timezone.now(),
    )  # fmt: skip
    signing.mark_list_changed(declaration.pk)


def test_a_declaration_open_for_signing_is_on_the_home_page_with_its_counts(places, client) -> None:
    call = open_declaration("stop-the-war", "Stop the war")
    confirmed_signature(call, "Union of Dockers")
    confirmed_signature(call, "Ana Lima", kind="person")
    open_declaration("later", "Not yet", opens_at=timezone.now() + timedelta(days=1))
    Declaration.objects.create(slug="closed", state="closed")
    Declaration.objects.create(slug="draft", state="draft")
    body = client.get("/").content.decode()
    assert 'href="/declarations/stop-the-war/"' in body
    assert "1 organization · 1 person" in body
    for hidden in ("Not yet", "/declarations/closed/", "/declarations/draft/"):
        assert hidden not in body


def test_with_nothing_open_the_home_page_says_so(places, client) -> None:
    body = client.get("/").content.decode()
    assert "No declaration is open for signing at the moment." in body
    assert "No report has been published yet." in body


def test_the_latest_news_and_the_urgent_appeals_are_on_the_home_page(
    places, client, published, regional_editor
) -> None:
    news = published(title="Greve dos petroleiros")
    appeal = published(kind="appeal", title="Liberdade para o sindicalista detido")
    body = client.get("/").content.decode()
    assert f'href="/wire/report/{news.pk}/"' in body
    assert body.index("Urgent appeals") < body.index(appeal.title) < body.index(news.title)
    assert body.count(appeal.title) == 1  # an appeal is not listed again among the news
    wire_services.lift_appeal(by=regional_editor, report_id=appeal.pk, base_url=BASE)
    assert "Urgent appeals" not in client.get("/").content.decode()


def test_each_region_leads_to_its_part_of_the_directory_and_of_the_wire(places, client) -> None:
    body = client.get("/").content.decode()
    for region in Region.objects.all():
        assert f'href="/directory/?region={region.slug}"' in body
        assert f'href="/wire/region/{region.slug}/"' in body
        assert client.get(f"/directory/?region={region.slug}").status_code == 200
        assert client.get(f"/wire/region/{region.slug}/").status_code == 200


def test_a_region_of_networks_counts_its_organizations_not_zero_countries(places, client) -> None:
    international = Region.objects.filter(countries__isnull=True).first()
    assert international is not None, "the reference places have a region of networks"
    Organization.objects.create(name="World Network", region=international, status="member")
    Organization.objects.create(name="Signatory", region=international, status="none")
    body = client.get("/").content.decode()
    assert ">0 countries and territories" not in body
    assert "1 organization in the international" in body


def test_the_congress_shows_only_when_one_is_coming_or_under_way(places, client) -> None:
    assert 'id="congress-title"' not in client.get("/").content.decode()
    Congress.objects.create(title="Old congress", slug="old", opens_on=date(2001, 1, 1))
    assert "Old congress" not in client.get("/").content.decode()
    Congress.objects.create(
        title="Fifth World Congress", slug="fifth", opens_on=timezone.localdate() + timedelta(3)
    )
    assert "Fifth World Congress" in client.get("/").content.decode()


def test_no_card_on_the_home_page_is_without_a_link(places, client) -> None:
    import re

    body = client.get("/").content.decode()
    cards = re.findall(r'<li class="card">(.*?)</li>', body, re.S)
    assert cards
    assert all("<a href=" in card for card in cards)


def test_an_anonymous_visitor_is_offered_to_apply(places, client, outsider) -> None:
    assert 'href="/directory/join/"' in client.get("/").content.decode()
    client.force_login(outsider)
    assert 'href="/directory/join/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("many", [1, 8])
def test_the_home_page_reads_the_same_few_queries_at_any_size(
    places, published, django_assert_max_num_queries, many
) -> None:
    for n in range(many):
        call = open_declaration(f"call-{n}", f"Call {n}")
        confirmed_signature(call, f"Union {n}")
        published(title=f"Notícia {n}")
    published(kind="appeal", title="Apelo")
    Congress.objects.create(title="Congress", slug="c", opens_on=timezone.localdate())
    client = Client()
    # Twelve reads, and two per declaration shown (at most four) while its counts are cold.
    with django_assert_max_num_queries(12 + 2 * 4):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(12):  # the counts are kept until the list changes
        assert client.get("/").status_code == 200


def test_about_leads_to_the_application_in_every_language(places, client) -> None:
    from django.conf import settings

    from internationale.web.demo import load_pages

    load_pages()
    for language, _name in settings.LANGUAGES:
        client.cookies["django_language"] = language
        body = client.get("/about/").content.decode()
        assert f'<html lang="{language}"' in body
        # The demo's "How to join" links there, and so does the page itself.
        assert body.count('href="/directory/join/"') == 2, language
