"""This part's URLs in the role table and the battery (see __init__.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from internationale.congresses.models import Congress

L = "login"  # a redirect to the log-in page
E = "enrol"  # a redirect to the second factor's enrolment page
# The demo congress is in its debate: the hall's pages (credentials, attendance,
# proxies) are closed to everyone, and the seeded representative represents a
# member organization, not a section, so nominates for none.
INTERNAL = (L, 200, 200, 403, 403, 403, 200, E)
CLOSED = (L, 403, 403, 403, 403, 403, 403, E)
POST_ONLY = (L, 405, 405, 405, 405, 405, 405, E)

# fmt: off
#: URL name -> answer per role: anonymous, member, representative, correspondent,
#: editor, language editor, secretariat, staff without TOTP.
ROWS: dict[str, tuple[int | str, ...]] = {
    "congresses:delegates": INTERNAL,
    "congresses:attendance_summary": INTERNAL,
    "congresses:delegates_nominate": CLOSED,
    "congresses:delegates_withdraw": POST_ONLY,
    "congresses:credentials": CLOSED,
    "congresses:credentials_decide": POST_ONLY,
    "congresses:credentials_replace": POST_ONLY,
    "congresses:credentials_end_replacement": POST_ONLY,
    "congresses:proxy": CLOSED,
    "congresses:attendance": CLOSED,
    "congresses:attendance_check": POST_ONLY,
    "congresses:attendance_code": POST_ONLY,
    "congresses:attendance_self": CLOSED,
}
# fmt: on
BY_NAME: dict[str, dict[str, str]] = {
    "congresses:delegates_nominate": {"pk": "congress_section"},
    "congresses:delegates_withdraw": {"pk": "congress_delegate"},
    "congresses:credentials_decide": {"pk": "congress_delegate"},
    "congresses:credentials_end_replacement": {"pk": "congress_delegate"},
    "congresses:attendance_check": {"pk": "congress_delegate"},
}


def seed(congress: Congress) -> dict[str, Any]:
    """A nominee of Corriente Roja (Spain), an official section; return it and the section."""
    from internationale.congresses.models import Delegate
    from internationale.organizations.models import Organization

    section = Organization.objects.get(name="Corriente Roja")
    row = Delegate.objects.filter(congress=congress, organization=section).first()
    if row is None:
        row = Delegate.objects.create(congress=congress, organization=section, name="Seed Nominee")
    return {"congress_section": section.pk, "congress_delegate": row.pk}
