from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from internationale.accounts.models import AuditEntry
from internationale.organizations.models import Organization, OrganizationStatus, StatusChange
from internationale.organizations.services import (
    OrganizationData,
    change_status,
    create_organization,
    set_description,
)
from tests.organizations.factories import bulk_organizations

PAGES = [
    "/directory/",
    "/directory/?page=3",
    "/directory/?status=all&page=50",
    "/directory/?q=organization+00123",
    "/directory/?region=europe&kind=union&status=all",
    "/directory/?country=BR&status=all",
]


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.fixture
def mst(brazil) -> Organization:
    return create_organization(
        by=None,
        data=OrganizationData(
            name="Movimento dos Trabalhadores Rurais Sem Terra",
            acronym="MST",
            kind="peasant",
            country=brazil,
            founded=1984,
        ),
        status=OrganizationStatus.MEMBER,
    )


def test_directory_pages_run_the_same_few_queries_at_100_and_20000_organizations(places) -> None:
    client = Client()
    bulk_organizations(100, prefix="Small")
    small = {path: queries_for(client, path) for path in PAGES}
    bulk_organizations(19_900, prefix="Large")
    assert Organization.objects.count() == 20_000
    large = {path: queries_for(client, path) for path in PAGES}
    assert large == small
    assert max(large.values()) <= 8, large


def test_an_organization_page_runs_a_fixed_number_of_queries(mst, client) -> None:
    for language in ("en", "pt", "es"):
        set_description(
            by=None,
            organization_id=mst.pk,
            language=language,
            text=f"Text {language}",
            original=language == "pt",
        )
    for status in ("official", "sympathizing", "member"):
        change_status(by=None, organization_id=mst.pk, status=status)
    assert queries_for(client, f"/directory/{mst.pk}/") <= 6


def test_the_directory_groups_by_region_then_country(places, client, mst) -> None:
    for code, name in [
        ("AR", "Frente Popular Darío Santillán"),
        ("ZA", "Socialist Revolutionary Workers Party"),
    ]:
        from internationale.organizations.models import Country

        create_organization(
            by=None,
            data=OrganizationData(name=name, country=Country.objects.get(code=code)),
            status="member",
        )
    body = client.get("/directory/").content.decode()
    latin = body.index("Latin America and the Caribbean</h2>")
    africa = body.index("Sub-Saharan Africa</h2>")
    assert latin < body.index("Darío Santillán") < body.index("Sem Terra") < africa
    assert body.index("Argentina</h3>") < body.index("Brazil</h3>")


def test_counts_per_region_and_status_are_shown(mst, client) -> None:
    body = client.get("/directory/").content.decode()
    assert '<a href="?status=member">Member</a></th><td class="num">1</td>' in body


def test_search_finds_by_acronym_name_and_other_names_ignoring_accents(mst, client) -> None:
    mst.other_names = ["Landless Workers' Movement"]
    from internationale.organizations.services import organization_data, update_organization

    update_organization(
        by=None,
        organization_id=mst.pk,
        data=organization_data(mst, other_names=["Landless Workers' Movement"]),
    )
    for query in ("MST", "trabalhadores rurais", "landless", "SEM TERRA"):
        assert "Sem Terra" in client.get("/directory/", {"q": query}).content.decode(), query
    assert "Sem Terra" not in client.get("/directory/", {"q": "vía campesina"}).content.decode()


def test_the_directory_shows_members_by_default_and_everyone_on_request(
    mst, brazil, client
) -> None:
    create_organization(by=None, data=OrganizationData(name="A Signatory Only", country=brazil))
    assert "A Signatory Only" not in client.get("/directory/").content.decode()
    assert "A Signatory Only" in client.get("/directory/?status=all").content.decode()
    assert "A Signatory Only" in client.get("/directory/?status=none").content.decode()


