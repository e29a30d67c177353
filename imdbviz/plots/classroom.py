"""A class experiment (``imdbviz.classroom``): test accuracy against the parameter the class
varied, every student's run as a point, each value's mean with its 95% interval."""
from __future__ import annotations

import numpy as np

from .style import axes, condition_color, drawn

__all__ = ["plot_class_results"]


def plot_class_results(result, ax=None):
    """Draw a ``classroom.ClassResult``: one column per value of ``result.parameter`` (in
    order, labelled with the value and its number of students), each student's test accuracy
    as a grey dot (spread a little sideways so that equal values show), the value's mean as a
    bar and its 95% interval as a vertical line (none for a value one student ran). Returns
    the Axes; ``drawn_``: ``students`` ``{value: dots}``, ``means`` (one line of markers, x the
    columns, y the means) and ``intervals`` ``{value: LineCollection}``."""
    groups = list(result.groups)
    ax = axes(ax, figsize=(max(5.0, 1.3 * len(groups) + 2.5), 4.5))
    color = condition_color("ours")
    positions = np.arange(len(groups), dtype=float)
    students, intervals = {}, {}
    for x, group in zip(positions, groups):
        jitter = np.linspace(-0.15, 0.15, group.n) if group.n > 1 else np.zeros(1)
        [students[group.value]] = ax.plot(x + jitter, group.accuracies, "o", color="0.45",
                                          alpha=0.7, ms=5, zorder=2)
        if group.interval is not None:
            intervals[group.value] = ax.vlines(x + 0.28, *group.interval, color=color, lw=2.5,
                                               zorder=3)
    means_y = [group.spread.mean for group in groups]
    [means] = ax.plot(positions + 0.28, means_y, "_", color=color, ms=22, mew=3, zorder=4)
    for x, group in zip(positions, groups):
        ax.annotate(f"{group.spread.mean:.3f}", (x + 0.28, group.spread.mean), xytext=(12, 0),
                    textcoords="offset points", va="center", fontsize=8, color=color)
    ax.set_xticks(positions, [f"{_label(g.value)}\n({g.n} student{'s' * (g.n != 1)})"
                              for g in groups])
    ax.set_xlim(-0.6, len(groups) - 0.2)
    ax.set_xlabel(result.parameter)
    ax.set_ylabel("test accuracy")
    ax.set_title(f"test accuracy against {result.parameter}, {result.n_records} runs on "
                 f"{result.data.split(' (')[0]}\n(dots: students; green bar and line: each value's "
                 "mean and its 95% interval)", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    return drawn(ax, students=students, means=means, intervals=intervals or None)


def _label(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
