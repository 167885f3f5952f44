from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from internationale.accounts.models import User
from internationale.organizations.csvio import (
    COLUMN_NAMES,
    export_organizations,
    import_organizations,
)
from internationale.organizations.models import (
    Country,
    Organization,
    OrganizationStatus,
    Region,
    StatusChange,
)
from internationale.organizations.services import (
    OrganizationData,
    change_status,
    create_organization,
    set_description,
)
from tests.organizations.factories import bulk_organizations

HEADER = ",".join(COLUMN_NAMES)
BLANK_TAIL = "," * (len(COLUMN_NAMES) - 11)  # the description columns and original_language


def export(private: bool = False) -> str:
    return "".join(export_organizations(Organization.objects.all(), include_private=private))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def line(
    name: str,
    *,
    id: str = "",
    acronym: str = "",
    kind: str = "party",
    country: str = "BR",
    region: str = "",
    founded: str = "",
    website: str = "",
    status: str = "member",
    since: str = "",
) -> str:
    cells = [id, name, acronym, "", kind, country, region, founded, website, status, since]
    return ",".join(cells) + BLANK_TAIL


def upload(content: bytes, name: str = "organizations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def directory(brazil: Country, secretariat: User) -> list[Organization]:
    """A small directory with every column filled in somewhere."""
    mst = create_organization(
        by=None,
        data=OrganizationData(
            name="Movimento dos Trabalhadores Rurais Sem Terra",
            acronym="MST",
            other_names=["Landless Workers' Movement", "Movimiento Sin Tierra"],
            kind="peasant",
            country=brazil,
            founded=1984,
            website="https://mst.org.br/",
            email="secret@mst.example",
        ),
        status=OrganizationStatus.MEMBER,
        status_since=date(2019, 5, 1),
    )
    set_description(
        by=None,
        organization_id=mst.pk,
        language="pt",
        text='Movimento de massas, "autônomo", com\nduas linhas; e vírgulas.',
        original=True,
    )
    set_description(by=None, organization_id=mst.pk, language="en", text="A mass movement.")
    set_description(by=None, organization_id=mst.pk, language="ar", text="حركة جماهيرية.")
    network = create_organization(
        by=None,
        data=OrganizationData(
            name="La Vía Campesina",
            kind="network",
            region_override=Region.objects.get(slug="international"),
        ),
        status=OrganizationStatus.OBSERVER,
        status_since=date(2021, 1, 15),
    )
    set_description(by=None, organization_id=network.pk, language="es", text="Red campesina.")
    moved = create_organization(
        by=None,
        data=OrganizationData(
            name="=Formula Party",
            acronym="-FP",
            kind="party",
            country=Country.objects.get(code="ZA"),
            region_override=Region.objects.get(slug="europe"),
        ),
    )
    return [mst, network, moved]


def test_an_export_imported_into_an_empty_directory_exports_the_same_file_but_for_ids(
    directory, secretariat
) -> None:
    before = export()
    Organization.objects.all().delete()

    report = import_organizations(before, by=secretariat)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    after = export()
    assert [row[1:] for row in rows(after)] == [row[1:] for row in rows(before)]
    assert [row[0] for row in rows(after)] != [row[0] for row in rows(before)]


def test_importing_an_export_over_the_same_data_changes_nothing(directory, secretariat) -> None:
    before = export(private=True)
    history = StatusChange.objects.count()

    report = import_organizations(before, by=secretariat)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert StatusChange.objects.count() == history
    assert export(private=True) == before


def test_importing_the_same_file_twice_creates_nothing_the_second_time(places, secretariat) -> None:
    text = "\n".join(
        [
            HEADER,
            line("Partido Socialismo e Liberdade", acronym="PSOL"),
            line("Outro", kind="union"),
        ]
    )
    first = import_organizations(text, by=secretariat)
    second = import_organizations(text, by=secretariat)

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Organization.objects.count() == 2


def test_a_row_without_id_updates_the_organization_of_the_same_name_and_country(
    directory, secretariat
) -> None:
    mst = directory[0]
    text = "\n".join(
        [HEADER, line("movimento dos trabalhadores RURAIS sem terra", status="official")]
    )

    report = import_organizations(text, by=secretariat)

    assert (report.created, report.updated) == (0, 1)
    mst.refresh_from_db()
    assert mst.name == "movimento dos trabalhadores RURAIS sem terra"
    assert mst.status == OrganizationStatus.OFFICIAL_SECTION
    assert mst.status_changes.get().reason == "CSV import"
    assert mst.email == "secret@mst.example", "a column absent from the file is left alone"


def test_a_row_with_an_id_updates_that_organization_even_when_renamed(
    directory, secretariat
) -> None:
    network = directory[1]
    text = "\n".join([HEADER, line("Via Campesina International", id=str(network.pk), country="")])

    report = import_organizations(text, by=secretariat)

    assert (report.created, report.updated) == (0, 1)
    network.refresh_from_db()
    assert network.name == "Via Campesina International"
    assert network.status == OrganizationStatus.MEMBER


def test_a_file_with_several_bad_rows_reports_each_with_its_line_and_writes_nothing(
    places, secretariat
) -> None:
    text = "\n".join(
        [
            HEADER,
            line("A good party"),
            line("Bad kind", kind="club"),
            line("Bad country", country="QQ"),
            line("Bad year", founded="nineteen"),
            line("Bad web", website="http://not a url"),
            line("Bad\x07bell"),
            line("N" * 301),
            line("Bad status", status="friend"),
            line("Bad region", region="atlantis"),
            line("Bad date", since="1/5/2020"),
            line(""),
            line("Too old", founded="1700"),
            line("Bad id", id="seven"),
            "only,three,fields",
        ]
    )

    report = import_organizations(text, by=secretariat)

    assert not report.ok
    by_line = {error.line: error.message for error in report.errors}
    assert sorted(by_line) == list(range(3, 16))
    assert "kind" in by_line[3]
    assert "club" in by_line[3]
    assert "QQ" in by_line[4]
    assert "nineteen" in by_line[5]
    assert "web address" in by_line[6]
    assert "control characters" in by_line[7]
    assert "at most 300" in by_line[8]
    assert "friend" in by_line[9]
    assert "atlantis" in by_line[10]
    assert "YYYY-MM-DD" in by_line[11]
    assert "required" in by_line[12]
    assert "1800" in by_line[13]
    assert "seven" in by_line[14]
    assert "fields" in by_line[15]
    assert Organization.objects.count() == 0


def test_line_numbers_count_lines_inside_quoted_cells(places, secretariat) -> None:
    text = "\n".join(
        [
            "name,kind,description_en",
            'Good,party,"first line',
            'second line"',
            "Bad,club,",
        ]
    )
    report = import_organizations(text, by=secretariat)
    assert [error.line for error in report.errors] == [4]


def test_an_unknown_column_is_refused_and_the_columns_are_named(places, secretariat) -> None:
    report = import_organizations("name,colour\nA party,red\n", by=secretariat)

    assert len(report.errors) == 1
    assert report.errors[0].line == 1
    assert "“colour”" in report.errors[0].message
    assert "original_language" in report.errors[0].message
    assert Organization.objects.count() == 0


def test_a_file_without_a_name_column_is_refused(places, secretariat) -> None:
    report = import_organizations("acronym,kind\nPT,party\n", by=secretariat)
    assert [error.message for error in report.errors] == ["the column “name” is required."]


def test_semicolons_and_a_byte_order_mark_are_accepted(places, secretariat) -> None:
    text = "\ufeffname;country;kind;other_names\nPartido dos Trabalhadores;br;party;PT | Workers\n"

    report = import_organizations(text, by=secretariat)

    assert report.errors == []
    organization = Organization.objects.get()
    assert organization.country is not None
    assert organization.country.code == "BR"
    assert organization.other_names == ["PT", "Workers"]


def test_two_rows_for_the_same_organization_are_refused(places, secretariat) -> None:
    text = "name,country\nSame Name,BR\nsame  name,br\n"
    report = import_organizations(text, by=secretariat)
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "this is the same organization as line 2.")
    ]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_exported_defused(directory) -> None:
    exported = rows(export())
    formula = next(row for row in exported if "Formula" in row[1])
    assert formula[1] == "'=Formula Party"
    assert formula[2] == "'-FP"


