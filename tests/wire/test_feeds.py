"""RSS and Atom feeds: valid against the formats, with ids that never change."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from django.test import Client
from lxml import etree

from internationale.organizations.models import Country
from internationale.wire import services
from internationale.wire.models import Media
from tests.wire.conftest import data, logged_in
from tests.wire.test_media import geotagged_jpeg, mp3_with_tags, upload

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))

FEEDS = [
    "/wire/feed",
    "/wire/appeals/feed",
    "/wire/country/BR/feed",
    "/wire/region/latin-america-caribbean/feed",
    "/wire/topic/strikes-and-labour/feed",
    "/wire/language/pt/feed",
]


@pytest.fixture
def wire(file_report, publish, topics):
    strikes = [t for t in topics if t.slug == "strikes-and-labour"]
    report = publish(file_report(topics=strikes, body="Texto com <b>marcação</b> & **negrito**."))
    appeal = publish(file_report(kind="appeal", title="Liberdade para Joana", topics=strikes))
    return report, appeal


def check_atom(xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    assert SCHEMA.validate(document), SCHEMA.error_log
    # RFC 4287 4.1.1: a feed without an author needs one in every entry.
    feed_authors = document.findall(f"{ATOM}author")
    for entry in document.findall(f"{ATOM}entry"):
        assert feed_authors or entry.findall(f"{ATOM}author")
        # 4.1.2: an entry without content needs a link rel="alternate".
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert links or entry.find(f"{ATOM}content") is not None
    # 4.1.1: no two entries share an id.
    ids = [entry.findtext(f"{ATOM}id") for entry in document.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang")
    return document


def check_rss(xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    assert document.tag == "rss"
    assert document.get("version") == "2.0"
    channel = document.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        guid = item.find("guid")
        assert guid is not None
        assert guid.get("isPermaLink") == "false"
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822 dates
    return document


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_is_valid_atom_and_rss(wire, client, path) -> None:
    atom = client.get(path + ".atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    check_atom(atom.content)
    rss = client.get(path + ".rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    check_rss(rss.content)
    for body in (atom.content, rss.content):
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.entries


def test_an_empty_feed_is_still_valid(places, topics, client) -> None:
    check_atom(client.get("/wire/country/AR/feed.atom").content)
    check_rss(client.get("/wire/country/AR/feed.rss").content)


def test_entry_and_feed_ids_stay_the_same_when_the_report_changes(
    wire, client, regional_editor
) -> None:
    report, _ = wire
    before = check_atom(client.get("/wire/country/BR/feed.atom").content)
    services.update_report(
        by=regional_editor, report_id=report.pk, data=data(title="Greve chega ao 11º dia")
    )
    after = check_atom(client.get("/wire/country/BR/feed.atom").content)
    assert before.findtext(f"{ATOM}id") == after.findtext(f"{ATOM}id")
    ids = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in after.iter(f"{ATOM}entry")}
    assert ids[f"urn:uuid:{report.uuid}"] == "Brasil: Greve chega ao 11º dia"


def test_each_feed_lists_only_its_own_reports(wire, file_report, publish, client) -> None:
    report, appeal = wire
    elsewhere = publish(
        file_report(
            language="es", title="Paro en Montevideo", countries=[Country.objects.get(code="BR")]
        )
    )
    appeals = feedparser.parse(client.get("/wire/appeals/feed.atom").content)
    assert [e.id for e in appeals.entries] == [f"urn:uuid:{appeal.uuid}"]
    portuguese = feedparser.parse(client.get("/wire/language/pt/feed.atom").content)
    assert f"urn:uuid:{elsewhere.uuid}" not in {e.id for e in portuguese.entries}
    everything = feedparser.parse(client.get("/wire/feed.atom").content)
    assert {e.id for e in everything.entries} >= {f"urn:uuid:{r.uuid}" for r in (report, elsewhere)}


def test_feeds_give_bylines_never_addresses_and_sanitised_html(wire, client) -> None:
    body = client.get("/wire/feed.atom").content.decode()
    assert "Ana Terra" in body
    assert "carla.correspondent@example.org" not in body
    entry = next(
        e for e in feedparser.parse(body.encode()).entries if e.id == f"urn:uuid:{wire[0].uuid}"
    )
    html = entry.content[0].value
    assert "<b>" not in html  # the correspondent's raw HTML is text, not markup
    assert "<strong>negrito</strong>" in html


HOSTILE_LEDE = "Greve <script>alert(1)</script> e <img src=x onerror=alert(2)> & mais."


def test_the_rss_description_carries_the_lede_as_text_not_markup(file_report, publish, client):
    """RSS readers read <description> as HTML: the lede must not become elements there."""
    publish(file_report(lede=HOSTILE_LEDE))
    rss = check_rss(client.get("/wire/country/BR/feed.rss").content)
    description = rss.findtext("channel/item/description")
    assert description is not None
    # What a reader does with it: parse it as HTML. Only text comes out, the lede's own.
    fragment = lxml.html.fragment_fromstring(description, create_parent="div")
    assert [element.tag for element in fragment.iter()] == ["div"]
    assert fragment.text_content() == HOSTILE_LEDE
    parsed = feedparser.parse(client.get("/wire/country/BR/feed.rss").content)
    assert "<script" not in parsed.entries[0].summary
    assert "<img" not in parsed.entries[0].summary
    # Atom already says type="text": the summary is the lede itself, escaped once by XML.
    atom = check_atom(client.get("/wire/country/BR/feed.atom").content)
    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None
    assert summary.get("type", "text") == "text"
    assert summary.text == HOSTILE_LEDE


# --- when a feed changed, where it leads, what it carries -----------------------------------


def test_a_feed_is_as_new_as_its_newest_entry(file_report, publish, client) -> None:
    """Publishing does not change a report's text; the feed must still say it changed."""
    publish(file_report())
    publish(file_report(title="Refinaria de Paulínia para"))
    atom = check_atom(client.get("/wire/country/BR/feed.atom").content)
    entries = [
        datetime.fromisoformat(e.findtext(f"{ATOM}updated") or "")
        for e in atom.findall(f"{ATOM}entry")
    ]
    assert datetime.fromisoformat(atom.findtext(f"{ATOM}updated") or "") == max(entries)
    rss = check_rss(client.get("/wire/country/BR/feed.rss").content)
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in rss.findall("channel/item")]
    built = parsedate_to_datetime(rss.findtext("channel/lastBuildDate"))
    assert built >= max(dates)


