from __future__ import annotations

import csv
import io

import pytest

from internationale.accounts.models import AuditEntry
from internationale.declarations import queries
from internationale.declarations.models import Declaration, Signature
from internationale.declarations.services import confirmations, signing


def counts_now(declaration: Declaration) -> queries.Counts:
    """The counts as a new request reads them (the list's version read afresh)."""
    return queries.counts(Declaration.objects.get(pk=declaration.pk))


@pytest.fixture
def declaration(places) -> Declaration:
    return Declaration.objects.create(slug="call", state="open")


@pytest.fixture
def confirmed(declaration) -> Signature:
    result = signing.sign_declaration(
        declaration=declaration,
        data=signing.SignatureData(kind="person", name="Spam Bot Deluxe", email="bot@spam.example"),
        base_url="http://testserver",
    )
    signature = result.signature
    signing.confirm_signature(token=confirmations.confirmation_token(signature))
    return signature


def test_the_secretariat_hides_a_signature_with_a_reason_and_it_is_audited(
    staff_client, secretariat, declaration, confirmed
) -> None:
    assert counts_now(declaration).people == 1
    response = staff_client.post(
        "/declarations/call/staff/?view=confirmed",
        {"signature": confirmed.pk, "action": "hide", "reason": "Not a real person."},
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.state == "hidden"
    assert counts_now(declaration).people == 0
    entry = AuditEntry.objects.get(action="signature.hide")
    assert entry.actor == secretariat
    assert entry.details == {"reason": "Not a real person.", "organization": None}


def test_hiding_without_a_reason_is_refused(staff_client, declaration, confirmed) -> None:
    staff_client.post("/declarations/call/staff/", {"signature": confirmed.pk, "action": "hide"})
    confirmed.refresh_from_db()
    assert confirmed.state == "confirmed"


def test_the_staff_csv_has_the_addresses_and_is_audited(
    staff_client, declaration, confirmed
) -> None:
    response = staff_client.get("/declarations/call/signatures.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["email"] for row in rows] == ["bot@spam.example"]
    assert AuditEntry.objects.filter(action="signatures.export").exists()


@pytest.mark.parametrize("path", ["/declarations/call/staff/", "/declarations/call/signatures.csv"])
def test_only_the_secretariat_sees_moderation_and_addresses(
    member, client, declaration, path
) -> None:
    client.force_login(member)
    assert client.get(path).status_code == 403


#: Cells a spreadsheet would run as formulas, as the public may type them.
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1",
    "\r=1",
    " =1+1",
    "\uff1d1+1",  # a full-width equals sign
]


def _runs_as_formula(cell: str) -> bool:
    """What OWASP lists, also after leading spaces (written here, not imported)."""
    starts = ("=", "+", "-", "@", "\uff1d")
    return cell.startswith((*starts, "\t", "\r", "\n")) or cell.lstrip().startswith(starts)


def test_the_staff_csv_has_no_cell_a_spreadsheet_would_run(staff_client, declaration) -> None:
    for number, formula in enumerate(FORMULAS):
        Signature.objects.create(
            declaration=declaration, kind="organization", name=formula, acronym=formula,
            representative=formula, message=formula, email=f"s{number}@example.org",
        )  # fmt: skip
    response = staff_client.get("/declarations/call/signatures.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1 + len(FORMULAS)
    for row in rows:
        assert not any(_runs_as_formula(cell) for cell in row), row
    by_name = {row[2]: row for row in rows[1:]}
    assert set(by_name) == {"'" + formula for formula in FORMULAS}  # shown as typed, after a '
    assert all(by_name["'" + f][3] == by_name["'" + f][5] == "'" + f for f in FORMULAS)
