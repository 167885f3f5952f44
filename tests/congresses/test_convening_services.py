"""Convening a congress: the services, their checks, the phases and their lock."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from internationale.accounts.models import AuditEntry
from internationale.congresses.models import Congress, CongressCall, Phase
from internationale.congresses.queries import call_languages, coming_and_past
from internationale.congresses.services import convening


def settings_for(**changes: Any) -> dict[str, Any]:
    """Everything the form sends when convening the XVI World Congress."""
    values: dict[str, Any] = {
        "number": 16,
        "title": "XVI World Congress",
        "slug": "world-congress-2029",
        "opens_on": date(2029, 7, 2),
        "closes_on": date(2029, 7, 6),
        "place": "Dakar",
        "online": True,
        "working_languages": ["en", "fr", "ar"],
        "figures_due": datetime(2029, 3, 1, 12, 0, tzinfo=UTC),
        "contributions_due": datetime(2029, 5, 1, 12, 0, tzinfo=UTC),
        "nominations_due": datetime(2029, 6, 1, 12, 0, tzinfo=UTC),
        "apportionment_method": "dhondt",
        "delegates_total": 80,
        "minimum_delegates": 2,
        "sympathizing_sections_vote": False,
        "mandate_rule": "delegate",
        "votes_total": None,
        "contributors": ["section", "tendency"],
        "proxy_limit": 1,
        "quorum_percent": 50,
        "speaking_time": 240,
        "alternation": "women",
    }
    return values | changes


def test_the_secretariat_convenes_a_congress_in_its_first_phase_audited(secretariat) -> None:
    congress = convening.convene_congress(by=secretariat, values=settings_for())
    congress.refresh_from_db()
    assert (congress.title, congress.phase, congress.place) == (
        "XVI World Congress",
        Phase.CONVENED,
        "Dakar",
    )
    assert congress.working_languages == ["en", "fr", "ar"]
    assert congress.apportionment_frozen_at is None
    entry = AuditEntry.objects.get(action="congress.convene")
    assert entry.actor == secretariat
    assert entry.details["opens_on"] == "2029-07-02"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_on": date(2029, 7, 1)}, "closes_on"),
        ({"working_languages": []}, "working_languages"),
        ({"working_languages": ["en", "xx"]}, "working_languages"),
        ({"contributors": []}, "contributors"),
        ({"figures_due": datetime(2029, 7, 2, 9, 0, tzinfo=UTC)}, "figures_due"),
        ({"nominations_due": datetime(2029, 2, 1, 9, 0, tzinfo=UTC)}, "nominations_due"),
        ({"mandate_rule": "section", "votes_total": None}, "votes_total"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_a_congress_with_impossible_settings_is_refused_field_by_field(
    secretariat, changes, field
) -> None:
    with pytest.raises(convening.ConveningError) as refused:
        convening.convene_congress(by=secretariat, values=settings_for(**changes))
    assert field in refused.value.errors
    assert not Congress.objects.exists()


def test_two_congresses_cannot_share_an_address(secretariat) -> None:
    convening.convene_congress(by=secretariat, values=settings_for())
    with pytest.raises(convening.ConveningError) as refused:
        convening.convene_congress(by=secretariat, values=settings_for(title="Another"))
    assert "slug" in refused.value.errors


def test_updating_records_only_what_changed(secretariat, congress) -> None:
    convening.update_congress(
        by=secretariat, congress_id=congress.pk, values={"place": "Tunis", "speaking_time": 180}
    )
    congress.refresh_from_db()
    assert (congress.place, congress.speaking_time) == ("Tunis", 180)
    entry = AuditEntry.objects.get(action="congress.update")
    assert entry.details == {"place": "Tunis", "speaking_time": 180}
    convening.update_congress(by=secretariat, congress_id=congress.pk, values={"place": "Tunis"})
    assert AuditEntry.objects.filter(action="congress.update").count() == 1


def test_once_frozen_the_apportionment_rules_stay_but_the_rest_may_change(
    secretariat, congress
) -> None:
    for phase in (Phase.CONVENED, Phase.DEBATE):
        convening.advance_phase(by=secretariat, congress_id=congress.pk, expected=phase)
    with pytest.raises(convening.ConveningError) as refused:
        convening.update_congress(
            by=secretariat, congress_id=congress.pk, values={"delegates_total": 99}
        )
    assert "delegates_total" in refused.value.errors
    convening.update_congress(by=secretariat, congress_id=congress.pk, values={"place": "Oran"})
    congress.refresh_from_db()
    assert (congress.delegates_total, congress.place) == (0, "Oran")


def test_phases_move_one_step_forward_and_credentials_freeze_the_apportionment(
    secretariat, congress
) -> None:
    assert congress.phase == Phase.CONVENED
    before = congress.phase_since
    moved = convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="convened")
    assert moved.phase == Phase.DEBATE
    assert moved.phase_since > before
    assert moved.apportionment_frozen_at is None
    moved = convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="debate")
    assert moved.phase == Phase.CREDENTIALS
    assert moved.apportionment_frozen_at == moved.phase_since
    frozen_at = moved.apportionment_frozen_at
    for phase in ("credentials", "session"):
        moved = convening.advance_phase(by=secretariat, congress_id=congress.pk, expected=phase)
    assert moved.phase == Phase.CLOSED
    assert moved.apportionment_frozen_at == frozen_at
    with pytest.raises(convening.ConveningError):
        convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="closed")
    steps = AuditEntry.objects.filter(action="congress.phase").order_by("pk")
    assert [(e.details["from"], e.details["to"]) for e in steps] == [
        ("convened", "debate"),
        ("debate", "credentials"),
        ("credentials", "session"),
        ("session", "closed"),
    ]


def test_a_second_click_from_the_same_phase_moves_nothing(secretariat, congress) -> None:
    convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="convened")
    with pytest.raises(convening.ConveningError):
        convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="convened")
    congress.refresh_from_db()
    assert congress.phase == Phase.DEBATE


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_congress_at_once_move_it_one_step(secretariat, congress) -> None:
    convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="convened")
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def click() -> None:
        try:
            start.wait()
            convening.advance_phase(by=secretariat, congress_id=congress.pk, expected="debate")
            outcomes.append("moved")
        except convening.ConveningError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["moved", "refused", "refused", "refused"]
    congress.refresh_from_db()
    assert congress.phase == Phase.CREDENTIALS
    assert AuditEntry.objects.filter(action="congress.phase").count() == 2


def test_the_call_has_an_original_and_translations_that_fall_behind_it(
    secretariat, congress
) -> None:
    write = convening.write_call
    write(by=secretariat, congress_id=congress.pk, language="en", title="Call", body="Come.")
    write(by=secretariat, congress_id=congress.pk, language="fr", title="Appel", body="Venez.")
    status = {row.code: row.status for row in call_languages(congress)}
    assert status == {
        "en": "original", "es": "missing", "pt": "missing", "fr": "current", "ar": "missing"
    }  # fmt: skip
    write(by=secretariat, congress_id=congress.pk, language="en", title="Call", body="Come now.")
    assert {r.code: r.status for r in call_languages(congress)}["fr"] == "outdated"
    write(by=secretariat, congress_id=congress.pk, language="fr", title="Appel", body="Venez vite.")
    assert {r.code: r.status for r in call_languages(congress)}["fr"] == "current"
    assert CongressCall.objects.get(congress=congress, is_original=True).version == 2
    assert AuditEntry.objects.filter(action="congress.call").count() == 4


def test_saving_the_call_unchanged_writes_nothing(secretariat, congress) -> None:
    for _ in range(2):
        convening.write_call(
            by=secretariat, congress_id=congress.pk, language="en", title="Call", body="Come."
        )
    assert AuditEntry.objects.filter(action="congress.call").count() == 1


def test_a_call_in_a_language_the_site_lacks_is_refused(secretariat, congress) -> None:
    with pytest.raises(convening.ConveningError):
        convening.write_call(
            by=secretariat, congress_id=congress.pk, language="de", title="Aufruf", body="."
        )


def test_the_list_puts_coming_congresses_soonest_first_and_past_ones_latest_first(db) -> None:
    today = date(2027, 1, 1)
    make = Congress.objects.create
    past = make(title="XIV", slug="xiv", opens_on=date(2024, 5, 1), closes_on=date(2024, 5, 3))
    later = make(title="XVI", slug="xvi", opens_on=date(2029, 7, 2))
    soon = make(title="XV", slug="xv", opens_on=date(2027, 6, 12))
    undated = make(title="Extraordinary", slug="extra")
    closed = make(title="Early", slug="early", opens_on=date(2027, 2, 1), phase=Phase.CLOSED)
    listed = coming_and_past(today)
    assert listed.coming == [soon, later, undated]
    assert listed.past == [closed, past]
    assert coming_and_past(today + timedelta(days=3650)).coming == [undated]
