#!/usr/bin/env python3
"""Join the gathered excerpts of each real disclosure into one text file.

Excerpts of one published page are saved as ``tests/real/texts/parts/<id>_<k>.txt`` (k = the
position of its query in the manifest's ``queries``, starting at 1). This writes
``tests/real/texts/<id>.txt``: the parts in order, an overlap between consecutive parts kept once,
a part already contained in the text skipped, parts that do not touch separated by a blank line.

    python scripts/real_assemble.py            # every id that has parts
    python scripts/real_assemble.py ra01 rb03  # only these
    python scripts/real_assemble.py --folder tests/real_heldout   # another measurement set
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests" / "real" / "texts"
MIN_OVERLAP = 20


def merge(parts: list[str]) -> str:
    """Concatenate excerpts, keeping an overlap between the text so far and the next part once."""
    text = ""
    for part in parts:
        part = part.strip("\n")
        if not part or part in text:
            continue
        if not text:
            text = part
            continue
        if text in part:
            text = part
            continue
        best = 0
        for size in range(min(len(text), len(part)), MIN_OVERLAP - 1, -1):
            if text.endswith(part[:size]):
                best = size
                break
        text = text + part[best:] if best else text + "\n\n" + part
    return text + "\n"


def _key(path: Path) -> int:
    return int(path.stem.rsplit("_", 1)[1])


def assemble(doc_id: str) -> Path:
    parts = sorted((TEXTS / "parts").glob(f"{doc_id}_*.txt"), key=_key)
    if not parts:
        raise SystemExit(f"no parts for {doc_id} in {TEXTS / 'parts'}")
    out = TEXTS / f"{doc_id}.txt"
    out.write_text(merge([p.read_text(encoding="utf-8") for p in parts]), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    global TEXTS
    if argv[:1] == ["--folder"]:
        TEXTS, argv = ROOT / argv[1] / "texts", argv[2:]
    ids = argv or sorted({re.sub(r"_\d+$", "", p.stem) for p in (TEXTS / "parts").glob("*_*.txt")})
    for doc_id in ids:
        out = assemble(doc_id)
        print(f"{out.name}: {len(out.read_text(encoding='utf-8'))} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