def test_an_empty_feed_says_the_same_time_every_time(places, topics, client) -> None:
    first = check_atom(client.get("/wire/country/AR/feed.atom").content)
    second = check_atom(client.get("/wire/country/AR/feed.atom").content)
    assert first.findtext(f"{ATOM}updated") == second.findtext(f"{ATOM}updated")
    rss = [check_rss(client.get("/wire/country/AR/feed.rss").content) for _ in range(2)]
    assert rss[0].findtext("channel/lastBuildDate") == rss[1].findtext("channel/lastBuildDate")


@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_links_to_the_page_it_mirrors_and_to_itself(wire, client, path) -> None:
    page = {
        "/wire/feed": "/wire/",
        "/wire/appeals/feed": "/wire/",
        "/wire/country/BR/feed": "/wire/country/BR/",
        "/wire/region/latin-america-caribbean/feed": "/wire/region/latin-america-caribbean/",
        "/wire/topic/strikes-and-labour/feed": "/wire/topic/strikes-and-labour/",
        "/wire/language/pt/feed": "/wire/language/pt/",
    }[path]
    rss = check_rss(client.get(path + ".rss").content)
    assert rss.findtext("channel/link") == "http://testserver" + page
    assert rss.find(f"channel/{ATOM}link[@rel='self']").get("href") == (
        f"http://testserver{path}.rss"
    )
    assert client.get(page).status_code == 200
    atom = check_atom(client.get(path + ".atom").content)
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver" + page,
        "self": f"http://testserver{path}.atom",
    }


