"""CSV export and import of organizations, with documented columns that round-trip.

The columns are listed in ``COLUMNS`` and described for people in
``docs/csv-format.md``. Exporting then importing the file changes nothing;
importing it into an empty directory and exporting again gives the same file
but for the ``id`` column.

Import validates every row before writing anything: a file with one bad row
writes nothing, and every problem is reported with its line number. Writes go
through the services (``create_organization``, ``update_organization``,
``change_status``, ``set_description``), so each change is audited as if made
by hand.

The package: ``columns`` (the documented columns and their limits), ``export``,
``cells`` (each cell read and checked, a row made of them) and ``importing`` (the
file read, each row's organization found, the rows written).
"""

from .columns import (
    ALL_COLUMN_NAMES,
    COLUMN_NAMES,
    COLUMNS,
    DESCRIPTION_LANGUAGES,
    EMAIL_COLUMN,
    OTHER_NAMES_SEPARATOR,
    Column,
)
from .export import export_organizations
from .importing import ImportReport, RowError, UploadError, decode_upload, import_organizations

__all__ = [
    "ALL_COLUMN_NAMES",
    "COLUMNS",
    "COLUMN_NAMES",
    "DESCRIPTION_LANGUAGES",
    "EMAIL_COLUMN",
    "OTHER_NAMES_SEPARATOR",
    "Column",
    "ImportReport",
    "RowError",
    "UploadError",
    "decode_upload",
    "export_organizations",
    "import_organizations",
]
