"""Signing again tells nobody but the address itself that it signed (decision 0020).

Whatever the state of the address's signature (none yet, waiting, confirmed,
withdrawn, set aside, flagged), the same form posted gets the same answer:
the same status, the same page at the same address, the same cookies. What
the address's signature is doing goes to the address, by mail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations, signing
from internationale.mail.delivery import deliver_due
from internationale.mail.models import OutboxMessage

ADDRESS = "someone@example.org"
FORM = {
    "kind": "person",
    "name": "Someone Careful",
    "country": "BR",
    "email": ADDRESS,
    "show_name": "",
}


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="against-the-war", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Against the war",
        body="We say **no**.", is_original=True,
    )  # fmt: skip
    return declaration


def _signed(declaration: Declaration, **fields: Any) -> Signature:
    """The address's signature as a signer left it a while ago (its mail long sent)."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    values: dict[str, Any] = {
        "declaration": declaration, "kind": "person", "name": "Someone Careful",
        "email": ADDRESS, "show_name": False, "confirmation_sent_at": an_hour_ago,
        "confirmations_sent": 1, "language": "en", "link_base": "http://testserver",
        **fields,
    }  # fmt: skip
    return Signature.objects.create(**values)


def _confirmed(**fields: Any) -> dict[str, Any]:
    return {"state": "confirmed", "confirmed_at": timezone.now(), **fields}


#: Each state an address can be in when its form is posted, made for the declaration.
STATES: dict[str, Callable[[Declaration], object]] = {
    "new": lambda d: None,
    "waiting, mailed a moment ago": lambda d: _signed(d, confirmation_sent_at=timezone.now()),
    "waiting, mailed an hour ago": lambda d: _signed(d),
    "waiting, mailed as often as it may be": lambda d: _signed(
        d, confirmations_sent=signing.MAX_RESENDS
    ),
    "waiting, flagged": lambda d: _signed(d, flagged="honeypot", needs_moderation=True),
    "confirmed": lambda d: _signed(d, **_confirmed()),
    "confirmed, named on the list": lambda d: _signed(d, **_confirmed(show_name=True)),
    "confirmed, flagged": lambda d: _signed(
        d, **_confirmed(flagged="burst", needs_moderation=True)
    ),
    "withdrawn": lambda d: _signed(d, **_confirmed(state="withdrawn")),
    "hidden by the secretariat": lambda d: _signed(d, **_confirmed(state="hidden")),
    "rejected by the secretariat": lambda d: _signed(d, state="rejected"),
}


def _masked(text: str) -> str:
    """A page without what differs from one request to the next (CSRF token, nonce)."""
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1…", text)
    return re.sub(r'(nonce=")[^"]+', r"\1…", text)


