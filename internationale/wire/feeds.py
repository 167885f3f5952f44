"""RSS 2.0 and Atom feeds of the wire, built with feedgen.

Ids are stable whatever happens to titles, addresses or the host name: an
entry's id is its report's ``urn:uuid``, a feed's a name-based UUID of what
it lists (``wire/country/BR``). Authors are bylines only: no address, ever.
"""

from __future__ import annotations

import html
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from feedgen.feed import FeedGenerator

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
    request: HttpRequest,
    fmt: str,
    *,
    key: str,
    title: str,
    page_url: str,
    reports: list[Report],
    language: str = "",
) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    absolute = request.build_absolute_uri
    self_url = absolute(request.path)
    generator = FeedGenerator()
    generator.load_extension("dc")  # RSS's <author> must be an address: bylines go in dc:creator
    generator.id(feed_id(key))
    generator.title(f"{settings.SITE_NAME} · {title}")
    generator.subtitle(_("Reports from the international's correspondents."))
    generator.link(href=absolute(page_url), rel="alternate")
    generator.link(href=self_url, rel="self")
    generator.language(language or (get_language() or "en").split("-")[0])
    generator.generator("Internationale")
    generator.author({"name": settings.SITE_NAME})
    newest = max((r.updated_at for r in reports), default=EPOCH)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for report in reversed(reports):  # feedgen prepends: add the oldest first
        entry = generator.add_entry()
        entry.id(f"urn:uuid:{report.uuid}")
        entry.guid(f"urn:uuid:{report.uuid}", permalink=False)
        entry.title(report.headline)
        entry.link(href=absolute(report.get_absolute_url()), rel="alternate")
        entry.published(report.published_at)
        entry.updated(max(report.updated_at, report.published_at or report.updated_at))
        entry.author({"name": report.byline or settings.SITE_NAME})
        entry.dc.dc_creator(report.byline or settings.SITE_NAME)
        # RSS readers read <description> as HTML, and the lede is text: escape it once more
        # than XML does. Set first, because content() then summary() keep it (feedgen).
        entry.description(html.escape(report.lede))
        entry.content(str(render_markdown(report.body)), type="html")
        entry.summary(report.lede)  # Atom's <summary type="text">: readers show it as text
        for row in report.listed_topics:
            entry.category(term=row.topic.slug, label=row.topic.local_name)
    body = generator.atom_str(pretty=False) if fmt == "atom" else generator.rss_str(pretty=False)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "public, max-age=300"
    return response


def wire_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    return _render(
        request,
        fmt,
        key="wire",
        title=_("News wire"),
        page_url=reverse("wire:home"),
        reports=queries.latest(queries.listing()),
    )


def appeals_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    # Each appeal once, through its original, as in the whole wire's feed.
    appeals = (
        queries.live()
        .filter(kind="appeal")
        .filter(queries.original_only())
        .order_by("-published_at", "-pk")
    )
    return _render(
        request,
        fmt,
        key="wire/appeals",
        title=_("Urgent appeals"),
        page_url=reverse("wire:home"),
        reports=queries.latest(appeals.values_list("pk", flat=True)),
    )


def country_feed(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    place = get_object_or_404(Country, code=code.upper())
    return _render(
        request,
        fmt,
        key=f"wire/country/{place.code}",
        title=place.local_name,
        page_url=reverse("wire:country", args=[place.code]),
        reports=queries.latest(queries.listing(country=place)),
    )


def region_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    place = get_object_or_404(Region, slug=slug)
    return _render(
        request,
        fmt,
        key=f"wire/region/{place.slug}",
        title=place.local_name,
        page_url=reverse("wire:region", args=[place.slug]),
        reports=queries.latest(queries.listing(region=place)),
    )


def topic_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    subject = get_object_or_404(Topic, slug=slug)
    return _render(
        request,
        fmt,
        key=f"wire/topic/{subject.slug}",
        title=subject.local_name,
        page_url=reverse("wire:topic", args=[subject.slug]),
        reports=queries.latest(queries.listing(topic=subject)),
    )


def language_feed(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    names = dict(settings.LANGUAGES)
    if code not in names:
        raise Http404
    return _render(
        request,
        fmt,
        key=f"wire/language/{code}",
        title=str(names[code]),
        page_url=reverse("wire:language", args=[code]),
        reports=queries.latest(queries.listing(language=code)),
        language=code,
    )
