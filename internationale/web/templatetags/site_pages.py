"""The pages the secretariat writes (about, criteria), for any template that shows one."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language

from internationale.web import queries
from internationale.web.models import SitePage

register = template.Library()


@register.simple_tag
def site_page(slug: str) -> SitePage | None:
    """``{% site_page "criteria" as page %}``: the page in the reader's language, or None."""
    return queries.site_page(slug, get_language() or settings.LANGUAGE_CODE)
