"""Time our STV and IRV beside pyrankvote and votekit, on generated and real elections.

    flock /tmp/internationale-bench.lock python benchmarks/tally/bench_tally.py \
        [--sizes 10000 100000 1000000] [--timeout 300] [--no-peers]

Generates seeded elections (30 candidates, 7 seats, truncated preferences that follow
party lines) as BLT files under /tmp/tally-bench/, prints how their ballots compare with
the real elections in refdata, then runs every tool in a fresh subprocess and prints
reading time, counting time and peak memory (VmHWM of that process), the ratios to the
faster peer, and whether the winners agree; then every method's count of the 10,000-ballot
election. The peers read the file through a grouped reader written for them and get
their fastest reasonable input (see ``grouped_blt`` and ``child``). They are installed for
the benchmark only, into a virtualenv this script creates under /tmp. It prints figures
and never asserts a time.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
REFDATA = REPO / "tests" / "data" / "tally"  # the real elections, ballots xz-compressed
WORK = Path(tempfile.gettempdir()) / "tally-bench"
PEER_VENV = Path(tempfile.gettempdir()) / "tally-bench-venv"
PEERS = {"pyrankvote": "pyrankvote==2.0.6", "votekit": "votekit==3.5.0"}
CANDIDATES = 30
SEATS = 7


def real_election(name: str) -> Path:
    """A real election's BLT file from tests/data, decompressed once into WORK."""
    path = WORK / Path(name).name
    if not path.exists():
        path.write_bytes(lzma.decompress((REFDATA / f"{name}.xz").read_bytes()))
    return path


# -- generated elections ---------------------------------------------------------


def generate(path: Path, voters: int, seed: int = 2026) -> None:
    """A BLT file, one line per voter: party-line truncated preferences."""
    rng = random.Random(seed)
    parties = [c % 5 for c in range(CANDIDATES)]
    popularity = [1 / (1 + c) ** 0.8 for c in range(CANDIDATES)]
    rng.shuffle(popularity)
    lines = [f"{CANDIDATES} {SEATS}"]
    for _ in range(voters):
        length = 1
        while length < 12 and rng.random() < 0.72:
            length += 1
        left = list(range(CANDIDATES))
        weights = list(popularity)
        order: list[int] = []
        for _ in range(length):
            if order and rng.random() < 0.75:
                party = parties[order[-1]]
                pool = [i for i, c in enumerate(left) if parties[c] == party] or range(len(left))
            else:
                pool = range(len(left))
            pool = list(pool)
            i = rng.choices(pool, [weights[j] for j in pool])[0]
            order.append(left.pop(i))
            weights.pop(i)
        lines.append("1 " + " ".join(str(c + 1) for c in order) + " 0")
    lines.append("0")
    lines.extend(f'"Candidate {c + 1:02d}"' for c in range(CANDIDATES))
    lines.append(f'"Generated election, {voters} ballots"')
    path.write_text("\n".join(lines) + "\n")


# -- running one tool in a child process ----------------------------------------------


def grouped_blt(path: Path) -> tuple[list[str], int, list[tuple[list[int], int]]]:
    """The peers' reader, as fast as we could make it for them: identical lines counted
    first, each distinct line parsed once; rankings as candidate indices with their
    number of voters. Skipped ranks, overvotes and repeated candidates are dropped and
    empty ballots left out, since neither peer accepts them (for the plain generated
    files this is exactly the ballots we count)."""
    lines = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    ncand, seats = (int(x) for x in lines[0].split())
    end = lines.index("0")
    names = [ln.strip().strip('"') for ln in lines[end + 1 : end + 1 + ncand]]
    rankings: dict[tuple[int, ...], int] = {}
    for line, repeats in Counter(lines[1:end]).items():
        parts = line.split()
        prefs: list[int] = []
        for tok in parts[1:]:
            if tok == "0":
                break
            if tok.isdigit():
                prefs.append(int(tok) - 1)
        key = tuple(dict.fromkeys(prefs))
        if key:
            rankings[key] = rankings.get(key, 0) + repeats * int(parts[0])
    return names, seats, list(rankings.items())


