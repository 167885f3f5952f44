"""Shared fixtures of the tally tests: where the reference elections live."""

from pathlib import Path

import pytest

from tests.conftest import DATA


@pytest.fixture
def refdata() -> Path:
    """The reference elections: real ballots with official results, and tabulator cases."""
    return DATA / "tally"
