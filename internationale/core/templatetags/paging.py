from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()


@register.filter
def without_page(query: QueryDict) -> str:
    """The request's query string minus ``page``: page links keep the filters."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()
