"""The debate tests' shared steps: a congress in its debate, a contribution, a tendency."""

from __future__ import annotations

from internationale.accounts.models import User
from internationale.congresses.models import Congress, Contribution, Phase, Tendency
from internationale.congresses.services import debate


def in_debate(congress: Congress) -> Congress:
    congress.phase = Phase.DEBATE
    congress.save(update_fields=["phase"])
    return congress


def contribute(
    congress: Congress,
    by: User,
    *,
    title: str = "On the land question",
    body: str = "The land belongs to those who work it.",
    language: str = "en",
    kind: str = "member",
    organization_id: int | None = None,
) -> Contribution:
    return debate.submit_contribution(
        by=by,
        congress=congress,
        kind=kind,
        language=language,
        title=title,
        body=body,
        organization_id=organization_id,
    )


def declare(congress: Congress, by: User, name: str = "Red Dawn") -> Tendency:
    return debate.declare_tendency(
        by=by, congress=congress, name=name, language="en", platform="We stand for unity."
    )
