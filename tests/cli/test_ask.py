"""The CLI contract: ask (text, --json, --jsonl), eval and stats against the session index."""

import json

from tests.conftest import run_cli


def env_of(built):
    return {"BUDGET_QA_INDEX": str(built.settings.index_dir), "BUDGET_QA_CORPUS": str(built.settings.corpus_dir)}


def test_ask_json_contract(built):
    result = run_cli("ask", "--json", "咸阳社保卡中心2026年电费预算", env=env_of(built))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "answer", "found", "sources"} and answer["found"] is True
    assert "11.00万元" in answer["answer"]
    assert set(answer["sources"][0]) == {"doc", "title", "location", "text"}
    assert answer["sources"][0]["doc"].startswith("002") and "电费" in answer["sources"][0]["text"]


def test_ask_jsonl_answers_one_line_per_question_with_one_model_load(built):
    questions = "忻州社保卡中心2023年基本工资多少\n\n宝鸡市社保中心2023年预算\n"
    result = run_cli("ask", "--jsonl", env=env_of(built), input_text=questions)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["found"] for line in lines] == [True, False]
    assert "23.43万元" in lines[0]["answer"] and "宝鸡" in lines[1]["answer"]


def test_ask_text_shows_answer_and_sources(built):
    result = run_cli("ask", "高陵区信息中心2023年办公费预算多少", env=env_of(built))
    assert result.returncode == 0 and "41,000.00元" in result.stdout and "来源" in result.stdout


def test_eval_prints_metrics_per_kind_and_writes_results(built, tmp_path):
    qa = tmp_path / "qa.jsonl"
    rows = [
        {
            "question": "忻州社保卡中心2023年邮电费多少",
            "answers": ["0.19万元"],
            "doc": "001_b656c06370e19b11.txt",
            "kind": "table",
        },
        {"question": "宝鸡市社保中心2023年预算多少", "answers": [], "doc": None, "kind": "unanswerable"},
    ]
    qa.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = run_cli("eval", str(qa), "--out", str(out), env=env_of(built))
    assert result.returncode == 0, result.stderr
    assert "table" in result.stdout and "1.00 (1/1)" in result.stdout and "latency ms" in result.stdout
    assert [json.loads(line)["correct"] for line in out.read_text(encoding="utf-8").splitlines()] == [True, True]


def test_eval_rejects_a_broken_file_with_one_line(built, tmp_path):
    qa = tmp_path / "bad.jsonl"
    qa.write_text("{not json\n", encoding="utf-8")
    result = run_cli("eval", str(qa), env=env_of(built))
    assert result.returncode == 2 and "bad.jsonl" in result.stderr and "Traceback" not in result.stderr


def test_ask_jsonl_takes_conversations(built):
    lines = [
        {"question": "忻州社保卡中心2023年基本工资多少", "conversation": "a"},
        {"question": "高陵区呢？", "conversation": "a"},
        {"question": "高陵区呢？"},  # a plain line: a question of its own, nothing to follow
        {"question": None, "conversation": "b"},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = run_cli("ask", "--jsonl", env=env_of(built), input_text=text)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4 and out[0]["conversation"] == "a"
    assert out[1]["answer"].startswith("按上一问理解为：西安市高陵区") and "236,129.40元" in out[1]["answer"]
    assert "按上一问" not in out[2]["answer"] and "conversation" not in out[2]
    assert out[3] == {"error": "这一行的 JSON 没有 question 文字"}


def test_eval_scores_conversations_turn_by_turn(built, tmp_path):
    rows = [
        {
            "id": "t1",
            "conversation": "c",
            "question": "咸阳社保卡中心2026年住房公积金",
            "answers": ["11.71万元"],
            "doc": "002_a1db199108b36bfb.txt",
            "kind": "table",
            "group": "start",
        },
        {
            "id": "t2",
            "conversation": "c",
            "question": "那忻州的呢",
            "answers": ["4.38万元"],
            "doc": "001_b656c06370e19b11.txt",
            "kind": "table",
            "group": "followup",
        },
    ]
    qa = tmp_path / "conv.jsonl"
    qa.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run_cli("eval", str(qa), "--out", str(tmp_path / "out.jsonl"), env=env_of(built))
    assert result.returncode == 0, result.stderr
    assert "followup        1  1.00 (1/1)" in result.stdout, result.stdout
