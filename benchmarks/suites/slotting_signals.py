"""``logistics bench slotting-signals``: what predicts that a once-ordered item is ordered again.

On the SBPO 2025 orders most slotted items were ordered once in the training orders, so
COI (and any velocity order) ties them; which of them the replayed orders ask for again
decides most of the walking that remains to save. This suite measures, per instance
(first 70% of the orders learn, last 30% tell, as in ``logistics bench slotting``), how
well each feature of a once-ordered item ranks the ones that reappear: the AUC (0.5 =
no signal) and, for partner pull, the reappearance rate with and without a fast partner.

Features come from the learning orders only, except ``aisle_stock``: the SBPO aisle
stock is one snapshot for the whole instance and covers the demand of the replayed
orders too, so it leaks them (the ``stock_*`` columns show how); it is measured to say
why the slotting methods do not use it.

Instances: the slotting bench's dataset A 0005 and 0008, and dataset B 0002, 0003, 0004
and 0006, which the bench does not use (where partner pull was chosen).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd
import typer

from benchmarks.runner import BenchTask, check_choice, run_suite
from benchmarks.suites.slotting import layouts, sbpo_orders, sbpo_path, sbpo_sku
from logistics.datasets.catalog import require_datasets
from logistics.datasets.sbpo import read_sbpo
from logistics.domain.slotting import PastOrder, SlottingProblem
from solvers.slotting import split_history
from solvers.slotting._model import velocities
from solvers.slotting.search import partner_pull

BENCH = ("dataset_a/instance_0005.txt", "dataset_a/instance_0008.txt")
OUTSIDE = tuple(f"dataset_b/instance_{k:04d}.txt" for k in (2, 3, 4, 6))
FAST = 3
"""A partner ordered at least this many times in the learning orders counts as fast."""
FEATURES = (
    "partner_pull",
    "partner_sum_velocity",
    "partner_mean_velocity",
    "fast_partners",
    "order_size",
    "order_index",
    "line_units",
    "aisle_stock",
)


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve of ``scores`` ranking the ``True`` labels first (ties
    count half; Mann-Whitney U over average ranks); ``None`` without both classes."""
    s = pd.Series(list(scores), dtype=float)
    y = pd.Series(list(labels), dtype=bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return None
    ranks = s.rank()
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def once_ordered_features(
    problem: SlottingProblem,
    learn: Sequence[PastOrder],
    tell: Sequence[PastOrder],
    stock: dict[str, int],
    units: dict[tuple[str, str], int] | None = None,
) -> pd.DataFrame:
    """One row per SKU ordered exactly once in ``learn``: its features and whether
    ``tell`` orders it again (``reordered``).

    ``stock`` is units on hand per SKU id (missing = 0); ``order_index`` is the position
    of the SKU's one learning order in time (larger = more recent); ``line_units`` the
    units of its one line (``units``: per (order id, SKU id); 1 when not given).
    """
    picks = velocities(problem, learn)
    pull = partner_pull(problem, learn, picks)
    v = {sku.id: n for sku, n in zip(problem.skus, picks, strict=True)}
    again = {s for o in tell for s in o.skus}
    ordered = sorted(learn, key=lambda o: (o.time_s, o.id))
    rows = []
    for k, o in enumerate(ordered):
        skus = list(dict.fromkeys(o.skus))
        for s in skus:
            if v[s] != 1:
                continue
            partners = [v[p] for p in skus if p != s]
            rows.append(
                {
                    "sku": s,
                    "partner_pull": pull[problem.sku_position(s)],
                    "partner_sum_velocity": sum(partners),
                    "partner_mean_velocity": sum(partners) / len(partners) if partners else 0,
                    "fast_partners": sum(1 for p in partners if p >= FAST),
                    "order_size": len(skus),
                    "order_index": k,
                    "line_units": units.get((o.id, s), 1) if units else 1,
                    "aisle_stock": stock.get(s, 0),
                    "reordered": s in again,
                }
            )
    return pd.DataFrame(rows)


def stock_leak(
    history: Sequence[PastOrder],
    learn: Sequence[PastOrder],
    units: dict[tuple[str, str], int],
    stock: dict[str, int],
) -> dict[str, float]:
    """How much of the future the stock snapshot knows.

    ``units`` maps (order id, SKU id) to units ordered. Returns the share (%) of SKUs
    whose stock covers their demand over the whole ``history`` (learning and replayed
    orders), and the share (%) of learning SKUs reordered later when their stock is at
    most / above their learning units (stock that only covers the past says "no more").
    """
    demand: Counter[str] = Counter()
    for o in history:
        for s in dict.fromkeys(o.skus):
            demand[s] += units[o.id, s]
    past: Counter[str] = Counter()
    for o in learn:
        for s in dict.fromkeys(o.skus):
            past[s] += units[o.id, s]
    learn_ids = {o.id for o in learn}
    again = {s for o in history if o.id not in learn_ids for s in o.skus}
    tight = [s for s in past if stock.get(s, 0) <= past[s]]
    loose = [s for s in past if stock.get(s, 0) > past[s]]

    def rate(group: list[str]) -> float:
        return (
            round(100 * sum(s in again for s in group) / len(group), 1) if group else float("nan")
        )

    return {
        "stock_covers_all_demand_%": round(
            100 * sum(stock.get(s, 0) >= d for s, d in demand.items()) / len(demand), 1
        ),
        "reordered_if_stock_le_past_%": rate(tight),
        "reordered_if_stock_gt_past_%": rate(loose),
    }


def _run(task: BenchTask) -> list[dict[str, Any]]:
    name = task.payload
    wave = read_sbpo(sbpo_path(name))
    skus, history = sbpo_orders(wave)
    stock: Counter[str] = Counter()
    for aisle in wave.aisles:
        for item, u in aisle:
            stock[sbpo_sku(item)] += u
    units = {
        (o.id, sbpo_sku(item)): u
        for o, order in zip(history, wave.orders, strict=True)
        for item, u in order
    }
    learn, tell = split_history(history, 0.7)
    seen = {s for o in learn for s in o.skus}
    slotted = tuple(s for s in skus if s.id in seen)
    layout = layouts(len(slotted))["single"]
    problem = SlottingProblem(layout, slotted, learn)
    feats = once_ordered_features(problem, learn, tell, stock, units)
    y = feats["reordered"]
    pull_fast = feats["partner_pull"] >= FAST
    base = {
        "instance": name,
        "set": "bench" if name in BENCH else "outside",
        "once_ordered": len(feats),
        "once_ordered_share_%": round(100 * len(feats) / len(seen), 1),
        "reordered_%": round(100 * y.mean(), 1),
        "new_item_lines_%": round(
            100 * sum(s not in seen for o in tell for s in o.skus) / sum(len(o.skus) for o in tell),
            1,
        ),
    }
    rows = []
    for f in FEATURES:
        row = {**base, "solver": f, "auc": round(auc(feats[f], y) or float("nan"), 3)}
        if f == "partner_pull":
            row["reordered_fast_partner_%"] = round(100 * y[pull_fast].mean(), 1)
            row["reordered_slow_partners_%"] = round(100 * y[~pull_fast].mean(), 1)
        if f == "aisle_stock":
            row.update(stock_leak(history, learn, units, stock))
        rows.append(row)
    return rows


def _summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty or "solver" not in df:
        return df
    cols = [
        c
        for c in (
            "auc",
            "once_ordered_share_%",
            "new_item_lines_%",
            "reordered_fast_partner_%",
            "reordered_slow_partners_%",
            "stock_covers_all_demand_%",
            "reordered_if_stock_le_past_%",
            "reordered_if_stock_gt_past_%",
        )
        if c in df
    ]
    out = df.groupby(["set", "solver"], sort=False)[cols].mean().round(3)
    out.insert(0, "instances", df.groupby(["set", "solver"], sort=False).size())
    return out.reset_index()


NOTES = (
    "Items ordered exactly once in the first 70% of an instance's orders (file order), "
    "labelled by whether the last 30% order them again (`once_ordered_share_%` of the "
    "items the learning orders saw; `new_item_lines_%` = lines of the last 30% whose "
    "item the learning orders never saw). `auc` = how well the feature ranks the "
    "reordered ones first (0.5 = no signal). `partner_pull` = velocity of the fastest "
    "SKU the item was ordered with (what the order-aware method uses); "
    f"`fast_partners` = partners ordered {FAST}+ times; `order_index` = recency of the "
    "item's one order; `line_units` = units on its one line. `aisle_stock` is not a "
    "learning-order feature: the SBPO stock snapshot covers the replayed orders' demand "
    "too (`stock_covers_all_demand_%`), and "
    "items whose stock is at most what the learning orders took are rarely ordered "
    "again, so it leaks the future and the slotting methods do not use it. `outside` = "
    "dataset B instances the slotting bench does not use."
)


def register(app: typer.Typer) -> None:
    @app.command("slotting-signals")
    def slotting_signals(
        budget: str = typer.Option("full", help="quick (one instance) or full"),
    ) -> None:
        """Slotting: which features of once-ordered items predict a re-order (SBPO)."""
        check_choice("budget", budget, ("quick", "full"))
        require_datasets("wave_picking_sbpo2025")  # was a KeyError traceback
        names = BENCH + OUTSIDE if budget == "full" else BENCH[:1]
        tasks = [BenchTask(n, "all", n) for n in names]
        res = run_suite(
            "slotting_signals", budget, tasks, _run,
            title="Slotting signals: what predicts that a once-ordered item is ordered again",
            summarize_by=_summary,
            notes=NOTES,
            command=f"slotting-signals --budget {budget}",
        )  # fmt: skip
        typer.echo(res.summary.to_string(index=False))
