"""Bar charts of cross-unit answers (the spec; the browser test checks the drawn ticks)."""

from __future__ import annotations

import pandas as pd

from retrieval.webapp import charts
from tests.webapp.test_helpers import ROWS


def test_chart_frame_uses_numeric_values_in_one_unit() -> None:
    chart, unit = charts.chart_frame(ROWS)
    assert unit == "万元"
    assert chart["对象"].tolist() == ["甲中心（2023年决算）", "丙中心（2024年预算）"]
    assert chart["数值"].tolist() == [4.38, 4.6611]
    assert chart["类型"].tolist() == ["决算", "预算"]
    empty, none = charts.chart_frame([])
    assert empty.empty and none == ""


def test_the_bar_chart_has_plain_number_ticks_and_value_labels_in_the_answers_order() -> None:
    chart = pd.DataFrame(
        {
            "对象": ["乙（2024年预算）", "甲（2023年决算）"],
            "类型": ["预算", "决算"],
            "数值": [0.06, 0.02],
            "原文数值": ["0.06万元", "0.02万元"],
        }
    )
    spec = charts.bar_chart(chart, "万元").to_dict()
    bars, names, values = spec["layer"]
    assert bars["encoding"]["x"]["axis"]["format"] == ",.2f"  # 0.02, not "20m"
    assert bars["encoding"]["x"]["title"] == "数值（万元）"
    assert bars["encoding"]["y"]["sort"] is None  # rows come sorted as the answer claims
    assert names["encoding"]["text"]["field"] == "对象"  # whose bar, written above it
    assert values["encoding"]["text"] == {"field": "数值", "type": "quantitative", "format": ",.2f"}
    assert charts.worth_a_chart(chart)
    assert not charts.worth_a_chart(chart.assign(数值=[0.0, 0.06]))  # one non-zero value: no chart
