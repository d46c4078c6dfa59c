"""The question-answering engine: index, keyword index and model loaded once, ``ask()`` per question.

Used by the CLI, the evaluation and the app (one shared instance per process; ``ask`` does not
mutate shared state, so concurrent sessions can call it).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from retrieval.answer.composer import compose
from retrieval.answer.context import Context
from retrieval.answer.llm import LLMSettings, rephrase
from retrieval.answer.present import doc_label
from retrieval.answer.query import ParsedQuery, split_question
from retrieval.answer.records import Answer, message
from retrieval.answer.smalltalk import guide, small_talk
from retrieval.config import Settings
from retrieval.index.embed import Embedder
from retrieval.index.keyword import KeywordIndex
from retrieval.index.search import HybridSearcher
from retrieval.index.store import KEYWORD_DIR, LoadedIndex, load_index, staleness
from retrieval.ingest.normalize import normalize_question
from retrieval.models import DocIdentity

MAX_QUESTION_CHARS = 300
_HAS_CONTENT = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Filters:
    """Constraints chosen in the app's sidebar (empty = no constraint)."""

    docs: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def identity_from_record(record: dict) -> DocIdentity:
    fields = {k: v for k, v in record.items() if k != "title"}
    return DocIdentity(**fields)


def check_question(question: str) -> str:
    """A one-line message for questions that cannot be answered as asked, else ""."""
    text = (question or "").strip()
    if not text:
        return "请输入问题，例如：“忻州社保卡中心2023年基本工资多少？”"
    if len(text) > MAX_QUESTION_CHARS:
        return f"问题太长（{len(text)}字），请精简到{MAX_QUESTION_CHARS}字以内，一次问一件事。"
    if not _HAS_CONTENT.search(text):
        if re.fullmatch(r"[\W_]+", text):
            return "没有识别到问题内容，请用中文提问，例如：“社保卡制作花了多少钱？”"
        return "目前只支持用中文提问预决算问题，例如：“哪个单位三公经费不是零？”"
    return ""