def test_the_export_has_the_documented_header_and_joins_other_names(directory) -> None:
    exported = rows(export())
    assert exported[0] == list(COLUMN_NAMES)
    mst = next(row for row in exported if row[2] == "MST")
    record = dict(zip(exported[0], mst, strict=True))
    assert record["other_names"] == "Landless Workers' Movement | Movimiento Sin Tierra"
    assert record["country"] == "BR"
    assert record["region"] == ""
    assert record["status_since"] == "2019-05-01"
    assert record["original_language"] == "pt"
    assert record["description_ar"] == "حركة جماهيرية."
    network = dict(zip(exported[0], exported[2], strict=True))
    assert (network["country"], network["region"]) == ("", "international")


def test_the_export_runs_two_queries_whatever_the_size(places) -> None:
    bulk_organizations(10, prefix="Small")
    with CaptureQueriesContext(connection) as small:
        export()
    bulk_organizations(490, prefix="Large")
    with CaptureQueriesContext(connection) as large:
        assert len(rows(export())) == 501
    assert len(small) == len(large) == 2


# --- The pages ---------------------------------------------------------------


def download(client: Client, path: str = "/directory/export.csv") -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    streaming = cast(StreamingHttpResponse, response)
    return b"".join(cast("Iterator[bytes]", streaming.streaming_content)).decode()


