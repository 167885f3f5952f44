"""The floor's writes: agenda, requests to speak, the chair's moves, the timer, the version."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from internationale.accounts.models import AuditEntry, User
from internationale.congresses import queries_floor
from internationale.congresses.models import Congress, FloorState, SpeakerRequest
from internationale.congresses.services import floor as services
from internationale.organizations.models import Organization
from tests.congresses.floor_cast import delegate_user, in_session, item_under_discussion

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(congress: Congress, chair: User) -> Congress:
    in_session(congress)
    item_under_discussion(congress, chair)
    return congress


@pytest.fixture
def rosa(hall: Congress, section: Organization) -> User:
    return delegate_user(hall, section, "rosa.delegate@example.org", "Rosa")


@pytest.fixture
def karl(hall: Congress, section: Organization) -> User:
    return delegate_user(hall, section, "karl.delegate@example.org", "Karl")


def state(congress: Congress) -> FloorState:
    return FloorState.objects.get(congress=congress)


def test_every_change_moves_the_version_by_one_and_is_audited(
    hall: Congress, chair: User, rosa: User
) -> None:
    before = state(hall).version
    services.ask_to_speak(by=rosa, congress=hall, kind="for", list_="general")
    services.next_speaker(by=chair, congress=hall, seen_version=before + 1)
    services.start_timer(by=chair, congress=hall)
    assert state(hall).version == before + 3
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"congress.floor.ask", "congress.floor.next", "congress.floor.start"} <= actions


def test_the_next_speaker_is_the_first_waiting_and_the_last_one_is_done(
    hall: Congress, chair: User, rosa: User, karl: User
) -> None:
    first = services.ask_to_speak(by=rosa, congress=hall, kind="on", list_="general")
    second = services.ask_to_speak(by=karl, congress=hall, kind="on", list_="general")
    services.next_speaker(by=chair, congress=hall, seen_version=state(hall).version)
    services.next_speaker(by=chair, congress=hall, seen_version=state(hall).version)
    first.refresh_from_db()
    assert first.state == SpeakerRequest.State.DONE
    assert state(hall).speaker_id == second.pk


def test_a_point_of_order_jumps_the_list(
    hall: Congress, chair: User, rosa: User, karl: User
) -> None:
    services.ask_to_speak(by=rosa, congress=hall, kind="for", list_="general")
    point = services.ask_to_speak(by=karl, congress=hall, kind="order", list_="general")
    assert next(r.pk for r in queries_floor.all_waiting(hall)) == point.pk


def test_two_chairs_pressing_next_at_once_make_one_change(
    hall: Congress, chair: User, secretariat: User, rosa: User, karl: User
) -> None:
    services.ask_to_speak(by=rosa, congress=hall, kind="on", list_="general")
    services.ask_to_speak(by=karl, congress=hall, kind="on", list_="general")
    seen = state(hall).version
    services.next_speaker(by=chair, congress=hall, seen_version=seen)
    with pytest.raises(services.FloorError):
        services.next_speaker(by=secretariat, congress=hall, seen_version=seen)
    assert state(hall).version == seen + 1
    assert SpeakerRequest.objects.filter(state=SpeakerRequest.State.WAITING).count() == 1


def test_a_delegate_waits_once_per_item(hall: Congress, rosa: User) -> None:
    first = services.ask_to_speak(by=rosa, congress=hall, kind="for", list_="general")
    again = services.ask_to_speak(by=rosa, congress=hall, kind="against", list_="general")
    assert again.pk == first.pk
    assert SpeakerRequest.objects.count() == 1


def test_only_a_delegate_may_ask_to_speak(hall: Congress, member: User) -> None:
    with pytest.raises(services.FloorError):
        services.ask_to_speak(by=member, congress=hall, kind="for", list_="general")


def test_a_withdrawn_request_leaves_the_list(hall: Congress, rosa: User) -> None:
    services.ask_to_speak(by=rosa, congress=hall, kind="for", list_="general")
    services.withdraw_request(by=rosa, congress=hall)
    assert queries_floor.all_waiting(hall) == []


def test_stopping_the_timer_keeps_the_time_left(hall: Congress, chair: User) -> None:
    services.start_timer(by=chair, congress=hall)
    FloorState.objects.filter(congress=hall).update(
        timer_started_at=timezone.now() - timedelta(seconds=100)
    )
    services.stop_timer(by=chair, congress=hall)
    assert state(hall).seconds_left == hall.speaking_time - 100
    assert state(hall).timer_started_at is None


def test_starting_twice_changes_nothing_the_second_time(hall: Congress, chair: User) -> None:
    services.start_timer(by=chair, congress=hall)
    version = state(hall).version
    services.start_timer(by=chair, congress=hall)
    assert state(hall).version == version


def test_a_minute_more_is_sixty_seconds_once(hall: Congress, chair: User) -> None:
    seen = state(hall).version
    services.add_minute(by=chair, congress=hall, seen_version=seen)
    with pytest.raises(services.FloorError):
        services.add_minute(by=chair, congress=hall, seen_version=seen)
    assert state(hall).seconds_left == hall.speaking_time + 60


def test_moving_items_swaps_their_places(hall: Congress, chair: User) -> None:
    second = services.add_item(by=chair, congress=hall, language="en", title="Elections")
    services.move_item(by=chair, congress=hall, item_id=second.pk, up=True)
    titles = [i.title_in("en") for i in queries_floor.agenda(hall)]
    assert titles == ["Elections", "Programme"]
    services.move_item(by=chair, congress=hall, item_id=second.pk, up=True)
    assert [i.title_in("en") for i in queries_floor.agenda(hall)] == titles


def test_the_chair_moves_a_request_up_within_its_list(
    hall: Congress, chair: User, rosa: User, karl: User
) -> None:
    services.ask_to_speak(by=rosa, congress=hall, kind="on", list_="general")
    later = services.ask_to_speak(by=karl, congress=hall, kind="on", list_="general")
    seen = state(hall).version
    services.move_request_up(by=chair, congress=hall, request_id=later.pk, seen_version=seen)
    assert queries_floor.all_waiting(hall)[0].pk == later.pk
    with pytest.raises(services.FloorError):  # the same tap again: the floor has moved on
        services.move_request_up(by=chair, congress=hall, request_id=later.pk, seen_version=seen)
    assert queries_floor.all_waiting(hall)[0].pk == later.pk


def test_switching_the_item_ends_the_speaker(hall: Congress, chair: User, rosa: User) -> None:
    request = services.ask_to_speak(by=rosa, congress=hall, kind="on", list_="general")
    services.next_speaker(by=chair, congress=hall, seen_version=state(hall).version)
    other = services.add_item(by=chair, congress=hall, language="en", title="Elections")
    services.set_current_item(by=chair, congress=hall, item_id=other.pk)
    request.refresh_from_db()
    assert request.state == SpeakerRequest.State.DONE
    assert state(hall).speaker is None
    assert state(hall).item == other


def test_the_women_list_alternates_on_the_floor(
    hall: Congress, chair: User, section: Organization
) -> None:
    hall.alternation = "women"
    hall.save(update_fields=["alternation"])
    people = [delegate_user(hall, section, f"d{i}@example.org", f"D{i}") for i in range(4)]
    lists = ["general", "general", "women", "women"]
    for person, list_ in zip(people, lists, strict=True):
        services.ask_to_speak(by=person, congress=hall, kind="on", list_=list_)
    assert [r.list for r in queries_floor.all_waiting(hall)] == [
        "women", "general", "women", "general",
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_chairs_pressing_next_in_two_threads_make_one_change(
    hall: Congress, chair: User, secretariat: User, rosa: User, karl: User
) -> None:
    services.ask_to_speak(by=rosa, congress=hall, kind="on", list_="general")
    services.ask_to_speak(by=karl, congress=hall, kind="on", list_="general")
    seen = state(hall).version
    start = threading.Barrier(2)
    refused: list[services.FloorError] = []
    failed: list[BaseException] = []

    def press(by: User) -> None:
        try:
            start.wait()
            services.next_speaker(by=by, congress=hall, seen_version=seen)
        except services.FloorError as error:
            refused.append(error)
        except BaseException as error:  # noqa: BLE001 - reported below
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(who,)) for who in (chair, secretariat)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert len(refused) == 1
    assert state(hall).version == seen + 1
    assert SpeakerRequest.objects.filter(state=SpeakerRequest.State.SPEAKING).count() == 1
