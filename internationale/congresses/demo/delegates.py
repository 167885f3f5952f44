"""The demo congress's delegates: invented people for the first sections with an allotment.

The names are invented, like pen names; no real person. The demo account
delegate@demo.invalid (which holds the congress's delegate role, accounts/demo.py)
is linked to an accepted delegate of Corriente Roja (Spain), or of the first
section if that one has no allotment. Nothing is made before the sections' demo
has made allotments.
"""

from __future__ import annotations

from internationale.accounts.models import User
from internationale.congresses.models import Congress, Delegate, SectionAllotment
from internationale.congresses.services.delegates_credentials import recompute_weights

DEMO_DELEGATE = "delegate@demo.invalid"
LINKED_SECTION = "Corriente Roja"
SECTIONS = 5

#: Per section shown: (delegates, alternates), invented names; the first two of each accepted.
NAMES = [
    (["Ana Vermelha", "Tomás Aurora", "Yara Semente"], ["Bruno Alba"]),
    (["Lía Estrella", "Rafa Primavera", "Mila Comuna"], ["Oskar Faro"]),
    (["Inés Barricada", "Nico Horizonte"], ["Dana Marea"]),
    (["Karim Solidaire", "Noor Al-Fajr"], ["Jonas Morgenrot"]),
    (["Sol Cordillera", "Teo Martillo"], ["Vera Rocío"]),
]


def load(congress: Congress) -> int:
    """Add this part's demo data to congress; return how many rows were made."""
    allotments = list(
        SectionAllotment.objects.filter(congress=congress, seats__gt=0)
        .select_related("organization")
        .order_by("organization__sort_key", "organization_id")
    )
    if not allotments:
        return 0
    linked = next((a for a in allotments if a.organization.name == LINKED_SECTION), allotments[0])
    shown = [linked, *[a for a in allotments if a is not linked][: SECTIONS - 1]]
    made = 0
    for allotment, (delegates, alternates) in zip(shown, NAMES, strict=False):
        rows = [(name, Delegate.Kind.DELEGATE) for name in delegates[: allotment.seats]]
        rows += [(name, Delegate.Kind.ALTERNATE) for name in alternates[: allotment.seats]]
        for position, (name, kind) in enumerate(rows):
            accepted = position < 2 or kind == Delegate.Kind.ALTERNATE
            _row, created = Delegate.objects.get_or_create(
                congress=congress,
                organization=allotment.organization,
                name=name,
                defaults={
                    "kind": kind,
                    "credentials": Delegate.Credentials.ACCEPTED
                    if accepted
                    else Delegate.Credentials.NOMINATED,
                },
            )
            made += int(created)
        recompute_weights(congress=congress, organization_id=allotment.organization_id)
    _link_demo_account(congress, linked)
    return made


def _link_demo_account(congress: Congress, allotment: SectionAllotment) -> None:
    user = User.objects.filter(email=DEMO_DELEGATE).first()
    if user is None or Delegate.objects.filter(congress=congress, user=user).exists():
        return
    row = (
        Delegate.objects.filter(
            congress=congress,
            organization=allotment.organization,
            kind=Delegate.Kind.DELEGATE,
            credentials=Delegate.Credentials.ACCEPTED,
            user__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if row is not None:
        row.user = user
        row.save(update_fields=["user"])
