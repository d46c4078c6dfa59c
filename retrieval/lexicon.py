"""Budget vocabulary: the words the public types, mapped to the terms disclosures use.

General domain knowledge of Chinese 部门预算/决算 disclosures — not tied to any document or question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One budget item: what people say (``triggers``) and what documents write (``targets``)."""

    name: str
    triggers: tuple[str, ...]
    targets: tuple[str, ...]
    measure: str = "money"  # money | people | cards | percent | count | score
    generic: bool = False  # broad words (收入, 支出) that only count when nothing specific is asked


TERMS: tuple[Term, ...] = (
    Term(
        "社保卡制卡经费",
        (
            "社保卡制作",
            "制作社保卡",
            "做社保卡",
            "制卡",
            "办卡",
            "社保卡经费",
            "社保卡费用",
            "社保卡业务经费",
            "社保卡管理业务",
            "社保卡项目",
            "社保卡工作经费",
            "社保卡的钱",
        ),
        ("解决社保卡制卡经费", "社保卡管理业务工作经费", "制卡费用", "制卡经费", "社保卡制卡"),
    ),
    Term(
        "社保卡发放数量",
        (
            "发卡",
            "制发",
            "发了多少张",
            "多少张社保卡",
            "社保卡数量",
            "换卡",
            "补换",
            "补卡",
            "领用",
            "实体卡",
            "发放量",
            "发多少张",
            "发放多少",
        ),
        ("制发卡量", "实体卡领用补换", "补卡换卡", "社保卡制发", "发放"),
        "cards",
    ),
    Term("电子社保卡", ("电子社保卡", "电子卡"), ("电子社保卡", "电子卡签发"), "cards"),
    Term("12333热线", ("12333", "热线", "咨询电话"), ("12333热线接听通数", "12333热线", "12333"), "count"),
    Term("基本工资", ("基本工资",), ("基本工资",)),
    Term(
        "工资福利", ("工资", "薪水", "薪酬", "工资福利", "发工资"), ("工资福利支出", "基本工资", "人员经费", "绩效工资")
    ),
    Term("三公经费", ("三公",), ("“三公”经费", "三公经费", "因公出国（境）费", "公务接待费", "公务用车购置及运行费")),
    Term(
        "公务用车",
        ("公车", "公务车", "公务用车", "车辆", "用车", "车子", "辆车", "几辆"),
        ("公务用车购置及运行费", "公务用车运行维护费", "公务用车购置费", "车辆"),
    ),
    Term(
        "公务用车购置",
        ("买车", "买公车", "购车", "购置车辆", "买辆车", "买新车", "车辆购置"),
        ("公务用车购置费", "车辆购置"),
    ),
    Term("因公出国", ("出国", "出境"), ("因公出国（境）费",)),
    Term("公务接待费", ("接待", "招待", "请客"), ("公务接待费",)),
    Term("差旅费", ("出差", "差旅"), ("差旅费",)),
    Term(
        "人员",
        ("多少人", "几个人", "几人", "人数", "编制", "人员", "员工", "职工", "在职", "在岗"),
        ("人员编制", "实有人员", "在职人员", "核定编制", "编制", "实有在岗人数", "共有"),
        "people",
    ),
    Term("住房公积金", ("公积金",), ("住房公积金",)),
    Term("养老保险", ("养老保险", "养老"), ("机关事业单位基本养老保险缴费",)),
    Term("医疗保险", ("医保", "医疗保险", "看病"), ("职工基本医疗保险缴费", "事业单位医疗")),
    Term("职业年金", ("年金",), ("职业年金缴费",)),
    Term("奖金", ("奖金",), ("奖金",)),
    Term("绩效工资", ("绩效工资",), ("绩效工资",)),
    Term("津贴补贴", ("津贴", "补贴"), ("津贴补贴",)),
    Term("办公费", ("办公费", "办公经费", "办公用品"), ("办公费",)),
    Term("电费", ("电费",), ("电费",)),
    Term("水费", ("水费",), ("水费",)),
    Term("取暖费", ("取暖", "暖气"), ("取暖费",)),
    Term("物业管理费", ("物业",), ("物业管理费",)),
    Term("会议费", ("会议",), ("会议费",)),
    Term("培训费", ("培训",), ("培训费",)),
    Term("工会经费", ("工会",), ("工会经费",)),
    Term("福利费", ("福利费",), ("福利费",)),
    Term("邮电费", ("邮电", "电话费", "邮费", "通讯费"), ("邮电费",)),
    Term("维修费", ("维修", "维护费", "修缮"), ("维修（护）费", "维修(护)费", "运行维护费")),
    Term("劳务费", ("劳务",), ("劳务费",)),
    Term("委托业务费", ("委托",), ("委托业务费",)),
    Term("印刷费", ("印刷",), ("印刷费",)),
    Term("宣传费", ("宣传",), ("宣传费",)),
    Term("退休", ("退休", "离退休"), ("退休费", "离退休", "退休人员")),
    Term(
        "收支总计",
        (
            "收支总计",
            "收支总额",
            "收支",
            "预算总额",
            "预算盘子",
            "盘子",
            "总预算",
            "总盘子",
            "规模",
            "总额",
            "部门预算",
            "单位预算",
            "部门决算",
            "单位决算",
            "决算总额",
        ),
        ("收入总计", "支出总计", "收支总计", "收、支总计"),
    ),
    Term("收入", ("收入", "总收入", "进账", "拨款收入"), ("收入总计", "本年收入合计", "收入合计"), generic=True),
    Term(
        "支出",
        ("支出", "总支出", "花了多少", "花费", "开支", "花钱", "用了多少"),
        ("支出总计", "本年支出合计", "支出合计"),
        generic=True,
    ),
    Term("基本支出", ("基本支出",), ("基本支出",)),
    Term("项目支出", ("项目支出", "项目经费", "专项"), ("项目支出", "专项业务经费")),
    Term("人员经费", ("人员经费", "人头经费", "人员开支", "养人"), ("人员经费",)),
    Term("计划生育", ("计生", "计划生育"), ("计划生育",)),
    Term("环境卫生", ("环卫", "保洁", "环境卫生"), ("环境卫生",)),
    Term("公用经费", ("公用经费",), ("公用经费",)),
    Term("机关运行经费", ("机关运行", "运行经费"), ("机关运行经费",)),
    Term("政府采购", ("采购",), ("政府采购",)),
    Term("信息化建设", ("信息化",), ("信息化建设",)),
    Term("商品和服务支出", ("商品和服务", "商品服务"), ("商品和服务支出",)),
    Term("财政拨款", ("财政拨款", "拨款", "财政给"), ("财政拨款",), generic=True),
    Term("国有资产", ("资产",), ("资产总额", "国有资产")),
    Term("绩效", ("绩效", "自评", "得分", "评分", "打分"), ("自评得分", "总分", "绩效"), "score"),
    Term(
        "预算完成率",
        ("预算完成率", "预算执行率", "预算完成", "预算执行"),
        ("完成年初预算", "完成预算", "预算执行率"),
        "percent",
    ),
    Term(
        "执行率",
        ("执行率", "完成率", "完成了", "完成预算", "完成年初预算"),
        ("执行率", "完成年初预算", "完成预算"),
        "percent",
    ),
)