def test_the_export_page_runs_the_same_queries_for_10_and_500_organizations(
    places, staff_client
) -> None:
    bulk_organizations(10, prefix="Small")
    with CaptureQueriesContext(connection) as small:
        download(staff_client)
    bulk_organizations(490, prefix="Large")
    with CaptureQueriesContext(connection) as large:
        assert len(rows(download(staff_client))) == 501
    assert len(small) == len(large)


def test_the_email_column_is_absent_from_the_export_unless_asked_for(
    directory, staff_client
) -> None:
    public = download(staff_client)
    assert "secret@mst.example" not in public
    assert "email" not in rows(public)[0]
    private = download(staff_client, "/directory/export.csv?private=1")
    assert rows(private)[0][-1] == "email"
    assert "secret@mst.example" in private


def test_a_member_is_refused_both_the_export_and_the_import(member) -> None:
    client = Client()
    client.force_login(member)
    assert client.get("/directory/export.csv").status_code == 403
    assert client.get("/directory/import-csv/").status_code == 403
    response = client.post("/directory/import-csv/", {"file": upload(b"name\nA party\n")})
    assert response.status_code == 403
    assert Organization.objects.count() == 0


def test_a_visitor_is_sent_to_log_in(client) -> None:
    response = client.get("/directory/export.csv")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_import_page_lists_every_documented_column(places, staff_client) -> None:
    body = staff_client.get("/directory/import-csv/").content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_file">' in body
    for name in (*COLUMN_NAMES, "email", "sympathizing", "solidarity", "arab-maghreb"):
        assert f"<code>{name}</code>" in body, name


