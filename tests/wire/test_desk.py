"""A report's way through the desk: draft, submitted, in edit, published, or back with comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from internationale.accounts.models import AuditEntry
from internationale.mail.models import OutboxMessage
from internationale.organizations.models import Country
from internationale.wire import queries, services
from internationale.wire.models import Report
from tests.wire.conftest import BASE, data


def subjects_to(address: str) -> list[str]:
    return [m.subject for m in OutboxMessage.objects.order_by("id") if address in m.to]


def test_a_report_goes_from_draft_to_the_wire(file_report, carla, regional_editor) -> None:
    report = file_report()
    assert report.state == "draft"
    assert report.byline == "Ana Terra"
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.take_report(by=regional_editor, report_id=report.pk, base_url=BASE)
    published = services.publish_report(by=regional_editor, report_id=report.pk, base_url=BASE)
    assert published.state == "published"
    assert published.is_live()
    actions = list(published.revisions.values_list("action", flat=True))
    assert actions == ["created", "submitted", "taken", "published"]


def test_the_correspondent_gets_a_mail_at_each_step(file_report, carla, regional_editor) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.take_report(by=regional_editor, report_id=report.pk, base_url=BASE)
    services.return_report(
        by=regional_editor, report_id=report.pk, comment="Cite o sindicato.", base_url=BASE
    )
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.publish_report(by=regional_editor, report_id=report.pk, base_url=BASE)
    services.unpublish_report(
        by=regional_editor, report_id=report.pk, reason="Risco para a fonte.", base_url=BASE
    )
    subjects = subjects_to(carla.email)
    assert len(subjects) == 6
    assert all("Greve dos petroleiros" in subject for subject in subjects)
    # In the report's language (Portuguese), whatever the editor's (the catalogue's words).
    with translation.override("pt"):
        received = gettext("Received: %(title)s") % {"title": report.title}
        returned = gettext("Returned to you with comments: %(title)s") % {"title": report.title}
    assert subjects[0] == f"[Internationale] {received}"
    assert subjects[2] == f"[Internationale] {returned}"
    bodies = [m.body for m in OutboxMessage.objects.order_by("id")]
    assert any("Cite o sindicato." in body for body in bodies)
    assert any("Risco para a fonte." in body for body in bodies)


def test_returning_needs_comments_and_brings_the_report_back(
    file_report, carla, regional_editor
) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    with pytest.raises(services.WireError):
        services.return_report(by=regional_editor, report_id=report.pk, comment=" ", base_url=BASE)
    services.return_report(
        by=regional_editor, report_id=report.pk, comment="Falta a data.", base_url=BASE
    )
    report.refresh_from_db()
    assert report.state == "returned"
    assert report.revisions.get(action="returned").comment == "Falta a data."
    # Back with the correspondent: they may change it again and resubmit.
    services.update_report(by=carla, report_id=report.pk, data=data(lede="Desde 1 de fevereiro."))
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)


def test_an_editor_of_another_region_cannot_publish(file_report, carla, europe_editor) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    with pytest.raises(services.NotAllowedError):
        services.publish_report(by=europe_editor, report_id=report.pk, base_url=BASE)


def test_a_language_editor_edits_reports_in_their_language(
    file_report, carla, language_editor, europe_editor
) -> None:
    report = file_report(language="ar", title="إضراب عمال النفط", lede="مقدمة", body="نص")
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.publish_report(by=language_editor, report_id=report.pk, base_url=BASE)
    other = file_report()
    services.submit_report(by=carla, report_id=other.pk, base_url=BASE)
    with pytest.raises(services.NotAllowedError):
        services.publish_report(by=language_editor, report_id=other.pk, base_url=BASE)


def test_a_correspondent_files_only_for_their_countries(carla, topics) -> None:
    with pytest.raises(services.NotAllowedError):
        services.create_report(by=carla, data=data(countries=[Country.objects.get(code="AR")]))
    # Another country may be concerned, as long as the dateline is theirs.
    report = services.create_report(
        by=carla,
        data=data(countries=[Country.objects.get(code="BR"), Country.objects.get(code="AR")]),
    )
    assert {r.region.slug for r in report.region_rows.select_related("region")} == {
        "latin-america-caribbean"
    }


def test_a_correspondent_cannot_change_a_report_the_desk_has(file_report, carla) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    with pytest.raises(services.NotAllowedError):
        services.update_report(by=carla, report_id=report.pk, data=data(title="Outro"))


def test_a_step_that_no_longer_applies_is_refused(file_report, carla, regional_editor) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.publish_report(by=regional_editor, report_id=report.pk, base_url=BASE)
    with pytest.raises(services.WireError):
        services.return_report(by=regional_editor, report_id=report.pk, comment="x", base_url=BASE)


def test_an_embargoed_report_shows_nowhere_before_its_time(
    file_report, publish, client, topics
) -> None:
    later = timezone.now() + timedelta(hours=6)
    report = publish(file_report(), at=later)
    assert report.is_scheduled
    assert report.revisions.last().action == "scheduled"
    assert client.get(f"/wire/report/{report.pk}/").status_code == 404
    assert report.title not in client.get("/wire/").content.decode()
    assert report.title not in client.get("/wire/country/BR/").content.decode()
    assert report.title not in client.get("/wire/feed.atom").content.decode()
    assert queries.home("pt", now=later + timedelta(minutes=1)).in_language == [report]


def test_unpublishing_takes_it_off_with_a_reason_in_the_audit_log(
    file_report, publish, regional_editor, client
) -> None:
    report = publish(file_report())
    assert client.get(f"/wire/report/{report.pk}/").status_code == 200
    with pytest.raises(services.WireError):
        services.unpublish_report(by=regional_editor, report_id=report.pk, reason="", base_url=BASE)
    services.unpublish_report(
        by=regional_editor, report_id=report.pk, reason="A fonte pediu.", base_url=BASE
    )
    assert client.get(f"/wire/report/{report.pk}/").status_code == 404
    entry = AuditEntry.objects.get(action="report.unpublish")
    assert entry.details == {"reason": "A fonte pediu."}
    assert entry.actor == regional_editor


def test_the_database_refuses_a_published_report_without_a_time(file_report) -> None:
    report = file_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(state="published")


def test_the_database_refuses_a_pinned_report_that_is_not_an_appeal(file_report, publish) -> None:
    report = publish(file_report())
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(pinned=True)


def test_every_change_is_a_revision_with_the_text_as_it_was(
    file_report, carla, regional_editor
) -> None:
    report = file_report()
    services.update_report(by=carla, report_id=report.pk, data=data(body="Primeira versão."))
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.update_report(
        by=regional_editor, report_id=report.pk, data=data(body="Versão do editor.")
    )
    report.refresh_from_db()
    assert report.state == "in_edit"  # editing a submitted report takes it
    bodies = list(report.revisions.values_list("body", flat=True))
    assert bodies[1] == "Primeira versão."
    assert bodies[-1] == "Versão do editor."
    assert report.version == 3


def test_changing_a_published_reports_type_pins_or_unpins_it(
    file_report, publish, regional_editor
) -> None:
    appeal = publish(file_report(kind="appeal", title="Liberdade para Joana"))
    services.update_report(
        by=regional_editor,
        report_id=appeal.pk,
        data=data(kind="report", title="Joana foi libertada"),
    )
    assert not Report.objects.get(pk=appeal.pk).pinned
    services.update_report(
        by=regional_editor,
        report_id=appeal.pk,
        data=data(kind="appeal", title="Joana presa de novo"),
    )
    assert Report.objects.get(pk=appeal.pk).pinned