def test_bad_filter_values_are_ignored_not_an_error(mst, client) -> None:
    response = client.get("/directory/", {"region": "<script>", "kind": "x" * 500, "page": "-1"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_an_empty_directory_says_so(places, client) -> None:
    assert "No organization matches this search." in client.get("/directory/").content.decode()


def test_an_unknown_organization_is_a_404(db, client) -> None:
    assert client.get("/directory/999999/").status_code == 404


def test_the_secretariat_email_never_appears_on_public_pages(mst, client) -> None:
    from internationale.organizations.services import organization_data, update_organization

    update_organization(
        by=None, organization_id=mst.pk, data=organization_data(mst, email="secret@mst.example")
    )
    for path in ("/directory/", f"/directory/{mst.pk}/", "/directory/?q=mst"):
        assert "secret@mst.example" not in client.get(path).content.decode()


def test_a_representative_edits_the_entry_but_not_the_status(mst, representative) -> None:
    from internationale.accounts.models import Role
    from internationale.accounts.services import assign_role

    assign_role(by=None, user=representative, role=Role.REPRESENTATIVE, organization=mst)
    client = Client()
    client.force_login(representative)
    response = client.post(
        f"/directory/{mst.pk}/edit/",
        {"name": "Movimento Sem Terra", "acronym": "MST", "kind": "peasant", "country": "BR",
         "founded": "1984", "description": "Um movimento camponês.", "description_language": "pt",
         "description_is_original": "on", "status": "official"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    mst.refresh_from_db()
    assert mst.name == "Movimento Sem Terra"
    assert mst.status == OrganizationStatus.MEMBER  # unchanged: a status field is ignored
    assert client.get(f"/directory/{mst.pk}/status/").status_code == 403
    assert AuditEntry.objects.filter(action="organization.update", actor=representative).exists()


def test_another_organizations_representative_cannot_edit(mst, representative) -> None:
    client = Client()
    client.force_login(representative)
    assert client.get(f"/directory/{mst.pk}/edit/").status_code == 403


def test_the_secretariat_changes_the_status_with_a_date_and_a_reason(
    mst, staff_client, secretariat
) -> None:
    response = staff_client.post(
        f"/directory/{mst.pk}/status/",
        {"status": "official", "effective_on": "2026-03-01", "reason": "Admitted by the congress."},
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(organization=mst)
    assert (change.previous, change.status, str(change.effective_on)) == (
        "member",
        "official",
        "2026-03-01",
    )
    assert change.changed_by == secretariat
    mst.refresh_from_db()
    assert mst.status == "official"
    assert "member → official section" in staff_client.get(f"/directory/{mst.pk}/").content.decode()


def test_a_status_change_without_reason_is_refused_and_nothing_changes(mst, staff_client) -> None:
    response = staff_client.post(
        f"/directory/{mst.pk}/status/",
        {"status": "former", "effective_on": "2026-03-01", "reason": ""},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    mst.refresh_from_db()
    assert mst.status == "member"


def test_changing_the_country_in_the_admin_moves_the_organization_to_its_region(
    mst, staff_client
) -> None:
    from internationale.organizations.models import Country

    response = staff_client.post(
        f"/admin/organizations/organization/{mst.pk}/change/",
        {"name": mst.name, "acronym": "MST", "other_names": "[]", "kind": "peasant",
         "country": Country.objects.get(code="ZA").pk, "region_override": "", "founded": "1984",
         "website": "", "email": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    mst.refresh_from_db()
    assert mst.region.slug == "sub-saharan-africa"
    assert AuditEntry.objects.filter(action="organization.update").exists()


def test_numbered_names_are_listed_naturally(brazil, client) -> None:
    ten, two = "\u0661\u0660", "\u0662"  # in Arabic-Indic digits
    for name in ["Núcleo No. 10", "núcleo No. 1", "Núcleo No. 2", f"حزب {ten}", f"حزب {two}"]:
        create_organization(
            by=None, data=OrganizationData(name=name, country=brazil), status="member"
        )
    body = client.get("/directory/").content.decode()
    order = ["núcleo No. 1", "Núcleo No. 2", "Núcleo No. 10", f"حزب {two}", f"حزب {ten}"]
    positions = [body.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


class ListShape(HTMLParser):
    """Each list item's parent, each list's children and the headings, as the page nests them."""

    VOID = {"img", "input", "br", "meta", "link", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.item_parents: set[str] = set()
        self.list_children: set[str] = set()
        self.presentation = 0
        self.sequence: list[str] = []  # h2, h3 and organization lists, in the page's order

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.presentation += found.get("role") == "presentation"
        if tag == "li":
            self.item_parents.add(self.open[-1])
        if self.open and self.open[-1] in ("ul", "ol"):
            self.list_children.add(tag)
        if tag in ("h2", "h3") or (tag == "ul" and found.get("class") == "organizations"):
            self.sequence.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass


def test_country_headings_are_headings_each_followed_by_its_own_list(places, client, mst) -> None:
    from internationale.organizations.models import Country

    for code in ("AR", "ZA", "FR"):
        for n in (1, 2):
            create_organization(
                by=None,
                data=OrganizationData(name=f"Party {n}", country=Country.objects.get(code=code)),
                status="member",
            )
    shape = ListShape()
    shape.feed(client.get("/directory/").content.decode())
    assert shape.presentation == 0
    assert shape.item_parents <= {"ul", "ol"}
    assert shape.list_children == {"li"}
    assert shape.sequence.count("h3") == shape.sequence.count("ul") == 4  # BR, AR, FR, ZA
    for before, after in zip(shape.sequence, shape.sequence[1:], strict=False):
        assert (before == "h3") == (after == "ul"), shape.sequence
