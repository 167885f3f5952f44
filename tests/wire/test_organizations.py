"""Reports name the organizations they come from or are about; their pages list them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from internationale.organizations.models import Country, Organization
from internationale.organizations.queries import organizations_named
from internationale.organizations.services import search_text_for
from internationale.wire import queries, services
from internationale.wire.forms import ReportForm
from internationale.wire.models import ReportOrganization
from tests.wire.conftest import BASE, data, logged_in


def entry(name: str, acronym: str = "", code: str | None = "BR") -> Organization:
    return Organization.objects.create(
        name=name,
        acronym=acronym,
        country=Country.objects.get(code=code) if code else None,
        search_text=search_text_for(name, acronym, []),
    )


def form(**overrides):
    values = {
        "kind": "report",
        "language": "pt",
        "dateline": "BR",
        "title": "Ocupação da fazenda entra na segunda semana",
        "lede": "Quinhentas famílias acampam desde o dia 3.",
        "body": "Texto.",
        "organizations": "",
    }
    values.update(overrides)
    return values


# --- the lookup ------------------------------------------------------------------------


def test_an_organization_is_found_by_name_or_acronym_ignoring_case_and_accents(organization):
    union = entry("Central Única dos Trabalhadores", "CUT")
    found = organizations_named(
        ["MST", "mst", "movimento dos trabalhadores rurais sem terra", "CENTRAL UNICA DOS "
         "TRABALHADORES", "cut", "Sem Terra", "Nowhere"]
    )  # fmt: skip
    assert found["MST"] == found["mst"] == [organization]
    assert found["movimento dos trabalhadores rurais sem terra"] == [organization]
    assert found["CENTRAL UNICA DOS TRABALHADORES"] == found["cut"] == [union]
    assert found["Sem Terra"] == []  # a part of a name is not the name
    assert found["Nowhere"] == []


def test_a_name_two_entries_share_is_ambiguous(places):
    entry("Partido Comunista", "PC", "BR")
    entry("Partido Comunista", "PC", "AR")
    assert len(organizations_named(["partido comunista"])["partido comunista"]) == 2


def test_the_form_names_each_unknown_or_ambiguous_line(organization, topics):
    entry("Partido Comunista", "PC", "BR")
    entry("Partido Comunista", "PC", "AR")
    bound = ReportForm(form(organizations="MST\n\nNo Such Union\nPC"))
    assert not bound.is_valid()
    errors = bound.errors["organizations"]
    assert "Line 3: no organization in the directory has the name or acronym “No Such Union”." in (
        errors
    )
    assert any(e.startswith("Line 4: “PC” is the name or acronym of several") for e in errors)
    assert any("Partido Comunista (Argentina)" in e for e in errors)


def test_the_form_bounds_the_lines(organization, topics):
    too_many = ReportForm(form(organizations="\n".join(["MST"] * 21)))
    assert not too_many.is_valid()
    assert too_many.errors["organizations"] == ["Please name at most 20 organizations, one a line."]
    too_long = ReportForm(form(organizations="MST\n" + "x" * 301))
    assert not too_long.is_valid()
    assert too_long.errors["organizations"] == ["Line 2 is longer than 300 characters."]


# --- filing and editing through the pages ---------------------------------------------------


def test_a_correspondent_names_organizations_and_a_mistake_loses_nothing(
    carla, organization, topics
):
    client = logged_in(carla)
    typed = "mst\nSindicato Fantasma"
    response = client.post("/wire/mine/new/", form(organizations=typed))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 2: no organization in the directory" in body
    assert "Sindicato Fantasma" in body
    assert "Quinhentas famílias acampam" in body
    assert 'id="id_organizations">\nmst\nSindicato Fantasma</textarea>' in body  # every line
    response = client.post("/wire/mine/new/", form(organizations="mst\n MST \n"))
    assert response.status_code == 302
    row = ReportOrganization.objects.get()
    assert row.organization == organization
    assert row.published_at is None


def test_the_edit_form_shows_and_keeps_the_named_organizations(carla, organization, file_report):
    twin = entry(organization.name, "MST-AR", "AR")  # same name, another country
    report = file_report(organizations=[organization])
    client = logged_in(carla)
    page = client.get(f"/wire/desk/{report.pk}/edit/").content.decode()
    assert f'id="id_organizations">\n{organization.name}</textarea>' in page
    # Saved again as shown, the shared name means the entry the report already names.
    response = client.post(
        f"/wire/desk/{report.pk}/edit/", form(title=report.title, organizations=organization.name)
    )
    assert response.status_code == 302
    assert [r.organization for r in report.listed_organizations] == [organization]
    assert twin.pk not in {r.organization_id for r in ReportOrganization.objects.all()}


def test_the_revision_keeps_the_names_as_they_were(carla, organization, file_report):
    report = file_report(organizations=[organization])
    assert report.revisions.get().details["organizations"] == [str(organization)]


def test_too_many_organizations_are_refused_by_the_service(carla, places, topics):
    many = [entry(f"Union {n}") for n in range(21)]
    with pytest.raises(services.WireError):
        services.create_report(by=carla, data=data(organizations=many))


# --- reading them ----------------------------------------------------------------------------


def test_only_live_published_reports_are_listed(
    carla, organization, file_report, publish, regional_editor
):
    live = publish(file_report(title="Publicada", organizations=[organization]))
    file_report(title="Rascunho", organizations=[organization])  # a draft
    waiting = file_report(title="Na mesa", organizations=[organization])
    services.submit_report(by=carla, report_id=waiting.pk, base_url=BASE)
    later = publish(
        file_report(title="Embargada", organizations=[organization]),
        at=timezone.now() + timedelta(days=1),
    )
    gone = publish(file_report(title="Retirada", organizations=[organization]))
    services.unpublish_report(
        by=regional_editor,
        report_id=gone.pk,
        reason="Unsafe for a source.",
        base_url=BASE,
    )
    assert [r.pk for r in queries.published_reports_of(organization.pk, "pt")] == [live.pk]
    assert later.is_scheduled
    assert queries.published_reports_of(organization.pk + 1000, "pt") == []


def test_the_readers_translation_is_listed(
    carla, organization, file_report, publish, regional_editor
):
    original = publish(file_report(organizations=[organization]))
    translation = services.start_translation(
        by=regional_editor, original_id=original.pk, language="en",
        title="Oil strike reaches its tenth day", lede="Twenty refineries.", body="Text.",
    )  # fmt: skip
    assert [r.organization for r in translation.listed_organizations] == [organization]
    assert queries.published_reports_of(organization.pk, "en")[0].pk == original.pk  # not yet
    services.publish_report(by=regional_editor, report_id=translation.pk, base_url=BASE)
    assert queries.published_reports_of(organization.pk, "en")[0].pk == translation.pk
    assert queries.published_reports_of(organization.pk, "fr")[0].pk == original.pk


def test_the_list_costs_three_queries_at_any_size(
    organization, file_report, publish, django_assert_max_num_queries
):
    for n in range(12):
        publish(file_report(title=f"Greve número {n}", organizations=[organization]))
    with django_assert_max_num_queries(3):
        reports = queries.published_reports_of(organization.pk, "pt")
        assert [r.headline for r in reports][:2] == [
            "Brasil: Greve número 11",
            "Brasil: Greve número 10",
        ]
    assert len(reports) == 10


def test_the_report_page_links_to_the_organizations_it_names(
    client, organization, file_report, publish
):
    report = publish(file_report(organizations=[organization]))
    body = client.get(f"/wire/report/{report.pk}/").content.decode()
    assert f'<a href="/directory/{organization.pk}/" dir="auto">{organization.name}</a>' in body
    assert "<bdi>(MST)</bdi>" in body


def test_the_demo_credits_reports_to_its_organizations(client, places, topics, secretariat):
    from internationale.organizations.demo import load_directory
    from internationale.wire.demo import load_wire_demo

    load_directory()
    load_wire_demo(editor=secretariat, base_url=BASE)
    party = Organization.objects.get(name="Mazdoor Kisan Party")
    appeal = queries.published_reports_of(party.pk, "en")
    assert [r.title for r in appeal] == [
        "Union organiser taken from his home by plain-clothes men; whereabouts unknown"
    ]
    listed = ReportOrganization.objects.get(organization=party)
    assert listed.published_at == appeal[0].published_at  # backdated with its report
    assert "Reports on the news wire" in client.get(f"/directory/{party.pk}/").content.decode()
    landless = ReportOrganization.objects.get(organization__acronym="MST").report
    assert landless.state != "published"  # still on the desk: the MST's page waits for it
