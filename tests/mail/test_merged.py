"""Mails of one template rendered once and filled in are the mails rendered one by one."""

from __future__ import annotations

import pytest

from internationale.mail.services import QueuedMail, _merged, _render_mail, leased

NAMES = [
    "Ana Souza",
    'Comité "Tierra & Libertad" <CTL>',
    "اتحاد النقابات المستقلة",
    "{{ name }} {% now 'Y' %} \\1 $1",
    "\ue000&v1\ue001 Ľudmila\n  Nováková",  # a slot's own characters, and a new line
]


def _mails(language: str, names: list[str], template: str = "declarations/email/confirm"):
    return [
        QueuedMail(
            to=[f"s{number}@example.org"],
            template=template,
            context={
                "name": name,
                "confirm_link": f"http://x.example/declarations/confirm/{number}:abc/",
                "withdraw_link": f"http://x.example/declarations/withdraw/{number}:def/",
                "days": 14,
            },
            language=language,
        )
        for number, name in enumerate(names)
    ]


def _without_ids(raw: bytes) -> bytes:
    """A message without its Date and Message-ID, which differ from one rendering to the next."""
    return b"\r\n".join(
        line for line in raw.split(b"\r\n") if not line.startswith((b"Date:", b"Message-ID:"))
    )


@pytest.mark.parametrize("language", ["en", "es", "ar", "fr", "pt"])
def test_merged_mails_are_those_rendered_one_by_one(language) -> None:
    mails = _mails(language, NAMES)
    merged = _merged(mails)
    assert merged is not None
    for mail, (subject, raw) in zip(mails, merged, strict=True):
        alone_subject, alone_raw = _render_mail(mail)
        assert subject == alone_subject
        assert _without_ids(raw) == _without_ids(alone_raw)
        assert mail.context["confirm_link"].encode() in raw


def test_leased_keeps_the_order_of_mails_in_several_languages() -> None:
    mails = [m for pair in zip(_mails("es", NAMES), _mails("ar", NAMES), strict=True) for m in pair]
    rows = leased(mails)
    assert [row.recipients for row in rows] == [mail.to for mail in mails]
    assert all(mail.context["confirm_link"].encode() in bytes(row.message)
               for mail, row in zip(mails, rows, strict=True))  # fmt: skip
    assert "Confirma" in rows[0].subject


def test_a_mail_with_an_empty_or_differing_value_is_not_merged() -> None:
    assert _merged(_mails("en", ["Ana", ""])) is None  # an empty name may be tested by an if
    mails = _mails("en", ["Ana", "Ben"])
    mails[1].context["days"] = 7
    assert _merged(mails) is None


def test_a_template_that_changes_or_escapes_a_value_is_rendered_mail_by_mail(settings) -> None:
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "t/upper_subject.txt": "Hi",
                            "t/upper_message.txt": "{{ name|upper }} {{ confirm_link }}",
                            "t/escaped_subject.txt": "Hi",
                            "t/escaped_message.txt": "{{ name }} {{ confirm_link }}",
                        },
                    )
                ]
            },
        }
    ]
    for template in ("t/upper", "t/escaped"):
        mails = _mails("en", ["Ana & Co", "ben"], template=template)
        assert _merged(mails) is None
        rows = leased(mails)
        assert [_without_ids(bytes(row.message)) for row in rows] == [
            _without_ids(_render_mail(mail)[1]) for mail in mails
        ]
    assert b"ANA &amp; CO" in bytes(leased(_mails("en", ["Ana & Co", "b"], "t/upper"))[0].message)
