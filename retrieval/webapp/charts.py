"""Bar charts of cross-unit answers: one bar per document in the order the answer gives, plain Chinese numbers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import altair as alt
import pandas as pd


def worth_a_chart(chart: pd.DataFrame) -> bool:
    """A bar chart only says something with at least two values that are not zero."""
    return bool(len(chart)) and int((chart["数值"].fillna(0) != 0).sum()) >= 2


def chart_frame(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, str]:
    """Bars for the rows that have a number in the most common unit: columns 对象, 类型, 数值, 原文数值.

    Returns the frame (may be empty) and the unit of 数值.
    """
    frame = pd.DataFrame(rows)
    if frame.empty or "数值" not in frame:
        return pd.DataFrame(columns=["对象", "类型", "数值", "原文数值"]), ""
    frame = frame[frame["数值"].notna()]
    units = Counter(frame.get("单位名称", pd.Series(dtype=str)).fillna(""))
    unit = units.most_common(1)[0][0] if units else ""
    if "单位名称" in frame:
        frame = frame[frame["单位名称"].fillna("") == unit]

    def label(row: pd.Series) -> str:
        year = f"{int(row['年度'])}年" if pd.notna(row.get("年度")) else ""
        return f"{row.get('单位', '')}（{year}{row.get('类型', '') or ''}）"

    out = pd.DataFrame(
        {
            "对象": [label(r) for _, r in frame.iterrows()],
            "类型": [str(r.get("类型") or "不详") for _, r in frame.iterrows()],
            "数值": frame["数值"].astype(float).tolist(),
            "原文数值": [str(r.get("原文数值") or "") for _, r in frame.iterrows()],
        }
    )
    return out, unit


ROW_HEIGHT = 46  # pixels per bar: the organisation's name above a 16 px bar


def bar_chart(chart: pd.DataFrame, unit: str) -> alt.LayerChart:
    """Horizontal bars, one per document in the order the answer gives. Each bar has its organisation, year and
    预算/决算 written above it (so a phone gives the bars the whole width) and its value, with two decimals, at its
    end; the axis shows plain numbers (0.02, never "20m")."""
    top = float(chart["数值"].max()) if len(chart) else 0.0
    y = alt.Y("对象:N", sort=None, title=None, axis=None, scale=alt.Scale(paddingInner=0.2))
    x = alt.X(
        "数值:Q",
        title=f"数值（{unit}）" if unit else "数值",
        axis=alt.Axis(format=",.2f", tickCount=4),
        scale=alt.Scale(domainMin=0, domainMax=top * 1.25 if top > 0 else 1, nice=False),  # room for the labels
    )
    base = alt.Chart(chart).encode(y=y)
    bars = base.mark_bar(size=16).encode(
        x=x,
        color=alt.Color("类型:N", legend=alt.Legend(orient="top", direction="horizontal", title=None)),
        tooltip=[alt.Tooltip("对象:N", title="单位"), alt.Tooltip("原文数值:N", title="原文写法")],
    )
    names = base.mark_text(align="left", baseline="bottom", dy=-10, fontSize=11).encode(x=alt.datum(0), text="对象:N")
    values = base.mark_text(align="left", dx=4, fontSize=11).encode(x=x, text=alt.Text("数值:Q", format=",.2f"))
    described = f"条形图：各单位的数值（{unit}）" if unit else "条形图：各单位的数值"
    layered = bars + names + values
    return layered.properties(description=described, height=alt.Step(ROW_HEIGHT)).configure(aria=False)
