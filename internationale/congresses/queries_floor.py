"""Reads about the floor: the agenda, the state the hall sees, one delegate's request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from internationale.accounts.permissions import AnyUser
from internationale.congresses.models import (
    AgendaItem,
    Congress,
    Delegate,
    FloorState,
    SpeakerRequest,
)
from internationale.congresses.services.floor import versions, waiting_order
from internationale.congresses.services.floor_order import time_left

#: How many of the next speakers the projector and the delegates' pages show.
NEXT_SHOWN = 5


def agenda(congress: Congress) -> QuerySet[AgendaItem]:
    return congress.agenda_items.order_by("position")


def state_of(congress: Congress) -> FloorState:
    """The congress's state of the floor (an unsaved blank one before the first change)."""
    state = (
        FloorState.objects.filter(congress=congress)
        .select_related("item", "speaker__delegate__organization")
        .first()
    )
    return state or FloorState(congress=congress, seconds_left=congress.speaking_time)


@dataclass
class Floor:
    """What the live pages show: the item, the speaker, the timer, the next speakers.

    The timer is kept as stored (seconds left when it last stood, and since when it
    runs), so one Floor serves every request for its version.
    """

    version: int
    item: AgendaItem | None
    speaker: SpeakerRequest | None
    stored_seconds_left: int
    started_at: float | None
    speaking_time: int
    following: list[SpeakerRequest] = field(default_factory=list)
    waiting: int = 0
    language: str = "en"

    @property
    def item_title(self) -> str:
        return self.item.title_in(self.language) if self.item else ""

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def seconds_left(self) -> int:
        return time_left(
            seconds_left=self.stored_seconds_left,
            started_at=self.started_at,
            now=timezone.now().timestamp(),
        )

    @property
    def clock(self) -> str:
        return clock(self.seconds_left)

    def as_json(self) -> dict[str, Any]:
        """The state, as the live pages read it (the timer as at this moment)."""
        return {
            "version": self.version,
            "item": self.item_title or None,
            "speaker": _speaker(self.speaker) if self.speaker else None,
            "timer": {
                "running": self.running,
                "seconds_left": self.seconds_left,
                "speaking_time": self.speaking_time,
            },
            "next": [_speaker(r) for r in self.following],
            "waiting": self.waiting,
            "vote": None,  # the vote in progress, when the votes part shows one
        }


def clock(seconds: int) -> str:
    """``m:ss``, with a minus sign past the time."""
    sign = "\u2212" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{rest:02d}"


def _speaker(request: SpeakerRequest) -> dict[str, str]:
    return {
        "name": request.delegate.name,
        "section": request.delegate.organization.name,
        "kind": request.kind,
        "kind_label": str(request.get_kind_display()),
    }


def floor(congress: Congress, language: str) -> Floor:
    state = state_of(congress)
    ordered = waiting_order(state, congress)
    started = state.timer_started_at
    return Floor(
        version=state.version if state.pk else 0,
        item=state.item,
        speaker=state.speaker,
        stored_seconds_left=state.seconds_left,
        started_at=started.timestamp() if started else None,
        speaking_time=congress.speaking_time,
        following=ordered[:NEXT_SHOWN],
        waiting=len(ordered),
        language=language,
    )


#: (congress id, language) -> the latest Floor this process built for it.
_built: dict[tuple[int, str], Floor] = {}


def floor_at(congress_id: int, version: int, language: str) -> Floor:
    """The floor at ``version``, built once per process, version and language.

    Two changes between the version read and the build give a newer Floor, which
    is kept only under its own version: a reader is never told an older state.
    """
    kept = _built.get((congress_id, language))
    if kept is not None and kept.version == version:
        return kept
    built = floor(Congress.objects.get(pk=congress_id), language)
    if kept is None or built.version > kept.version:
        _built[(congress_id, language)] = built
    return built


#: How old this process's memory of a floor's version may be (services.floor.versions).
VERSION_MAX_AGE = 0.1
_reading = threading.Lock()


def version_by(congress_id: int, slug: str) -> int | None:
    """The floor's version; None when there is no floor at that id and slug.

    Read from the database at most every VERSION_MAX_AGE seconds per process, by one
    thread at a time: the live pages ask many times a second, one read serves them
    all, and while it runs the others answer from the version read before it.
    """
    kept = versions.get(congress_id)
    stale = kept is None or time.monotonic() - kept[2] > VERSION_MAX_AGE
    if stale and _reading.acquire(blocking=kept is None):
        try:
            kept = _read_version(congress_id) or kept
        finally:
            _reading.release()
    if kept is None:
        return None
    return kept[0] if kept[1] == slug else None


def _read_version(congress_id: int) -> tuple[int, str, float] | None:
    row = (
        FloorState.objects.filter(congress_id=congress_id)
        .values_list("version", "congress__slug")
        .first()
    )
    if row is None:
        return None
    versions[congress_id] = (row[0], row[1], time.monotonic())
    return versions[congress_id]


def delegate_of(user: AnyUser, congress: Congress) -> Delegate | None:
    if not user.is_authenticated:
        return None
    return Delegate.objects.filter(
        congress=congress, user=user, credentials=Delegate.Credentials.ACCEPTED
    ).first()


def waiting_request(delegate: Delegate | None, item: AgendaItem | None) -> SpeakerRequest | None:
    if delegate is None or item is None:
        return None
    return item.speaker_requests.filter(
        delegate=delegate, state__in=("waiting", "speaking")
    ).first()


def all_waiting(congress: Congress) -> list[SpeakerRequest]:
    """The chair's view of the list: every waiting request, in order."""
    return waiting_order(state_of(congress), congress)
