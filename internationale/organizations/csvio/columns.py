"""The CSV columns of organizations, described for people, and the limits of their cells."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The languages a description column exists for: the languages the site ships in.
DESCRIPTION_LANGUAGES = ("en", "es", "pt", "fr", "ar")
#: How the other names share one cell.
OTHER_NAMES_SEPARATOR = " | "

MAX_NAME = 300
MAX_ACRONYM = 40
MAX_OTHER_NAMES = 30
MAX_WEBSITE = 300
MAX_EMAIL = 254
MAX_DESCRIPTION = 5000
FOUNDED_RANGE = (1800, 2100)


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        _(
            "The organization's number in the directory. Empty for a new organization; "
            "a number that does not exist is treated as empty."
        ),
    ),
    Column("name", _("The full name. Required.")),
    Column("acronym", _("The acronym, if any.")),
    Column(
        "other_names",
        _("Translations and former names, separated by “ | ” (a vertical bar between spaces)."),
    ),
    Column("kind", _("The kind of organization, as one of the codes listed below.")),
    Column(
        "country",
        _(
            "The code of the country or territory (BR, ZA, X-EUS…). "
            "Empty for international and regional networks."
        ),
    ),
    Column(
        "region",
        _(
            "Only when the region is not the country's: the region's code. "
            "Empty means the country's region, or “international” without a country."
        ),
    ),
    Column("founded", _("The founding year, from 1800 to 2100.")),
    Column("website", _("The web address, starting with https:// or http://.")),
    Column("status", _("The status in the international, as one of the codes listed below.")),
    Column("status_since", _("The date of the current status, as YYYY-MM-DD.")),
    *(
        Column(f"description_{language}", _("The description in this language."))
        for language in DESCRIPTION_LANGUAGES
    ),
    Column(
        "original_language",
        _("Which description is the original (en, es, pt, fr or ar); the others translate it."),
    ),
)
#: Exported only on request and never shown on the site.
EMAIL_COLUMN = Column(
    "email", _("The organization's e-mail address, for the secretariat only (private).")
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
ALL_COLUMN_NAMES = (*COLUMN_NAMES, EMAIL_COLUMN.name)
