"""A bulletin's PDF per language (WeasyPrint, read back with pypdf): each contribution in the
reader's language else its original with a note, right to left in Arabic, made once per
set of texts and kept."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from internationale.congresses import queries_debate
from internationale.congresses.models import Bulletin, BulletinPdf
from internationale.congresses.services import debate
from internationale.core import pdf
from tests.conftest import require
from tests.congresses.debate_cast import contribute, in_debate

URL = "/congresses/world-congress/debate/bulletins/1/pdf/{}/"


@pytest.fixture
def bulletin(congress, member, secretariat) -> Bulletin:
    require(pdf.available(), "WeasyPrint cannot load Pango here (bootstrap.py test installs it)")
    debating = in_debate(congress)
    land = contribute(debating, member, title="On the land question", body="Land **reform**.")
    debate.write_contribution_text(
        by=member, contribution=land, language="ar", title="عن مسألة الأرض", body="الإصلاح الزراعي."
    )
    peru = contribute(
        debating, member, language="es", title="Perú en noviembre", body="Tres presidentes."
    )
    return debate.publish_bulletin(
        by=secretariat, congress=debating, contribution_ids=[land.pk, peru.pk]
    )


def text_of(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def reader(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_english_pdf_shows_each_text_in_english_else_its_original(bulletin, reader) -> None:
    response = reader.get(URL.format("en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Bulletin 1" in text
    assert "On the land question" in text
    assert "Perú en noviembre" in text
    assert "Not yet translated; shown in Spanish." in text


def test_the_arabic_pdf_has_the_arabic_text_and_the_spanish_original(bulletin, reader) -> None:
    text = text_of(reader.get(URL.format("ar")).content)
    # Extracted right-to-left text may come out in visual order; the words are there either way.
    assert "الأرض" in text or "ضرألا" in text
    assert "Perú en noviembre" in text
    assert "On the land question" not in text


def test_the_arabic_pdf_is_written_right_to_left(bulletin) -> None:
    items = queries_debate.shown(queries_debate.in_bulletin(bulletin), "ar")
    with translation.override("ar"):
        html = render_to_string(
            "congresses/debate/bulletin_pdf.html",
            {"bulletin": bulletin, "congress": bulletin.congress, "language": "ar",
             "direction": "rtl", "items": [(s, s.text.item.body) for s in items]},
        )  # fmt: skip
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h2 dir="rtl">1. عن مسألة الأرض</h2>' in html
    assert '<h2 dir="ltr">2. Perú en noviembre</h2>' in html


def test_a_pdf_is_made_once_and_again_when_a_translation_arrives(bulletin, reader, member) -> None:
    reader.get(URL.format("fr"))
    first = BulletinPdf.objects.get(language="fr")
    reader.get(URL.format("fr"))
    assert BulletinPdf.objects.get(language="fr").built_at == first.built_at
    land = bulletin.contributions.get(position=1)
    debate.write_contribution_text(
        by=member,
        contribution=land,
        language="fr",
        title="Sur la question agraire",
        body="La terre.",
    )
    assert "Sur la question agraire" in text_of(reader.get(URL.format("fr")).content)
    assert BulletinPdf.objects.get(language="fr").built_at > first.built_at


def test_the_pdf_is_for_members_only(bulletin, outsider) -> None:
    assert "/accounts/login/" in Client().get(URL.format("en"))["Location"]
    client = Client()
    client.force_login(outsider)
    assert client.get(URL.format("en")).status_code == 403
