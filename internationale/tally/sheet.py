"""The result sheet: a count printed as an election officer reads it.

A header (the election's title, seats, candidates, ballots, quota, the method in plain
words), every round (each candidate's votes and change, who was elected or excluded,
and the round's events in the order they happened), the result, for Schulze the
pairwise and strongest-path tables, and at the end the rules applied. Pure: text in
memory from an ``Election`` and its ``Result``.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from fractions import Fraction

from .ballots import BallotTable, Election
from .methods import DESCRIPTIONS, TITLES
from .records import ELECTED, EXCLUDED, Decision, Result, Round, describe_event

QUOTAS = {
    "droop": "Droop quota: valid votes / (seats + 1), rounded down, plus 1",
    "droop-exact": "Droop quota: valid votes / (seats + 1), exactly",
    "droop-epsilon": "valid votes / (seats + 1), plus a fraction",
    "hare": "Hare quota: valid votes / seats",
}
NAME_WIDTH = 22  # the longest name the Schulze tables print in full
SHOWN_PLACES = 5  # the decimals a count in exact fractions is shown to


def render_sheet(election: Election, result: Result, *, verbose: bool = False) -> str:
    """The whole result sheet as text; ``verbose`` adds every transfer of every round.
    A count in exact fractions is shown to 5 decimals (its JSON keeps them exact)."""
    exact = result.places is None and not _all_whole(result)
    if exact:
        result = replace(result, places=SHOWN_PLACES)
    lines = header(election, result, exact=exact)
    notes = [n for n in result.notes if not n.startswith("votes column")]  # no such column
    if notes:
        lines += ["", "Notes", *(f"  {note}" for note in notes)]
    if "pairwise" in result.details:
        lines += ["", *schulze_tables(result)]
    else:
        fates = _fates(result)
        previous: Round | None = None
        for r in result.rounds:
            lines += ["", *round_block(result, r, previous, fates, verbose)]
            previous = r
    lines += ["", *result_block(result)]
    lines += ["", *rules_block(result)]
    return "\n".join(lines) + "\n"


def _all_whole(result: Result) -> bool:
    values = [v for r in result.rounds for v in (*r.votes.values(), r.non_transferable)]
    values += [r.quota for r in result.rounds if r.quota is not None]
    return all(v.denominator == 1 for v in values)


def header(election: Election, result: Result, *, exact: bool = False) -> list[str]:
    """Title, method, seats, candidates, ballots and quota."""
    title = election.title or "Election"
    rows = [
        ("Method", TITLES.get(result.method, result.method)),
        ("Seats", str(result.seats)),
        ("Candidates", _candidates(election, result)),
        *_ballots(election, result),
        *_quota(result),
    ]
    if exact:
        rows.append(("Figures", f"exact fractions, shown to {SHOWN_PLACES} decimals"))
    width = max(len(label) for label, _ in rows)
    return [title, "=" * len(title), *(f"{label.ljust(width)}  {text}" for label, text in rows)]


def _candidates(election: Election, result: Result) -> str:
    withdrawn = len(election.withdrawn)
    return f"{len(result.candidates)}" + (f" ({withdrawn} withdrawn)" if withdrawn else "")


def _ballots(election: Election, result: Result) -> list[tuple[str, str]]:
    """Ballots cast, valid and set aside, and what was exhausted by the end."""
    cast = _ballot_count(election)
    value = election.total_value()
    weighted = value != cast
    if "pairwise" in result.details:
        valid = _marking_value(election)
    elif result.method == "approval":
        valid = value - result.rounds[0].exhausted
    else:
        valid = sum(result.rounds[0].votes.values(), Fraction(0))
    weight = f" (total weight {_whole(result, value)})" if weighted else ""
    rows = [("Ballots cast", f"{cast}{weight}"), ("Valid vote", _whole(result, valid))]
    if value != valid:
        rows.append(("Set aside", f"{_whole(result, value - valid)} (no usable first preference)"))
    last = result.rounds[-1]
    if len(result.rounds) > 1 and last.non_transferable:
        rows.append(("Non-transferable", f"{result.fmt(last.non_transferable)} by the last round"))
    return rows


def _whole(result: Result, value: Fraction) -> str:
    """A number of ballots: whole as such, else as the count prints values."""
    return str(value.numerator) if value.denominator == 1 else result.fmt(value)


def _ballot_count(election: Election) -> int:
    """How many ballots the election holds (a table's rows are read as arrays)."""
    ballots = election.ballots
    if isinstance(ballots, BallotTable):
        return int(ballots.counts.sum()) + sum(b.count for b in ballots.extra)
    return sum(b.count for b in ballots)


def _marking_value(election: Election) -> Fraction:
    """The value of the ballots that mark at least one standing candidate."""
    out = election.withdrawn
    return sum(
        (b.value for b in election.ballots if any(c not in out for c in b.candidates())),
        Fraction(0),
    )


def _quota(result: Result) -> list[tuple[str, str]]:
    quotas = [r.quota for r in result.rounds if r.quota is not None]
    if not quotas:
        if result.method.startswith("irv"):
            return [("To win", "more than half of the votes for continuing candidates")]
        if "pairwise" in result.details:
            first = "first" if result.seats == 1 else f"first {result.seats}"
            return [("To win", f"the {first} of the Schulze ranking")]
        most = "candidate" if result.seats == 1 else f"{result.seats} candidates"
        return [("To win", f"the {most} with the most votes")]
    rule = result.options.get("quota", "")
    if len(set(quotas)) > 1:
        text = f"{result.fmt(quotas[0])} at the first round, {result.fmt(quotas[-1])} at the last"
        return [("Quota", text), ("", "(votes still counting / (seats + 1), recomputed)")]
    reach = result.options.get("threshold", "reach")
    how = "elected on reaching it" if reach == "reach" else "elected only on exceeding it"
    return [("Quota", result.fmt(quotas[0])), ("", f"{QUOTAS.get(rule, rule)}; {how}")]


def _fates(result: Result) -> dict[str, tuple[str, int]]:
    """Each decided candidate's fate (elected or excluded) and its round."""
    fates: dict[str, tuple[str, int]] = {}
    for r in result.rounds:
        for kind, event in r.events():
            if isinstance(event, Decision):
                fates.setdefault(event.candidate, (kind, r.number))
    return fates


def _heading(r: Round, previous: Round | None) -> str:
    action = r.action
    if action == "transfers" and previous is not None and previous.excluded:
        action = "transfers from " + ", ".join(d.candidate for d in previous.excluded)
    return f"Round {r.number}: {action}"


def round_block(
    result: Result,
    r: Round,
    previous: Round | None,
    fates: dict[str, tuple[str, int]],
    verbose: bool,
) -> list[str]:
    """One round: every candidate's votes, change and fate, then its events in order."""
    rows = [("Candidate", "Votes", "Change" if previous else "", "")]
    for name in result.candidates:
        votes = r.votes.get(name, Fraction(0))
        kind, when = fates.get(name, ("", 0))
        gone = kind == EXCLUDED and (when < r.number or (when == r.number and not votes))
        change = "" if previous is None else _change(result, votes, previous.votes.get(name))
        status = kind if when == r.number else ""
        if kind == ELECTED and when < r.number:
            status = f"elected in round {when}"
        rows.append((name, "excluded" if gone else result.fmt(votes), change, status))
    if any(x.quota is not None and x.quota != r.quota for x in result.rounds):
        rows.append(("Quota", result.fmt(r.quota or Fraction(0)), "", ""))
    if len(result.rounds) > 1:
        before = None if previous is None else previous.non_transferable
        rows.append(
            (
                "Non-transferable",
                result.fmt(r.non_transferable),
                _change(result, r.non_transferable, before),
                "",
            )
        )
    lines = [_heading(r, previous), *_table(rows)]
    events = r.events()
    if events:
        lines.append("  Events, in order:")
        lines.extend(f"    {describe_event(kind, e)}" for kind, e in events)
    if verbose:
        lines.extend(_transfers(result, r))
    return lines


def _change(result: Result, now: Fraction, before: Fraction | None) -> str:
    if before is None or now == before:
        return ""
    return ("+" if now > before else "-") + result.fmt(abs(now - before))


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        "  "
        + "  ".join(
            (name.ljust(widths[0]), votes.rjust(widths[1]), change.rjust(widths[2]), status)
        ).rstrip()
        for name, votes, change, status in rows
    ]


