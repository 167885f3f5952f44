"""Writes on the wire: filing, the desk's steps, translations, media, bylines.

Every function is keyword-only and runs in one transaction. Locking
contract: each step that moves a report locks its row first
(``SELECT … FOR UPDATE``; on SQLite the write lock taken at BEGIN IMMEDIATE),
so two editors pressing "publish" and "return" at once apply one after the
other, and the second sees the state the first left and is refused if the
step no longer applies. Every step writes a Revision (the report as it then
is, who, when, and the editor's comment), the search index, and the mail to
the correspondent, all in that same transaction; the mail leaves through the
outbox once it commits.

Callers use this package's names (``services.publish_report``); the modules
are how the writes are kept apart: reports.py (filing and the desk's steps),
translations.py, media.py, correspondents.py.
"""

from internationale.wire.services.correspondents import byline_for, save_correspondent
from internationale.wire.services.media import (
    Attachment,
    MediaFile,
    add_media,
    attach_media,
    clean_upload,
    file_report,
    remove_media,
)
from internationale.wire.services.reports import (
    MAX_COUNTRIES,
    MAX_ORGANIZATIONS,
    NotAllowedError,
    ReportData,
    WireError,
    check_title,
    create_report,
    lift_appeal,
    publish_report,
    return_report,
    submit_report,
    take_report,
    unpublish_report,
    update_report,
)
from internationale.wire.services.translations import start_translation

__all__ = [
    "MAX_COUNTRIES",
    "MAX_ORGANIZATIONS",
    "Attachment",
    "MediaFile",
    "NotAllowedError",
    "ReportData",
    "WireError",
    "add_media",
    "attach_media",
    "byline_for",
    "check_title",
    "clean_upload",
    "create_report",
    "file_report",
    "lift_appeal",
    "publish_report",
    "remove_media",
    "return_report",
    "save_correspondent",
    "start_translation",
    "submit_report",
    "take_report",
    "unpublish_report",
    "update_report",
]
