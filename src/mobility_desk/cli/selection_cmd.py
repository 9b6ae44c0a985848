"""``mobility-desk selection ...``: a call's candidates, ranking and decisions (issue #10).

``selection rank`` shows the ranking with the allocation and reserves: as a table for people or
as JSON for other tools (the issue's exact keys; ``pupil_id`` and ``staff_id`` are the ids of
``list pupils`` and ``list staff``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from mobility_desk import i18n
from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import make_stdout_safe
from mobility_desk.domain.selection import Decision
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _
from mobility_desk.services.selection import (
    CandidateRow,
    RankingView,
    decision_text,
    ineligible_text,
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "selection", help=_("calls for candidates: ranking, allocation and decisions")
    )
    actions = group.add_subparsers(dest="selection_command", metavar="ACTION", required=True)
    _add_rank(actions, common)


# --- rank ----------------------------------------------------------------------------------------


def _add_rank(actions: Any, common: argparse.ArgumentParser) -> None:
    rank = actions.add_parser(
        "rank",
        parents=[common],
        help=_("show a call's ranking with the allocation of places and the reserves"),
        description=_(
            "Show the ranking of a call's candidates: total, jurors who count, the decision, "
            "the mobility and the reserve positions. Decisions once recorded are shown as "
            "recorded; nothing is saved."
        ),
    )
    rank.add_argument("--call", type=int, required=True, metavar="ID", help=_("the call's id"))
    rank.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    rank.set_defaults(func=_run_rank)


def _run_rank(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        try:
            if args.format == "json":
                data = services.selection.rank_json(args.call)
            else:
                view = services.selection.ranking(args.call)
        except NotFoundError:
            raise NotFoundError(_("Call {id} does not exist.").format(id=args.call)) from None
    if args.format == "json":
        make_stdout_safe(utf8=True)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        make_stdout_safe()
        print(rank_table(view))
    return 0


def _points(total: float) -> str:
    """71.25 as the language writes it (71,25)."""
    from babel.numbers import format_decimal

    return str(
        format_decimal(round(total, 2), "0.00", locale=i18n.babel_locale(i18n.current_language()))
    )


def _decision(row: CandidateRow) -> str:
    if row.decision is Decision.NOT_ELIGIBLE:
        reasons = "; ".join(ineligible_text(r) for r in row.candidate.ineligible)
        text = decision_text(row.decision)
        return (
            _("{decision}: {reasons}").format(decision=text, reasons=reasons) if reasons else text
        )
    if row.decision is None:
        return _("too few jurors")
    return decision_text(row.decision)


def rank_table(view: RankingView) -> str:
    """One line per candidate, best first; then the undecided and those not eligible."""
    call = view.call
    title = _("Call {id}: {title}").format(id=call.id, title=call.title)
    if not view.rows:
        return "\n".join([title, "", _("This call has no candidates yet.")])
    headers = [
        _("Rank"),
        _("Candidate"),
        _("Class") if not call.for_staff else _("Role"),
        _("Total"),
        _("Jurors"),
        _("Decision"),
        _("Mobility"),
        _("Reserve"),
    ]
    titles = call.mobility_titles
    rows = []
    for row in view.rows:
        total = row.total_with_bonus
        who = " ".join(p for p in (row.candidate.external_id, row.candidate.name) if p)
        rows.append(
            [
                str(row.rank) if row.rank is not None else "",
                who,
                row.candidate.group,
                _points(total) if total is not None else "",
                str(row.total.jurors) if row.total is not None else "0",
                _decision(row),
                titles.get(row.mobility, "") if row.mobility is not None else "",
                ", ".join(
                    f"{titles.get(m, m)} {p}"
                    for m, p in sorted(row.reserves.items(), key=lambda item: item[1])
                ),
            ]
        )
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title, "", line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(cells) for cells in rows)
    if view.ranking.lottery_used:
        out.extend(["", _("Ties broken by a lottery, seed {seed}.").format(seed=call.rules.seed)])
    return "\n".join(out)
