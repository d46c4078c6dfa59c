"""Many people asking at once get exactly the answers they would get one by one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

QUESTIONS = [
    "忻州市社会保障卡服务中心2023年邮电费决算",
    "咸阳社保卡中心2026年电费预算多少",
    "高陵区人社信息中心2023年绩效工资预算多少",
    "曾都区人社信息中心二〇二二年项目支出决算是多少",
    "哪个单位办公费最多",
    "曾都区信息中心2024年住房公积金",
    "咸阳社保卡中心有几个内设机构",
    "某某县民政局2023年办公费",
    "<script>alert(1)</script>基本工资",
    "你好",
]


def test_concurrent_askers_get_the_serial_answers(engine) -> None:
    serial = {q: engine.ask(q).to_json() for q in QUESTIONS}
    work = QUESTIONS * 12
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda q: (q, engine.ask(q).to_json()), work))
    assert len(answers) == len(work)
    for question, answer in answers:
        assert answer == serial[question], question
