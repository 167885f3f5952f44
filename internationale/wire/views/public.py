"""The public wire: home, pages per country, region, topic and language, reports, search, media."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from internationale.core.markdown import render_markdown
from internationale.core.media import serve_upload
from internationale.organizations.models import Country, Region
from internationale.wire import permissions, queries, search
from internationale.wire.forms import SearchForm
from internationale.wire.models import Media, Report, Topic

SEARCH_PAGE_SIZE = 20


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _feeds(name: str, args: list[str], title: str) -> dict[str, str]:
    return {
        "atom": reverse(name, args=args),
        "rss": reverse(f"{name}_rss", args=args),
        "title": title,
    }


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "wire/home.html",
        {
            "home": queries.home(_language()),
            "search_form": SearchForm(),
            "feeds": _feeds("wire:feed", [], _("News wire")),
            "appeal_feeds": _feeds("wire:appeals_feed", [], _("Urgent appeals")),
            "topics": Topic.objects.order_by("position"),
            "wire_languages": settings.LANGUAGES,
        },
    )


def _listing_page(
    request: HttpRequest,
    *,
    title: str,
    ids: Any,
    feed: str,
    feed_args: list[str],
    **extra: object,
) -> HttpResponse:
    return render(
        request,
        "wire/listing.html",
        {
            "title": title,
            "page_obj": queries.page_of(ids, request.GET.get("page"), language=_language()),
            "feeds": _feeds(feed, feed_args, title),
            **extra,
        },
    )


def country(request: HttpRequest, code: str) -> HttpResponse:
    place = get_object_or_404(Country.objects.select_related("region"), code=code.upper())
    return _listing_page(
        request,
        title=place.local_name,
        ids=queries.listing(country=place),
        feed="wire:country_feed",
        feed_args=[place.code],
        appeals=queries.pinned_appeals(country=place, language=_language()),
        region=place.region,
    )


def region(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Region, slug=slug)
    return _listing_page(
        request,
        title=place.local_name,
        ids=queries.listing(region=place),
        feed="wire:region_feed",
        feed_args=[place.slug],
    )


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    subject = get_object_or_404(Topic, slug=slug)
    return _listing_page(
        request,
        title=subject.local_name,
        ids=queries.listing(topic=subject),
        feed="wire:topic_feed",
        feed_args=[subject.slug],
    )


def language(request: HttpRequest, code: str) -> HttpResponse:
    names = dict(settings.LANGUAGES)
    if code not in names:
        raise Http404
    return _listing_page(
        request,
        title=str(names[code]),
        ids=queries.listing(language=code),
        feed="wire:language_feed",
        feed_args=[code],
        listing_language=code,
    )


def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.report_detail(pk)
    if item is None:
        raise Http404
    if not item.is_live() and not permissions.can_view_on_desk(request.user, item):
        raise Http404
    original = item.translation_of
    return render(
        request,
        "wire/report.html",
        {
            "report": item,
            "body": render_markdown(item.body),
            "media": queries.media_of(item),
            "versions": queries.versions(item),
            "original": original,
            "outdated": original is not None
            and (item.translated_from_version or 0) < original.version,
            "preview": not item.is_live(),
            "can_edit": permissions.can_edit(request.user, item),
            "share_url": request.build_absolute_uri(),
        },
    )


class _Counted:
    """Lets the paginator page through search results it did not count itself."""

    def __init__(self, total: int) -> None:
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: slice) -> list[None]:
        return []


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    written_in = form.cleaned_data["language"] if form.is_valid() else ""
    page_obj: Page[Any] | None = None
    hits = None
    capped = False
    if query:
        pages = search.RANKED_WINDOW // SEARCH_PAGE_SIZE
        number = request.GET.get("page") or 1
        try:
            number = max(1, min(int(number), pages))
        except ValueError:
            number = 1
        results = search.search(
            query,
            language=written_in,
            limit=SEARCH_PAGE_SIZE,
            offset=(number - 1) * SEARCH_PAGE_SIZE,
        )
        capped = results.capped
        page_obj = Paginator(
            _Counted(min(results.total, search.RANKED_WINDOW)),  # type: ignore[arg-type]
            SEARCH_PAGE_SIZE,
        ).get_page(number)
        found = queries.with_places(
            Report.objects.filter(pk__in=[hit.report_id for hit in results.hits])
        ).in_bulk()
        hits = [(hit, found[hit.report_id]) for hit in results.hits if hit.report_id in found]
    return render(
        request,
        "wire/search.html",
        {
            "form": form,
            "query": query,
            "hits": hits,
            "page_obj": page_obj,
            "capped": capped,
            "window": search.RANKED_WINDOW,
        },
    )


def media(request: HttpRequest, name: str) -> FileResponse:
    """A report's uploaded file, served with its checked type; only once the report is public.

    Before publication only the report's author and its editors may fetch it.
    """
    item = get_object_or_404(
        Media.objects.select_related("report").prefetch_related("report__region_rows"),
        file=f"wire/{name}",
    )
    if not item.report.is_live() and not permissions.can_view_on_desk(request.user, item.report):
        raise Http404
    cache_control = "public, max-age=3600" if item.report.is_live() else "private"
    return serve_upload(item.file, item.content_type, cache_control)
