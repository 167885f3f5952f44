from __future__ import annotations

import re

import pytest
from django.test import Client

from internationale.mail.models import OutboxMessage


@pytest.mark.django_db(transaction=True)
def test_a_forgotten_password_is_reset_through_the_mailed_link(member, smtp_server) -> None:
    from internationale.cli import main

    client = Client()
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert main(["worker", "--batch"]) == 0
    (_, recipients, raw) = smtp_server.messages[-1]
    assert recipients == [member.email]
    link = re.search(rb"http://testserver(/accounts/password/reset/key/\S+/)", raw)
    assert link, raw
    page = client.get(link.group(1).decode(), follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1).decode()
    response = client.post(
        form_url, {"password1": "a-brand-new-pass-314", "password2": "a-brand-new-pass-314"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-pass-314")


def test_a_reset_for_an_unknown_address_reveals_nothing(db) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer as for a known address
    # allauth, with enumeration prevention, mails the unknown address a notice instead
    assert OutboxMessage.objects.filter(to=["nobody@example.org"]).count() <= 1
