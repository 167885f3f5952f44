"""A declaration open at a moment: the model's method and its query condition agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from internationale.declarations.models import Declaration

pytestmark = pytest.mark.django_db


def test_is_open_at_and_the_query_condition_say_the_same_of_every_case() -> None:
    now = timezone.now()
    hour = timedelta(hours=1)
    cases = {
        "open": ("open", None, None),
        "opens-later": ("open", now + hour, None),
        "opened": ("open", now - hour, now + hour),
        "closed": ("open", now - 2 * hour, now - hour),
        "closes-now": ("open", None, now),
        "draft": ("draft", None, None),
        "state-closed": ("closed", None, None),
    }
    for slug, (state, opens_at, closes_at) in cases.items():
        Declaration.objects.create(slug=slug, state=state, opens_at=opens_at, closes_at=closes_at)
    by_method = {d.slug for d in Declaration.objects.all() if d.is_open_at(now)}
    by_query = set(
        Declaration.objects.filter(Declaration.open_at_condition(now)).values_list(
            "slug", flat=True
        )
    )
    assert by_method == by_query == {"open", "opened"}
