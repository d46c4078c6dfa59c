"""Homophone slips (the commonest typing error by sound) are read as the corpus's own words, and said so."""

from retrieval.answer.homophones import Homophones, sound_keys

VOCABULARY = ["咸阳", "高陵", "曾都区", "电费", "绩效工资", "委托业务费", "事业运行"]
KNOWN_TEXT = "事业单位 失业保险 电费 咸阳 高陵 曾都区 预算 多少 年 的 是"


def reader() -> Homophones:
    return Homophones(VOCABULARY, lambda word: word in KNOWN_TEXT)


def test_readings_include_heteronyms():
    assert "ceng dou" in sound_keys("曾都") and "ceng du" in sound_keys("曾督")


def test_slips_are_read_as_the_vocabularys_words():
    text, fixes = reader().fix("咸羊的绩效公资和委拖业务费")
    assert text == "咸阳的绩效工资和委托业务费"
    assert [(f.typed, f.word) for f in fixes] == [
        ("咸羊", "咸阳"),
        ("绩效公资", "绩效工资"),
        ("委拖业务费", "委托业务费"),
    ]


def test_a_heteronym_slip_of_a_place_is_read():
    assert reader().fix("曾督区预算")[0] == "曾都区预算"


def test_real_words_are_never_changed():
    text, fixes = reader().fix("失业保险和事业单位")  # 失业 sounds like 事业 but is a word the corpus uses
    assert fixes == [] and text == "失业保险和事业单位"


def test_two_known_characters_are_a_word_of_their_own():
    known = lambda word: word in "时业 电 费 店"
    assert Homophones(["事业", "电费"], known).fix("店费时业")[1] == []


def test_engine_answers_a_homophone_question_with_a_note(engine):
    answer = engine.ask("忻州社保卡中心2023年决算的邮电废")
    assert answer.found and answer.answer.startswith("您是不是要问“邮电费”")
    assert "0.19万元" in answer.answer and answer.sources[0].doc.startswith("001")
    place = engine.ask("鲜阳社保卡中心2026年的住房公积金")  # 鲜阳 xian yang: the held 咸阳
    note = place.answer.split("\n")[0]
    assert place.found and "11.71万元" in place.answer and note.startswith("您是不是要问“咸阳")