def test_an_upload_that_is_not_utf8_is_refused_with_a_clear_message(places, staff_client) -> None:
    latin1 = "name,country\nConfederación,ES\n".encode("latin-1")
    response = staff_client.post("/directory/import-csv/", {"file": upload(latin1)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The file is not UTF-8 text" in body
    assert "CSV UTF-8" in body
    assert 'class="error-summary"' in body
    assert Organization.objects.count() == 0


def test_an_upload_over_5_mb_is_refused(places, staff_client) -> None:
    big = b"name\n" + b"x" * (5 * 1024 * 1024)
    response = staff_client.post("/directory/import-csv/", {"file": upload(big)})
    assert "larger than 5 MB" in response.content.decode()
    assert Organization.objects.count() == 0


def test_an_upload_with_bad_rows_lists_each_line_and_writes_nothing(places, staff_client) -> None:
    text = "\n".join(
        [HEADER, line("Good"), line("Bad kind", kind="club"), line("Bad", country="QQ")]
    )
    response = staff_client.post("/directory/import-csv/", {"file": upload(text.encode())})
    body = response.content.decode()
    assert "2 problems" in body
    assert "Line 3: kind: unknown kind “club”" in body
    assert "Line 4: country: unknown country or territory code “QQ”" in body
    assert Organization.objects.count() == 0


def test_a_good_upload_says_what_it_did(directory, staff_client) -> None:
    text = download(staff_client) + line("Partido Novo", country="PT") + "\r\n"
    response = staff_client.post(
        "/directory/import-csv/", {"file": upload(text.encode("utf-8-sig"))}, follow=True
    )
    assert "Created: 1. Updated: 0. Unchanged: 3." in response.content.decode()
    assert Organization.objects.filter(name="Partido Novo", country__code="PT").exists()


def test_changing_the_original_language_makes_the_others_translations(
    directory, secretariat
) -> None:
    mst = directory[0]
    text = "\n".join(
        [
            "id,name,country,description_en,original_language",
            f"{mst.pk},{mst.name},BR,A mass movement of landless workers.,en",
        ]
    )
    report = import_organizations(text, by=secretariat)
    assert report.updated == 1
    originals = {d.language: d.is_original for d in mst.descriptions.all()}
    assert originals == {"en": True, "pt": False, "ar": False}


def test_status_changes_from_a_file_are_dated_with_status_since(directory, secretariat) -> None:
    network = directory[1]
    change_status(by=None, organization_id=network.pk, status="member")
    text = f"id,name,status,status_since\n{network.pk},La Vía Campesina,former,2024-02-03\n"
    import_organizations(text, by=secretariat)
    network.refresh_from_db()
    assert (network.status, network.status_since) == ("former", date(2024, 2, 3))


def test_a_description_typed_in_a_browser_with_crlf_counts_as_unchanged(
    directory, secretariat
) -> None:
    mst = directory[0]
    set_description(by=None, organization_id=mst.pk, language="en", text="One.\r\nTwo.")
    report = import_organizations(export(), by=secretariat)
    assert (report.updated, report.unchanged) == (0, 3)


def test_a_nul_byte_or_a_giant_cell_is_reported_not_a_crash(places, secretariat) -> None:
    nul = import_organizations("name,kind\nA\x00B,party\n", by=secretariat)
    assert [error.line for error in nul.errors] == [2]
    giant = import_organizations('name,description_en\nA,"' + "x" * 200_000 + '"\n', by=secretariat)
    assert [error.line for error in giant.errors] == [2]
    assert Organization.objects.count() == 0


def test_names_a_spreadsheet_would_run_are_defused_and_come_back_as_they_were(
    places, secretariat
) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+cmd|' /C calc'!A0", "-2+3",
               "\uff1d1+1 Party"]  # fmt: skip
    for name in hostile:
        create_organization(
            by=None, data=OrganizationData(name=name, acronym="@A", country=None, kind="network")
        )
    before = export(private=True)
    assert {row[1] for row in rows(before)[1:]} == {"'" + name for name in hostile}
    assert {row[2] for row in rows(before)[1:]} == {"'@A"}
    Organization.objects.all().delete()

    report = import_organizations(before, by=secretariat)

    assert report.errors == []
    assert sorted(Organization.objects.values_list("name", flat=True)) == sorted(hostile)
    assert [row[1:] for row in rows(export(private=True))] == [row[1:] for row in rows(before)]
