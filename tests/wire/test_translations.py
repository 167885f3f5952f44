"""A translation follows its original: out with it or after it, off with it, pinned through it."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from internationale.mail.models import OutboxMessage
from internationale.wire import search, services
from internationale.wire.models import Report
from tests.wire.conftest import BASE


def translate(editor, original: Report, language: str = "en") -> Report:
    return services.start_translation(
        by=editor,
        original_id=original.pk,
        language=language,
        title="Freedom for Joana, jailed in Recife",
        lede="The union organiser was arrested at dawn.",
        body="Her comrades call for letters to the governor.",
    )


def mails_to(address: str) -> int:
    return sum(address in message.to for message in OutboxMessage.objects.all())


def links_to(body: str, report: Report) -> int:
    return body.count(f'href="/wire/report/{report.pk}/"')


@pytest.fixture
def translated_appeal(file_report, publish, regional_editor) -> tuple[Report, Report]:
    """A Brazilian urgent appeal and its English translation, both published."""
    appeal = publish(file_report(kind="appeal", title="Liberdade para Joana, presa em Recife"))
    english = translate(regional_editor, appeal)
    services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    return appeal, english


def test_an_appeal_is_pinned_once_in_the_readers_language(translated_appeal, client) -> None:
    appeal, english = translated_appeal
    assert not Report.objects.get(pk=english.pk).pinned  # the story is pinned through its original
    home = client.get("/wire/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (links_to(home, english), links_to(home, appeal)) == (1, 0)
    pinned = home[home.index('id="appeals-title"') : home.index('id="language-title"')]
    assert links_to(pinned, english) == 1
    portuguese = client.get("/wire/", HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert (links_to(portuguese, appeal), links_to(portuguese, english)) == (1, 0)
    country = client.get("/wire/country/BR/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = country[country.index('class="appeals"') :]
    assert links_to(box[: box.index("</section>")], english) == 1
    assert links_to(country, appeal) == 0


def test_lifting_from_a_translation_lifts_the_appeal_and_tells_the_correspondent(
    translated_appeal, regional_editor, carla, client
) -> None:
    appeal, english = translated_appeal
    mails = mails_to(carla.email)
    services.lift_appeal(by=regional_editor, report_id=english.pk, base_url=BASE)
    assert not Report.objects.filter(pinned=True).exists()
    assert 'class="appeals"' not in client.get("/wire/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert mails_to(carla.email) == mails + 1
    last = OutboxMessage.objects.order_by("-id").first().body
    assert "Liberdade para Joana" in last
    assert Report.objects.get(pk=appeal.pk).revisions.last().action == "lifted"


def test_the_appeals_feed_gives_each_appeal_once(translated_appeal, client) -> None:
    appeal, _translation = translated_appeal
    feed = feedparser.parse(client.get("/wire/appeals/feed.atom").content)
    assert [entry.id for entry in feed.entries] == [f"urn:uuid:{appeal.uuid}"]


def test_the_database_refuses_a_pinned_translation(file_report, publish, regional_editor) -> None:
    appeal = publish(file_report(kind="appeal", title="Liberdade para Joana"))
    english = translate(regional_editor, appeal)
    services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=english.pk).update(pinned=True)


def test_a_translation_of_a_draft_cannot_go_out_first(file_report, regional_editor, client) -> None:
    draft = file_report()
    english = translate(regional_editor, draft)
    with pytest.raises(services.WireError, match="Publish the original first"):
        services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    assert client.get(f"/wire/report/{english.pk}/").status_code == 404


def test_a_translation_keeps_its_originals_embargo(
    file_report, publish, regional_editor, client
) -> None:
    later = timezone.now() + timedelta(hours=6)
    original = publish(file_report(), at=later)
    english = translate(regional_editor, original)
    published = services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    assert published.published_at == later
    assert client.get(f"/wire/report/{english.pk}/").status_code == 404
    assert english.title not in client.get("/wire/language/en/").content.decode()
    assert not search.search("Joana").hits
    # The original's embargo moves later: its translation waits with it.
    services.unpublish_report(
        by=regional_editor, report_id=original.pk, reason="Data errada.", base_url=BASE
    )
    even_later = later + timedelta(days=1)
    services.publish_report(by=regional_editor, report_id=original.pk, at=later, base_url=BASE)
    services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    services.publish_report(by=regional_editor, report_id=original.pk, at=even_later, base_url=BASE)
    assert Report.objects.get(pk=english.pk).published_at == even_later
    assert Report.objects.get(pk=english.pk).revisions.last().action == "scheduled"


def test_unpublishing_an_original_takes_its_translations_off_too(
    file_report, publish, regional_editor, client
) -> None:
    original = publish(file_report())
    english = translate(regional_editor, original)
    spanish = translate(regional_editor, original, "es")
    services.publish_report(by=regional_editor, report_id=english.pk, base_url=BASE)
    assert client.get(f"/wire/report/{english.pk}/").status_code == 200
    services.unpublish_report(
        by=regional_editor, report_id=original.pk, reason="Risco para a fonte.", base_url=BASE
    )
    english.refresh_from_db()
    assert english.state == "unpublished"
    assert english.unpublished_reason == "Risco para a fonte."
    assert english.revisions.last().comment == "Risco para a fonte."
    assert client.get(f"/wire/report/{english.pk}/").status_code == 404
    assert english.title not in client.get("/wire/language/en/").content.decode()
    assert english.title not in client.get("/wire/language/en/feed.atom").content.decode()
    assert not search.search("Joana").hits
    assert Report.objects.get(pk=spanish.pk).state == "in_edit"  # never published: left alone
