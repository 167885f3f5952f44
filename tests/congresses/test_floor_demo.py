"""The demo congress's floor: an agenda with its current item, loaded once."""

from __future__ import annotations

import pytest

from internationale.congresses.demo import floor
from internationale.congresses.models import Congress, FloorState, SpeakerRequest
from internationale.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_is_loaded_once_with_a_speakers_list(
    congress: Congress, section: Organization
) -> None:
    assert floor.load(congress) > 0
    assert floor.load(congress) == 0
    titles = [item.title_in("en") for item in congress.agenda_items.order_by("position")]
    assert titles[0] == "Opening"
    assert titles[-1] == "Closing"
    assert len(titles) == 6
    state = FloorState.objects.get(congress=congress)
    assert state.item is not None
    assert state.item.title_in("en") == "The world political situation"
    assert SpeakerRequest.objects.filter(item=state.item).exists()


def test_the_demo_speakers_list_names_only_accepted_delegates(
    congress: Congress, section: Organization
) -> None:
    from internationale.congresses.models import Delegate

    Delegate.objects.create(congress=congress, organization=section, name="Nora Nominee")
    floor.load(congress)
    speakers = {r.delegate.name for r in SpeakerRequest.objects.filter(item__congress=congress)}
    assert speakers
    assert "Nora Nominee" not in speakers
