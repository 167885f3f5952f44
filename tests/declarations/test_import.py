"""Organizations that signed by e-mail: a pasted list, read by the directory's parser, imported."""

from __future__ import annotations

import pytest

from internationale.accounts.models import AuditEntry
from internationale.declarations import queries
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import publishing
from internationale.organizations import pasted
from internationale.organizations.models import Organization

LIST = """## International networks
La Via Campesina
Brazil, MST - Movimento dos Trabalhadores Rurais Sem Terra
Argentina - Frente Popular Darío Santillán
"""


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="week", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Week of struggle", body="Act.",
        is_original=True,
    )  # fmt: skip
    return declaration


def preview_and_confirm(staff_client, text: str) -> str:
    before = Signature.objects.count(), Organization.objects.count()
    response = staff_client.post("/declarations/week/manage/import/", {"text": text})
    assert response.status_code == 302
    preview = response["Location"]
    page = staff_client.get(preview)
    assert page.status_code == 200
    assert (Signature.objects.count(), Organization.objects.count()) == before  # nothing written
    rows = page.context["rows"]
    choices = {}
    for row in rows:
        line = row["line"]
        choices[f"action-{line}"] = row["default"] or "create"
        choices[f"name-{line}"] = row["name"]
        choices[f"acronym-{line}"] = row["acronym"] or ""
        choices[f"country-{line}"] = row["country"] or ""
        choices[f"link-{line}"] = row["match_id"] or ""
    assert staff_client.post(preview, choices).status_code == 302
    return preview


def test_a_pasted_list_becomes_signatures_once(declaration, staff_client) -> None:
    preview = preview_and_confirm(staff_client, LIST)
    imported = Signature.objects.filter(declaration=declaration, imported=True)
    assert sorted(imported.values_list("name", flat=True)) == [
        "Frente Popular Darío Santillán",
        "La Via Campesina",
        "Movimento dos Trabalhadores Rurais Sem Terra",
    ]
    assert all(s.email is None and s.organization_id for s in imported)
    assert Organization.objects.count() == 3  # each is in the directory now
    assert queries.counts(Declaration.objects.get(pk=declaration.pk)).organizations == 3
    assert "3 signatures added" in staff_client.get(preview).content.decode()
    staff_client.post(preview, {})  # confirming again changes nothing
    assert imported.count() == 3
    assert AuditEntry.objects.filter(action="signatures.import").count() == 1


def test_the_same_list_again_adds_no_one_twice(declaration, staff_client) -> None:
    preview_and_confirm(staff_client, LIST)
    second = preview_and_confirm(staff_client, LIST)
    assert Signature.objects.filter(declaration=declaration).count() == 3
    assert Organization.objects.count() == 3
    assert "0 signatures added; 3 organizations had signed already" in (
        staff_client.get(second).content.decode()
    )


def test_an_organization_that_signed_on_the_form_is_not_added_again(
    declaration, staff_client, organization
) -> None:
    Signature.objects.create(
        declaration=declaration, kind="organization", name=organization.name,
        organization=organization, email="mst@example.org", state="pending",
    )  # fmt: skip
    preview_and_confirm(staff_client, "Brazil, MST - Movimento dos Trabalhadores Rurais Sem Terra")
    assert Signature.objects.filter(declaration=declaration).count() == 1


def test_only_the_secretariat_imports(declaration, client, member) -> None:
    client.force_login(member)
    assert client.get("/declarations/week/manage/import/").status_code == 403


def test_the_real_list_of_241_signatories_imports_without_losing_a_line(
    declaration, signatories, secretariat
) -> None:
    started = publishing.start_signatory_import(
        by=secretariat, declaration_id=declaration.pk, text=signatories
    )
    rows = started.list_import.rows
    assert len(rows) == 241
    decisions = pasted.default_decisions(started.list_import)
    done = publishing.confirm_signatory_import(
        by=secretariat, import_id=started.pk, decisions=decisions
    )
    assert done.result == {"added": len(decisions), "already": 0}
    contents = queries.contents(Declaration.objects.get(pk=declaration.pk), "en")
    assert contents.counts.organizations == len(decisions)
    assert contents.headings[0].country == ""  # the international networks come first
    assert contents.headings[0].organizations >= 10