def enclosures(client, path: str) -> tuple[list[etree._Element], list[list[etree._Element]]]:
    """Each RSS item's enclosures and each Atom entry's links rel="enclosure", oldest first."""
    rss = check_rss(client.get(path + ".rss").content)
    atom = check_atom(client.get(path + ".atom").content)
    items = [item.findall("enclosure") for item in reversed(rss.findall("channel/item"))]
    assert all(len(found) <= 1 for found in items)  # RSS 2.0 allows one
    entries = [
        entry.findall(f"{ATOM}link[@rel='enclosure']")
        for entry in reversed(atom.findall(f"{ATOM}entry"))
    ]
    return [found[0] if found else None for found in items], entries


def test_feeds_carry_the_published_photos_and_recordings_as_enclosures(
    file_report, publish, carla, regional_editor, settings, tmp_path
) -> None:
    """Real uploads through the desk: the feed gives their absolute address, the size and
    type of the cleaned file stored, and only for files anyone may fetch."""
    settings.MEDIA_ROOT = tmp_path
    correspondent = logged_in(carla)
    report = file_report()
    photo = upload(correspondent, report, "IMG_1.jpg", geotagged_jpeg(), description="A picket")
    recording = upload(correspondent, report, "voice.mp3", mp3_with_tags())
    settings.WIRE_MEDIA_HOSTS = ["media.example.org"]
    link = correspondent.post(
        f"/wire/desk/{report.pk}/media/",
        {"link": "https://media.example.org/v/1", "link_kind": "video", "caption": "Ato"},
    )
    draft = file_report(title="Rascunho com foto")
    unpublished = upload(correspondent, draft, "draft.jpg", geotagged_jpeg(), description="Not yet")
    assert [r.status_code for r in (photo, recording, link, unpublished)] == [302] * 4
    publish(report)
    translation = services.start_translation(
        by=regional_editor,
        original_id=report.pk,
        language="es",
        title="Huelga de petroleros",
        lede="Trabajadores de veinte refinerías.",
        body="La huelga empezó el día 1.",
    )
    publish(translation)
    files = list(Media.objects.filter(report=report).exclude(file="").order_by("position"))
    assert [m.kind for m in files] == ["image", "audio"]

    anonymous = Client()
    lead, entries = enclosures(anonymous, "/wire/country/BR/feed")
    more_lead, more_entries = enclosures(anonymous, "/wire/language/es/feed")
    lead, entries = lead + more_lead, entries + more_entries
    assert len(lead) == len(entries) == 2  # the report and its translation, not the draft
    for rss_enclosure, atom_links in zip(lead, entries, strict=True):
        # RSS: the lead photo. Atom: every file, in the report's order; never the link.
        assert rss_enclosure is not None
        assert rss_enclosure.get("url") == f"http://testserver/wire/media/{files[0].name}"
        assert [link.get("href") for link in atom_links] == [
            f"http://testserver/wire/media/{m.name}" for m in files
        ]
        for element, attribute, media in [
            (rss_enclosure, "url", files[0]),
            *[(link, "href", m) for link, m in zip(atom_links, files, strict=True)],
        ]:
            stored = Path(media.file.path).stat().st_size
            assert int(element.get("length")) == stored == media.size
            assert element.get("type") == media.content_type
            served = anonymous.get(element.get(attribute).removeprefix("http://testserver"))
            assert served.status_code == 200
            assert served["Content-Type"] == element.get("type")
            assert len(served.getvalue()) == stored
    for fmt, count in (("atom", 2), ("rss", 1)):
        parsed = feedparser.parse(anonymous.get(f"/wire/country/BR/feed.{fmt}").content)
        assert not parsed.bozo, parsed.bozo_exception
        assert [len(e.enclosures) for e in parsed.entries] == [count]
    assert {m.name for m in Media.objects.filter(report=draft)}.isdisjoint(
        client_names(anonymous, "/wire/feed.atom")
    )

    # Taken off the wire, its files leave the feeds with it.
    services.unpublish_report(
        by=regional_editor, report_id=report.pk, reason="Erro", base_url="http://testserver/"
    )
    assert client_names(anonymous, "/wire/feed.atom") == set()
    assert b"enclosure" not in anonymous.get("/wire/feed.rss").content


def client_names(client, path: str) -> set[str]:
    """The file names of every enclosure a feed lists."""
    body = etree.fromstring(client.get(path).content)
    return {
        link.get("href").rsplit("/", 1)[-1]
        for link in body.iter(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    }