# Document words and the other ways questions say them (一共有多少人 asks for the "共有 5人" figure).
QUESTION_FORMS: dict[str, tuple[str, ...]] = {
    "共有": ("一共", "总共", "共计", "总计", "总数", "总人数", "合计"),
    "实有人员": ("一共", "总共", "共有", "实际有", "现有", "实有"),
    "实有在岗人数": ("一共", "总共", "共有", "实际有", "现有", "实有", "在岗"),
}


def asked_in(word: str, question: str) -> bool:
    """Whether the question itself says ``word`` (literally or in one of its QUESTION_FORMS)."""
    return word in question or any(form in question for form in QUESTION_FORMS.get(word, ()))


_MEASURES: tuple[tuple[str, str], ...] = (
    (
        r"多少人|几个人|几人|人数|编制|多少名|(?:几|多少)[个名位]?[\u4e00-\u9fff]{0,6}(?:人员|职工|员工|干部)"
        r"|(?:人员|职工|员工|干部)(?:有|共有|分别|各)?(?:是|有)?(?:几个|几名|几位|多少)|人员?(?:最多|最少|更多|更少|数量|规模|数)",
        "people",
    ),
    (r"多少张|几张|张卡|万张|卡的?数量|[制发]卡量|卡量|发放数量|发放量|制发量|签发量", "cards"),
    (r"百分之|百分比|%|％|比例|占比|率|满意度|覆盖|完成了?(?:年初|全年)?预算的(?:多少|几)", "percent"),
    (r"几条|多少条", "count"),
    (r"多少分|得分|总分|评分", "score"),
    (r"多少通|几通|多少个电话|多少电话", "count"),
    (r"几辆|多少辆", "count"),
    (r"多少钱|金额|经费|万元|元|资金|费用|花了|预算|决算|支出|收入|拨款|工资|费", "money"),
)


def match_terms(text: str) -> list[Term]:
    """Terms whose trigger words occur in ``text`` (else whose document words do), longest match
    first. Document words only count when no trigger does: 人员经费 is a trigger of 人员经费 and merely a
    document word of 工资福利, so it must not pull that broader term in."""
    for words_of in (lambda t: t.triggers, lambda t: t.targets):
        found: list[tuple[list[str], Term]] = []
        for term in TERMS:
            hits = [w for w in words_of(term) if w in text]
            if hits:
                found.append((hits, term))
        words = {w for hits, _ in found for w in hits}
        # 人员 inside 人员经费, 工资 inside 基本工资: a word that only occurs as part of a longer one is not asked
        found = [
            (hits, term)
            for hits, term in found
            if any(text.count(w) > sum(text.count(o) for o in words if w in o and o != w) for w in hits)
        ]
        if found:
            found.sort(key=lambda pair: -max(len(w) for w in pair[0]))
            return [term for _, term in found]
    return []


def question_measure(text: str) -> str:
    """What kind of quantity a question asks for (money, people, cards, …); "" when unclear."""
    for pattern, measure in _MEASURES:
        if re.search(pattern, text):
            return measure
    return ""


MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "money": ("万元", "元", "亿元", "千元", "万"),
    "people": ("人", "名"),
    "cards": ("万张", "张", "万张数"),
    "percent": ("%", "％"),
    "score": ("分",),
    "count": ("条", "通", "万通", "个", "辆", "项", "次", "场次"),
}
