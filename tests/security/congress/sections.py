"""This part's URLs in the role table and the battery (see __init__.py).

The demo congress is in its pre-congress debate. The seeded representative
represents the MST, which is a member of the international, not a section: they
read the sections as a member and may declare no section's figure. The
secretariat validates figures but declares none (only a section's own
representative does).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from internationale.congresses.models import Congress

L = "login"  # a redirect to the log-in page
E = "enrol"  # a redirect to the second factor's enrolment page

# fmt: off
#: URL name -> answer per role: anonymous, member, representative, correspondent,
#: editor, language editor, secretariat, staff without TOTP.
ROWS: dict[str, tuple[int | str, ...]] = {
    "congresses:sections": (L, 200, 200, 403, 403, 403, 200, E),
    "congresses:figures": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:section_figure": (L, 403, 403, 403, 403, 403, 403, E),
}
# fmt: on
BY_NAME: dict[str, dict[str, str]] = {
    "congresses:section_figure": {"pk": "congress_section"},
}


def seed(congress: Congress) -> dict[str, Any]:
    """A section of the demo congress, with a figure awaiting validation; return its id."""
    from internationale.congresses.models import MembershipFigure
    from internationale.organizations.models import Organization, OrganizationStatus

    section = (
        Organization.objects.filter(status=OrganizationStatus.OFFICIAL_SECTION)
        .order_by("pk")
        .first()
    )
    assert section is not None, "the demo has official sections"
    MembershipFigure.objects.get_or_create(
        congress=congress,
        organization=section,
        state=MembershipFigure.State.DECLARED,
        defaults={"members": 1500, "as_of": date(2026, 10, 31)},
    )
    return {"congress_section": str(section.pk)}
