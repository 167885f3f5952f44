#!/usr/bin/env python3
"""The revision diff on adversarial texts at the size limit of a report's body.

    .venv/bin/python benchmarks/diff.py

Prints, for each pair of texts (tests/texts/pathological.py), the time of
diff_words (best of three), the number of pieces and whether joining them gives
both texts back. Decision 0017 explains the budget that bounds these times.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from internationale.texts.diff import diff_words  # noqa: E402
from tests.texts.pathological import diff_pairs  # noqa: E402

LIMIT = 60_000  # ReportForm's body max_length (internationale/wire/forms.py)


def main() -> None:
    print(f"diff_words at {LIMIT:,} characters (best of 3)")
    worst = 0.0
    for name, (old, new) in diff_pairs(LIMIT).items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            pieces = diff_words(old, new)
            times.append(time.perf_counter() - started)
        correct = (
            "".join(p.text for p in pieces if p.op != "insert") == old
            and "".join(p.text for p in pieces if p.op != "delete") == new
        )
        worst = max(worst, min(times))
        print(f"  {name:40} {min(times):6.3f} s  {len(pieces):6} pieces  correct={correct}")
    print(f"worst: {worst:.3f} s")


if __name__ == "__main__":
    main()