def child(tool: str, method: str, path: Path, seats: int | None) -> dict[str, object]:
    """Read and count in this process; imports are not timed."""
    if tool == "ours":
        sys.path.insert(0, str(REPO))
        from internationale.tally import parse_blt, run_method

        start = time.perf_counter()
        election = parse_blt(path.read_text())
        if seats:
            election = election.with_seats(seats)
        read = time.perf_counter()
        name = "scottish-stv" if method == "stv" else "irv"
        elected = list(run_method(name, election).elected)
    elif tool == "pyrankvote":
        import pyrankvote  # type: ignore[import-not-found]

        start = time.perf_counter()
        names, file_seats, rankings = grouped_blt(path)
        people = [pyrankvote.Candidate(n) for n in names]
        ballots: list[Any] = []
        for ranking, voters in rankings:
            # pyrankvote has no ballot weights: one Ballot per distinct ranking, listed
            # once per voter (it never changes a ballot, so sharing the object is safe
            # and much faster than one object per voter)
            ballot = pyrankvote.Ballot(ranked_candidates=[people[c] for c in ranking])
            ballots.extend([ballot] * voters)
        read = time.perf_counter()
        if method == "stv":
            result = pyrankvote.single_transferable_vote(people, ballots, seats or file_seats)
        else:
            result = pyrankvote.instant_runoff_voting(people, ballots)
        elected = [c.name for c in result.get_winners()]
    else:
        from votekit import RankBallot, RankProfile  # type: ignore[import-not-found]
        from votekit.elections import IRV, STV  # type: ignore[import-not-found]

        start = time.perf_counter()
        names, file_seats, rankings = grouped_blt(path)
        profile = RankProfile(
            ballots=[RankBallot(ranking=[{names[c]} for c in r], weight=k) for r, k in rankings],
            candidates=names,
        )
        read = time.perf_counter()
        if method == "stv":
            winners = STV(profile, n_seats=seats or file_seats).get_elected()
        else:
            winners = IRV(profile).get_elected()
        elected = [name for group in winners for name in sorted(group)]
    done = time.perf_counter()
    peak = peak_mb()
    return {"read": read - start, "count": done - read, "peak_mb": peak, "elected": elected}


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM on Linux (ru_maxrss there carries the
    parent's peak across fork and exec), else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(
    tool: str, method: str, path: Path, seats: int | None, timeout: int
) -> dict[str, Any]:
    python = sys.executable if tool == "ours" else str(PEER_VENV / "bin" / "python")
    cmd = [python, __file__, "--child", tool, method, str(path), str(seats or 0)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout} s"}
    except subprocess.CalledProcessError as error:
        return {"error": (error.stderr.strip().splitlines() or ["failed"])[-1][:80]}
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


# -- the report ------------------------------------------------------------------------


def ensure_peers() -> bool:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    check = [str(python), "-c", "import pyrankvote, votekit"]
    if subprocess.run(check, capture_output=True).returncode != 0:
        install = [str(python), "-m", "pip", "install", "-q", *PEERS.values()]
        if subprocess.run(install).returncode != 0:
            print("could not install the peers; timing ours only")
            return False
    return True


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms" if seconds < 10 else f"{seconds:9.1f} s "


def compare(label: str, path: Path, seats: int | None, tools: list[str], timeout: int) -> None:
    for method in ("stv", "irv"):
        print(f"\n{label} — {method.upper()}")
        print(f"{'tool':<11} {'read':>12} {'count':>12} {'total':>12} {'peak MB':>9}  elected")
        rows = {tool: run_child(tool, method, path, seats, timeout) for tool in tools}
        for tool, row in rows.items():
            if "error" in row:
                print(f"{tool:<11} {row['error']}")
                continue
            total = row["read"] + row["count"]
            print(
                f"{tool:<11} {fmt(row['read'])} {fmt(row['count'])} {fmt(total)} "
                f"{row['peak_mb']:9.0f}  {', '.join(row['elected'])}"
            )
        ours = rows["ours"]
        peers = {t: r for t, r in rows.items() if t != "ours" and "error" not in r}
        if "error" in ours or not peers:
            continue
        fastest_total = min(r["read"] + r["count"] for r in peers.values())
        fastest_count = min(r["count"] for r in peers.values())
        ours_total = ours["read"] + ours["count"]
        print(
            f"ours vs faster peer: end to end x{fastest_total / ours_total:.1f}, "
            f"count alone x{fastest_count / max(ours['count'], 1e-9):.1f}"
        )
        for tool, row in peers.items():
            same = sorted(row["elected"]) == sorted(ours["elected"])
            print(f"winners {'agree' if same else 'DIFFER'} with {tool}")


