"""The desk in the browser's terms: forms, the queue, diffs, confirmations, translations."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from internationale.wire import services
from internationale.wire.models import Report
from tests.wire.conftest import BASE, data, logged_in


def form(**overrides):
    values = {
        "kind": "report",
        "language": "pt",
        "dateline": "BR",
        "title": "Ocupação da fábrica entra na segunda semana",
        "lede": "Operárias ocupam a fábrica de tecidos desde o dia 3.",
        "body": "Texto **completo**.",
        "topics": ["strikes-and-labour"],
    }
    values.update(overrides)
    return values


def test_a_correspondent_files_and_submits_through_the_pages(carla, topics) -> None:
    client = logged_in(carla)
    response = client.post("/wire/mine/new/", form())
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/wire/desk/{report.pk}/"
    client.post(f"/wire/desk/{report.pk}/", {"action": "submit"})
    report.refresh_from_db()
    assert report.state == "submitted"
    assert "Ocupação da fábrica" in client.get("/wire/mine/").content.decode()


def test_a_new_correspondent_chooses_a_byline_first(correspondent, topics) -> None:
    response = logged_in(correspondent).get("/wire/mine/new/")
    assert response["Location"] == "/wire/mine/byline/"


def test_bad_input_keeps_what_was_typed_and_says_why(carla, topics) -> None:
    client = logged_in(carla)
    response = client.post("/wire/mine/new/", form(title="Brasil: ocupação", dateline="AR"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a valid choice" in body  # Argentina is not Carla's
    assert "Operárias ocupam a fábrica" in body
    response = client.post("/wire/mine/new/", form(title="Brasil: ocupação"))
    assert "Leave the country out of the headline" in response.content.decode()
    assert not Report.objects.exists()


def test_control_characters_are_refused(carla, topics) -> None:
    response = logged_in(carla).post("/wire/mine/new/", form(title="Ocupa\x07ção"))
    assert "invisible control characters" in response.content.decode()


def test_the_queue_shows_what_waits_by_region_and_age(
    file_report, carla, regional_editor, europe_editor
) -> None:
    old = file_report(title="Relato antigo")
    new = file_report(title="Relato novo")
    for report in (old, new):
        services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    Report.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=4))
    body = logged_in(regional_editor).get("/wire/desk/").content.decode()
    assert body.index("Relato antigo") < body.index("Relato novo")
    assert "Latin America" in body
    assert 'class="num late">1<' in body  # one waits for more than three days
    europe = logged_in(europe_editor).get("/wire/desk/").content.decode()
    assert "Relato antigo" not in europe
    assert "Nothing waits for you" in europe


def test_the_queue_is_for_editors_only(carla, client) -> None:
    assert logged_in(carla).get("/wire/desk/").status_code == 403
    assert client.get("/wire/desk/").status_code == 302  # to the log-in


def test_an_editor_sees_a_diff_between_any_two_revisions(
    file_report, carla, regional_editor
) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.update_report(
        by=regional_editor,
        report_id=report.pk,
        data=data(body="A greve começou no dia 2.\n\nOs **petroleiros** exigem a readmissão."),
    )
    client = logged_in(regional_editor)
    body = client.get(f"/wire/desk/{report.pk}/diff/?a=1&b=3").content.decode()
    assert "<del>1</del><ins>2</ins>" in body
    assert "Changes from revision 1 to revision 3" in body
    assert client.get(f"/wire/desk/{report.pk}/diff/").status_code == 200


@pytest.mark.parametrize(
    "raw", ["\u00b2", "\u0661", "-1", "99999999999999999999", "", "1.0", " 1", "1\u00b2"]
)
def test_a_revision_number_that_is_not_one_shows_the_default_diff(
    file_report, carla, regional_editor, raw
) -> None:
    """Superscript two passes isdigit() but not int() (a 500); an Arabic-Indic one passed both."""
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    client = logged_in(regional_editor)
    for query in ({"a": raw}, {"b": raw}, {"a": raw, "b": raw}):
        response = client.get(f"/wire/desk/{report.pk}/diff/", query)
        assert response.status_code == 200, query
        assert "Changes from revision 1 to revision 2" in response.content.decode()


def test_the_diff_of_two_hostile_revisions_at_the_size_limit_answers_quickly(
    file_report, carla, regional_editor
) -> None:
    """'a b a b ...' against 'b a b a ...', 60,000 characters each: minutes before 0017."""
    report = file_report(body="a b " * 15_000)
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    services.update_report(by=regional_editor, report_id=report.pk, data=data(body="b a " * 15_000))
    client = logged_in(regional_editor)
    started = time.perf_counter()
    response = client.get(f"/wire/desk/{report.pk}/diff/", {"a": 1, "b": 3})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert (
        '<div class="diff-text" lang="pt" dir="auto"><ins>b </ins>a b a'
        in response.content.decode()
    )
    print(f"diff page at the limit: {elapsed:.3f} s")
    assert elapsed < 2  # about 0.15 s


def test_returning_from_the_page_needs_a_comment(file_report, carla, regional_editor) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    client = logged_in(regional_editor)
    response = client.post(f"/wire/desk/{report.pk}/", {"action": "return", "comment": ""})
    assert response.status_code == 400
    client.post(f"/wire/desk/{report.pk}/", {"action": "return", "comment": "Falta a fonte."})
    report.refresh_from_db()
    assert report.state == "returned"
    assert "Falta a fonte." in logged_in(carla).get(f"/wire/desk/{report.pk}/").content.decode()


def test_scheduling_from_the_page(file_report, carla, regional_editor) -> None:
    report = file_report()
    services.submit_report(by=carla, report_id=report.pk, base_url=BASE)
    client = logged_in(regional_editor)
    past = (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/wire/desk/{report.pk}/", {"action": "publish", "when": "later", "at": past}
    )
    assert response.status_code == 400
    assert "in the past" in response.content.decode()
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/wire/desk/{report.pk}/", {"action": "publish", "when": "later", "at": future})
    report.refresh_from_db()
    assert report.is_scheduled


def test_unpublishing_asks_for_confirmation_and_a_reason(
    file_report, publish, regional_editor
) -> None:
    report = publish(file_report())
    client = logged_in(regional_editor)
    page = client.get(f"/wire/desk/{report.pk}/unpublish/").content.decode()
    assert "Take this report off the wire?" in page
    report.refresh_from_db()
    assert report.state == "published"  # looking asks; only the form acts
    assert client.post(f"/wire/desk/{report.pk}/unpublish/", {"reason": ""}).status_code == 400
    client.post(f"/wire/desk/{report.pk}/unpublish/", {"reason": "Pedido da fonte."})
    report.refresh_from_db()
    assert report.state == "unpublished"


def test_a_translation_is_flagged_outdated_when_the_original_changes(
    file_report, publish, regional_editor, client
) -> None:
    original = publish(file_report())
    editor = logged_in(regional_editor)
    editor.post(
        f"/wire/desk/{original.pk}/translate/",
        {
            "language": "es",
            "title": "La huelga petrolera llega al décimo día",
            "lede": "Trabajadores de veinte refinerías.",
            "body": "La huelga empezó el día 1.",
        },
    )
    translation = Report.objects.get(translation_of=original)
    assert translation.translated_from_version == original.version
    services.publish_report(by=regional_editor, report_id=translation.pk, base_url=BASE)
    page = client.get(f"/wire/report/{translation.pk}/").content.decode()
    assert "Translated from Portuguese." in page
    assert "The original has changed" not in page
    services.update_report(by=regional_editor, report_id=original.pk, data=data(body="Novo."))
    page = client.get(f"/wire/report/{translation.pk}/").content.decode()
    assert "The original has changed since this translation was made." in page
    # The translator brings it up to date.
    services.update_report(
        by=regional_editor,
        report_id=translation.pk,
        data=data(
            language="es",
            title="La huelga petrolera llega al décimo día",
            lede="Trabajadores.",
            body="Nuevo.",
        ),
        follows_original=True,
    )
    page = client.get(f"/wire/report/{translation.pk}/").content.decode()
    assert "The original has changed" not in page


def test_one_translation_per_language(file_report, publish, regional_editor) -> None:
    import pytest

    original = publish(file_report())
    args = {"title": "T", "lede": "L", "body": "B"}
    services.start_translation(by=regional_editor, original_id=original.pk, language="en", **args)
    with pytest.raises(services.WireError):
        services.start_translation(
            by=regional_editor, original_id=original.pk, language="en", **args
        )
    with pytest.raises(services.WireError):
        services.start_translation(
            by=regional_editor, original_id=original.pk, language="pt", **args
        )


def test_the_demo_has_every_type_an_appeal_a_translation_and_a_busy_desk(places, topics) -> None:
    from internationale.demo import load_demo
    from internationale.wire.models import Kind

    load_demo()
    live = Report.objects.filter(state="published")
    assert set(live.values_list("kind", flat=True)) == set(Kind.values)
    assert live.filter(kind="appeal", pinned=True).exists()
    assert live.filter(translation_of__isnull=False).count() == 2
    assert set(live.values_list("language", flat=True)) == {"en", "es", "pt", "fr", "ar"}
    assert Report.objects.filter(state__in=["submitted", "in_edit"]).count() == 2
    assert Report.objects.filter(state="returned").count() == 1
    assert load_demo() == "Demo data loaded: 0 new objects."


def test_the_desk_pages_run_the_same_queries_however_much_waits(
    file_report, carla, regional_editor, topics
) -> None:
    """The queue, a report on the desk and its diff: N+1 would show as more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.wire.bulk import bulk_reports

    strikes = [t for t in topics if t.slug == "strikes-and-labour"]
    first = file_report(topics=strikes)
    services.submit_report(by=carla, report_id=first.pk, base_url=BASE)
    services.update_report(by=regional_editor, report_id=first.pk, data=data(body="Novo."))
    editor, correspondent = logged_in(regional_editor), logged_in(carla)
    pages = [
        (editor, "/wire/desk/"),
        (editor, "/wire/desk/?region=latin-america-caribbean"),
        (editor, "/wire/desk/?page=2"),
        (editor, f"/wire/desk/{first.pk}/"),
        (editor, f"/wire/desk/{first.pk}/diff/?a=1&b=3"),
        (correspondent, "/wire/mine/"),
        (correspondent, f"/wire/desk/{first.pk}/"),
    ]

    def counts() -> dict[str, int]:
        found = {}
        for client, path in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200, path
            found[path + (" (editor)" if client is editor else "")] = len(captured)
        return found

    def waiting(number: int) -> None:
        for i in range(number):
            report = file_report(title=f"Relato {i}", topics=strikes)
            services.submit_report(by=carla, report_id=report.pk, base_url=BASE)

    waiting(3)
    small = counts()
    waiting(60)  # more than a page of the queue
    bulk_reports(300)  # and a wire of published reports beside it
    large = counts()
    assert large == small
