"""The convening pages, as the secretariat reads them in English and Arabic (and posted back
with errors), are valid HTML by the Nu checker."""

from __future__ import annotations

import pytest

from internationale.demo import load_demo
from tests.web.test_html_validity import nu_errors
from tests.web.visitors import visitor

CONGRESS = "/congresses/world-congress-2027/"
#: (path, posted data or None)
PAGES: list[tuple[str, dict[str, str] | None]] = [
    ("/congresses/", None),
    ("/congresses/new/", None),
    ("/congresses/new/", {"title": "X", "closes_on": "2029-02-30", "quorum_percent": "0"}),
    (CONGRESS, None),
    (CONGRESS + "manage/", None),
    (CONGRESS + "manage/call/en/", None),
    (CONGRESS + "manage/call/es/", None),
    (CONGRESS + "manage/call/fr/", {"title": "", "body": ""}),
    (CONGRESS + "manage/phase/", None),
    (CONGRESS + "manage/phase/", {"phase": "debate"}),
    (CONGRESS + "manage/send/", None),
    (CONGRESS + "manage/send/", {}),
]


@pytest.mark.slow
def test_the_convening_pages_are_valid_html_in_both_directions(places, tmp_path) -> None:
    load_demo()
    shown: dict[str, str] = {}
    for language in ("en", "ar"):
        client = visitor("secretariat", language)
        for index, (path, data) in enumerate(PAGES):
            response = client.get(path) if data is None else client.post(path, data)
            what = f"{'POST' if data is not None else 'GET'} {path} in {language}"
            assert response.status_code == (200 if data is None else 400), what
            name = f"{language}-{index:02d}.html"
            (tmp_path / name).write_bytes(response.content)
            shown[name] = what
    errors = nu_errors(tmp_path)
    listed = [
        f"{shown[str(e['url']).rsplit('/', 1)[-1]]}, line {e.get('lastLine')}: {e['message']}"
        f"\n    {str(e.get('extract', '')).strip()}"
        for e in errors
    ]
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(listed)