class Engine:
    """Answers questions over one loaded index."""

    def __init__(
        self, index: LoadedIndex, embedder: Embedder | None, keyword: KeywordIndex, llm: LLMSettings | None = None
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.llm = llm or LLMSettings(base_url=None)
        identities = {d["identity"]["doc"]: identity_from_record(d["identity"]) for d in index.documents}
        encode = embedder.encode_query if embedder is not None else None
        searcher = HybridSearcher(index.chunks, keyword, index.faiss_index, index.vector_chunks, encode)
        self.context = Context(identities=identities, chunks=index.chunks, figures=index.figures, searcher=searcher)

    @classmethod
    def load(
        cls, settings: Settings | None = None, with_model: bool = True, embedder: Embedder | None = None
    ) -> Engine:
        """Load the index under ``settings.index_dir``; warns on stderr when it is stale.
        Pass ``embedder`` to share an already loaded model (e.g. the one that just built the index)."""
        settings = settings or Settings.from_env()
        index = load_index(Path(settings.index_dir))
        stale = staleness(index.manifest, Path(settings.corpus_dir))
        if stale.is_stale:
            print(stale.message(), file=sys.stderr)
        keyword_dir = index.path / KEYWORD_DIR
        if keyword_dir.is_dir():
            keyword = KeywordIndex.load(keyword_dir, len(index.chunks))
        else:
            keyword = KeywordIndex.build([c.text for c in index.chunks])
        if with_model and embedder is None:
            embedder = Embedder(settings.model_path)
        elif not with_model:
            embedder = None
        if embedder is not None and embedder.model_id != index.model_id:
            print(
                f"索引由模型 {index.model_id} 建立，当前模型为 {embedder.model_id}，"
                "请重新运行 python -m retrieval build",
                file=sys.stderr,
            )
        return cls(index, embedder, keyword, LLMSettings.from_env())

    @property
    def identities(self) -> dict[str, DocIdentity]:
        return self.context.identities

    def parse(self, question: str, previous: ParsedQuery | None = None) -> ParsedQuery:
        return self.context.parse_followup(question, previous)

    def ask(self, question: str, previous: ParsedQuery | None = None, filters: Filters | None = None) -> Answer:
        """Answer one question; ``previous`` is the last turn's parsed query (for follow-ups)."""
        problem = check_question(question)
        if problem:
            return message(question, problem)
        question = normalize_question(question)  # 繁體 and compatibility characters read like the documents
        chat = small_talk(question)
        if chat:  # 你好 / 谢谢 / 你能做什么: a short guide, no search for these words
            return message(question, guide(chat, list(self.identities.values())))
        question, slips = self.context.homophones.fix(question)  # 咸羊 → 咸阳, 电废 → 电费
        alone = self.context.parser.parse(question)  # 美国总统是谁 is not about the documents, whatever came before
        if self.context.off_topic(alone) and not (previous is not None and alone.docs):  # 我说的是忻州那个: a reply
            guided = guide("", list(self.identities.values()))
            return message(question, f"这个问题不在预决算公开材料的范围内。{guided}")
        question, shortened = self.context.projects.expand(question)  # 金保运维项目 → the project's full name
        answer = self._ask_parts(question, previous, filters)
        if shortened:
            read = "；".join(f"“{p.short}”按“{p.name}”理解" for p in shortened)
            answer.answer = f"{read}。\n{answer.answer}"
        if slips:
            words = "”“".join(dict.fromkeys(s.word for s in slips))
            answer.answer = f"您是不是要问“{words}”？以下按此回答。\n{answer.answer}"
        return answer

    def _ask_parts(self, question: str, previous: ParsedQuery | None, filters: Filters | None) -> Answer:
        parts = split_question(question)
        if len(parts) > 1 and self._only_a_unit(parts[0]):
            parts = [question]  # 高陵信息中心和咸阳社保卡中心…分别几个: two units, one item — a list across them
        parts = parts if len(parts) > 1 else self._two_items(question) or parts
        if len(parts) == 1:
            return self._ask_one(question, previous, filters)
        answers: list[Answer] = []  # 核定编制多少人，现有在职多少人？ each part follows the one before
        for part in parts:  # the parts of one question: no "按上一问理解为" between them
            answers.append(self._ask_one(part, answers[-1].query if answers else previous, filters, note=not answers))
        return _joined(question, answers)

    def _two_items(self, question: str) -> list[str]:
        """``…工资福利支出和商品和服务支出预算是多少`` → one question per item, when each side is an item the
        documents write and the pair is not (人员经费和公用经费支出 is one item)."""
        if _CROSS_WORDS.search(question):
            return []
        tail = _ASKED_TAIL.search(question)  # …是多少 (or nothing: 高陵信息中心会议费和培训费)
        head, asked = (question[: tail.start()], question[tail.start() :]) if tail else (question.rstrip("？?。 "), "")
        known = self.context.in_documents
        for joint in re.finditer("[和与及、]", head):
            left, right = head[: joint.start()], head[joint.end() :]
            own = next((left[-n:] for n in range(min(20, len(left)), 2, -1) if known(left[-n:])), "")
            pair = any(known(f"{left[-n:]}{joint.group(0)}{right}") for n in range(2, len(own) + 1))
            if own and len(right) >= 3 and known(right) and not pair:  # 社会保障和就业支出 is one item
                return [f"{left}{asked}", f"{right}{asked}"]
        return []

    def _only_a_unit(self, part: str) -> bool:
        """A part that names a unit and asks nothing of its own (the first of two units joined by 和)."""
        query = self.context.parser.parse(part)
        return bool(query.docs) and len(re.sub(r"[几多少个项名人是有分别各？?]", "", self.context.item(query).text)) < 2

    def _understood(self, query: ParsedQuery) -> str:
        """The units (and the item) a follow-up was read as: ``忻州市社会保障卡服务中心 2023年决算的基本工资``."""
        units = "、".join(doc_label(self.identities[d]) for d in query.docs[:3] if d in self.identities)
        earlier = replace(query, text=query.item_from, item_from="") if query.item_from else None
        item = self.context.item(earlier).text if earlier is not None and "项目" in query.carried else ""
        item = re.sub(r"\d+", "", item).strip()  # no number the sources may not state
        return f"{units}的{item}" if item else units

    def _ask_one(
        self, question: str, previous: ParsedQuery | None, filters: Filters | None, note: bool = True
    ) -> Answer:
        query = self.parse(question.strip(), previous)
        if filters is not None:
            query = _apply_filters(query, filters, self.identities)
            if not query.docs:
                return message(question, "当前筛选条件下没有符合的材料，请放宽单位、年度或预算/决算筛选。", query)
        answer = compose(self.context, query)
        if answer.found and query.corrected_org:
            answer.answer = f"您是不是要问“{query.corrected_org}”？以下按此回答。\n{answer.answer}"
        if note and answer.found and query.carried and query.docs:
            answer.answer = f"按上一问理解为：{self._understood(query)}。\n{answer.answer}"
        if self.llm.enabled and answer.found:
            text, status = rephrase(question, answer.answer, answer.evidence(), self.llm, frozenset(answer.derived))
            answer.answer, answer.phrasing = text, status
        return answer


_ASKED_TAIL = re.compile(r"(?:(?:年初预算|预算|决算|实际)数?)?(?:是|有|为)?(?:多少|几)[^和与及、]*$")
_CROSS_WORDS = re.compile(r"各|哪|分别|合计|加起来|一共|总共|相比|比较|差")
REFUSAL_START = "已收录的材料中没有"  # how every answer refused for a missing unit or year begins


def refused(answer: Answer) -> bool:
    """The corpus lacks the unit or year the question named (not merely the item)."""
    return not answer.found and answer.answer.startswith(REFUSAL_START)


def _joined(question: str, answers: list[Answer]) -> Answer:
    """One answer for a question in parts: every part's text, all sources (earlier parts first)."""
    sources: list = []
    for answer in answers:
        sources += [s for s in answer.sources if s not in sources]
    phrasings = {a.phrasing for a in answers}
    return Answer(
        question=question,
        answer="\n".join(a.answer for a in answers),
        found=any(a.found for a in answers),
        sources=sources,
        intent=answers[0].intent,
        rows=next((a.rows for a in answers if a.rows), []),
        query=answers[-1].query,
        derived=[d for a in answers for d in a.derived],
        phrasing=phrasings.pop() if len(phrasings) == 1 else "mixed",
    )


def _apply_filters(query: ParsedQuery, filters: Filters, identities: dict[str, DocIdentity]) -> ParsedQuery:
    """Sidebar filters narrow the documents a question may be answered from."""
    allowed = [
        d
        for d, i in identities.items()
        if (not filters.docs or d in filters.docs)
        and (not filters.years or i.year in filters.years)
        and (not filters.kinds or i.kind in filters.kinds)
    ]
    if len(allowed) == len(identities):
        return query
    query.docs = [d for d in (query.docs or allowed) if d in allowed]
    query.cross = query.cross and len(query.docs) > 1
    return query
