"""This part's URLs in the role table and the battery (see __init__.py).

The debate is the international's: its members (the member, the representative of a
member organization, the secretariat) read it; the correspondent and the editors, who
are not members, get 403; the public is asked to log in. The samples are the demo's:
the outgoing executive's report in Bulletin 1, the first tendency; and a contribution
and a tendency with a script in their texts, which no page may show unescaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from internationale.congresses.models import Congress

L = "login"  # a redirect to the log-in page
E = "enrol"  # a redirect to the second factor's enrolment page
MEMBERS = (L, 200, 200, 403, 403, 403, 200, E)
POST_ONLY = (L, 405, 405, 405, 405, 405, 405, E)

# fmt: off
#: URL name -> answer per role: anonymous, member, representative, correspondent,
#: editor, language editor, secretariat, staff without TOTP.
ROWS: dict[str, tuple[int | str, ...]] = {
    "congresses:debate": MEMBERS,
    "congresses:debate_new": MEMBERS,
    "congresses:contribution": MEMBERS,
    "congresses:contribution_endorse": POST_ONLY,
    "congresses:contribution_withdraw": POST_ONLY,
    "congresses:contribution_public": POST_ONLY,
    # The executive's report: the secretariat writes its texts (its original is fixed now).
    "congresses:contribution_text": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:bulletins": MEMBERS,
    "congresses:bulletin_publish": (L, 403, 403, 403, 403, 403, 200, E),
    "congresses:bulletin": MEMBERS,
    "congresses:bulletin_pdf": MEMBERS,
    "congresses:tendencies": MEMBERS,
    "congresses:tendency_new": MEMBERS,
    "congresses:tendency": MEMBERS,
    "congresses:tendency_sign": POST_ONLY,
    # The first tendency: its signatories (none of the cast) and the secretariat write it.
    "congresses:tendency_platform": (L, 403, 403, 403, 403, 403, 200, E),
}
# fmt: on
_CONTRIBUTION = {"pk": "debate_contribution"}
_BULLETIN = {"number": "debate_bulletin"}
BY_NAME: dict[str, dict[str, str]] = {
    "congresses:contribution": _CONTRIBUTION,
    "congresses:contribution_endorse": _CONTRIBUTION,
    "congresses:contribution_withdraw": _CONTRIBUTION,
    "congresses:contribution_public": _CONTRIBUTION,
    "congresses:contribution_text": {**_CONTRIBUTION, "language": "debate_language"},
    "congresses:bulletin": _BULLETIN,
    "congresses:bulletin_pdf": {**_BULLETIN, "language": "debate_language"},
    "congresses:tendency": {"pk": "debate_tendency"},
    "congresses:tendency_sign": {"pk": "debate_tendency"},
    "congresses:tendency_platform": {"pk": "debate_tendency", "language": "debate_language"},
}


def seed(congress: Congress) -> dict[str, Any]:
    """Add a hostile contribution and tendency; return the demo's samples."""
    from internationale.accounts.models import User
    from internationale.congresses.models import ContributionText, Tendency
    from internationale.congresses.services import debate
    from tests.security.seed import STORED_SCRIPT

    member = User.objects.get(email="member@demo.invalid")
    debate.submit_contribution(
        by=member, congress=congress, kind="member", language="en",
        title=STORED_SCRIPT, body=STORED_SCRIPT,
    )  # fmt: skip
    if not Tendency.objects.filter(congress=congress, name=STORED_SCRIPT).exists():
        debate.declare_tendency(
            by=member, congress=congress, name=STORED_SCRIPT, language="ar", platform=STORED_SCRIPT
        )
    report = ContributionText.objects.get(
        contribution__congress=congress,
        is_original=True,
        title__startswith="Report of the outgoing executive",
    ).contribution
    assert report.bulletin is not None
    first = Tendency.objects.filter(congress=congress).order_by("declared_at", "id").first()
    assert first is not None
    return {
        "debate_contribution": report.pk,
        "debate_bulletin": report.bulletin.number,
        "debate_language": "en",
        "debate_tendency": first.pk,
    }
