"""``python -m retrieval eval-real``: measure on real published disclosures (``tests/real``).

The set's texts were written by governments, not here; only their addresses, identities and gold facts are
committed (``manifest.jsonl``, ``questions.jsonl``), the texts are gathered into ``texts/`` (see DEVELOPERS.md).
Four figures: identity (unit, year, 预算/决算 read from each text), table values (each gold cell read with its
row, column and unit), answers (as ``eval``), and answers carrying another unit's figure (which must be none).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from retrieval.cli.evaluate import Result, evaluate, load_questions, summary
from retrieval.config import REPO_ROOT, Settings
from retrieval.ingest.normalize import normalize_chars, to_simplified
from retrieval.ingest.parse import parse_file
from retrieval.models import Figure, ParsedDocument
from retrieval.places import gazetteer, leading_places, stem

DEFAULT_DIR = REPO_ROOT / "tests" / "real"


@dataclass
class DocScore:
    """What was read from one real disclosure, against its gold identity and cells."""

    file: str
    org: bool
    year: bool
    kind: bool
    read: str  # the identity as read (for a person to compare)
    cells: int = 0  # gold table cells
    cells_read: int = 0
    missed: list[str] = field(default_factory=list)


def _norm(text: str | None) -> str:
    return re.sub(r"[\s,，]", "", text or "")


def _label(text: str) -> str:
    return _norm(re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*|^\d{3,}\s*", "", text))


def simplified(text: str) -> str:
    """Traditional characters read as simplified (gold names may be written either way)."""
    return to_simplified(normalize_chars(text)) if text else ""


def _only_places(prefix: str) -> bool:
    """``湖北省`` / ``重庆市垫江县`` / ``湖北`` (a place's stem): nothing but where the unit is."""
    rest = leading_places(prefix)[1]
    return not rest or any(stem(p) == rest for p in gazetteer() if p.startswith(rest))


def same_unit(gold: str, read: str) -> bool:
    """The name read names the gold unit: equal, or one is the other with places in front (湖北省招办 for
    省招办, 重庆市垫江县统计局 for 垫江县统计局(本级))."""
    gold, read = (re.sub(r"[（(]本级[）)]$", "", simplified(n)) for n in (gold, read))
    township = r"([镇乡]|街道)(?:人民政府|政府|办事处)$"  # 花桥镇 is 花桥镇人民政府
    gold, read = (re.sub(township, r"\1", n) for n in (gold, read))
    if gold == read:
        return True
    longer, shorter = (gold, read) if len(gold) > len(read) else (read, gold)
    return bool(shorter) and longer.endswith(shorter) and _only_places(longer[: -len(shorter)])


def cell_read(figures: list[Figure], fact: dict, org: str = "") -> bool:
    """A gold cell is read when a table figure has its value, its row label (or column, for items in columns),
    its column when both name one, and its unit. A one-row table's row named after the unit (or not at all)
    leaves the column alone to say which cell it is."""
    row, value = _norm(simplified(fact.get("row") or fact.get("item") or "")), _norm(fact["value"])
    column = _norm(simplified((fact.get("column") or "").split("/")[-1]))
    unit = simplified(fact.get("unit") or "")
    any_row = (bool(org) and same_unit(org, fact.get("row") or "")) or "唯一" in row
    return any(
        _norm(f.value_text) == value
        and (
            any_row or row in _label(f.label) or (_label(f.label) and _label(f.label) in row) or row in _norm(f.column)
        )
        and (not column or not f.column or column in _norm(f.column) or column in _norm(f.label))
        and (not unit or f.unit == unit)
        for f in figures
        if f.source == "table"
    )


def score_document(doc: ParsedDocument, gold: dict) -> DocScore:
    identity = doc.identity
    figures = doc.figures
    facts = gold.get("table_facts") or []
    read = [cell_read(figures, fact, gold["org"]) for fact in facts]
    return DocScore(
        file=gold["file"],
        org=same_unit(gold["org"], identity.org) or same_unit(gold["org"], identity.full_name),
        year=identity.year == gold["year"],
        kind=identity.kind == gold["kind"],
        read=identity.title,
        cells=len(facts),
        cells_read=sum(read),
        missed=[f"{f.get('row')}/{f.get('column')}={f['value']}" for f, ok in zip(facts, read) if not ok],
    )


def load_manifest(folder: Path) -> list[dict]:
    path = folder / "manifest.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"没有 {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_texts(folder: Path, manifest: list[dict]) -> list[Path]:
    """The gathered texts, one per manifest line; ValueError naming what is missing."""
    texts = folder / "texts"
    missing = [m["file"] for m in manifest if not (texts / m["file"]).is_file()]
    if missing:
        raise ValueError(
            f"{texts} 缺少 {len(missing)} 份材料（{', '.join(missing[:5])}…）：按 DEVELOPERS.md 用 pages 语料重新收集"
        )
    return [texts / m["file"] for m in manifest]


def other_unit(result: Result, row: dict, org_of: dict[str, str]) -> bool:
    """An answer carrying another unit's figure: found, and its first source is a document of another unit
    (for a question about a unit not held: any figure at all)."""
    if not result.found or not result.sources or row["kind"] == "cross":
        return False  # a list across units cites many
    if row["kind"] == "unanswerable":
        return True
    gold = row.get("doc")
    golds = [gold] if isinstance(gold, str) else list(gold or [])
    if not golds:
        return False
    return org_of.get(result.sources[0]) not in {org_of.get(g) for g in golds}


def _corpus(folder: Path, paths: list[Path], mixed: bool, work: Path) -> Path:
    corpus = work / ("corpus-mixed" if mixed else "corpus")
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    for path in paths + (sorted(p for p in (REPO_ROOT / "corpus").iterdir() if p.is_file()) if mixed else []):
        shutil.copyfile(path, corpus / path.name)
    return corpus


def cmd_eval_real(args: argparse.Namespace) -> int:
    from retrieval.answer.engine import Engine
    from retrieval.index.build import build_index
    from retrieval.index.embed import Embedder

    folder = Path(args.folder)
    manifest = load_manifest(folder)
    paths = check_texts(folder, manifest)
    scores = [score_document(parse_file(path), gold) for path, gold in zip(paths, manifest)]

    work = Path(args.work)
    corpus = _corpus(folder, paths, args.mixed, work)
    settings = Settings(corpus_dir=corpus, index_dir=work / ("index-mixed" if args.mixed else "index"))
    embedder = Embedder()
    build_index(settings, embedder=embedder, progress=not args.quiet)
    engine = Engine.load(settings, embedder=embedder)
    org_of = {doc: simplified(identity.org) for doc, identity in engine.identities.items()}
    rows = load_questions(folder / "questions.jsonl")
    results = evaluate(rows, lambda question, previous: engine.ask(question, previous=previous))
    wrong = [r.id for r, row in zip(results, rows) if other_unit(r, row, org_of)]
    placeholders = [r.id for r in results if re.search(r"\bNone\b|nan\b", r.answer)]

    n = len(scores)
    whole = sum(s.org and s.year and s.kind for s in scores)
    cells, read = sum(s.cells for s in scores), sum(s.cells_read for s in scores)
    print(f"documents {n}, units {len({m['org'] for m in manifest})}{'  (mixed with corpus/)' if args.mixed else ''}")
    print(
        f"identity: {whole / n:.2f} ({whole}/{n}) all three; unit {sum(s.org for s in scores)}/{n}, "
        f"year {sum(s.year for s in scores)}/{n}, 预算/决算 {sum(s.kind for s in scores)}/{n}"
    )
    for s in scores:
        if not (s.org and s.year and s.kind):
            print(f"  {s.file}: read {s.read}")
    print(f"table values: {read / cells if cells else 0:.2f} ({read}/{cells})")
    print(summary(results))
    print(f"another unit's figure: {len(wrong)} {' '.join(wrong)}")
    print(f"placeholder text (None/nan) in answers: {len(placeholders)} {' '.join(placeholders)}")
    out = Path(args.out) if args.out else Path("reports") / f"eval-real{'-mixed' if args.mixed else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "identity": [asdict(s) for s in scores],
        "answers": [asdict(r) for r in results],
        "other_unit": wrong,
        "placeholders": placeholders,
    }
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"report: {out}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval-real",
        help="在真实公开材料（tests/real）上评测：身份、表格数值、回答、张冠李戴",
        description="在真实公开材料（tests/real）上评测：身份、表格数值、回答、张冠李戴",
    )
    p.add_argument("folder", nargs="?", default=str(DEFAULT_DIR), help="测量集目录（默认 tests/real）")
    p.add_argument("--mixed", action="store_true", help="与 corpus/ 的五份材料混在一起")
    p.add_argument("--work", default="reports/real", help="临时语料与索引目录（默认 reports/real）")
    p.add_argument("--out", help="结果 JSON（默认 reports/eval-real[-mixed].json）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_eval_real)
