from __future__ import annotations

from django.conf import settings

from internationale.web.models import SitePage


def site_page(slug: str, language: str) -> SitePage | None:
    """The page in ``language``, else in the site's default language, else in any."""
    pages = {page.language: page for page in SitePage.objects.filter(slug=slug)}
    return (
        pages.get(language)
        or pages.get(settings.LANGUAGE_CODE)
        or next(iter(sorted(pages.items())), (None, None))[1]
    )
