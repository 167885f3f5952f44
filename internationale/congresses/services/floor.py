"""Writes on the floor: the agenda, requests to speak, the chair's moves and the timer.

Every change takes the congress's FloorState row ``select_for_update`` first, so
the changes of one congress's floor happen one after the other; each one that
changes what the hall sees moves the state's version by one (the live pages
follow it) and is audited. The chair's moves that are not idempotent (next
speaker, a minute more) carry the version the chair saw: when the floor changed
meanwhile (another chair, a double submit) they change nothing and say so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.congresses.models import (
    AgendaItem,
    Alternation,
    Congress,
    Delegate,
    FloorState,
    SpeakerRequest,
)
from internationale.congresses.services.floor_order import (
    FIRST_TIME,
    POINT_OF_ORDER,
    WOMEN,
    Waiting,
    speaking_order,
    time_left,
)

OPEN = (SpeakerRequest.State.WAITING, SpeakerRequest.State.SPEAKING)

#: congress id -> (version, slug, when read): this process's memory of each floor's
#: version, read at most every queries_floor.VERSION_MAX_AGE seconds by the live
#: pages' polls, and forgotten when this process commits a change.
versions: dict[int, tuple[int, str, float]] = {}


class FloorError(Exception):
    """A change the floor refuses, with a message for the user."""


def _locked_state(congress: Congress) -> FloorState:
    """The congress's FloorState, made if missing, locked for this transaction."""
    FloorState.objects.get_or_create(congress=congress)
    return FloorState.objects.select_for_update().get(congress=congress)


def _changed(state: FloorState, *, by: User | None, action: str, **details: Any) -> FloorState:
    state.version += 1
    state.changed_at = timezone.now()
    state.save()
    congress_id = state.congress_id
    versions.pop(congress_id, None)
    transaction.on_commit(lambda: versions.pop(congress_id, None))
    record_audit(
        actor=by,
        action=f"congress.floor.{action}",
        target=state.congress,
        details={"version": state.version, **details},
    )
    return state


