"""This part's URLs in the role table and the battery (see __init__.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from internationale.congresses.models import Congress

L = "login"  # a redirect to the log-in page
E = "enrol"  # a redirect to the second factor's enrolment page

# fmt: off
#: URL name -> answer per role: anonymous, member, representative, correspondent,
#: editor, language editor, secretariat, staff without TOTP.
#: The demo congress is in its debate: nobody chairs yet, nobody asks to speak.
ROWS: dict[str, tuple[int | str, ...]] = {
    "congresses:agenda": (L, 200, 200, 403, 403, 403, 200, E),
    "congresses:agenda_item": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:agenda_move": (L, 405, 405, 405, 405, 405, 405, E),
    "congresses:agenda_current": (L, 405, 405, 405, 405, 405, 405, E),
    "congresses:floor": (L, 200, 200, 403, 403, 403, 200, E),
    "congresses:floor_ask": (L, 405, 405, 405, 405, 405, 405, E),
    "congresses:floor_withdraw": (L, 405, 405, 405, 405, 405, 405, E),
    "congresses:floor_state": (L, 200, 200, 403, 403, 403, 200, E),
    # The stream reads the follower's token the floor's pages give, not the session.
    "congresses:floor_stream": (403, 403, 403, 403, 403, 403, 403, E),
    "congresses:floor_chair": (L, 403, 403, 403, 403, 403, 403, E),
    "congresses:projector": (L, 200, 200, 403, 403, 403, 200, E),
}
# fmt: on
BY_NAME: dict[str, dict[str, str]] = {
    f"congresses:{name}": {"item_id": "agenda_item"}
    for name in ("agenda_item", "agenda_move", "agenda_current")
}


def seed(congress: Congress) -> dict[str, Any]:
    """Add the objects this part's URLs name; return them as samples."""
    from internationale.accounts.models import User
    from internationale.congresses.demo import floor
    from internationale.congresses.services.floor import add_item
    from tests.security.seed import STORED_SCRIPT

    floor.load(congress)
    secretariat = User.objects.get(email="secretariat@demo.invalid")
    add_item(
        by=secretariat, congress=congress, language="en", title=STORED_SCRIPT,
        rapporteurs=STORED_SCRIPT, documents=f"{STORED_SCRIPT}\njavascript:alert(1)",
    )  # fmt: skip
    first = congress.agenda_items.order_by("position").first()
    assert first is not None
    return {"agenda_item": first.pk}
