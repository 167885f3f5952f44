from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from internationale.congresses.models import Congress
from internationale.declarations import queries as declaration_queries
from internationale.declarations.models import Declaration
from internationale.organizations.models import IN_THE_INTERNATIONAL, Country, Organization, Region
from internationale.web.models import SitePage
from internationale.wire import queries as wire_queries
from internationale.wire.models import Report


def site_page(slug: str, language: str) -> SitePage | None:
    """The page in ``language``, else in the site's default language, else in any."""
    pages = {page.language: page for page in SitePage.objects.filter(slug=slug)}
    return (
        pages.get(language)
        or pages.get(settings.LANGUAGE_CODE)
        or next(iter(sorted(pages.items())), (None, None))[1]
    )


# --- the home page --------------------------------------------------------------------------

#: How many of each thing the home page shows; each list links to the whole.
HOME_DECLARATIONS = 4
HOME_APPEALS = 3
HOME_NEWS = 5


@dataclass(frozen=True)
class OpenDeclaration:
    declaration: Declaration
    title: str
    counts: declaration_queries.Counts


@dataclass(frozen=True)
class RegionSummary:
    region: Region
    countries: int
    organizations: int


@dataclass(frozen=True)
class HomePage:
    declarations: list[OpenDeclaration]
    appeals: list[Report]
    news: list[Report]
    congress: Congress | None
    regions: list[RegionSummary]


def open_declarations(language: str, *, now: datetime) -> list[OpenDeclaration]:
    """The newest declarations open for signing now, with their titles and (cached) counts."""
    found = (declaration_queries.public_declarations().filter(Declaration.open_at_condition(now)))[
        :HOME_DECLARATIONS
    ]
    shown = []
    for declaration in found:
        text = declaration_queries.text_for(declaration, language)
        shown.append(
            OpenDeclaration(
                declaration=declaration,
                title=text.item.title if text else declaration.slug,
                counts=declaration_queries.counts(declaration, language),
            )
        )
    return shown


def region_summaries() -> list[RegionSummary]:
    """Every region with its countries and the organizations of the international in it.

    Two counts as subqueries in one query. A region of networks (the international
    one) has organizations and no countries.
    """
    countries = (
        Country.objects.filter(region=OuterRef("pk"))
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values("n")
    )
    organizations = (
        Organization.objects.filter(region=OuterRef("pk"), status__in=IN_THE_INTERNATIONAL)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values("n")
    )
    regions = Region.objects.order_by("position", "slug").annotate(
        country_count=Coalesce(Subquery(countries), 0),
        organization_count=Coalesce(Subquery(organizations), 0),
    )
    return [
        RegionSummary(region=r, countries=r.country_count, organizations=r.organization_count)
        for r in regions
    ]


def current_congress(*, today: date) -> Congress | None:
    """The congress that opens next, or opened most recently within a week; None if none."""
    return (
        Congress.objects.filter(opens_on__gte=today - CONGRESS_RECENT)
        .order_by("opens_on", "pk")
        .first()
    )


#: A congress that opened this long ago is still "in progress" on the home page.
CONGRESS_RECENT = timedelta(days=7)


def home_page(language: str, *, now: datetime | None = None) -> HomePage:
    """Everything the home page shows, in a fixed number of queries at any size."""
    now = now or timezone.now()
    appeals = wire_queries.pinned_appeals(language=language, now=now)[:HOME_APPEALS]
    shown = {report.original_id for report in appeals}
    news_ids = [
        pk for pk in wire_queries.listing(now=now)[: HOME_NEWS + len(shown)] if pk not in shown
    ][:HOME_NEWS]
    news = list(wire_queries.page_of(news_ids, 1, language=language, size=HOME_NEWS))  # type: ignore[arg-type]
    return HomePage(
        declarations=open_declarations(language, now=now),
        appeals=appeals,
        news=news,
        congress=current_congress(today=timezone.localdate(now)),
        regions=region_summaries(),
    )
