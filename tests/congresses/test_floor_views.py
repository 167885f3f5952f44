"""The floor's pages by role and phase: agenda, floor, chair's console, projector, state."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from django.urls import reverse

from internationale.accounts.models import User
from internationale.congresses.models import Congress, FloorState, Phase, SpeakerRequest
from internationale.congresses.views import floor_stream
from internationale.organizations.models import Organization
from tests.congresses.floor_cast import delegate_user, in_session, item_under_discussion

pytestmark = pytest.mark.django_db


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name: str, congress: Congress, *args: object) -> str:
    return reverse(f"congresses:{name}", args=[congress.slug, *args])


@pytest.fixture
def hall(congress: Congress, chair: User) -> Congress:
    in_session(congress)
    item_under_discussion(congress, chair, "World situation")
    return congress


@pytest.fixture
def rosa(hall: Congress, section: Organization) -> User:
    return delegate_user(hall, section, "rosa.delegate@example.org", "Rosa Delegate")


def version(congress: Congress) -> int:
    return FloorState.objects.get(congress=congress).version


# Who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["agenda", "floor", "projector", "floor_chair"])
def test_anonymous_readers_are_sent_to_log_in(hall: Congress, name: str) -> None:
    response = Client().get(url(name, hall))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_member_reads_the_agenda_and_follows_the_floor_but_does_not_chair(
    hall: Congress, member: User
) -> None:
    client = client_of(member)
    agenda = client.get(url("agenda", hall))
    assert agenda.status_code == 200
    assert "World situation" in agenda.text
    assert "Mark as current" not in agenda.text
    assert client.get(url("floor", hall)).status_code == 200
    assert client.get(url("projector", hall)).status_code == 200
    assert client.get(url("floor_chair", hall)).status_code == 403


def test_an_outsider_may_not_follow_the_floor(hall: Congress, outsider: User) -> None:
    assert client_of(outsider).get(url("floor", hall)).status_code == 403


def test_the_chair_console_is_open_only_in_session(congress: Congress, chair: User) -> None:
    congress.phase = Phase.DEBATE
    congress.save(update_fields=["phase"])
    assert client_of(chair).get(url("floor_chair", congress)).status_code == 403
    in_session(congress)
    assert client_of(chair).get(url("floor_chair", congress)).status_code == 200


def test_the_secretariat_keeps_the_agenda_before_the_session(
    congress: Congress, staff_client: Client
) -> None:
    response = staff_client.post(
        url("agenda", congress), {"title": "Opening", "language": "en", "rapporteurs": "Ana"}
    )
    assert response.status_code == 302
    assert congress.agenda_items.get().titles == {"en": "Opening"}


def test_a_member_may_not_add_to_the_agenda(hall: Congress, member: User) -> None:
    response = client_of(member).post(url("agenda", hall), {"title": "Mine", "language": "en"})
    assert response.status_code == 403
    assert hall.agenda_items.count() == 1


def test_an_item_without_a_title_is_refused_with_a_message(hall: Congress, chair: User) -> None:
    response = client_of(chair).post(url("agenda", hall), {"title": "", "language": "en"})
    assert response.status_code == 400
    assert "error-summary" in response.text
    assert hall.agenda_items.count() == 1


def test_the_chair_edits_an_item_in_another_language(hall: Congress, chair: User) -> None:
    item = hall.agenda_items.get()
    response = client_of(chair).post(
        url("agenda_item", hall, item.pk),
        {"title": "Situación mundial", "language": "es", "duration": "90"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.titles == {"en": "World situation", "es": "Situación mundial"}
    assert item.duration == 90


def test_the_chair_moves_and_marks_items(hall: Congress, chair: User) -> None:
    client = client_of(chair)
    client.post(url("agenda", hall), {"title": "Elections", "language": "en"})
    second = hall.agenda_items.get(position=2)
    client.post(url("agenda_move", hall, second.pk), {"up": "1"})
    second.refresh_from_db()
    assert second.position == 1
    client.post(url("agenda_current", hall, second.pk))
    assert FloorState.objects.get(congress=hall).item == second


def test_an_unknown_item_is_not_found(hall: Congress, chair: User) -> None:
    assert client_of(chair).post(url("agenda_move", hall, 999_999), {"up": "1"}).status_code == 404


# The delegate ---------------------------------------------------------------------------


def test_a_delegate_asks_to_speak_and_withdraws(hall: Congress, rosa: User) -> None:
    client = client_of(rosa)
    response = client.post(url("floor_ask", hall), {"kind": "against", "list": "general"})
    assert response.status_code == 302
    request = SpeakerRequest.objects.get()
    assert (request.kind, request.state) == ("against", "waiting")
    assert "Withdraw my request" in client.get(url("floor", hall)).text
    client.post(url("floor_withdraw", hall))
    request.refresh_from_db()
    assert request.state == "withdrawn"


def test_a_made_up_kind_is_refused_and_nothing_is_saved(hall: Congress, rosa: User) -> None:
    client = client_of(rosa)
    response = client.post(url("floor_ask", hall), {"kind": "filibuster"}, follow=True)
    assert SpeakerRequest.objects.count() == 0
    assert "I ask to speak" in response.text


def test_a_member_who_is_no_delegate_may_not_ask(hall: Congress, member: User) -> None:
    response = client_of(member).post(url("floor_ask", hall), {"kind": "for", "list": "general"})
    assert response.status_code == 403


def test_a_delegate_may_not_ask_outside_the_session(
    congress: Congress, section: Organization
) -> None:
    rosa = delegate_user(congress, section, "rosa.early@example.org", "Rosa")
    response = client_of(rosa).post(url("floor_ask", congress), {"kind": "for"})
    assert response.status_code == 403


# The chair ------------------------------------------------------------------------------


def test_the_chair_gives_the_floor_to_the_next_speaker_without_javascript(
    hall: Congress, chair: User, rosa: User
) -> None:
    client_of(rosa).post(url("floor_ask", hall), {"kind": "for", "list": "general"})
    client = client_of(chair)
    response = client.post(url("floor_chair", hall), {"do": "next", "version": version(hall)})
    assert response.status_code == 302
    assert response["Location"] == url("floor_chair", hall)
    page = client.get(url("floor_chair", hall)).text
    assert "Rosa Delegate" in page
    assert FloorState.objects.get(congress=hall).speaker.delegate.name == "Rosa Delegate"


def test_a_stale_next_from_the_chair_changes_nothing(
    hall: Congress, chair: User, rosa: User
) -> None:
    client_of(rosa).post(url("floor_ask", hall), {"kind": "for", "list": "general"})
    stale = version(hall) - 1
    response = client_of(chair).post(
        url("floor_chair", hall), {"do": "next", "version": stale}, follow=True
    )
    assert "changed meanwhile" in response.text
    assert FloorState.objects.get(congress=hall).speaker is None


def test_the_chairs_move_up_sent_twice_moves_the_request_once(
    hall: Congress, chair: User, rosa: User, section: Organization
) -> None:
    karl = delegate_user(hall, section, "karl.delegate@example.org", "Karl Delegate")
    client_of(rosa).post(url("floor_ask", hall), {"kind": "for", "list": "general"})
    client_of(karl).post(url("floor_ask", hall), {"kind": "for", "list": "general"})
    later = SpeakerRequest.objects.get(delegate__name="Karl Delegate")
    tap = {"do": "up", "request": later.pk, "version": version(hall)}
    client = client_of(chair)
    client.post(url("floor_chair", hall), tap)
    second = client.post(url("floor_chair", hall), tap, follow=True)
    assert "changed meanwhile" in second.text
    waiting = SpeakerRequest.objects.filter(state=SpeakerRequest.State.WAITING)
    assert [r.delegate.name for r in waiting.order_by("rank", "pk")] == [
        "Karl Delegate",
        "Rosa Delegate",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"do": "dance"}, "not a move the console knows"),
        ({}, "not a move the console knows"),
        ({"do": "remove"}, "Choose a request."),
        ({"do": "item", "item": "999999"}, "Choose an item of the agenda."),
        ({"do": "minute", "version": "x"}, "not a move the console knows"),
    ],
)
def test_bad_moves_are_refused_with_a_message(
    hall: Congress, chair: User, data: dict[str, str], message: str
) -> None:
    before = version(hall)
    response = client_of(chair).post(url("floor_chair", hall), data, follow=True)
    assert response.status_code == 200
    assert message in response.text
    assert version(hall) == before


def test_a_delegate_may_not_use_the_console(hall: Congress, rosa: User) -> None:
    assert client_of(rosa).post(url("floor_chair", hall), {"do": "start"}).status_code == 403


# The live state -------------------------------------------------------------------------


def test_the_state_answers_304_while_nothing_changes_and_200_after(
    hall: Congress, chair: User, member: User
) -> None:
    client = client_of(member)
    first = client.get(url("floor_state", hall))
    assert first.status_code == 200
    body = first.json()
    assert body["item"] == "World situation"
    assert body["vote"] is None
    token, etag = body["token"], first["ETag"]
    anonymous = Client()
    unchanged = anonymous.get(url("floor_state", hall), {"t": token}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == etag
    client_of(chair).post(url("floor_chair", hall), {"do": "start"})
    changed = anonymous.get(url("floor_state", hall), {"t": token}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["timer"]["running"] is True


def test_a_forged_token_gets_nothing_without_logging_in(hall: Congress) -> None:
    response = Client().get(
        url("floor_state", hall), {"t": "1:forged"}, HTTP_IF_NONE_MATCH='"2-en"'
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_token_for_another_congress_does_not_open_this_one(hall: Congress, member: User) -> None:
    other = Congress.objects.create(title="Other", slug="other-congress")
    token = client_of(member).get(url("floor_state", hall)).json()["token"]
    response = Client().get(url("floor_state", other), {"t": token})
    assert response.status_code == 302


def test_the_projector_shows_the_state_and_says_to_reload_without_javascript(
    hall: Congress, member: User
) -> None:
    page = client_of(member).get(url("projector", hall)).text
    assert "World situation" in page
    assert "<noscript>" in page
    assert 'role="timer"' in page


# The stream -----------------------------------------------------------------------------


def test_the_stream_sends_pages_back_to_polling_when_streams_are_off(
    hall: Congress, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOOR_STREAMS", "0")
    token = client_of(member).get(url("floor_state", hall)).json()["token"]
    assert Client().get(url("floor_stream", hall), {"t": token}).status_code == 204


def test_the_stream_refuses_a_page_without_a_token(hall: Congress, member: User) -> None:
    assert client_of(member).get(url("floor_stream", hall)).status_code == 403


def test_the_stream_opens_with_a_token_when_streams_are_on(
    hall: Congress, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOOR_STREAMS", "5")
    token = client_of(member).get(url("floor_state", hall)).json()["token"]
    response = Client().get(url("floor_stream", hall), {"t": token})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    first = next(iter(response.streaming_content))  # type: ignore[attr-defined]
    assert first == b"retry: 1000\n\n"
    response.close()


def test_a_waiting_stream_wakes_when_the_watcher_sees_a_new_version() -> None:
    watcher = floor_stream.Watcher()
    watcher.versions[7] = 3

    def move() -> None:
        with watcher.changed:
            watcher.versions[7] = 4
            watcher.changed.notify_all()

    threading.Timer(0.05, move).start()
    assert watcher.wait(7, 3, timeout=5) == 4
    assert watcher.wait(7, 4, timeout=0.01) == 4
