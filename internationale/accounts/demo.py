"""The accounts' demonstration data: one log-in for each role, printed by `serve --demo`.

The scoped roles are given over the other apps' demo data (a region, a
country, an organization, the congress), so this loads after them.
"""

from __future__ import annotations

from typing import Any

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role, mark_email_verified
from internationale.congresses.models import Congress
from internationale.organizations.models import Country, Organization, Region

DEMO_PASSWORD = "demo-internationale"  # noqa: S105 - printed for the demo on purpose

#: (what the account is for, e-mail, password), as printed by `serve --demo`.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("secretariat", "secretariat@demo.invalid", DEMO_PASSWORD),
    ("editor", "editor@demo.invalid", DEMO_PASSWORD),
    ("correspondent", "correspondent@demo.invalid", DEMO_PASSWORD),
    ("representative", "representative@demo.invalid", DEMO_PASSWORD),
    ("delegate", "delegate@demo.invalid", DEMO_PASSWORD),
    ("member", "member@demo.invalid", DEMO_PASSWORD),
]


def demo_user(email: str, display_name: str, *, is_staff: bool = False) -> tuple[User, int]:
    """The demo account with this address, with its address verified, made with the demo
    password if it is missing; and how many accounts were created (0 or 1)."""
    user = User.objects.filter(email=email).first()
    made = user is None
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, display_name=display_name, is_staff=is_staff
        )
    mark_email_verified(user)
    return user, int(made)


def load_logins() -> int:
    """The demo log-ins with their roles; return how many accounts were created."""
    scopes: dict[str, dict[str, Any]] = {
        "secretariat": {},
        "editor": {"region": Region.objects.get(slug="latin-america-caribbean")},
        "correspondent": {"country": Country.objects.get(code="BR")},
        "representative": {
            "organization": Organization.objects.get(name="Landless Rural Workers' Movement")
        },
        "delegate": {"congress": Congress.objects.get(slug="world-congress-2027")},
        "member": {},
    }
    created = 0
    for role, email, _password in DEMO_LOGINS:
        user, made = demo_user(email, f"Demo {role}", is_staff=role == "secretariat")
        created += made
        assign_role(by=None, user=user, role=Role(role), **scopes[role])
    return created
