"""The demo congress's floor: its agenda, the item under discussion and a speakers' list.

The congress is still in its debate, so nobody chairs yet; the state the hall
will see is set here as the chair would set it. The delegates come from the
delegates' demo; where there are none, a few invented ones of the sections stand in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from internationale.congresses.models import (
    AgendaItem,
    Congress,
    Delegate,
    FloorState,
    SpeakerRequest,
)
from internationale.organizations.models import SECTION_STATUSES, Organization

# (titles by language, original language, starts, minutes, rapporteurs)
AGENDA = [
    ({"en": "Opening", "es": "Apertura", "fr": "Ouverture", "ar": "الافتتاح"},
     "en", (12, 10, 0), 30, "The outgoing executive"),
    ({"en": "Report of the outgoing executive", "es": "Informe del ejecutivo saliente"},
     "en", (12, 10, 30), 120, "Amaru Quispe, Nadia Haddad"),
    ({"en": "The world political situation", "es": "La situación política mundial",
      "ar": "الوضع السياسي العالمي"}, "en", (13, 9, 0), 240, "Lena Vogel, Kwame Mensah"),
    ({"en": "Programme", "es": "Programa", "pt": "Programa"}, "en", (14, 9, 0), 240,
     "Programme commission"),
    ({"en": "Elections", "es": "Elecciones"}, "en", (15, 15, 0), 180, "Credentials committee"),
    ({"en": "Closing", "es": "Clausura"}, "en", (16, 17, 0), 30, ""),
]  # fmt: skip

STAND_INS = ["Ana Ferreira", "Tomás Rojas", "Samira Benali", "Jonas Lindqvist"]


def load(congress: Congress) -> int:
    """Add this part's demo data to congress; return how many rows were made."""
    if congress.agenda_items.exists():
        return 0
    items = [
        AgendaItem.objects.create(
            congress=congress, position=position, titles=titles, language=language,
            starts_at=datetime(2027, 6, day, hour, minute, tzinfo=UTC), duration=minutes,
            rapporteurs=rapporteurs,
            documents="Bulletin 1\nBulletin 2" if position == 3 else "",
        )
        for position, (titles, language, (day, hour, minute), minutes, rapporteurs)
        in enumerate(AGENDA, start=1)
    ]  # fmt: skip
    made = len(items)
    delegates, stand_ins = _delegates(congress)
    made += stand_ins
    current = items[2]
    kinds = [SpeakerRequest.Kind.ON, SpeakerRequest.Kind.FOR, SpeakerRequest.Kind.AGAINST]
    requests = [
        SpeakerRequest.objects.create(
            item=current, delegate=delegate, kind=kinds[i % 3], rank=i + 1,
            state=SpeakerRequest.State.SPEAKING if i == 0 else SpeakerRequest.State.WAITING,
        )
        for i, delegate in enumerate(delegates[:4])
    ]  # fmt: skip
    made += len(requests)
    FloorState.objects.update_or_create(
        congress=congress,
        defaults={
            "item": current,
            "speaker": requests[0] if requests else None,
            "seconds_left": congress.speaking_time,
            "version": 2,
        },
    )
    return made + 1


def _delegates(congress: Congress) -> tuple[list[Delegate], int]:
    """The congress's accepted delegates, or a few invented ones of its sections; and how
    many made."""
    existing = list(
        congress.delegates.filter(credentials=Delegate.Credentials.ACCEPTED).order_by("pk")[:4]
    )
    if existing:
        return existing, 0
    sections = list(
        Organization.objects.filter(status__in=SECTION_STATUSES).order_by("pk")[: len(STAND_INS)]
    )
    made = [
        Delegate.objects.create(
            congress=congress, organization=section, name=name,
            credentials=Delegate.Credentials.ACCEPTED,
        )
        for name, section in zip(STAND_INS, sections, strict=False)
    ]  # fmt: skip
    return made, len(made)
