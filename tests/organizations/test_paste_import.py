"""The real 2020 signatory list, pasted by the secretariat: preview, fix, confirm once."""

from __future__ import annotations

import json
import re

from internationale.organizations import pasted
from internationale.organizations.models import ListImport, Organization

SMALL_LIST = """## International networks
1. WIDF - Women's International Democratic Federation
## Europe
2. Catalans Countries, CUP - Candidatura d'Unitat Popular
3. Italy, Potere al Popolo
4. Brazil, MST - Movimento dos Trabalhadores Rurais Sem Terra
"""


def content_lines(text: str) -> int:
    return sum(
        1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def test_the_whole_signatory_list_imports_without_losing_a_line(signatories, secretariat) -> None:
    batch = pasted.preview_list(by=secretariat, text=signatories)
    assert len(batch.rows) == content_lines(signatories) == 241
    assert Organization.objects.count() == 0  # nothing is written by the preview
    batch = pasted.confirm_list(
        by=secretariat, import_id=batch.pk, decisions=pasted.default_decisions(batch)
    )
    flagged = sum(1 for row in batch.rows if row["flagged"])
    counts = {k: v for k, v in batch.result.items() if k != "organizations"}
    assert counts == {"created": 241 - flagged, "linked": 0, "skipped": flagged}
    assert len(batch.result["organizations"]) == 241 - flagged  # every line kept its organization
    assert Organization.objects.count() == 241 - flagged
    mst = Organization.objects.get(acronym="MST")
    assert (mst.country.code, mst.name) == ("BR", "Movimento dos Trabalhadores Rurais Sem Terra")
    assert Organization.objects.get(name="Frente Popular Darío Santillán").country.code == "AR"


def test_confirming_twice_or_importing_the_same_list_again_creates_nothing_twice(
    signatories, secretariat
) -> None:
    first = pasted.preview_list(by=secretariat, text=signatories)
    pasted.confirm_list(
        by=secretariat, import_id=first.pk, decisions=pasted.default_decisions(first)
    )
    count = Organization.objects.count()
    again = pasted.confirm_list(
        by=secretariat, import_id=first.pk, decisions=pasted.default_decisions(first)
    )
    assert again.result["created"] == count
    second = pasted.preview_list(by=secretariat, text=signatories)
    assert {row["match"] for row in second.rows if not row["flagged"]} == {"exact"}
    second = pasted.confirm_list(
        by=secretariat, import_id=second.pk, decisions=pasted.default_decisions(second)
    )
    assert second.result["created"] == 0
    assert Organization.objects.count() == count


def test_the_preview_asks_a_person_about_flagged_lines_before_confirming(
    staff_client, places
) -> None:
    response = staff_client.post("/directory/import/", {"text": SMALL_LIST})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = staff_client.get(preview_url).content.decode()
    assert "country-fuzzy" in page  # "Catalans Countries" is a typo the parser will not guess
    batch = ListImport.objects.get()
    lines = {row["name"]: row["line"] for row in batch.rows}
    choices = {f"action-{row['line']}": "create" for row in batch.rows}
    del choices[f"action-{lines['Candidatura d' + chr(39) + 'Unitat Popular']}"]
    response = staff_client.post(preview_url, choices)
    assert response.status_code == 400
    assert Organization.objects.count() == 0
    catalan = lines["Candidatura d'Unitat Popular"]
    choices[f"action-{catalan}"] = "create"
    choices[f"country-{catalan}"] = "X-CAT"
    response = staff_client.post(preview_url, choices)
    assert response.status_code == 302
    assert Organization.objects.get(acronym="CUP").country.code == "X-CAT"
    assert Organization.objects.count() == 4
    # A second click on "confirm" changes nothing.
    staff_client.post(preview_url, choices)
    assert Organization.objects.count() == 4


def test_only_the_secretariat_imports_lists(member, client) -> None:
    client.force_login(member)
    assert client.get("/directory/import/").status_code == 403
    assert client.post("/directory/import/", {"text": SMALL_LIST}).status_code == 403


def test_an_empty_or_oversized_paste_is_refused_with_a_message(staff_client, places) -> None:
    assert (
        "This field is required."
        in staff_client.post("/directory/import/", {"text": ""}).content.decode()
    )
    huge = "Brazil, Name\n" * (pasted.MAX_LINES + 1)
    assert (
        "at most 5000 lines"
        in staff_client.post("/directory/import/", {"text": huge}).content.decode()
    )
    assert not ListImport.objects.exists()


def test_the_command_line_dry_run_prints_json_lines_and_writes_nothing(
    signatories, places, tmp_path, capsys
) -> None:
    from internationale.cli import main

    source = tmp_path / "list.txt"
    source.write_text(signatories, encoding="utf-8")
    assert main(["import-list", str(source), "--dry-run", "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 241
    for key in ("line", "country", "name", "acronym", "match", "flagged"):
        assert all(key in row for row in rows), key
    assert all(isinstance(row["flagged"], bool) for row in rows)
    assert all(
        row["country"] is None or re.fullmatch(r"[A-Z]{2}|X-[A-Z]{3}", row["country"])
        for row in rows
    )
    assert not Organization.objects.exists()
    assert not ListImport.objects.exists()


def test_the_command_line_refuses_a_file_that_is_not_utf8(tmp_path, capsys) -> None:
    from internationale.cli import main

    source = tmp_path / "latin1.txt"
    source.write_bytes("Perú, Partido Socialista".encode("latin-1"))
    assert main(["import-list", str(source), "--dry-run"]) == 1
    assert "UTF-8" in capsys.readouterr().err
