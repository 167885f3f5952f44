"""The public wire: home, pages per country, region, topic and language, reports, search, media."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from internationale.core.markdown import render_markdown
from internationale.core.media import serve_upload
from internationale.organizations.models import Country, Region
from internationale.wire import access, permissions, queries, search
from internationale.wire.forms import SearchForm
from internationale.wire.models import Topic


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
    item = access.report_for_reader(request, pk)
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


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = None
    if query:
        found = queries.search_page(
            query, language=form.cleaned_data["language"], number=request.GET.get("page")
        )
    return render(
        request,
        "wire/search.html",
        {
            "form": form,
            "query": query,
            "hits": found.hits if found else None,
            "page_obj": found.page_obj if found else None,
            "capped": found.capped if found else False,
            "window": search.RANKED_WINDOW,
        },
    )


def media(request: HttpRequest, name: str) -> FileResponse:
    """A report's uploaded file, served with its checked type; only once the report is public.

    Before publication only the report's author and its editors may fetch it.
    """
    item = access.media_for_reader(request, name)
    cache_control = "public, max-age=3600" if item.report.is_live() else "private"
    return serve_upload(item.file, item.content_type, cache_control)
