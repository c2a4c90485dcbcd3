"""Write a scenario's report, or a sweep's frontier as CSV, Markdown and a plot (matplotlib)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.whatif.report import ScenarioReport, proof_note
from logistics.whatif.run import SweepReport

__all__ = ["write_report", "write_sweep", "plot_frontier", "output_files"]


def output_files(name: str, directory: str | Path, *, sweep: bool) -> list[Path]:
    """The files :func:`write_report` (``sweep=False``) or :func:`write_sweep` writes for
    a scenario called ``name``, so a caller can check them before any solve."""
    directory = Path(directory)
    stem = _slug(name)
    if not sweep:
        return [directory / f"{stem}_report.json"]
    return [directory / f"{stem}{end}" for end in _SWEEP_ENDS]


_SWEEP_ENDS = ("_frontier.csv", "_frontier.md", "_report.json", "_frontier.png")
_MONEY_COLUMNS = ("network_cost", "objective")


def write_report(report: ScenarioReport, directory: str | Path) -> Path:
    """Write ``<name>_report.json`` inside ``directory`` (the name made file-safe, as for
    sweeps: a scenario named ``../x`` or ``a/b`` stays inside); returns its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (path,) = output_files(report.name, directory, sweep=False)
    path.write_text(report.model_dump_json(indent=2))
    return path


def write_sweep(report: SweepReport, directory: str | Path, stem: str | None = None) -> list[Path]:
    """Write ``<stem>_frontier.csv``, ``.md``, ``<stem>_report.json`` and, if possible, ``.png``.

    Returns the paths written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or _slug(report.name)
    df = pd.DataFrame(report.table()).convert_dtypes()  # ints stay ints beside empty cells
    csv_path, md_path, json_path, png_path = (directory / f"{stem}{end}" for end in _SWEEP_ENDS)
    df.to_csv(csv_path, index=False)
    b = report.base
    md = [
        f"# What-if sweep: {report.name}",
        "",
        f"Base: network cost {b.network_cost:,.2f}, same-day {100 * b.same_day_share:.1f}%, "
        f"next-day {100 * b.next_day_share:.1f}%, open {len(b.open_sites)} sites"
        + (f" ({note}). " if (note := proof_note(b.status, b.gap)) else ". ")
        + f"{len(report.points)} grid points on {report.executor}"
        + ("." if report.complete else f" (stopped early: {report.grid_size} planned)."),
        "",
        # money in full with cents: tabulate's default (6 digits) wrote 4.11519e+06
        df.to_markdown(
            index=False,
            floatfmt=[",.2f" if c in _MONEY_COLUMNS else "g" for c in df.columns],
        ),
        "",
        *(
            f"- point {p.index} ({p.status}): {p.reason}"
            for p in report.points
            if p.reason is not None
        ),
        "",
        "`network_cost` = fixed + transport (what is spent); `objective` adds the promise "
        "penalties the solver traded against it. `frontier_*`: not dominated on (lower "
        "network cost, higher share of demand served within the promise).",
        "",
    ]
    md_path.write_text("\n".join(md))
    json_path.write_text(report.model_dump_json(indent=2))
    paths = [csv_path, md_path, json_path]
    png = plot_frontier(report, png_path)
    if png is not None:
        paths.append(png)
    return paths


def plot_frontier(report: SweepReport, path: str | Path) -> Path | None:
    """Cost against same-day and next-day coverage, frontier joined; ``None`` without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        if raised_by_ctrl_c(exc):  # Ctrl-C broke matplotlib's import: not "not installed"
            raise
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    solved = [p for p in report.points if p.network_cost is not None]
    for attr, flag, colour, label in (
        ("same_day_share", "on_frontier_same_day", "tab:orange", "same-day"),
        ("next_day_share", "on_frontier_next_day", "tab:blue", "next-day"),
    ):
        xs = [100 * getattr(p, attr) for p in solved]
        ys = [p.network_cost for p in solved]
        ax.scatter(xs, ys, s=18, color=colour, alpha=0.45, label=f"{label} (all points)")
        front = sorted((100 * getattr(p, attr), p.network_cost) for p in solved if getattr(p, flag))
        if front:
            ax.plot(*zip(*front, strict=True), color=colour, lw=2, label=f"{label} frontier")
    b = report.base
    ax.scatter(
        [100 * b.same_day_share, 100 * b.next_day_share],
        [b.network_cost, b.network_cost],
        marker="*",
        s=160,
        color="k",
        label="base (same-day, next-day)",
    )
    ax.set_xlabel("share of demand served within the promise (%)")
    ax.set_ylabel("network cost per period (fixed + transport)")
    ax.set_title(f"Cost vs coverage: {report.name}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name).strip("_") or "sweep"
