"""The allocation-by-theme bar chart, laid out in Python so the page can draw it as plain SVG (no JavaScript)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
BAR_SPACE = 430  # the longest bar; the amount is written after it
ROW_HEIGHT = 44
BAR_HEIGHT = 16
LABEL_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    """One theme's bar: where it sits and how long it is, in SVG user units."""

    label: str
    amount: Decimal
    share: Decimal  # of all the money approved, 0 to 1
    decisions: int
    top: int
    length: int

    @property
    def bar_top(self) -> int:
        """Where the bar starts, below its label."""
        return self.top + LABEL_HEIGHT + 4

    @property
    def text_baseline(self) -> int:
        """The baseline of the theme label."""
        return self.top + LABEL_HEIGHT - 3

    @property
    def amount_x(self) -> int:
        """Where the amount is written, just after the bar."""
        return self.length + 8

    @property
    def amount_baseline(self) -> int:
        """The baseline of the amount, level with the bar."""
        return self.bar_top + BAR_HEIGHT - 3

    def placed(self, right_to_left: bool) -> dict:
        """Where the label, the bar and the amount go: from the left edge, or mirrored from the right one.

        On a right-to-left page the bars grow leftwards from the right edge, the label sits at the
        right, and the amount follows the bar's end; text anchors flip with them.
        """
        if not right_to_left:
            return {"label_x": 0, "bar_x": 0, "amount_x": self.amount_x, "anchor": "start"}
        return {"label_x": WIDTH, "bar_x": WIDTH - self.length, "amount_x": WIDTH - self.amount_x, "anchor": "end"}


def theme_bars(totals, other_label: str) -> tuple[list[Bar], int]:
    """Bars for the theme totals (largest first), and the chart's height."""
    largest = max((t.amount for t in totals), default=Decimal(0))
    total = sum((t.amount for t in totals), Decimal(0))
    bars = [
        Bar(label=t.name or other_label, amount=t.amount, share=t.amount / total if total else Decimal(0),
            decisions=t.decisions, top=index * ROW_HEIGHT,
            length=max(int(BAR_SPACE * t.amount / largest), 2) if largest > 0 else 2)
        for index, t in enumerate(totals)
    ]
    return bars, max(len(bars), 1) * ROW_HEIGHT


CHART = {"width": WIDTH, "bar_height": BAR_HEIGHT}
