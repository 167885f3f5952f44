"""The public wire: what readers see, in which order, and what it costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from internationale.organizations.models import Country
from internationale.wire import services
from tests.wire.conftest import BASE


def test_the_headline_is_written_country_colon_title_in_the_reports_language(
    file_report, publish, client
) -> None:
    report = publish(file_report())
    assert report.title == "Greve dos petroleiros chega ao décimo dia"
    page = client.get(f"/wire/report/{report.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    # The report is in Portuguese: the dateline is too, whatever the reader's language.
    assert "Brasil: Greve dos petroleiros chega ao décimo dia" in page


def test_a_headline_typed_with_its_country_is_refused_with_a_message(file_report) -> None:
    with translation.override("en"), pytest.raises(services.WireError, match="Leave the country"):
        file_report(title="Brasil: Greve dos petroleiros")
    with translation.override("fr"), pytest.raises(services.WireError) as refused:
        file_report(title="Brasil: Greve dos petroleiros")
    with translation.override("fr"):
        expected = gettext(
            "Leave the country out of the headline: the wire puts “%(country)s:” before it "
            "from the countries you chose."
        ) % {"country": "Brésil"}
    assert str(refused.value) == expected  # in the language of the person filing
    with pytest.raises(services.WireError):
        file_report(title="Brazil: oil strike")
    file_report(title="Petrobras: greve no décimo dia")  # not a country: fine


def test_the_home_shows_appeals_first_then_the_readers_language_then_regions(
    file_report, publish, carla, client
) -> None:
    spanish = publish(file_report(language="es", title="Paro docente en todo el país"))
    portuguese = publish(file_report(title="Ocupação de terra em Pernambuco"))
    appeal = publish(file_report(kind="appeal", title="Liberdade para o sindicalista detido"))
    body = client.get("/wire/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert body.index(appeal.title) < body.index(spanish.title) < body.index(portuguese.title)
    assert body.index('id="appeals-title"') < body.index('id="regions-title"')
    with translation.override("es"):
        assert gettext("Urgent appeals") in body


def test_an_appeal_stays_pinned_on_its_country_page_until_an_editor_lifts_it(
    file_report, publish, regional_editor, client
) -> None:
    appeal = publish(file_report(kind="appeal", title="Liberdade para Joana, presa em Recife"))
    for number in range(3):
        publish(file_report(title=f"Notícia número {number}"))
    body = client.get("/wire/country/BR/").content.decode()
    assert body.index(appeal.title) < body.index("Notícia número 2")
    assert 'class="appeals"' in body
    services.lift_appeal(by=regional_editor, report_id=appeal.pk, base_url=BASE)
    body = client.get("/wire/country/BR/").content.decode()
    assert 'class="appeals"' not in body
    assert appeal.title in body  # still published, in its place by date


def test_a_report_page_offers_its_other_languages(file_report, publish, regional_editor, client):
    original = publish(file_report())
    translation = services.start_translation(
        by=regional_editor,
        original_id=original.pk,
        language="en",
        title="Oil workers' strike reaches its tenth day",
        lede="Workers at twenty refineries keep up the stoppage.",
        body="The strike began on the 1st.",
    )
    body = client.get(f"/wire/report/{original.pk}/").content.decode()
    assert f"/wire/report/{translation.pk}/" not in body  # not published yet
    services.publish_report(by=regional_editor, report_id=translation.pk, base_url=BASE)
    body = client.get(f"/wire/report/{original.pk}/").content.decode()
    assert f'hreflang="en" href="/wire/report/{translation.pk}/"' in body
    body = client.get(f"/wire/report/{translation.pk}/").content.decode()
    assert "Translated from Portuguese." in body
    assert "Brazil: Oil workers" in body  # dateline in the translation's language


@pytest.mark.parametrize(
    "path",
    [
        "/wire/region/latin-america-caribbean/",
        "/wire/topic/strikes-and-labour/",
        "/wire/language/pt/",
    ],
)
def test_listing_pages_show_what_belongs_there(file_report, publish, topics, client, path) -> None:
    strikes = [t for t in topics if t.slug == "strikes-and-labour"]
    listed = publish(file_report(topics=strikes))
    elsewhere = publish(
        file_report(
            language="es",
            title="Otra noticia",
            topics=[],
            countries=[Country.objects.get(code="BR")],
        )
    )
    body = client.get(path).content.decode()
    assert listed.title in body
    if "topic" in path or "language" in path:
        assert elsewhere.title not in body


def test_long_listings_are_paginated(file_report, publish, client) -> None:
    for number in range(25):
        publish(file_report(title=f"Relato {number:02d}"))
    first = client.get("/wire/country/BR/").content.decode()
    second = client.get("/wire/country/BR/?page=2").content.decode()
    assert "Relato 24" in first
    assert "Relato 04" not in first
    assert "Relato 04" in second
    assert 'rel="next"' in first


@pytest.mark.parametrize(
    "path", ["/wire/", "/wire/country/AR/", "/wire/topic/health/", "/wire/search/?q=nothing"]
)
def test_empty_pages_say_so(places, topics, client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_unknown_places_are_not_found(places, topics, client) -> None:
    assert client.get("/wire/country/ZZ/").status_code == 404
    assert client.get("/wire/language/xx/").status_code == 404
    assert client.get("/wire/report/999999/").status_code == 404


def test_a_draft_is_not_public(file_report, client) -> None:
    assert client.get(f"/wire/report/{file_report().pk}/").status_code == 404


PAGES = [
    "/wire/",
    "/wire/country/BR/",
    "/wire/country/BR/?page=2",
    "/wire/region/latin-america-caribbean/",
    "/wire/topic/strikes-and-labour/",
    "/wire/language/pt/",
    "/wire/feed.atom",
    "/wire/country/BR/feed.rss",
    "/wire/appeals/feed.atom",
    "/wire/search/?q=greve",
    "/wire/report/{pk}/",
]


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def test_every_wire_page_runs_the_same_queries_at_any_size(file_report, publish, topics) -> None:
    from tests.wire.bulk import bulk_reports

    strikes = [t for t in topics if t.slug == "strikes-and-labour"]
    first = publish(file_report(topics=strikes))
    publish(file_report(kind="appeal", title="Liberdade para Joana", topics=strikes))
    bulk_reports(30)
    client = Client()
    small = {path: queries_for(client, path.format(pk=first.pk)) for path in PAGES}
    bulk_reports(1500)
    large = {path: queries_for(client, path.format(pk=first.pk)) for path in PAGES}
    assert large == small
    assert max(large.values()) <= 16, large


def test_a_translated_story_is_listed_once_in_the_readers_language(
    file_report, publish, regional_editor, client
) -> None:
    original = publish(file_report())
    english = services.start_translation(
        by=regional_editor,
        original_id=original.pk,
        language="en",
        title="Oil workers' strike reaches its tenth day",
        lede="Workers at twenty refineries keep up the stoppage.",
        body="The strike began on the 1st.",
    )
    services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    for language, shown, hidden in [("en", english, original), ("fr", original, english)]:
        for path in ("/wire/", "/wire/country/BR/", "/wire/region/latin-america-caribbean/"):
            body = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert body.count(f'href="/wire/report/{shown.pk}/"') == 1, (language, path)
            assert f'href="/wire/report/{hidden.pk}/"' not in body, (language, path)


def test_a_report_keeps_its_own_direction_on_a_page_in_another(
    file_report, publish, client
) -> None:
    """Spanish on an Arabic page reads left to right, Arabic on a French page right to left."""
    spanish = publish(file_report(language="es", title="Paro docente en todo el país"))
    arabic = publish(file_report(language="ar", title="إضراب عمال النفط يدخل يومه العاشر"))
    page = client.get(f"/wire/report/{spanish.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert '<h1 lang="es" dir="ltr">Brasil: Paro docente' in page
    assert '<div lang="es" dir="ltr">\n    <p class="lede">' in page
    page = client.get(f"/wire/report/{arabic.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1 lang="ar" dir="rtl">البرازيل: إضراب' in page
    home = client.get("/wire/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'class="wire-headline" lang="es" dir="ltr"' in home


def test_language_names_are_written_as_the_sentence_writes_them(client, places) -> None:
    assert (
        "Dernières nouvelles en français"
        in client.get("/wire/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    assert "Latest in English" in client.get("/wire/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_reports_markdown_is_rendered_and_sanitised(file_report, publish, client) -> None:
    report = publish(
        file_report(
            body="**Greve** <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
            "[panfleto](javascript:alert(3)) e [site](https://example.org/)\n\n"
            "- um\n- dois"
        )
    )
    body = client.get(f"/wire/report/{report.pk}/").content.decode()
    prose = body[body.index('<div class="prose">') :]
    prose = prose[: prose.index("</div>")]
    assert "<strong>Greve</strong>" in prose
    assert "<li>um</li>" in prose
    assert "<script" not in prose
    assert "<img" not in prose
    assert 'href="javascript' not in prose  # left as text, not a link
    assert 'href="https://example.org/"' in prose
