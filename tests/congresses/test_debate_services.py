"""The debate's services: who submits as what, the deadline, texts, endorsements,
bulletins and tendencies; the database holds the invariants."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from internationale.accounts.models import AuditEntry
from internationale.congresses.models import (
    Bulletin,
    Contribution,
    ContributionText,
    Endorsement,
    TendencySignatory,
)
from internationale.congresses.services import debate
from internationale.core.translations import choose
from tests.congresses.debate_cast import contribute, declare, in_debate


@pytest.fixture
def debating(congress):
    return in_debate(congress)


def test_a_member_submits_a_contribution_in_one_original_language(debating, member) -> None:
    made = contribute(debating, member, language="es", title="Sobre la tierra")
    text = made.texts.get()
    assert (made.author_kind, made.state, made.submitted_by) == ("member", "submitted", member)
    assert (text.language, text.is_original, text.title) == ("es", True, "Sobre la tierra")
    assert AuditEntry.objects.filter(action="congress.contribution_submitted").count() == 1


def test_the_same_text_sent_twice_is_one_contribution(debating, member) -> None:
    assert contribute(debating, member) == contribute(debating, member)
    assert Contribution.objects.count() == 1


def test_each_person_may_submit_only_as_what_they_are(
    debating, member, section, section_representative, secretariat
) -> None:
    assert debate.allowed_kinds(member, debating).kinds == ("member",)
    assert debate.allowed_kinds(section_representative, debating).kinds == ("section", "member")
    assert debate.allowed_kinds(secretariat, debating).kinds == ("executive", "member")
    declare(debating, member)
    assert debate.allowed_kinds(member, debating).kinds == ("tendency", "member")


def test_the_congress_decides_who_may_submit(debating, member, section_representative) -> None:
    debating.contributors = ["section"]
    debating.save()
    assert debate.allowed_kinds(member, debating).kinds == ()
    with pytest.raises(debate.DebateError):
        contribute(debating, member)
    assert debate.allowed_kinds(section_representative, debating).kinds == ("section",)


def test_a_representative_submits_for_their_own_section_only(
    debating, section, section_representative, brazil
) -> None:
    from internationale.organizations.models import Organization

    other = Organization.objects.create(name="Other Party", country=brazil, status="official")
    with pytest.raises(debate.DebateError):
        contribute(debating, section_representative, kind="section", organization_id=other.pk)
    made = contribute(debating, section_representative, kind="section", organization_id=section.pk)
    assert made.organization == section


def test_a_member_may_not_submit_as_the_executive(debating, member) -> None:
    with pytest.raises(debate.DebateError):
        contribute(debating, member, kind="executive")


def test_contributions_are_refused_after_the_deadline(debating, member) -> None:
    debating.contributions_due = timezone.now() - timedelta(minutes=1)
    debating.save()
    with pytest.raises(debate.DebateError, match="due by"):
        contribute(debating, member)
    assert not Contribution.objects.exists()


def test_a_translation_is_chosen_and_becomes_outdated_when_the_original_changes(
    debating, member
) -> None:
    made = contribute(debating, member)
    debate.write_contribution_text(
        by=member, contribution=made, language="fr", title="Sur la terre", body="La terre."
    )
    assert choose(made.texts.all(), "fr").item.title == "Sur la terre"
    shown = choose(made.texts.all(), "pt")
    assert shown.is_fallback
    assert shown.item.language == "en"
    debate.write_contribution_text(
        by=member, contribution=made, language="en", title="On land", body="Changed."
    )
    assert choose(made.texts.all(), "fr").is_outdated


def test_only_the_submitter_and_the_secretariat_write_texts(
    debating, member, representative, secretariat
) -> None:
    made = contribute(debating, member)
    with pytest.raises(debate.DebateError):
        debate.write_contribution_text(
            by=representative, contribution=made, language="es", title="T", body="B"
        )
    debate.write_contribution_text(
        by=secretariat, contribution=made, language="es", title="T", body="B"
    )
    assert made.texts.count() == 2


def test_the_original_is_fixed_once_in_a_bulletin_but_translations_go_on(
    debating, member, secretariat
) -> None:
    made = contribute(debating, member)
    debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[made.pk])
    with pytest.raises(debate.DebateError, match="fixed"):
        debate.write_contribution_text(
            by=member, contribution=made, language="en", title="New", body="New"
        )
    debate.write_contribution_text(
        by=member, contribution=made, language="ar", title="عن الأرض", body="الأرض."
    )
    assert set(made.texts.values_list("language", flat=True)) == {"en", "ar"}


def test_withdrawing_twice_is_harmless_and_a_published_one_stays(
    debating, member, secretariat
) -> None:
    made = contribute(debating, member)
    debate.withdraw_contribution(by=member, contribution=made)
    debate.withdraw_contribution(by=member, contribution=made)
    assert Contribution.objects.get().state == "withdrawn"
    other = contribute(debating, member, title="Another")
    debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[other.pk])
    with pytest.raises(debate.DebateError):
        debate.withdraw_contribution(by=member, contribution=other)


def test_endorsing_twice_is_one_endorsement(debating, member, representative) -> None:
    made = contribute(debating, member)
    first = debate.endorse(by=representative, contribution=made)
    assert debate.endorse(by=representative, contribution=made) == first
    assert debate.withdraw_endorsement(by=representative, contribution=made)
    assert not debate.withdraw_endorsement(by=representative, contribution=made)


def test_an_endorsement_on_behalf_of_a_section_needs_its_representative(
    debating, member, section, section_representative
) -> None:
    made = contribute(debating, member)
    with pytest.raises(debate.DebateError):
        debate.endorse(by=member, contribution=made, organization_id=section.pk)
    endorsement = debate.endorse(
        by=section_representative, contribution=made, organization_id=section.pk
    )
    assert endorsement.organization == section


def test_bulletins_are_numbered_and_keep_their_order(debating, member, secretariat) -> None:
    a, b, c = (contribute(debating, member, title=t) for t in ("A", "B", "C"))
    first = debate.publish_bulletin(
        by=secretariat, congress=debating, contribution_ids=[c.pk, a.pk]
    )
    second = debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[b.pk])
    assert (first.number, second.number) == (1, 2)
    assert list(first.contributions.order_by("position")) == [c, a]


def test_publishing_the_same_contributions_twice_is_refused(debating, member, secretariat) -> None:
    made = contribute(debating, member)
    debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[made.pk])
    with pytest.raises(debate.DebateError):
        debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[made.pk])
    assert Bulletin.objects.count() == 1


def test_the_database_refuses_two_bulletins_of_one_number(debating) -> None:
    Bulletin.objects.create(congress=debating, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.create(congress=debating, number=1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishing_gives_bulletins_1_and_2(congress, member, secretariat) -> None:
    debating = in_debate(congress)
    ids = [contribute(debating, member, title=t).pk for t in ("A", "B")]
    barrier = threading.Barrier(2)
    numbers: list[int] = []

    def publish(pk: int) -> None:
        try:
            barrier.wait()
            made = debate.publish_bulletin(by=secretariat, congress=debating, contribution_ids=[pk])
            numbers.append(made.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [1, 2]


def test_a_tendency_is_declared_signed_by_its_declarer(debating, member) -> None:
    made = declare(debating, member)
    assert list(made.signatories.values_list("user", flat=True)) == [member.pk]
    assert made.platforms.get().is_original


def test_tendency_names_are_unique_whatever_their_case(debating, member, representative) -> None:
    declare(debating, member, "Red Dawn")
    with pytest.raises(debate.DebateError):
        declare(debating, representative, "red  DAWN")


def test_a_member_signs_one_tendency_per_congress(debating, member, representative) -> None:
    first = declare(debating, member, "Red Dawn")
    second = declare(debating, representative, "Green Shoots")
    assert debate.sign_tendency(by=member, tendency=first).tendency == first
    with pytest.raises(debate.DebateError):
        debate.sign_tendency(by=member, tendency=second)
    assert debate.withdraw_signature(by=member, tendency=first)
    debate.sign_tendency(by=member, tendency=second)
    assert TendencySignatory.objects.filter(user=member).get().tendency == second


def test_the_database_holds_one_tendency_per_member_and_congress(
    debating, member, representative
) -> None:
    declare(debating, member, "Red Dawn")
    second = declare(debating, representative, "Green Shoots")
    with pytest.raises(IntegrityError), transaction.atomic():
        TendencySignatory.objects.create(tendency=second, congress=debating, user=member)


def test_a_contribution_in_a_bulletin_must_name_it(debating, member) -> None:
    made = contribute(debating, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.filter(pk=made.pk).update(state="bulletin")


def test_a_section_contribution_must_name_its_section(debating, member) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(congress=debating, author_kind="section", submitted_by=member)


def test_a_text_has_one_original(debating, member) -> None:
    made = contribute(debating, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionText.objects.create(
            contribution=made, language="es", is_original=True, title="x", body="y"
        )
    assert Endorsement.objects.count() == 0