def _answer(declaration: Declaration) -> dict[str, Any]:
    """Everything a person who posts the form sees of the answer, from a fresh browser."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/declarations/{declaration.slug}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    posted = browser.post(
        f"/declarations/{declaration.slug}/", {**FORM, "csrfmiddlewaretoken": token.group(1)}
    )
    followed = browser.get(posted["Location"]) if posted.status_code == 302 else posted

    def seen(response: Any) -> dict[str, Any]:
        return {
            "status": response.status_code,
            "headers": {k: _masked(v) for k, v in response.headers.items()},
            "cookies": {
                # Its date moves with the clock; its max-age says the same without it.
                name: {key: value for key, value in morsel.items() if value and key != "expires"}
                for name, morsel in response.cookies.items()
            },
            "body": _masked(response.content.decode()),
        }

    return {"post": seen(posted), "followed": seen(followed)}


def _start(declaration: Declaration, state: str) -> None:
    Signature.objects.filter(email=ADDRESS).delete()
    OutboxMessage.objects.all().delete()
    STATES[state](declaration)


def test_the_public_answer_is_the_same_whatever_the_addresss_state(declaration) -> None:
    answers = {}
    for state in STATES:
        _start(declaration, state)
        answers[state] = _answer(declaration)
    first = answers["new"]
    assert first["post"]["status"] == 302
    assert first["followed"]["status"] == 200
    assert "Check your e-mail" in first["followed"]["body"]
    for state, answer in answers.items():
        for part in ("post", "followed"):
            for key, value in answer[part].items():
                assert (state, part, key, value) == (state, part, key, first[part][key])
    assert Signature.objects.filter(email=ADDRESS).count() == 1  # never a second one


#: What the address learns by mail in each state: a confirmation link, a notice with a
#: withdrawal link, a notice that it cannot sign again, or nothing for now.
EXPECTED = {
    "new": "confirm",
    "waiting, mailed a moment ago": None,  # at most one mail every RESEND_EVERY
    "waiting, mailed an hour ago": "confirm",
    "waiting, mailed as often as it may be": None,  # and flagged for the secretariat
    "waiting, flagged": "confirm",
    "confirmed": "already",
    "confirmed, named on the list": "already",
    "confirmed, flagged": "already",
    "withdrawn": "not again",
    "hidden by the secretariat": "not again",
    "rejected by the secretariat": "not again",
}


@pytest.mark.parametrize("state", list(STATES))
def test_the_address_learns_by_mail_where_its_signature_stands(
    declaration, smtp_server, state
) -> None:
    _start(declaration, state)
    Client().post(f"/declarations/{declaration.slug}/", FORM)
    confirmations.send_due_confirmations()  # what the worker does: confirmations, then the outbox
    deliver_due()
    mails = [raw.decode() for _, recipients, raw in smtp_server.messages if recipients == [ADDRESS]]
    expected = EXPECTED[state]
    if expected is None:
        assert mails == []
    else:
        [mail] = mails
        has = {
            "confirm": "/declarations/confirm/" in mail,
            "withdraw": "/declarations/withdraw/" in mail,
            "already": 'has signed it already, as "Someone Careful"' in mail,
            "not again": "cannot sign it again" in mail,
        }
        assert has == {
            "confirm": {"confirm": True, "withdraw": True, "already": False, "not again": False},
            "already": {"confirm": False, "withdraw": True, "already": True, "not again": False},
            "not again": {
                "confirm": False, "withdraw": False, "already": False, "not again": True
            },
        }[expected]  # fmt: skip
        if expected != "confirm":
            assert "http://testserver/declarations/against-the-war/" in mail  # which one
    signature = Signature.objects.get(email=ADDRESS)
    if state == "waiting, mailed as often as it may be":
        assert ("resends" in signature.flagged, signature.needs_moderation) == (True, True)
    if state.startswith("confirmed"):
        # Posting someone's address again hides nothing: no attacker can hide a signature.
        assert signature.state == "confirmed"
        assert signature.needs_moderation == (state == "confirmed, flagged")


def test_notices_to_a_confirmed_address_keep_to_the_resend_limits(declaration, smtp_server):
    _start(declaration, "confirmed")
    for _ in range(signing.MAX_RESENDS + 2):
        Client().post(f"/declarations/{declaration.slug}/", FORM)
        Signature.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=1))
    deliver_due()
    sent = [r for _, r, _ in smtp_server.messages]
    assert sent == [[ADDRESS]] * (signing.MAX_RESENDS - 1)  # one confirmation went before
    signature = Signature.objects.get()
    assert (signature.state, signature.needs_moderation) == ("confirmed", False)


def test_a_notice_is_stored_with_the_signatures_count_of_mails(declaration) -> None:
    _start(declaration, "confirmed")
    Client().post(f"/declarations/{declaration.slug}/", FORM)
    notice = OutboxMessage.objects.get()
    assert notice.to == [ADDRESS]
    assert 'has signed it already, as "Someone Careful"' in notice.body
    assert Signature.objects.get().confirmations_sent == 2
