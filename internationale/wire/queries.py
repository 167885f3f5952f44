"""Reads of the wire, each with its joins built in: a page runs the same queries at any size.

Lists are read from the listing rows (country, region, topic), whose copy
of ``published_at`` is indexed with the place, so a page is one index range
scan for its ids and one query for the reports themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from internationale.accounts.models import Role
from internationale.organizations.models import Country, Region
from internationale.wire import permissions, search
from internationale.wire.models import (
    WAITING,
    Media,
    Report,
    ReportCountry,
    ReportOrganization,
    ReportRegion,
    ReportTopic,
    State,
    Topic,
)

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50
FEED_SIZE = 50
HOME_LATEST = 8
HOME_PER_REGION = 4
PINNED_LIMIT = 10
SEARCH_PAGE_SIZE = 20


def with_places(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Reports with their countries (dateline first): what a headline needs."""
    return reports.prefetch_related(
        Prefetch(
            "places",
            queryset=ReportCountry.objects.select_related("country").order_by("position"),
            to_attr="place_list",  # read through Report.listed_places
        )
    )


def with_topics(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Reports with their topics (``Report.listed_topics``)."""
    return reports.prefetch_related(
        Prefetch("topic_rows", ReportTopic.objects.select_related("topic"), to_attr="topic_list")
    )


def with_organizations(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Reports with the organizations they name (``Report.listed_organizations``)."""
    rows = ReportOrganization.objects.select_related("organization").order_by("position")
    return reports.prefetch_related(
        Prefetch("organization_rows", rows, to_attr="organization_list")
    )


def live(now: datetime | None = None) -> QuerySet[Report]:
    return Report.objects.filter(published_at__lte=now or timezone.now())


def _in_order(ids: list[int], language: str = "") -> list[Report]:
    """The reports with these ids, in this order, with their places.

    With ``language``, a report that has a live translation in it is replaced
    by that translation: the reader sees each story once, in their language
    when it exists. Three queries at most.
    """
    if not ids:
        return []
    found = with_places(Report.objects.filter(pk__in=ids)).in_bulk()
    if language:
        for translation in with_places(live().filter(translation_of_id__in=ids, language=language)):
            found[translation.original_id] = translation
    return [found[i] for i in ids if i in found]


def pinned_appeal_ids(*, country: Country | None = None, now: datetime | None = None) -> list[int]:
    """Urgent appeals an editor has not lifted, newest first (of one country, if given).

    Only originals are pinned (a constraint); ``_in_order`` swaps in the
    reader's translation.
    """
    appeals = live(now).filter(pinned=True)
    if country is not None:
        appeals = appeals.filter(places__country=country)
    return list(
        appeals.order_by("-published_at", "-pk").values_list("pk", flat=True)[:PINNED_LIMIT]
    )


def pinned_appeals(
    *, country: Country | None = None, language: str = "", now: datetime | None = None
) -> list[Report]:
    """The pinned appeals, each in the reader's ``language`` where it is translated."""
    return _in_order(pinned_appeal_ids(country=country, now=now), language)


# --- the wire's home --------------------------------------------------------------------


@dataclass(frozen=True)
class Home:
    appeals: list[Report]
    in_language: list[Report]
    by_region: list[tuple[Region, list[Report]]]


def home(language: str, *, now: datetime | None = None) -> Home:
    """Pinned appeals, the latest in the reader's language, then the latest of each region.

    A fixed number of queries: one per region (an index range scan each), one
    for the reader's language, one for the appeals' ids, then the reports
    with their places and the reader's translations of them.
    """
    now = now or timezone.now()
    appeal_ids = pinned_appeal_ids(now=now)
    shown = set(appeal_ids)
    latest = list(
        live(now)
        .filter(language=language)
        .exclude(pk__in=shown)
        .exclude(translation_of_id__in=shown)
        .order_by("-published_at", "-pk")
        .values_list("pk", "translation_of_id")[:HOME_LATEST]
    )
    latest_ids = [pk for pk, _ in latest]
    # A story shown in the reader's language is not shown again under its region.
    shown.update(latest_ids, (original for _, original in latest if original))
    regions = list(Region.objects.order_by("position"))
    region_ids: list[tuple[Region, list[int]]] = []
    for region in regions:
        ids = list(
            ReportRegion.objects.filter(region=region, published_at__lte=now)
            .exclude(report_id__in=shown)
            .order_by("-published_at", "-report_id")
            .values_list("report_id", flat=True)[:HOME_PER_REGION]
        )
        region_ids.append((region, ids))
    every = [i for _, ids in region_ids for i in ids]
    reports = _in_order(appeal_ids + latest_ids + every, language)
    appeals = reports[: len(appeal_ids)]
    in_language = reports[len(appeal_ids) : len(appeal_ids) + len(latest_ids)]
    by_region = reports[len(appeal_ids) + len(latest_ids) :]
    found = {r.original_id: r for r in by_region}
    return Home(
        appeals=appeals,
        in_language=in_language,
        by_region=[(r, [found[i] for i in ids if i in found]) for r, ids in region_ids if ids],
    )


# --- pages per country, region, topic, language ---------------------------------------------


def listing(
    *,
    country: Country | None = None,
    region: Region | None = None,
    topic: Topic | None = None,
    language: str = "",
    now: datetime | None = None,
) -> QuerySet[Any, int]:
    """The ids of the live reports of one listing, newest first, as an index range scan.

    Places and topics list each story once (its original; ``page_of`` shows
    the reader's translation where there is one); a language lists
    everything written or translated in it.
    """
    now = now or timezone.now()
    # A translation's listing rows have no publication time (services/reports.py, _listed_at).
    if country is not None:
        return (
            ReportCountry.objects.filter(country=country, published_at__lte=now)
            .order_by("-published_at", "-report_id")
            .values_list("report_id", flat=True)
        )
    if region is not None:
        return (
            ReportRegion.objects.filter(region=region, published_at__lte=now)
            .order_by("-published_at", "-report_id")
            .values_list("report_id", flat=True)
        )
    if topic is not None:
        return (
            ReportTopic.objects.filter(topic=topic, published_at__lte=now)
            .order_by("-published_at", "-report_id")
            .values_list("report_id", flat=True)
        )
    reports = live(now)
    reports = reports.filter(language=language) if language else reports.filter(original_only())
    return reports.order_by("-published_at", "-pk").values_list("pk", flat=True)


def original_only() -> Q:
    return Q(translation_of__isnull=True)


def appeals(now: datetime | None = None) -> QuerySet[Any, int]:
    """The ids of the live urgent appeals, newest first, each once through its original."""
    return (
        live(now)
        .filter(kind="appeal")
        .filter(original_only())
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )


def page_of(
    ids: QuerySet[Any, int], number: str | int | None, *, language: str = "", size: int = PAGE_SIZE
) -> Page[Any]:
    """One page of a listing: a count, the page's ids, then its reports (in ``language``)."""
    page: Page[Any] = Paginator(ids, size).get_page(number)
    page.object_list = _in_order(list(page.object_list), language)
    return page


def latest(ids: QuerySet[Any, int], size: int = FEED_SIZE) -> list[Report]:
    """The newest reports of a listing, for a feed, with their topics."""
    wanted = [int(i) for i in ids[:size]]
    if not wanted:
        return []
    found = with_topics(with_places(Report.objects.filter(pk__in=wanted))).in_bulk()
    return [found[i] for i in wanted if i in found]


def published_reports_of(
    organization_id: int, language: str, limit: int = 10, *, now: datetime | None = None
) -> list[Report]:
    """The live reports naming an organization, newest first, each in ``language`` where a
    live translation exists. Three queries at most (its listing rows with their reports,
    the translations, the places of both); unpublished and embargoed ones are not listed."""
    now = now or timezone.now()
    rows = (
        ReportOrganization.objects.filter(organization_id=organization_id, published_at__lte=now)
        .select_related("report")
        .order_by("-published_at", "-report_id")[:limit]
    )
    reports = [row.report for row in rows]
    if not reports:
        return []
    ids = [report.pk for report in reports]
    translated = {
        t.original_id: t for t in live(now).filter(translation_of_id__in=ids, language=language)
    }
    shown = [translated.get(report.pk, report) for report in reports]
    places = ReportCountry.objects.select_related("country").order_by("position")
    prefetch_related_objects(shown, Prefetch("places", places, to_attr="place_list"))
    return shown


def public_files(reports: list[Report], *, now: datetime | None = None) -> dict[int, list[Media]]:
    """The uploaded files each report shows (a translation its original's), by report id, in
    order: only those anyone may fetch, files of a report that is published and live."""
    owners = {r.pk: r.translation_of_id or r.pk for r in reports}
    files = (
        Media.objects.filter(
            report_id__in=set(owners.values()),
            report__state=State.PUBLISHED,
            report__published_at__lte=now or timezone.now(),
        )
        .exclude(file="")
        .order_by("position", "pk")
    )
    by_owner: dict[int, list[Media]] = {}
    for item in files:
        by_owner.setdefault(item.report_id, []).append(item)
    return {pk: by_owner.get(owner, []) for pk, owner in owners.items()}


# --- search --------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class SearchPage:
    page_obj: Page[Any]
    hits: list[tuple[search.Hit, Report]]  # each hit with its report and the report's places
    capped: bool  # more matches than are ranked


def search_page(query: str, *, language: str, number: str | None) -> SearchPage:
    """One page of the reports matching ``query``; pages go as far as the ranked window."""
    pages = search.RANKED_WINDOW // SEARCH_PAGE_SIZE
    try:
        wanted = max(1, min(int(number or 1), pages))
    except ValueError:
        wanted = 1
    results = search.search(
        query, language=language, limit=SEARCH_PAGE_SIZE, offset=(wanted - 1) * SEARCH_PAGE_SIZE
    )
    page_obj: Page[Any] = Paginator(
        _Counted(min(results.total, search.RANKED_WINDOW)),  # type: ignore[arg-type]
        SEARCH_PAGE_SIZE,
    ).get_page(wanted)
    found = with_places(Report.objects.filter(pk__in=[h.report_id for h in results.hits])).in_bulk()
    hits = [(hit, found[hit.report_id]) for hit in results.hits if hit.report_id in found]
    return SearchPage(page_obj, hits, results.capped)


# --- one report ---------------------------------------------------------------------------------


def report_detail(pk: int) -> Report | None:
    """A report with everything its page shows: places, regions, topics, media, original."""
    return (
        with_organizations(with_topics(with_places(Report.objects.filter(pk=pk))))
        .select_related("translation_of")
        .prefetch_related(
            "region_rows",
            Prefetch("media", Media.objects.order_by("position", "pk")),
        )
        .first()
    )


def media_named(name: str) -> Media | None:
    """The uploaded file stored as ``wire/<name>``, with its report and the report's regions."""
    return (
        Media.objects.select_related("report")
        .prefetch_related("report__region_rows")
        .filter(file=f"wire/{name}")
        .first()
    )


def media_item(pk: int) -> Media | None:
    return Media.objects.filter(pk=pk).first()


def media_of(report: Report) -> list[Media]:
    """A translation shows its original's photos and recordings."""
    if report.translation_of_id is None:
        return list(report.media.all())
    return list(Media.objects.filter(report_id=report.translation_of_id).order_by("position", "pk"))


def versions(report: Report, *, now: datetime | None = None) -> list[Report]:
    """The report's live versions in other languages (original and translations)."""
    root = report.original_id
    return list(
        live(now)
        .filter(Q(pk=root) | Q(translation_of_id=root))
        .exclude(pk=report.pk)
        .order_by("language")
        .only("pk", "language", "title", "translation_of_id", "translated_from_version", "version")
    )


def translations_of(report: Report) -> list[Report]:
    """Every translation of the report's original, whatever its state (the desk's view)."""
    return list(
        Report.objects.filter(translation_of_id=report.original_id)
        .exclude(pk=report.pk)
        .order_by("language")
    )


def untranslated_languages(original: Report) -> list[tuple[str, str]]:
    """The site's languages an original is neither written nor translated in, with names."""
    taken = {original.language} | {t.language for t in translations_of(original)}
    return [(code, str(name)) for code, name in settings.LANGUAGES if code not in taken]


# --- the desk ------------------------------------------------------------------------------------


def queue(user: AnyUser, *, region: Region | None = None) -> QuerySet[Report]:
    """What waits for this editor, oldest first, with the regions each belongs to."""
    reports = Report.objects.filter(state__in=WAITING)
    scope = permissions.editable_reports(user)
    if scope is not None:
        reports = reports.filter(scope)
    if region is not None:
        reports = reports.filter(
            pk__in=ReportRegion.objects.filter(region=region).values("report_id")
        )
    return with_places(reports.order_by("submitted_at", "pk")).prefetch_related(
        Prefetch("region_rows", ReportRegion.objects.select_related("region"))
    )


@dataclass(frozen=True)
class QueueRow:
    region: Region
    waiting: int
    oldest: datetime | None
    over_a_day: int
    over_three_days: int


def queue_summary(user: AnyUser, *, now: datetime | None = None) -> list[QueueRow]:
    """Per region: how many wait, since when, and how many for more than one and three days."""
    now = now or timezone.now()
    rows = ReportRegion.objects.filter(report__state__in=WAITING)
    scope = permissions.editable_reports(user)
    if scope is not None:
        rows = rows.filter(report__in=Report.objects.filter(scope))
    counts = {
        row["region_id"]: row
        for row in rows.values("region_id").annotate(
            waiting=Count("pk"),
            oldest=Min("report__submitted_at"),
            over_a_day=Count("pk", filter=Q(report__submitted_at__lt=now - timedelta(days=1))),
            over_three_days=Count("pk", filter=Q(report__submitted_at__lt=now - timedelta(days=3))),
        )
    }
    return [
        QueueRow(
            region,
            counts[region.pk]["waiting"],
            counts[region.pk]["oldest"],
            counts[region.pk]["over_a_day"],
            counts[region.pk]["over_three_days"],
        )
        for region in Region.objects.order_by("position")
        if region.pk in counts
    ]


def my_reports(user: Any) -> QuerySet[Report]:
    return with_places(
        Report.objects.filter(author=user, translation_of__isnull=True).order_by(
            "-updated_at", "-pk"
        )
    )


def dateline_choices(user: Any) -> QuerySet[Country]:
    """The countries this person may dateline a report in, by name, with their regions."""
    countries = Country.objects.select_related("region").order_by("name")
    scope = permissions.dateline_countries(user)
    return countries if scope is None else countries.filter(scope)


def correspondent_region_ids(author_id: int) -> set[int]:
    """The regions of the countries a correspondent files for (whom their identity is shown to)."""
    return set(
        Country.objects.filter(
            roleassignment__user_id=author_id, roleassignment__role=Role.CORRESPONDENT
        ).values_list("region_id", flat=True)
    )
