from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "internationale" / "locale"

HOME_TITLE = {
    "en": "What you will find here",
    "es": "Qué encontrarás aquí",
    "pt": "O que você encontra aqui",
    "fr": "Ce que vous trouverez ici",
    "ar": "ما ستجده هنا",
}


@pytest.mark.parametrize("language", ["en", "es", "pt", "fr", "ar"])
def test_the_browser_language_chooses_the_page_language(places, language) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in body
    assert HOME_TITLE[language] in body


def test_arabic_is_laid_out_right_to_left(places) -> None:
    body = Client().get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in body
    assert 'dir="rtl"' not in Client().get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_the_reader_can_switch_language(places) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
    assert response.status_code == 302
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "pt"


def test_region_names_follow_the_page_language(places) -> None:
    body = Client().get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Afrique subsaharienne" in body


def _po_entries(path: Path) -> list[dict[str, str]]:
    """Every non-fuzzy entry of a .po file as a dict of its unescaped fields."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block:
            continue
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                key, _, line = line.partition(" ")
            elif not line.startswith('"'):
                continue
            fields[key] = fields.get(key, "") + ast.literal_eval(line)
        if fields.get("msgid") and "msgctxt" not in fields:
            entries.append(fields)
    return entries


@pytest.mark.parametrize("language", ["es", "pt", "fr", "ar"])
def test_every_string_is_translated_and_compiled(language) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    assert len(entries) > 100
    empty = [
        e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert empty == []
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in entries:
        if "msgid_plural" in entry:
            for n in range(12):
                expected = entry[f"msgstr[{catalogue.plural(n)}]"]  # type: ignore[attr-defined]
                if catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) != expected:
                    stale.append(entry["msgid"])
        elif catalogue.gettext(entry["msgid"]) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == [], "django.mo is older than django.po: run compilemessages"
