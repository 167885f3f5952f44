"""The desks' links are shown to the people who may open them, and to no one else.

Each link to "My reports" or the "Editors' desk" is decided by the predicate
its view asks (``can_file_reports``, ``can_open_desk``): the table below says
who sees which, and every link of the desk a page shows must open for the
person it is shown to (a correspondent once saw an "Editors' desk" that
answered 403).
"""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from internationale.wire import permissions
from tests.tables import read_table
from tests.wire.conftest import logged_in

LINKS = ["my_reports", "editors_desk"]
TABLE = read_table(
    """
                      my_reports editors_desk
    anonymous              .          .
    member                 .          .
    representative         .          .
    correspondent          Y          .
    regional_editor        Y          Y
    language_editor        Y          Y
    global_editor          Y          Y
    secretariat            Y          Y
    """,
    LINKS,
)
PATHS = {"my_reports": "/wire/mine/", "editors_desk": "/wire/desk/"}
ROLES = sorted({person for person, _ in TABLE})


@pytest.fixture
def people(
    member, representative, carla, regional_editor, language_editor, editor, secretariat
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "representative": representative,
        "correspondent": carla,
        "regional_editor": regional_editor,
        "language_editor": language_editor,
        "global_editor": editor,
        "secretariat": secretariat,
    }


def desk_links(html: str) -> set[str]:
    """The addresses of every link to the desks (``/wire/mine/…``, ``/wire/desk/…``)."""
    hrefs = lxml.html.fromstring(html).xpath("//a/@href")
    return {h for h in hrefs if h.startswith(("/wire/mine/", "/wire/desk/"))}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_desk_links_it_may_follow_and_only_those(
    people, role, file_report, publish
) -> None:
    report = publish(file_report(language="ar"))
    user = people[role]
    client = Client() if role == "anonymous" else logged_in(user)
    pages = ["/wire/", f"/wire/report/{report.pk}/", "/wire/search/"]
    pages += [PATHS[link] for link in LINKS if TABLE[role, link]]
    if permissions.can_view_on_desk(user, report):
        pages.append(f"/wire/desk/{report.pk}/")
    seen: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        seen |= desk_links(response.content.decode())
    for link in LINKS:
        assert (PATHS[link] in seen) == TABLE[role, link], (role, link)
    # The table is the views' own rule, not a copy of it.
    assert TABLE[role, "my_reports"] == permissions.can_file_reports(user)
    assert TABLE[role, "editors_desk"] == permissions.can_open_desk(user)
    for href in seen:
        assert client.get(href).status_code in (200, 302), (role, href)
