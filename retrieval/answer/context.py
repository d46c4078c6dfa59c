"""What answering needs from a loaded index: identities, chunks, figures and a searcher, with the
look-ups (chunk by id, figures of a document) prepared once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from retrieval.answer.homophones import Homophones
from retrieval.answer.matching import (
    MIN_MATCH,
    ItemQuery,
    bigrams,
    clean_label,
    figure_score,
    item_query,
    own_item,
    unit_measure,
)
from retrieval.answer.present import doc_label
from retrieval.answer.projects import ProjectNames, project_names
from retrieval.answer.query import ParsedQuery, QueryParser
from retrieval.answer.records import Source
from retrieval.index.search import Hit, HybridSearcher
from retrieval.ingest.normalize import restore
from retrieval.lexicon import TERMS
from retrieval.models import Chunk, DocIdentity
from retrieval.places import is_listed
from retrieval.subjects import BY_CODE

_REFERENCE_WORDS = frozenset(
    [*(w for t in TERMS for w in (*t.triggers, *t.targets)), *(s.name for s in BY_CODE.values())]
)

_WHOLE_ITEMS = frozenset({"支出", "收入", "总支出", "总收入"})  # 那支出呢 after 收入总计: an item of its own
_ABSENCE = re.compile(r"(?:本单位|本部门|我单位|单位)?(?:当年)?(?:无|没有|未安排|不涉及)[^，。；]{0,30}")


def item_words(query: ParsedQuery, item_text: str) -> list[str]:
    """The words that name the asked item in documents: lexicon targets and the item text itself."""
    words = [w for w in query.targets if len(w) >= 2]
    return words + [item_text] if len(item_text) >= 2 and item_text not in words else words


@dataclass
class ScoredFigure:
    """A figure (a row of the figures table) with its score for the current question."""

    figure: dict[str, Any]
    score: float
    match: float  # the label-match part alone

    @property
    def doc(self) -> str:
        return self.figure["doc"]


@dataclass
class Context:
    identities: dict[str, DocIdentity]
    chunks: list[Chunk]
    figures: pd.DataFrame
    searcher: HybridSearcher
    parser: QueryParser = field(init=False)
    _chunk_at: dict[tuple[str, str], int] = field(init=False)
    _figures_of: dict[str, list[dict[str, Any]]] = field(init=False)
    _passages_of: dict[str, list[int]] = field(init=False)
    _org_word_list: list[str] = field(init=False)
    _all_text: str = field(init=False, default="")
    _homophones: Homophones | None = field(init=False, default=None)
    _projects: ProjectNames | None = field(init=False, default=None)
    _vocabulary: dict[str, set[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.parser = QueryParser(list(self.identities.values()), self.in_documents)
        self._org_word_list = self._org_words()  # once per index, not per question
        self._chunk_at = {(c.doc, c.chunk_id): i for i, c in enumerate(self.chunks)}
        self._passages_of = {}
        for i, c in enumerate(self.chunks):
            if c.kind == "passage":
                self._passages_of.setdefault(c.doc, []).append(i)
        records = self.figures.astype(object).where(self.figures.notna(), None).to_dict("records")
        self._figures_of = {}
        for record in records:
            self._figures_of.setdefault(record["doc"], []).append(record)

    def chunk(self, doc: str, chunk_id: str) -> Chunk | None:
        index = self._chunk_at.get((doc, chunk_id))
        return self.chunks[index] if index is not None else None

    def vocabulary(self, docs: list[str]) -> set[str]:
        """The row labels and item names the documents use (for reading mistyped words), per document once."""
        words: set[str] = set()
        for doc in docs:
            if doc not in self._vocabulary:
                labels = {clean_label(str(r["label"])) for r in self._figures_of.get(doc, [])}
                parts = {p for label in labels for p in re.split(r"[（）()、，,：:\s/]+", label)}
                self._vocabulary[doc] = {w for w in labels | parts if 3 <= len(w) <= 14}
            words |= self._vocabulary[doc]
        return words

    @property
    def homophones(self) -> Homophones:
        """Reads homophone slips against the units' names and places, the row labels and the lexicon (built on
        first use)."""
        if self._homophones is None:
            names = [w for w in self._org_word_list if len(w) >= 2]
            labels = {clean_label(str(r["label"])) for rows in self._figures_of.values() for r in rows}
            labels |= {p for label in labels for p in re.split(r"[（）()、，,：:\s/]+", label)}
            lexicon = {w for t in TERMS for w in t.targets}
            self._homophones = Homophones([*names, *labels, *lexicon], self.known_word)
        return self._homophones

    @property
    def projects(self) -> ProjectNames:
        """The projects the documents' tables report on, to read short forms of their names (built on first use)."""
        if self._projects is None:
            titles = {
                str(r["location"]).split(" > ")[-1]
                for rows in self._figures_of.values()
                for r in rows
                if r["source"] == "table"
            }
            self._projects = ProjectNames(project_names(titles), self.in_documents)
        return self._projects

    def off_topic(self, query: ParsedQuery) -> bool:
        """A question about something else (天气, 股市, 美国总统): no year, 预算/决算 or budget word, and hardly a pair
        of its item's characters in the documents (a place it names does not make it a budget question)."""
        if query.years or query.kind or query.terms or query.followup:
            return False
        pairs = bigrams(self.item(query).text)
        return len(pairs) >= 3 and sum(self.in_documents(p) for p in pairs) <= len(pairs) / 4

    def known_word(self, word: str) -> bool:
        """A word the corpus, the lexicon, the national classification or the list of places uses."""
        return self.in_documents(word) or word in _REFERENCE_WORDS or is_listed(word)

    def in_documents(self, word: str) -> bool:
        """Whether the documents' text uses ``word`` (joined once, on first use)."""
        if not self._all_text:
            self._all_text = "\n".join(c.display for c in self.chunks)
        return word in self._all_text

    def source(self, chunk: Chunk) -> Source:
        identity = self.identities.get(chunk.doc)
        return Source(
            doc=chunk.doc,
            title=doc_label(identity) if identity else chunk.doc,
            location=chunk.location,
            text=restore(chunk.display, identity.written_forms) if identity else chunk.display,  # as written
            chunk_id=chunk.chunk_id,
            kind=chunk.kind,
            table_id=chunk.table_id,
            row_index=chunk.row_index,
            page=chunk.page,
        )

    def _org_words(self) -> list[str]:
        """Every way the documents name their organisation, to strip from questions."""
        words: list[str] = []
        for identity in self.identities.values():
            words += [
                identity.org,
                identity.full_name,
                *identity.aliases,
                identity.region,
                identity.city,
                *identity.ocr_variants,
            ]
            words += [w[:-1] for w in (identity.region, identity.city, *identity.ocr_variants) if len(w) >= 3]
        return [w for w in dict.fromkeys(words) if w]

    def item(self, query: ParsedQuery) -> ItemQuery:
        return item_query(query, self._org_word_list, self.in_documents)

    def parse_followup(self, text: str, previous: ParsedQuery | None) -> ParsedQuery:
        """A turn of a conversation: a follow-up that names its own item (那事业运行支出呢) takes the earlier
        unit, year and kind, not the earlier item's words."""
        return self.parser.parse_followup(text, previous, self._names_own_item)

    def _names_own_item(self, query: ParsedQuery) -> bool:
        own = own_item(query, self._org_word_list)
        return (len(own) >= 3 and self.in_documents(re.sub(r"(?:支出|费用|经费)$", "", own))) or own in _WHOLE_ITEMS

    def search(self, query: ParsedQuery, docs: list[str], k: int = 40) -> list[Hit]:
        return self.searcher.search(query.text, extra_terms=query.targets, allowed_docs=set(docs), k=k)

    def scored_figures(
        self, query: ParsedQuery, item: ItemQuery, docs: list[str], hits: list[Hit]
    ) -> list[ScoredFigure]:
        """Every figure of ``docs`` that could answer, best first."""
        top = hits[0].score if hits else 1.0
        retrieval = {(self.chunks[h.index].doc, self.chunks[h.index].chunk_id): h.score / top for h in hits}
        scored: list[ScoredFigure] = []
        for doc in docs:
            kind = self.identities[doc].kind
            for figure in self._figures_of.get(doc, []):
                r = retrieval.get((doc, figure["chunk_id"]), 0.0)
                result = figure_score(item, figure, r, kind, query.text)
                if result is not None:
                    scored.append(ScoredFigure(figure, *result))
        scored.sort(key=lambda s: -s.score)
        if item.measure_asked and item.measure:  # 经费 asked: a bare 5 never beats an amount in 元/万元
            measures = [unit_measure(s.figure["unit"], s.figure["value_yuan"]) for s in scored]
            if any(m == item.measure and s.match >= MIN_MATCH for s, m in zip(scored, measures, strict=True)):
                scored = [s for s, m in zip(scored, measures, strict=True) if m]
        return scored

    def stated_absence(self, query: ParsedQuery, hits: list[Hit]) -> tuple[Hit, str] | None:
        """The first passage sentence saying the unit has none of the item (本单位无机关运行经费 / 当年无政府采购
        预算 / 本中心无公务用车), with its hit: the best-ranked passages first, then every other passage of the
        documents asked about."""
        words = item_words(query, self.item(query).text.strip("的"))
        seen = {hit.index for hit in hits[:10]}
        rest = [Hit(i, 0.0) for doc in query.docs for i in self._passages_of.get(doc, []) if i not in seen]
        for hit in [*hits[:10], *rest]:
            chunk = self.chunks[hit.index]
            if chunk.kind != "passage":
                continue
            for sentence in re.split(r"(?<=[。；])", chunk.display):
                if _ABSENCE.search(sentence) and any(w in sentence for w in words):
                    return hit, sentence.strip()
        return None
