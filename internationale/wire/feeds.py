"""RSS 2.0 and Atom feeds of the wire, built with feedgen.

Ids are stable whatever happens to titles, addresses or the host name: an
entry's id is its report's ``urn:uuid``, a feed's a name-based UUID of what
it lists (``wire/country/BR``). Authors are bylines only: no address, ever.
An entry's enclosures are the uploaded files anyone may fetch, with the size
and type of the cleaned file stored (``queries.public_files``).
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml.etree import SubElement

from internationale.core.markdown import render_markdown
from internationale.organizations.models import Country, Region
from internationale.wire import queries
from internationale.wire.models import Report, Topic

#: The namespace of the feeds' name-based ids. Never change it: readers key on the ids.
FEED_NAMESPACE = uuid.UUID("6f1c2b7e-3d4a-5e8f-9a0b-1c2d3e4f5a6b")
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
#: When a feed has no entry yet, its "updated" time (Atom requires one).
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def feed_id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}"


def _render(
    request: HttpRequest, fmt: str, selection: Selection, reports: list[Report]
) -> HttpResponse:
    absolute = request.build_absolute_uri
    generator = FeedGenerator()
    generator.load_extension("dc")  # RSS's <author> must be an address: bylines go in dc:creator
    generator.id(feed_id(selection.key))
    generator.title(f"{settings.SITE_NAME} · {selection.title}")
    generator.subtitle(_("Reports from the international's correspondents."))
    # feedgen gives RSS's channel <link> its last link: the page, set after the feed itself.
    generator.link(href=absolute(request.path), rel="self")
    generator.link(href=absolute(selection.page_url), rel="alternate")
    generator.language(selection.language or (get_language() or "en").split("-")[0])
    generator.generator("Internationale")
    generator.author({"name": settings.SITE_NAME})
    newest = max((_updated(r) for r in reports), default=EPOCH)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    generator.register_extension("files", BaseExtension, Enclosures)
    files = queries.public_files(reports)
    for report in reversed(reports):  # feedgen prepends: add the oldest first
        entry = _add_entry(generator, report, absolute(report.get_absolute_url()))
        entry.files.media = [
            (absolute(reverse("wire:media", args=[m.name])), m.size, m.content_type)
            for m in files[report.pk]
        ]
    body = generator.atom_str(pretty=False) if fmt == "atom" else generator.rss_str(pretty=False)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "public, max-age=300"
    return response


class Enclosures(BaseEntryExtension):  # type: ignore[misc]
    """An entry's uploaded files: Atom links rel="enclosure", RSS's one <enclosure>.

    Written here because feedgen 1.0's own ``enclosure`` loses the links' rel, type
    and length in Atom (``FeedEntry.atom_entry`` reads them from the new element).
    """

    def __init__(self) -> None:
        #: (absolute URL, bytes, MIME type) of each file, the lead one first.
        self.media: list[tuple[str, int, str]] = []

    def extend_atom(self, entry: Any) -> Any:
        for url, length, mime in self.media:
            SubElement(entry, "link", rel="enclosure", href=url, type=mime, length=str(length))
        return entry

    def extend_rss(self, item: Any) -> Any:
        for url, length, mime in self.media[:1]:  # RSS 2.0 allows one per item: the lead
            SubElement(item, "enclosure", url=url, length=str(length), type=mime)
        return item


def _updated(report: Report) -> datetime:
    """When a report last changed for a reader: edited, or (later) put on the wire."""
    return max(report.updated_at, report.published_at or report.updated_at)


def _add_entry(generator: FeedGenerator, report: Report, url: str) -> FeedEntry:
    entry = generator.add_entry()
    entry.id(f"urn:uuid:{report.uuid}")
    entry.guid(f"urn:uuid:{report.uuid}", permalink=False)
    entry.title(report.headline)
    entry.link(href=url, rel="alternate")
    entry.published(report.published_at)
    entry.updated(_updated(report))
    entry.author({"name": report.byline or settings.SITE_NAME})
    entry.dc.dc_creator(report.byline or settings.SITE_NAME)
    # RSS readers read <description> as HTML, and the lede is text: escape it once more
    # than XML does. Set first, because content() then summary() keep it (feedgen).
    entry.description(html.escape(report.lede))
    entry.content(str(render_markdown(report.body)), type="html")
    entry.summary(report.lede)  # Atom's <summary type="text">: readers show it as text
    for row in report.listed_topics:
        entry.category(term=row.topic.slug, label=row.topic.local_name)
    return entry


@dataclass(frozen=True)
class Selection:
    """What one feed lists: its id's key, its title, the page it mirrors, its reports' ids."""

    key: str
    title: str
    page_url: str
    ids: QuerySet[Any, int]
    language: str = ""


def _selection(kind: str, key: str) -> Selection:
    """The reports of the feed of ``kind`` (``key``: a country code, a slug or a language)."""
    match kind:
        case "wire":
            return Selection("wire", _("News wire"), reverse("wire:home"), queries.listing())
        case "appeals":
            return Selection(
                "wire/appeals", _("Urgent appeals"), reverse("wire:home"), queries.appeals()
            )
        case "country":
            country = get_object_or_404(Country, code=key.upper())
            return Selection(
                f"wire/country/{country.code}",
                country.local_name,
                reverse("wire:country", args=[country.code]),
                queries.listing(country=country),
            )
        case "region":
            region = get_object_or_404(Region, slug=key)
            return Selection(
                f"wire/region/{region.slug}",
                region.local_name,
                reverse("wire:region", args=[region.slug]),
                queries.listing(region=region),
            )
        case "topic":
            topic = get_object_or_404(Topic, slug=key)
            return Selection(
                f"wire/topic/{topic.slug}",
                topic.local_name,
                reverse("wire:topic", args=[topic.slug]),
                queries.listing(topic=topic),
            )
        case "language" if key in dict(settings.LANGUAGES):
            return Selection(
                f"wire/language/{key}",
                str(dict(settings.LANGUAGES)[key]),
                reverse("wire:language", args=[key]),
                queries.listing(language=key),
                language=key,
            )
    raise Http404


def feed(request: HttpRequest, kind: str, fmt: str, code: str = "", slug: str = "") -> HttpResponse:
    """The Atom or RSS feed of the wire, its appeals, or one country, region, topic, language.

    ``code`` (a country's or a language's) or ``slug`` (a region's or a topic's) is the key.
    """
    if fmt not in CONTENT_TYPES:
        raise Http404
    selection = _selection(kind, code or slug)
    return _render(request, fmt, selection, queries.latest(selection.ids))
