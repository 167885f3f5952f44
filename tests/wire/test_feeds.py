"""RSS and Atom feeds: valid against the formats, with ids that never change."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from internationale.organizations.models import Country
from internationale.wire import services
from tests.wire.conftest import data

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
