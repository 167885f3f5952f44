"""The floor's cast: a congress in session, its agenda, and delegates of a section."""

from __future__ import annotations

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import AgendaItem, Congress, Delegate, Phase
from internationale.congresses.services import floor as services
from internationale.organizations.models import Organization
from tests.conftest import make_user


def in_session(congress: Congress) -> Congress:
    congress.phase = Phase.SESSION
    congress.save(update_fields=["phase"])
    return congress


def delegate_user(congress: Congress, section: Organization, email: str, name: str) -> User:
    """An accepted delegate of ``section``, with an account that holds the delegate role."""
    user = make_user(email)
    assign_role(by=None, user=user, role=Role.DELEGATE, congress=congress)
    Delegate.objects.create(
        congress=congress, organization=section, user=user, name=name,
        credentials=Delegate.Credentials.ACCEPTED,
    )  # fmt: skip
    return user


def item_under_discussion(congress: Congress, by: User, title: str = "Programme") -> AgendaItem:
    item = services.add_item(by=by, congress=congress, language="en", title=title)
    services.set_current_item(by=by, congress=congress, item_id=item.pk)
    return item
