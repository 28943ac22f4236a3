"""Charts drawn at build time with matplotlib: deterministic SVG, no fonts or scripts fetched.

Every chart on the site also has a table with the same numbers next to it; a chart is never
the only way to read a figure. Same data in, byte-identical SVG out: fixed hash salt, no
date or creator metadata, text kept as text (``svg.fonttype: none``) with a generic font.
So a chart drawn once is kept for the life of the process, keyed by its data: a rebuild
under ``mkdocs serve`` after an edit that leaves the counts alone draws nothing (0.2 s).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.site.render import angka

STYLE: Any = {
    "svg.hashsalt": "kerjasama",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_DOCTYPE = re.compile(r"<!DOCTYPE svg[^>]*>\n?")
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Series:
    """One stacked segment: a label for the legend, a colour and one value per category."""

    label: str
    colour: str
    values: tuple[int, ...]


def stacked_bars(categories: Sequence[str], series: Sequence[Series], *, title: str) -> str:
    """A horizontal stacked bar chart as SVG text; categories read top to bottom."""
    return _stacked_bars(tuple(categories), tuple(series), title)


@lru_cache(maxsize=16)  # the site draws two charts; a few older versions may come back after an undo
def _stacked_bars(categories: tuple[str, ...], series: tuple[Series, ...], title: str) -> str:
    # matplotlib costs about 0.4 s to import; only the home page draws, so commands such as
    # `kerjasama validate` (run by pre-commit on every commit) do not pay for it.
    import matplotlib  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415 - a bare Figure: no pyplot state, no GUI backend
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    with matplotlib.rc_context(STYLE):  # STYLE is Any: matplotlib types rc keys as a Literal union
        # About 1:1 at a 360 px phone width, so 10 pt text stays readable there.
        height = 1.3 + 0.34 * max(len(categories), 1)
        fig = Figure(figsize=(4.6, height), layout="constrained")
        ax = fig.add_subplot()
        positions = list(range(len(categories)))[::-1]
        left = [0] * len(categories)
        for item in series:
            ax.barh(positions, item.values, left=left, color=item.colour, label=item.label, height=0.65)
            left = [a + b for a, b in zip(left, item.values, strict=True)]
        for y, total in zip(positions, left, strict=True):
            ax.text(total, y, f" {angka(total)}", va="center", ha="left", fontsize=9)
        ax.set_yticks(positions, [_shorten(c) for c in categories])
        ax.set_xlim(0, max([*left, 1]) * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title, loc="left", fontsize=10, wrap=True)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=8)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata=NO_METADATA)
    # The DOCTYPE names a DTD on w3.org; browsers never fetch it, but the site references no other host.
    return _DOCTYPE.sub("", out.getvalue(), count=1)


def _shorten(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
