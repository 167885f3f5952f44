"""`internationale import-list`: a pasted list of organizations, previewed or imported."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path


def import_list(args: argparse.Namespace, *, setup_django: Callable[[], None]) -> int:
    """Parse a pasted list; print one line per entry; import only without --dry-run."""

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {path} as UTF-8 text: {error}", file=sys.stderr)
        return 1
    setup_django()
    from internationale.organizations import pasted

    rows = pasted.parse(text)
    for row in rows:
        if args.format == "json":
            print(json.dumps(_row_json(row), ensure_ascii=False))
        else:
            flag = "FLAG " if row.flagged else "     "
            print(f"{flag}{row.line:>5} {row.country or '-':<6} {row.acronym or '':<10} "
                  f"{row.name}  [{row.match}]")  # fmt: skip
    if args.dry_run:
        return 0
    from internationale.accounts.models import User

    by = User.objects.filter(email=args.by).first() if args.by else None
    if by is None:
        print("error: --by must name an existing account to import", file=sys.stderr)
        return 1
    batch = pasted.preview_list(by=by, text=text)
    batch = pasted.confirm_list(
        by=by, import_id=batch.pk, decisions=pasted.default_decisions(batch)
    )
    print(json.dumps(batch.result), file=sys.stderr)
    return 0


def _row_json(row: object) -> dict[str, object]:
    data = dataclasses.asdict(row)  # type: ignore[call-overload]
    keys = ["line", "country", "name", "acronym", "match", "flagged", "reasons", "region",
            "match_id", "match_score", "country_text", "heading", "raw"]  # fmt: skip
    return {key: data[key] for key in keys}
