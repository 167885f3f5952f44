"""Shared fixtures of the tally tests: where the reference elections live."""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REFDATA = SHARED / "refdata" / "tally"


@pytest.fixture
def refdata() -> Path:
    """The reference elections beside the repository, or a skip (a failure in CI)."""
    if not REFDATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REFDATA} is missing: CI must have the reference elections")
        pytest.skip("../shared/refdata not present: reference elections not available")
    return REFDATA