def _transfers(result: Result, r: Round) -> list[str]:
    lines = []
    for t in r.transfers:
        target = t.target or "non-transferable"
        lines.append(
            f"    transfer {t.source} -> {target}: {t.ballots} ballots, "
            f"{result.fmt(t.value)} votes (value {result.fmt(t.transfer_value)} each)"
        )
    return ["  Transfers:", *lines] if lines else []


def result_block(result: Result) -> list[str]:
    """The elected, in order of election, with the round and their votes then."""
    lines = ["Result", "------"]
    if not result.elected:
        return [*lines, "No candidate elected."]
    if "pairwise" in result.details:
        lines.append("Elected, in ranking order:")
        lines += [f"  {k}. {name}" for k, name in enumerate(result.elected, 1)]
        return lines
    when = {
        d.candidate: r for r in result.rounds for d in r.elected
    }  # each candidate is elected once
    width = max(len(name) for name in result.elected)
    lines.append("Elected, in order of election:")
    for k, name in enumerate(result.elected, 1):
        r = when[name]
        votes = result.fmt(r.votes.get(name, Fraction(0)))
        lines.append(f"  {k}. {name.ljust(width)}  round {r.number:<3} {votes} votes")
    return lines


def _short(name: str, width: int = NAME_WIDTH) -> str:
    """The name, or its beginning and its last words around an ellipsis (so that
    candidates whose names begin alike stay told apart)."""
    if len(name) <= width:
        return name
    tail = ""
    for word in reversed(name.split()):
        longer = f"{word} {tail}".strip()
        if len(longer) > width // 2 - 1:
            break
        tail = longer
    tail = tail or name[-(width // 3) :]
    return name[: width - 2 - len(tail)].rstrip() + "… " + tail


def schulze_tables(result: Result) -> list[str]:
    """The ranking, the pairwise preferences d[i][j] and the strongest paths p[i][j]
    with the candidates numbered in ranking order (the winner first)."""
    ranking = result.details["ranking"]
    order = [name for group in ranking for name in group]
    lines = ["Ranking (candidates sharing a place are tied)"]
    for place, group in enumerate(ranking, 1):
        lines.append(f"  {place}. " + ", ".join(group))
    strength = result.options.get("strength", "winning-votes").replace("-", " ")
    lines += [
        "",
        "Pairwise preferences d[i][j]: ballots ranking i above j",
        *_matrix(order, result.details["pairwise"]),
        "",
        f"Strongest paths p[i][j], by {strength}: i is ranked above j when p[i][j] > p[j][i]",
        *_matrix(order, result.details["strongest_paths"]),
    ]
    return lines


def _matrix(order: list[str], cells: dict[str, dict[str, str]]) -> list[str]:
    values = [[cells[a][b] if a != b else "-" for b in order] for a in order]
    width = max(3, *(len(v) for row in values for v in row), len(str(len(order))))
    label = max(len(_short(name)) for name in order) + 6  # '12. name  '
    head = " " * label + " ".join(str(k).rjust(width) for k in range(1, len(order) + 1))
    lines = ["  " + head]
    for k, (name, row) in enumerate(zip(order, values, strict=True), 1):
        left = f"{k:>2}. {_short(name)}".ljust(label)
        lines.append("  " + left + " ".join(v.rjust(width) for v in row))
    return lines


def rules_block(result: Result) -> list[str]:
    """The method in words, every rule option, and the seed of ties drawn by lot."""
    text = f"{result.method}: {DESCRIPTIONS.get(result.method, '')}"
    lines = ["Rules applied", "-------------", *textwrap.wrap(text, 88, subsequent_indent="  ")]
    lines += [f"  {key}: {value}" for key, value in result.options.items()]
    lines.append(f"  seed for ties drawn by lot: {result.seed}")
    return lines
