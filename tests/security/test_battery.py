"""Hostile input against the real server: every endpoint, every form, every role.

See battery.py for what is sent and conftest.py for the server. Each test
lists its failures as "endpoint [method as role] payload: outcome".
"""

from __future__ import annotations

import pytest

from tests.security.battery import Failure

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]


def listed(failures: list[Failure]) -> str:
    return f"{len(failures)} failures:\n" + "\n".join(map(str, failures))


def test_every_endpoint_answers_every_role_in_time_without_5xx(crawl, battery) -> None:
    failures = battery.tally.of("crawl")
    assert not failures, listed(failures)


def test_hostile_query_parameters_get_no_5xx_and_no_hang(attack) -> None:
    failures = attack.battery.tally.of("query")
    assert not failures, listed(failures)


def test_hostile_values_in_every_form_field_get_no_5xx_no_hang_and_no_script(attack) -> None:
    failures = attack.battery.tally.of("field")
    assert not failures, listed(failures)


def test_a_wrong_charset_is_refused_without_5xx(attack) -> None:
    failures = attack.battery.tally.of("charset")
    assert not failures, listed(failures)


def test_huge_and_malformed_bodies_are_refused_in_time(attack) -> None:
    failures = attack.battery.tally.of("body")
    assert not failures, listed(failures)


def test_hostile_uploads_are_refused_in_time(attack) -> None:
    failures = attack.battery.tally.of("upload")
    assert not failures, listed(failures)


def test_what_the_battery_stored_is_shown_escaped_on_every_page(attack) -> None:
    failures = attack.battery.tally.of("stored")
    assert not failures, listed(failures)


def test_no_control_character_or_undecodable_text_was_stored(attack) -> None:
    assert attack.invalid_stored == []


def test_the_battery_reached_every_endpoint_and_role(attack, crawl) -> None:
    tally = attack.battery.tally
    print(tally.summary(), attack.battery.timings, tally.counts())
    assert {endpoint.key for endpoint in attack.battery.endpoints} - tally.endpoints == set()
    assert len(tally.roles) == len(attack.battery.agents)
    assert tally.forms > 50


def test_every_file_field_got_the_hostile_files(attack) -> None:
    """The upload phase found each form that takes a file, the new report's among them."""
    where = set(attack.battery.tally.injected.values())
    for field, page in [("media-file", "/wire/mine/new/"), ("file", "/media/")]:
        assert any(w.startswith(f"{field} of POST ") and page in w for w in where), (field, page)
