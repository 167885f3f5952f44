"""The debate's pages: who sees what, the forms and their bad input, languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from internationale.congresses.models import Bulletin, Contribution
from internationale.congresses.services import debate
from tests.congresses.debate_cast import contribute, declare, in_debate

BASE = "/congresses/world-congress"


@pytest.fixture
def debating(congress):
    return in_debate(congress)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_debate_is_for_members_not_the_public(
    debating, member, section_representative, outsider, staff_client
) -> None:
    contribute(debating, member, title="On the land question")
    anonymous = Client().get(f"{BASE}/debate/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert client_of(outsider).get(f"{BASE}/debate/").status_code == 403
    for client in (client_of(member), client_of(section_representative), staff_client):
        response = client.get(f"{BASE}/debate/")
        assert response.status_code == 200
        assert "On the land question" in response.content.decode()


def test_the_menu_names_debate_and_tendencies_for_members_only(debating, member) -> None:
    page = client_of(member).get(f"{BASE}/").content.decode()
    assert f'href="{BASE}/debate/"' in page
    assert f'href="{BASE}/tendencies/"' in page
    assert f'href="{BASE}/debate/"' not in Client().get(f"{BASE}/").content.decode()


def test_a_contribution_is_internal_until_the_secretariat_makes_it_public(
    debating, member, outsider, staff_client
) -> None:
    made = contribute(debating, member)
    url = f"{BASE}/debate/{made.pk}/"
    assert "/accounts/login/" in Client().get(url)["Location"]
    assert client_of(outsider).get(url).status_code == 403
    staff_client.post(f"{url}public/", {"public": "1"})
    assert Contribution.objects.get().public
    assert "On the land question" in Client().get(url).content.decode()
    assert client_of(outsider).get(url).status_code == 200
    assert Client().get(f"{BASE}/debate/").status_code == 302


def test_a_member_may_not_make_a_contribution_public(debating, member) -> None:
    made = contribute(debating, member)
    response = client_of(member).post(f"{BASE}/debate/{made.pk}/public/", {"public": "1"})
    assert response.status_code == 403
    assert not Contribution.objects.get().public


def test_a_withdrawn_contribution_stays_with_its_submitter(debating, member, delegate) -> None:
    made = contribute(debating, member)
    client_of(member).post(f"{BASE}/debate/{made.pk}/withdraw/")
    assert Contribution.objects.get().state == "withdrawn"
    assert client_of(member).get(f"{BASE}/debate/{made.pk}/").status_code == 200
    assert client_of(delegate).get(f"{BASE}/debate/{made.pk}/").status_code == 404


def test_the_form_offers_only_the_kinds_the_person_may_use(
    debating, member, section, section_representative
) -> None:
    plain = client_of(member).get(f"{BASE}/debate/new/").content.decode()
    assert 'value="member"' in plain
    assert 'value="section"' not in plain
    assert 'value="executive"' not in plain
    rep = client_of(section_representative).get(f"{BASE}/debate/new/").content.decode()
    assert 'value="section"' in rep
    assert section.name in rep


def test_a_member_submits_through_the_form(debating, member) -> None:
    data = {"kind": "member", "language": "pt", "title": "Terra", "body": "A terra é de quem"}
    response = client_of(member).post(f"{BASE}/debate/new/", data)
    made = Contribution.objects.get()
    assert response["Location"] == f"{BASE}/debate/{made.pk}/"
    assert made.texts.get().language == "pt"


def test_after_the_deadline_the_form_says_so(debating, member) -> None:
    debating.contributions_due = timezone.now() - timedelta(days=1)
    debating.save()
    data = {"kind": "member", "language": "en", "title": "Late", "body": "Too late."}
    response = client_of(member).post(f"{BASE}/debate/new/", data)
    assert response.status_code == 400
    assert "Contributions were due by" in response.content.decode()
    assert "Too late." in response.content.decode()  # what was typed is kept to copy
    assert not Contribution.objects.exists()
    closed = client_of(member).get(f"{BASE}/debate/new/").content.decode()
    assert "The debate goes on in the published bulletins." in closed


def test_outside_the_debate_phase_nobody_contributes(congress, member) -> None:
    assert client_of(member).get(f"{BASE}/debate/new/").status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "member", "language": "en", "title": "", "body": "Body"}, "required"),
        ({"kind": "member", "language": "en", "title": "   ", "body": "Body"}, "required"),
        ({"kind": "member", "language": "xx", "title": "T", "body": "B"}, "valid choice"),
        ({"kind": "executive", "language": "en", "title": "T", "body": "B"}, "valid choice"),
        ({"kind": "member", "language": "en", "title": "T", "body": "x" * 100_001}, "at most"),
        ({"kind": "member", "language": "en", "title": "T" * 301, "body": "B"}, "at most"),
        ({"kind": "member", "language": "en", "title": "T\x00", "body": "B"}, "control"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_text_kept(
    debating, member, data, message
) -> None:
    response = client_of(member).post(f"{BASE}/debate/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_script_in_title_and_body_is_shown_as_text(debating, member, outsider) -> None:
    made = contribute(
        debating,
        member,
        title="<script>alert(1)</script>",
        body='<script>alert(2)</script> <img src=x onerror="alert(3)"> [x](javascript:alert(4))',
    )
    page = client_of(member).get(f"{BASE}/debate/{made.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "<img" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_reader_sees_their_language_else_the_original_with_a_note(debating, member) -> None:
    made = contribute(debating, member, title="On the land question")
    debate.write_contribution_text(
        by=member, contribution=made, language="es", title="Sobre la tierra", body="La tierra."
    )
    client = client_of(member)
    spanish = client.get(f"{BASE}/debate/{made.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sobre la tierra" in spanish
    french = client.get(f"{BASE}/debate/{made.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "On the land question" in french
    assert "Pas encore traduit" in french
    debate.write_contribution_text(
        by=member, contribution=made, language="en", title="On land", body="Changed."
    )
    spanish = client.get(f"{BASE}/debate/{made.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "El original ha cambiado" in spanish


def test_the_author_writes_a_translation_and_others_may_not(debating, member, delegate) -> None:
    made = contribute(debating, member)
    url = f"{BASE}/debate/{made.pk}/text/fr/"
    assert client_of(delegate).get(url).status_code == 403
    response = client_of(member).post(url, {"title": "Sur la terre", "body": "La terre."})
    assert response.status_code == 302
    assert made.texts.get(language="fr").translated_from_version == 1


def test_a_language_the_site_does_not_have_is_not_found(debating, member) -> None:
    made = contribute(debating, member)
    assert client_of(member).get(f"{BASE}/debate/{made.pk}/text/xx/").status_code == 404


def test_members_endorse_and_withdraw_by_plain_posts(debating, member, delegate) -> None:
    made = contribute(debating, member)
    client = client_of(delegate)
    client.post(f"{BASE}/debate/{made.pk}/endorse/", {"endorse": "1"})
    client.post(f"{BASE}/debate/{made.pk}/endorse/", {"endorse": "1"})
    assert made.endorsements.count() == 1
    client.post(f"{BASE}/debate/{made.pk}/endorse/", {"endorse": "0"})
    assert made.endorsements.count() == 0
    assert client.get(f"{BASE}/debate/{made.pk}/endorse/").status_code == 405


def test_the_secretariat_confirms_then_publishes_the_next_bulletin(
    debating, member, staff_client
) -> None:
    made = contribute(debating, member, title="On the land question")
    url = f"{BASE}/debate/bulletins/new/"
    assert client_of(member).get(url).status_code == 403
    assert "On the land question" in staff_client.get(url).content.decode()
    confirming = staff_client.post(url, {"contribution": [str(made.pk)]})
    assert "Publish Bulletin 1" in confirming.content.decode()
    assert not Bulletin.objects.exists()
    done = staff_client.post(url, {"contribution": [str(made.pk)], "confirm": "1"})
    assert done["Location"] == f"{BASE}/debate/bulletins/1/"
    again = staff_client.post(url, {"contribution": [str(made.pk)], "confirm": "1"})
    assert again.status_code == 302
    assert Bulletin.objects.count() == 1


def test_publishing_nothing_is_refused_with_a_message(debating, member, staff_client) -> None:
    contribute(debating, member)
    response = staff_client.post(f"{BASE}/debate/bulletins/new/", {"contribution": ["x"]})
    assert "Choose at least one contribution." in response.content.decode()


def test_a_bulletin_lists_its_contributions_in_the_readers_language(
    debating, member, secretariat
) -> None:
    made = contribute(debating, member, title="On the land question")
    debate.write_contribution_text(
        by=member, contribution=made, language="ar", title="عن مسألة الأرض", body="الأرض."
    )
    debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[made.pk])
    client = client_of(member)
    page = client.get(f"{BASE}/debate/bulletins/1/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "عن مسألة الأرض" in page
    assert 'dir="rtl"' in page
    assert client.get(f"{BASE}/debate/bulletins/2/").status_code == 404
    assert client.get(f"{BASE}/debate/bulletins/1/pdf/xx/").status_code == 404


def test_tendencies_list_names_counts_and_contributions(debating, member, delegate) -> None:
    tendency = declare(debating, member, "Red Dawn")
    debate.sign_tendency(by=delegate, tendency=tendency)
    contribute(debating, member, kind="tendency", title="Our resolution")
    page = client_of(delegate).get(f"{BASE}/tendencies/").content.decode()
    assert "Red Dawn" in page
    assert "2 signatories" in page
    assert "Our resolution" in page


def test_a_tendency_shows_display_names_never_addresses(debating, member) -> None:
    member.display_name = "Mona M."
    member.save()
    tendency = declare(debating, member)
    page = client_of(member).get(f"{BASE}/tendencies/{tendency.pk}/").content.decode()
    assert "Mona M." in page
    assert member.email not in page


def test_members_declare_and_sign_tendencies_by_plain_posts(
    debating, member, delegate, outsider
) -> None:
    response = client_of(member).post(
        f"{BASE}/tendencies/new/", {"name": "Red Dawn", "language": "en", "platform": "Unity."}
    )
    tendency = debating.tendencies.get()
    assert response["Location"] == f"{BASE}/tendencies/{tendency.pk}/"
    duplicate = client_of(delegate).post(
        f"{BASE}/tendencies/new/", {"name": "RED DAWN", "language": "en", "platform": "Other."}
    )
    assert duplicate.status_code == 400
    assert "already declared" in duplicate.content.decode()
    client_of(delegate).post(f"{BASE}/tendencies/{tendency.pk}/sign/", {"sign": "1"})
    assert tendency.signatories.count() == 2
    assert client_of(outsider).post(f"{BASE}/tendencies/{tendency.pk}/sign/").status_code == 403


def test_a_public_contribution_shows_the_public_no_endorsers(
    debating, member, delegate, outsider, secretariat
) -> None:
    made = contribute(debating, member)
    delegate.display_name = "Dora Delegate"
    delegate.save()
    debate.endorse(by=delegate, contribution=made)
    debate.set_contribution_public(by=secretariat, contribution=made, public=True)
    assert "Dora Delegate" in client_of(member).get(f"{BASE}/debate/{made.pk}/").content.decode()
    for client in (Client(), client_of(outsider)):
        assert "Dora Delegate" not in client.get(f"{BASE}/debate/{made.pk}/").content.decode()


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["debate/", "debate/bulletins/{last}/", "tendencies/", "debate/bulletins/new/"]
)
def test_the_pages_run_as_many_queries_for_many_contributions_as_for_two(
    debating, member, secretariat, staff_client, path
) -> None:
    tendency = declare(debating, member)

    def add(count: int) -> None:
        made = [
            contribute(debating, member, kind="tendency", title=f"T{count}.{k}")
            for k in range(count)
        ]
        for contribution in made:
            debate.endorse(by=secretariat, contribution=contribution)
        debate.publish_bulletin(
            by=secretariat, congress=debating, contribution_ids=[c.pk for c in made[:-1]]
        )

    add(2)
    few = _queries(staff_client, f"{BASE}/{path.format(last=1)}")
    add(10)
    assert _queries(staff_client, f"{BASE}/{path.format(last=2)}") == few
    assert tendency.contributions.count() == 12


def test_who_may_not_submit_is_told_who_may(debating, member) -> None:
    debating.contributors = ["section", "executive"]
    debating.save()
    response = client_of(member).get(f"{BASE}/debate/new/")
    assert response.status_code == 403
    assert "a section, through its representative" in response.content.decode()
    assert (
        f'href="{BASE}/debate/new/"'
        not in client_of(member).get(f"{BASE}/debate/").content.decode()
    )


def test_a_representative_submits_for_their_section_through_the_form(
    debating, section, section_representative
) -> None:
    data = {"kind": "section", "organization": str(section.pk), "language": "en",
            "title": "From the section", "body": "Our view."}  # fmt: skip
    client_of(section_representative).post(f"{BASE}/debate/new/", data)
    assert Contribution.objects.get().organization == section
    refused = client_of(section_representative).post(
        f"{BASE}/debate/new/", {**data, "organization": "999999", "title": "Other"}
    )
    assert refused.status_code == 400
    assert "Choose a section you represent." in refused.content.decode()


def test_signatories_write_the_platform_in_other_languages(debating, member, delegate) -> None:
    tendency = declare(debating, member)
    url = f"{BASE}/tendencies/{tendency.pk}/platform/es/"
    assert client_of(delegate).get(url).status_code == 403
    client_of(member).post(url, {"body": "Por la unidad."})
    spanish = client_of(delegate).get(
        f"{BASE}/tendencies/{tendency.pk}/", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Por la unidad." in spanish.content.decode()
    client_of(member).post(f"{BASE}/tendencies/{tendency.pk}/platform/en/", {"body": "Changed."})
    spanish = client_of(delegate).get(
        f"{BASE}/tendencies/{tendency.pk}/", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "El original ha cambiado" in spanish.content.decode()
    assert client_of(member).get(f"{BASE}/tendencies/{tendency.pk}/platform/xx/").status_code == 404


def test_a_form_sent_twice_makes_one_contribution(debating, member) -> None:
    data = {"kind": "member", "language": "en", "title": "Twice", "body": "Sent twice."}
    first = client_of(member).post(f"{BASE}/debate/new/", data)
    second = client_of(member).post(f"{BASE}/debate/new/", data)
    assert first["Location"] == second["Location"]
    assert Contribution.objects.count() == 1
