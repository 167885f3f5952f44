"""Signing a declaration: double opt-in, one signature per address, people at risk only counted."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction

from internationale.declarations import queries
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations, signing
from internationale.mail.models import OutboxMessage
from internationale.organizations.services import OrganizationData, create_organization


def counts_now(declaration: Declaration) -> queries.Counts:
    """The counts as a new request reads them (the list's version read afresh)."""
    return queries.counts(Declaration.objects.get(pk=declaration.pk))


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="week-of-struggle", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="For a week of anti-imperialist struggle",
        body="We call on **everyone** to act.", is_original=True,
    )  # fmt: skip
    DeclarationText.objects.create(
        declaration=declaration, language="es", title="Por una semana de lucha antiimperialista",
        body="Llamamos a **todos** a actuar.", translated_from_version=1,
    )  # fmt: skip
    return declaration


PERSON = {
    "kind": "person",
    "name": "Ana Souza",
    "country": "BR",
    "email": "ana@example.org",
    "show_name": "on",
}


def link(email: str, kind: str) -> str:
    confirmations.send_due_confirmations()  # what the worker does first
    message = OutboxMessage.objects.filter(to=[email]).latest("id")
    found = re.search(rf"http://testserver(/declarations/{kind}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_signature_counts_only_after_its_emailed_link_is_opened(declaration, client) -> None:
    response = client.post("/declarations/week-of-struggle/", PERSON)
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert counts_now(declaration).people == 0
    assert (
        "Ana Souza"
        not in client.get("/declarations/week-of-struggle/signatories/").content.decode()
    )
    confirm = link("ana@example.org", "confirm")
    assert client.get(confirm).status_code == 200  # a mail scanner's GET confirms nothing
    assert Signature.objects.get().state == "pending"
    assert client.post(confirm).status_code == 302
    assert counts_now(declaration).people == 1
    assert "Ana Souza" in client.get("/declarations/week-of-struggle/signatories/").content.decode()


def test_the_same_address_in_any_letter_case_gives_one_signature(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    response = client.post(
        "/declarations/week-of-struggle/", {**PERSON, "email": "ANA@Example.ORG"}
    )
    assert response["Location"].endswith("/thanks/")  # the same answer (test_one_answer)
    assert Signature.objects.count() == 1
    client.post(link("ana@example.org", "confirm"))
    client.post("/declarations/week-of-struggle/", PERSON)
    assert Signature.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_address_give_one_signature(declaration) -> None:
    data = signing.SignatureData(kind="person", name="Rapid Clicker", email="rapid@example.org")
    errors: list[BaseException] = []

    def sign() -> None:
        try:
            signing.sign_declaration(
                declaration=declaration, data=data, base_url="http://testserver"
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signature.objects.filter(email="rapid@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_mail_each_signature_once(declaration, monkeypatch) -> None:
    for number in range(60):
        signing.sign_declaration(
            declaration=declaration,
            data=signing.SignatureData(kind="person", name="P", email=f"p{number}@example.org"),
            base_url="http://testserver",
        )
    monkeypatch.setattr(confirmations, "BATCH", 7)  # many batches, taken in turn
    done: list[int] = []

    def work() -> None:
        try:
            done.append(confirmations.send_due_confirmations())
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(done) == 60
    addresses = [address for (address,) in OutboxMessage.objects.values_list("to", flat=True)]
    assert sorted(addresses) == sorted(f"p{number}@example.org" for number in range(60))


def test_people_at_risk_are_counted_but_never_named(declaration, client) -> None:
    client.post(
        "/declarations/week-of-struggle/", {**PERSON, "name": "Hidden Activist", "show_name": ""}
    )
    client.post(link("ana@example.org", "confirm"))
    assert counts_now(declaration).people == 1
    page = client.get("/declarations/week-of-struggle/signatories/").content.decode()
    assert "Hidden Activist" not in page
    assert "1 not named" in page


def test_a_person_keeps_no_organization_fields_typed_before_choosing(declaration, client) -> None:
    # The browser hides these fields for a person; a form sent with them filled keeps none.
    client.post(
        "/declarations/week-of-struggle/",
        {**PERSON, "acronym": "MST", "representative": "Someone Else"},
    )
    signature = Signature.objects.get()
    assert (signature.kind, signature.acronym, signature.representative) == ("person", "", "")


def test_no_public_page_shows_a_signers_email(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    client.post(link("ana@example.org", "confirm"))
    for path in (
        "/declarations/",
        "/declarations/week-of-struggle/",
        "/declarations/week-of-struggle/signatories/",
    ):
        assert "ana@example.org" not in client.get(path).content.decode()


def test_a_filled_honeypot_is_flagged_not_dropped(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", {**PERSON, "website": "http://spam.example"})
    signature = Signature.objects.get()
    assert (signature.flagged, signature.needs_moderation) == ("honeypot", True)
    client.post(link("ana@example.org", "confirm"))
    assert counts_now(declaration).people == 0  # waits for the secretariat


def test_a_burst_on_one_declaration_is_flagged_for_the_secretariat_not_dropped(
    declaration, client, monkeypatch
) -> None:
    from django.utils import timezone

    from internationale.core.cache import local_cache as cache

    cache.clear()
    monkeypatch.setattr(signing, "BURST_PER_MINUTE", 3)
    # A burst is counted per clock minute: all five signatures fall in the same one,
    # however slow the machine (a run that crossed a minute counted two bursts of few).
    mid_minute = timezone.now().replace(second=30)
    monkeypatch.setattr(timezone, "now", lambda: mid_minute)
    for number in range(5):
        response = client.post(
            "/declarations/week-of-struggle/", {**PERSON, "email": f"p{number}@example.org"}
        )
        assert response["Location"].endswith("/thanks/")
    stored = Signature.objects.order_by("id").values_list("flagged", "needs_moderation")
    assert list(stored) == [("", False)] * 3 + [("burst", True)] * 2


def test_html_typed_in_a_name_is_shown_as_text_never_run(declaration, client) -> None:
    client.post(
        "/declarations/week-of-struggle/",
        {**PERSON, "name": '<script>alert("x")</script><b>Ana</b>'},
    )
    client.post(link("ana@example.org", "confirm"))
    page = client.get("/declarations/week-of-struggle/signatories/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Ana&lt;/b&gt;" in page


def test_text_that_is_not_utf8_gets_a_clear_message_and_nothing_is_stored(
    declaration, client
) -> None:
    body = "kind=person&name=Jo%E3o&email=joao%40example.org&show_name=on"  # Latin-1 "ã"
    response = client.post(
        "/declarations/week-of-struggle/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "could not be read (it was not sent as UTF-8)" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_closed_declaration_refuses_signatures_with_a_message(declaration, client) -> None:
    declaration.state = "closed"
    declaration.save()
    response = client.post("/declarations/week-of-struggle/", PERSON)
    assert response.status_code == 400
    assert "not open for signatures" in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "bell\x07"}, "invisible control characters"),
        ({"message": "x" * 1001}, "at most 1000 characters"),
        ({"name": "x" * 100_000}, "at most 300 characters"),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
        ({"country": "ZZ"}, "Select a valid choice"),
        ({"kind": "robot"}, "Select a valid choice"),
        ({"kind": "organization"}, "as the organization"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(
    declaration, client, change, message
) -> None:
    response = client.post("/declarations/week-of-struggle/", {**PERSON, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()


def test_the_countries_of_the_form_follow_each_readers_language(declaration, client) -> None:
    def offered(language: str) -> list[str]:
        body = client.get(
            "/declarations/week-of-struggle/", HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        return list(re.findall(r'<option value="[A-Z-]+">([^<]+)</option>', body))

    for _ in range(2):  # the second time from what the process keeps
        spanish, english = offered("es"), offered("en")
        assert spanish.index("Alemania") < spanish.index("Francia")
        assert english.index("France") < english.index("Germany")


def test_a_refused_form_keeps_the_country_chosen_though_the_empty_list_is_kept(
    declaration, client
) -> None:
    client.get("/declarations/week-of-struggle/")  # the empty list, kept
    response = client.post("/declarations/week-of-struggle/", {**PERSON, "email": "nope"})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<option value="BR" selected>' in body
    assert 'id="id_country"' in body
    assert (
        '<option value="BR" selected>'
        not in client.get("/declarations/week-of-struggle/").content.decode()
    )


def test_the_declaration_is_shown_in_the_readers_language(declaration, client) -> None:
    body = client.get("/declarations/week-of-struggle/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Por una semana de lucha antiimperialista" in body
    assert "<strong>todos</strong>" in body
    french = client.get(
        "/declarations/week-of-struggle/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "For a week of anti-imperialist struggle" in french
    assert 'role="note"' in french


def test_share_links_are_plain_links_and_nothing_loads_from_those_hosts(
    declaration, client
) -> None:
    body = client.get("/declarations/week-of-struggle/").content.decode()
    assert "https://t.me/share/url?url=" in body
    assert not re.search(
        r"<(script|img|iframe|link)[^>]+(t\.me|facebook|x\.com|wa\.me|mastodon)", body
    )


def test_an_organization_signing_twice_is_listed_once(declaration, client, brazil) -> None:
    create_organization(
        by=None, data=OrganizationData(name="Levante Popular da Juventude", country=brazil)
    )
    for email in ("one@levante.example", "two@levante.example"):
        client.post(
            "/declarations/week-of-struggle/",
            {"kind": "organization", "name": "Levante Popular da Juventude", "country": "BR",
             "representative": "A representative", "email": email},
        )  # fmt: skip
        client.post(link(email, "confirm"))
    assert {s.organization_id for s in Signature.objects.all()} != {None}
    assert counts_now(declaration).organizations == 1
    page = client.get("/declarations/week-of-struggle/signatories/").content.decode()
    assert page.count("Levante Popular da Juventude") == 1


def test_a_signer_withdraws_through_the_link(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    client.post(link("ana@example.org", "confirm"))
    assert client.post(link("ana@example.org", "withdraw")).status_code == 302
    assert counts_now(declaration).people == 0
    assert Signature.objects.get().state == "withdrawn"


def test_a_forged_or_mangled_link_is_refused(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    forged = link("ana@example.org", "confirm")[:-6] + "xxxxx/"
    assert client.post(forged).status_code == 404
    assert Signature.objects.get().state == "pending"


@pytest.mark.django_db(transaction=True)
def test_the_worker_mails_the_confirmation_in_the_language_it_was_signed_in(
    declaration, client, smtp_server, worker
) -> None:
    client.post("/declarations/week-of-struggle/", PERSON, HTTP_ACCEPT_LANGUAGE="es")
    signature = Signature.objects.get()
    assert (signature.mail_due, signature.language, signature.link_base) == (
        True,
        "es",
        "http://testserver",
    )
    assert not OutboxMessage.objects.exists()  # the request wrote one row
    worker()
    assert not Signature.objects.get().mail_due
    [(_, recipients, raw)] = smtp_server.messages
    assert recipients == ["ana@example.org"]
    assert b"Confirma tu firma" in raw
    assert b"http://testserver/declarations/confirm/" in raw
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_each_waiting_signature_is_mailed_once_and_one_withdrawn_first_not_at_all(
    declaration, client
) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    client.post("/declarations/week-of-struggle/", {**PERSON, "email": "bo@example.org"})
    Signature.objects.filter(email="bo@example.org").update(state="withdrawn")
    assert confirmations.send_due_confirmations() == 2
    assert confirmations.send_due_confirmations() == 0
    assert [m.to for m in OutboxMessage.objects.all()] == [["ana@example.org"]]
    assert not Signature.objects.filter(mail_due=True).exists()


def test_a_french_signer_gets_the_confirmation_in_french(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON, HTTP_ACCEPT_LANGUAGE="fr")
    confirmations.send_due_confirmations()
    mail = OutboxMessage.objects.get()
    assert mail.subject == "Veuillez confirmer votre signature"
    assert Signature.objects.get().language == "fr"


def test_a_signature_whose_transaction_rolls_back_leaves_no_mail(declaration) -> None:
    def sign_then_fail() -> None:
        with transaction.atomic():
            signing.sign_declaration(
                declaration=declaration,
                data=signing.SignatureData(kind="person", name="Ana", email="ana@example.org"),
                base_url="http://testserver",
            )
            assert Signature.objects.get().mail_due
            raise RuntimeError("the request failed after signing")

    with pytest.raises(RuntimeError):
        sign_then_fail()
    assert not Signature.objects.exists()
    assert confirmations.send_due_confirmations() == 0
    assert not OutboxMessage.objects.exists()


def test_a_confirmation_the_mail_server_refused_waits_in_the_outbox_and_goes_later(
    declaration, client, settings, smtp_server
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from internationale.mail.delivery import deliver_due

    client.post("/declarations/week-of-struggle/", PERSON)
    confirmations.send_due_confirmations()
    good = settings.OUTBOX_DELIVERY
    settings.OUTBOX_DELIVERY = {**good, "EMAIL_PORT": 1}
    assert deliver_due() == 0
    waiting = OutboxMessage.objects.get()
    assert (waiting.state, waiting.attempts) == (OutboxMessage.State.PENDING, 1)
    assert waiting.last_error
    assert waiting.next_attempt_at > timezone.now()
    settings.OUTBOX_DELIVERY = good
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1
    sent = OutboxMessage.objects.get()
    assert (sent.state, sent.attempts, sent.last_error) == (OutboxMessage.State.SENT, 2, "")
    [(_, recipients, raw)] = smtp_server.messages
    assert recipients == ["ana@example.org"]
    assert b"/declarations/confirm/" in raw


def test_a_confirmation_leased_by_a_worker_that_died_before_sending_goes_when_its_lease_ends(
    declaration, client, smtp_server
) -> None:
    from django.utils import timezone

    from internationale.mail import delivery

    client.post("/declarations/week-of-struggle/", PERSON)
    confirmations.send_due_confirmations()
    assert len(delivery._claim_batch(delivery.BATCH)) == 1  # then the worker died
    assert delivery.deliver_due() == 0  # leased: not another worker's to send yet
    OutboxMessage.objects.update(next_attempt_at=timezone.now())  # the lease ran out
    assert delivery.deliver_due() == 1
    assert [r for _, r, _ in smtp_server.messages] == [["ana@example.org"]]


def test_every_acknowledged_address_is_accounted_for(declaration, client) -> None:
    client.post("/declarations/week-of-struggle/", PERSON)
    confirmations.send_due_confirmations()
    missing, unmailed = queries.unaccounted({"ana@example.org", "never@example.org"})
    assert missing == {"never@example.org"}
    assert unmailed == {"never@example.org"}  # Ana's confirmation is in the outbox
