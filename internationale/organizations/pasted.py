"""Paste-a-list import: parse a pasted list against the directory, preview, confirm once.

The parsing itself is the pure ``listparse`` module; this module feeds it the
places and organizations from the database and writes what a person confirmed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.numbers import parse_id
from internationale.organizations import services
from internationale.organizations.listparse import Known, ListParser, Parsed, Place
from internationale.organizations.models import Country, ListImport, Organization
from internationale.organizations.queries import organization_named

MAX_LINES = 5000


class Action:
    CREATE = "create"
    LINK = "link"
    SKIP = "skip"
    CHOICES = (CREATE, LINK, SKIP)


@dataclass(frozen=True)
class RowDecision:
    """What the person confirmed for one line (possibly corrected)."""

    action: str
    name: str = ""
    acronym: str = ""
    country: str | None = None
    link_to: int | None = None


def places_from_db() -> list[Place]:
    return [
        Place(
            code=country.code,
            region=country.region.slug,
            names=tuple(dict.fromkeys([country.name, *country.names.values(), *country.aliases])),
        )
        for country in Country.objects.select_related("region")
    ]


def known_from_db() -> list[Known]:
    return [
        Known(id=pk, name=name, acronym=acronym, other_names=tuple(other), country=code)
        for pk, name, acronym, other, code in Organization.objects.values_list(
            "pk", "name", "acronym", "other_names", "country__code"
        )
    ]


def parser() -> ListParser:
    return ListParser(places_from_db(), known_from_db())


def parse(text: str) -> list[Parsed]:
    return parser().parse(text)


def default_action(row: dict[str, Any]) -> str | None:
    """The action a row gets without a person's choice; None when a person must choose."""
    if row["flagged"] or row["match"] == "probable":
        return None
    return Action.LINK if row["match"] == "exact" else Action.CREATE


def preview_list(*, by: User, text: str) -> ListImport:
    rows = [dataclasses.asdict(row) for row in parse(text)]
    with transaction.atomic():
        batch = ListImport.objects.create(created_by=by, text=text, rows=rows)
        record_audit(actor=by, action="list.preview", target=batch, details={"rows": len(rows)})
    return batch


@transaction.atomic
def confirm_list(
    *, by: User | None, import_id: int, decisions: dict[int, RowDecision]
) -> ListImport:
    """Write what was confirmed. A second confirmation of the same list changes nothing.

    Locks the import row, so two clicks on "confirm" run one after the other
    and the second finds the list confirmed. A line to be created whose
    organization now exists (same name and country) is linked instead, so
    importing the same list twice never creates an organization twice.
    """
    batch = ListImport.objects.select_for_update().get(pk=import_id)
    if batch.state == ListImport.State.CONFIRMED:
        return batch
    countries = {c.code: c for c in Country.objects.select_related("region")}
    created = linked = skipped = 0
    organizations: dict[str, int] = {}  # line -> the organization it is now
    for row in batch.rows:
        decision = decisions.get(row["line"])
        if decision is None or decision.action == Action.SKIP:
            skipped += 1
            continue
        if decision.action == Action.LINK and decision.link_to:
            _remember_name(decision.link_to, decision.name or row["name"])
            organizations[str(row["line"])] = decision.link_to
            linked += 1
            continue
        country = countries.get(decision.country or "") if decision.country else None
        name = (decision.name or row["name"]).strip()
        existing = organization_named(name, country)
        if existing is not None:
            organizations[str(row["line"])] = existing.pk
            linked += 1
            continue
        made = services.create_organization(
            by=by,
            data=services.OrganizationData(
                name=name, acronym=(decision.acronym or "").strip(), country=country
            ),
        )
        organizations[str(row["line"])] = made.pk
        created += 1
    batch.state = ListImport.State.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.result = {"created": created, "linked": linked, "skipped": skipped,
                    "organizations": organizations}  # fmt: skip
    batch.save()
    record_audit(
        actor=by,
        action="list.confirm",
        target=batch,
        details={"created": created, "linked": linked, "skipped": skipped},
    )
    return batch


def _remember_name(organization_id: int, name: str) -> None:
    """Keep a spelling seen in a list as one of the organization's other names."""
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    known = {services.normalize(n) for n in [organization.name, *organization.other_names]}
    if name and services.normalize(name) not in known:
        organization.other_names = [*organization.other_names, name]
        organization.search_text = services.search_text_for(
            organization.name, organization.acronym, organization.other_names
        )
        organization.save(update_fields=["other_names", "search_text", "updated_at"])


def default_decisions(batch: ListImport) -> dict[int, RowDecision]:
    """Create clear new lines, link exact matches, leave the rest out (the CLI's choice)."""
    decisions = {}
    for row in batch.rows:
        action = default_action(row)
        if action is not None:
            decisions[row["line"]] = RowDecision(
                action=action,
                name=row["name"],
                acronym=row["acronym"] or "",
                country=row["country"],
                link_to=row["match_id"],
            )
    return decisions


def decisions_from(
    posted: Mapping[str, str], batch: ListImport
) -> tuple[dict[int, RowDecision], list[int]]:
    """Read the person's choice for every line of a posted preview; list the lines lacking one.

    A line's link is the number of the organization the page offered, or
    empty for the line's own match; a line to be linked whose link is not an
    organization's number (not ASCII digits, or of none in the directory)
    is left undecided, to be shown again.
    """
    codes = set(Country.objects.values_list("code", flat=True))
    links = {row["line"]: posted.get(f"link-{row['line']}", "") for row in batch.rows}
    numbers = {line: parse_id(text) for line, text in links.items() if text}
    existing = set(
        Organization.objects.filter(
            pk__in=[number for number in numbers.values() if number is not None]
        ).values_list("pk", flat=True)
    )
    decisions: dict[int, RowDecision] = {}
    undecided = []
    for row in batch.rows:
        line = row["line"]
        action = posted.get(f"action-{line}", "")
        if action not in Action.CHOICES or (
            action == Action.LINK and line in numbers and numbers[line] not in existing
        ):
            undecided.append(line)
            continue
        country = posted.get(f"country-{line}", "") or None
        decisions[line] = RowDecision(
            action=action,
            name=" ".join(posted.get(f"name-{line}", row["name"]).split())[:300],
            acronym=posted.get(f"acronym-{line}", row["acronym"] or "").strip()[:40],
            country=country if country in codes else None,
            link_to=numbers[line] if line in numbers else row["match_id"],
        )
    return decisions, undecided


def preview_rows(batch: ListImport, undecided: list[int]) -> list[dict[str, Any]]:
    """The rows as the preview shows them: with the default choice and the lines lacking one."""
    return [
        {**row, "default": default_action(row), "missing": row["line"] in undecided}
        for row in batch.rows
    ]