def _check_seen(state: FloorState, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != state.version:
        raise FloorError(_("The floor changed meanwhile; nothing was done. Look again."))


# The agenda ---------------------------------------------------------------------------


@transaction.atomic
def add_item(
    *,
    by: User,
    congress: Congress,
    language: str,
    title: str,
    starts_at: datetime | None = None,
    duration: int | None = None,
    rapporteurs: str = "",
    documents: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda (locks the FloorState row: positions)."""
    _locked_state(congress)
    last = congress.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        congress=congress,
        position=last + 1,
        titles={language: title},
        language=language,
        starts_at=starts_at,
        duration=duration,
        rapporteurs=rapporteurs,
        documents=documents,
    )
    record_audit(actor=by, action="congress.agenda.add", target=item, details={"title": title})
    return item


@transaction.atomic
def update_item(  # noqa: PLR0913 (the item's fields, keyword-only)
    *,
    by: User,
    congress: Congress,
    item_id: int,
    language: str,
    title: str,
    starts_at: datetime | None,
    duration: int | None,
    rapporteurs: str,
    documents: str,
) -> AgendaItem:
    """Change an item; ``title`` is its title in ``language`` (locks the FloorState row)."""
    state = _locked_state(congress)
    item = congress.agenda_items.get(pk=item_id)
    item.titles = {**item.titles, language: title}
    item.starts_at, item.duration = starts_at, duration
    item.rapporteurs, item.documents = rapporteurs, documents
    item.save()
    record_audit(actor=by, action="congress.agenda.edit", target=item, details={"title": title})
    if state.item_id == item.pk:
        _changed(state, by=by, action="item_edited", item=item.pk)
    return item


@transaction.atomic
def move_item(*, by: User, congress: Congress, item_id: int, up: bool) -> None:
    """Swap an item with the one before (``up``) or after it; at an end, nothing.

    Locks the FloorState row, so two moves do not interleave.
    """
    _locked_state(congress)
    item = congress.agenda_items.get(pk=item_id)
    items = congress.agenda_items
    other = (
        items.filter(position__lt=item.position).order_by("-position").first()
        if up
        else items.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return
    mine, theirs = item.position, other.position
    parking = (items.aggregate(last=Max("position"))["last"] or 0) + 1
    AgendaItem.objects.filter(pk=item.pk).update(position=parking)
    AgendaItem.objects.filter(pk=other.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    record_audit(actor=by, action="congress.agenda.move", target=item, details={"up": up})


@transaction.atomic
def set_current_item(*, by: User, congress: Congress, item_id: int) -> FloorState:
    """Make an item the current one; the speaker, if any, is done (locks FloorState)."""
    state = _locked_state(congress)
    item = congress.agenda_items.get(pk=item_id)
    if state.item_id == item.pk:
        return state
    _finish_speaker(state)
    state.item = item
    state.timer_started_at = None
    state.seconds_left = congress.speaking_time
    return _changed(state, by=by, action="item", item=item.pk)


# Requests to speak --------------------------------------------------------------------


@transaction.atomic
def ask_to_speak(*, by: User, congress: Congress, kind: str, list_: str) -> SpeakerRequest:
    """The user, a delegate, asks to speak on the current item (locks FloorState).

    Asking again while waiting changes nothing and returns the waiting request.
    """
    state = _locked_state(congress)
    delegate = Delegate.objects.filter(
        congress=congress, user=by, credentials=Delegate.Credentials.ACCEPTED
    ).first()
    if delegate is None:
        raise FloorError(_("Only a delegate may ask to speak."))
    if state.item is None:
        raise FloorError(_("There is no item under discussion."))
    waiting = state.item.speaker_requests.filter(delegate=delegate, state__in=OPEN).first()
    if waiting is not None:
        return waiting
    last = state.item.speaker_requests.aggregate(last=Max("rank"))["last"] or 0
    request = SpeakerRequest.objects.create(
        item=state.item, delegate=delegate, kind=kind, list=list_, rank=last + 1
    )
    _changed(state, by=by, action="ask", request=request.pk, kind=kind)
    return request


@transaction.atomic
def withdraw_request(*, by: User, congress: Congress) -> None:
    """The user withdraws their waiting request on the current item, if any (locks FloorState)."""
    state = _locked_state(congress)
    updated = SpeakerRequest.objects.filter(
        item=state.item_id,
        delegate__user=by,
        delegate__congress=congress,
        state=SpeakerRequest.State.WAITING,
    ).update(state=SpeakerRequest.State.WITHDRAWN)
    if updated:
        _changed(state, by=by, action="withdraw")


# The chair ----------------------------------------------------------------------------


def waiting_order(state: FloorState, congress: Congress) -> list[SpeakerRequest]:
    """The waiting requests on the current item, in the order they will speak."""
    if state.item_id is None:
        return []
    requests = {
        r.pk: r
        for r in SpeakerRequest.objects.filter(
            item=state.item_id, state=SpeakerRequest.State.WAITING
        ).select_related("delegate", "delegate__organization")
    }
    last_list = state.speaker.list if state.speaker_id and state.speaker else None
    ids = speaking_order(
        [Waiting(r.pk, r.kind, r.list, r.rank) for r in requests.values()],
        congress.alternation,
        last_list=last_list,
    )
    return [requests[i] for i in ids]


def _finish_speaker(state: FloorState) -> None:
    if state.speaker_id is not None:
        SpeakerRequest.objects.filter(pk=state.speaker_id).update(state=SpeakerRequest.State.DONE)
        state.speaker = None


@transaction.atomic
def next_speaker(*, by: User, congress: Congress, seen_version: int) -> FloorState:
    """The speaker is done; the first waiting one speaks, timer set and standing.

    Locks FloorState; refused when the floor moved past ``seen_version``.
    """
    state = _locked_state(congress)
    _check_seen(state, seen_version)
    following = waiting_order(state, congress)[:1]
    previous = state.speaker_id
    _finish_speaker(state)
    if following:
        state.speaker = following[0]
        SpeakerRequest.objects.filter(pk=following[0].pk).update(
            state=SpeakerRequest.State.SPEAKING
        )
    state.timer_started_at = None
    state.seconds_left = congress.speaking_time
    if previous is None and not following:
        return state
    return _changed(state, by=by, action="next", speaker=state.speaker_id)


@transaction.atomic
def start_timer(*, by: User, congress: Congress) -> FloorState:
    """Start the timer where it stands; running already, nothing (locks FloorState)."""
    state = _locked_state(congress)
    if state.timer_started_at is not None:
        return state
    state.timer_started_at = timezone.now()
    return _changed(state, by=by, action="start", seconds_left=state.seconds_left)


@transaction.atomic
def stop_timer(*, by: User, congress: Congress) -> FloorState:
    """Stop the timer, keeping the time left; standing already, nothing (locks FloorState)."""
    state = _locked_state(congress)
    if state.timer_started_at is None:
        return state
    state.seconds_left = time_left(
        seconds_left=state.seconds_left,
        started_at=state.timer_started_at.timestamp(),
        now=timezone.now().timestamp(),
    )
    state.timer_started_at = None
    return _changed(state, by=by, action="stop", seconds_left=state.seconds_left)


@transaction.atomic
def add_minute(*, by: User, congress: Congress, seen_version: int) -> FloorState:
    """Sixty seconds more for the speaker; refused past ``seen_version`` (locks FloorState)."""
    state = _locked_state(congress)
    _check_seen(state, seen_version)
    state.seconds_left += 60
    return _changed(state, by=by, action="minute", seconds_left=state.seconds_left)


@transaction.atomic
def remove_request(*, by: User, congress: Congress, request_id: int) -> FloorState:
    """Take a waiting request off the list; gone already, nothing (locks FloorState)."""
    state = _locked_state(congress)
    updated = SpeakerRequest.objects.filter(
        pk=request_id, item__congress=congress, state=SpeakerRequest.State.WAITING
    ).update(state=SpeakerRequest.State.WITHDRAWN)
    if not updated:
        return state
    return _changed(state, by=by, action="remove", request=request_id)


def _group(request: SpeakerRequest, alternation: str) -> tuple[bool, bool]:
    """Requests that a move may swap: same kind of turn, and same list where lists matter."""
    listed = {Alternation.WOMEN.value: WOMEN, Alternation.FIRST_TIME.value: FIRST_TIME}
    special = listed.get(alternation)
    return request.kind == POINT_OF_ORDER, special is not None and request.list == special


@transaction.atomic
def move_request_up(
    *, by: User, congress: Congress, request_id: int, seen_version: int
) -> FloorState:
    """Move a waiting request one place up in its list; first already, nothing.

    Locks FloorState; refused past ``seen_version``, so a double tap moves it once.
    """
    state = _locked_state(congress)
    _check_seen(state, seen_version)
    ordered = waiting_order(state, congress)
    mine = next((r for r in ordered if r.pk == request_id), None)
    if mine is None:
        return state
    group = _group(mine, congress.alternation)
    before = [r for r in ordered[: ordered.index(mine)] if _group(r, congress.alternation) == group]
    if not before:
        return state
    other = before[-1]
    SpeakerRequest.objects.filter(pk=mine.pk).update(rank=other.rank)
    SpeakerRequest.objects.filter(pk=other.pk).update(rank=mine.rank)
    if mine.rank == other.rank:  # equal ranks: order by id; make room
        SpeakerRequest.objects.filter(pk=other.pk).update(rank=F("rank") + 1)
    return _changed(state, by=by, action="move", request=request_id)