def realism(paths: dict[str, Path]) -> None:
    """How the generated ballots compare with real ones: ranking lengths, bullet votes,
    distinct rankings (what grouping can save)."""
    sys.path.insert(0, str(REPO))
    from internationale.tally import parse_blt

    print("\nballots: generated vs real (refdata)")
    print(
        f"{'election':<34} {'cand':>4} {'ballots':>9} {'distinct':>9} "
        f"{'mean length':>11} {'only one':>8} {'all ranked':>10}"
    )
    for label, path in paths.items():
        election = parse_blt(path.read_text())
        voters = lengths = single = full = 0
        ncand = len(election.candidates)
        for ballot in election.ballots:
            size = sum(1 for rank in ballot.ranking if rank)
            voters += ballot.count
            lengths += size * ballot.count
            single += ballot.count if size == 1 else 0
            full += ballot.count if size >= min(ncand, 12) else 0
        print(
            f"{label:<34} {ncand:>4} {voters:>9,} {len(election.ballots):>9,} "
            f"{lengths / voters:>11.2f} {single / voters:>8.0%} {full / voters:>10.0%}"
        )


def congress_timings(path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from internationale.tally import METHODS, parse_blt

    election = parse_blt(path.read_text())
    print("\nevery method on the 10,000-ballot election (count only, best of 3)")
    for name, method in METHODS.items():
        best = min(_timed(lambda m=method: m(election, 0)) for _ in range(3))
        print(f"  {name:<16} {best * 1000:8.1f} ms")


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        tool, method, file, seats = sys.argv[2:6]
        print(json.dumps(child(tool, method, Path(file), int(seats) or None)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--timeout", type=int, default=300, help="seconds per tool and run")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    tools = ["ours"] + ([] if args.no_peers or not ensure_peers() else list(PEERS))
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; peers: {PEERS}")
    for size in args.sizes:
        path = WORK / f"generated-{size}.blt"
        if not path.exists():
            generate(path, size)
    real = {
        "Glasgow 2007 Linn (STV)": "scotland-glasgow-2007-linn/Linn-2007.droop.blt",
        "Dundee 2022 ward 3 (STV)": "scotland-dundee-2022/dundee_2022_ward3.blt",
        "Dundee 2022 ward 8 (STV)": "scotland-dundee-2022/dundee_2022_ward8.blt",
        "Burlington 2009 (IRV)": "burlington-2009-mayor/2009-Burlington-Mayor.blt",
        "Oakland 2010 (IRV, 3 ranks allowed)": "oakland-2010-mayor/2010-Oakland-Mayor.blt",
    }
    realism(
        {f"generated {size:,}": WORK / f"generated-{size}.blt" for size in args.sizes}
        | {label: real_election(file) for label, file in real.items()}
    )
    for size in args.sizes:
        path = WORK / f"generated-{size}.blt"
        compare(
            f"generated, {size:,} ballots, {CANDIDATES} candidates, {SEATS} seats",
            path,
            None,
            tools,
            args.timeout,
        )
        if size == 10_000:
            congress_timings(path)
    compare(
        "Oakland 2010 mayor (largest real BLT in refdata), 122,268 ballots, 7 seats for STV",
        real_election("oakland-2010-mayor/2010-Oakland-Mayor.blt"),
        7,
        tools,
        args.timeout,
    )


if __name__ == "__main__":
    main()
