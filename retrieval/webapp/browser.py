"""What the page does in the visitor's browser: the document language set to Chinese, Streamlit's own English
interface words replaced (``data/ui_zh.tsv``), and the newest answer scrolled into view.

Both run as small scripts of our own (never document or user text) through a zero-height component; the
translation runs in the page itself so it keeps working while Streamlit redraws.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

UI_WORDS = Path(__file__).resolve().parents[1] / "data" / "ui_zh.tsv"


@lru_cache(maxsize=1)
def ui_words() -> dict[str, str]:
    """English interface text → Chinese ("" hides it)."""
    words: dict[str, str] = {}
    for line in UI_WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, _, chinese = line.partition("\t")
            words[english.strip()] = chinese.strip()
    return words


_TRANSLATE = """
(function () {
  const T = %s;
  const ATTRS = ["title", "aria-label", "placeholder"];
  function text(node) {
    const key = node.nodeValue.trim();
    if (key && Object.prototype.hasOwnProperty.call(T, key)) node.nodeValue = node.nodeValue.replace(key, T[key]);
    else if (/^Made with Streamlit/.test(key)) node.nodeValue = "";
    else if (/^Limit \\d+MB per file/.test(key))
      node.nodeValue = key.replace(/^Limit (\\d+)MB per file/, "每个文件不超过 $1MB");
  }
  function element(el) {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v && Object.prototype.hasOwnProperty.call(T, v.trim())) el.setAttribute(a, T[v.trim()]);
      else if (v && /^[a-z_]+ icon$/.test(v)) el.setAttribute(a, "");  // a Material icon's name: decoration
    }
  }
  function walk(root) {
    if (root.nodeType === 3) { text(root); return; }
    if (root.nodeType !== 1) return;
    element(root);
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = w.nextNode())) text(n);
    root.querySelectorAll("[title],[aria-label],[placeholder]").forEach(element);
  }
  document.documentElement.lang = "zh-CN";
  if (!document.getElementById("budget-qa-style")) {  // the phone's » opens the sidebar: say what is there
    const style = document.createElement("style");
    style.id = "budget-qa-style";
    style.textContent = '[data-testid="stExpandSidebarButton"]::after {content: "筛选·示例"; font-size: 0.8rem;' +
      ' margin-left: 0.25rem; white-space: nowrap;}' +
      ' [data-testid="stMainMenu"] {display: none;}';  // Streamlit's own menu (print, screen recording) is not ours
    document.head.appendChild(style);
  }
  if (window.__budgetQaChinese) return;
  window.__budgetQaChinese = true;
  document.addEventListener("click", function (event) {  // on a phone a sample question closes the sidebar
    const button = event.target.closest && event.target.closest('[data-testid="stSidebar"] [data-testid="stButton"]');
    if (!button || window.innerWidth >= 768) return;
    setTimeout(function () {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 200);
  }, true);
  walk(document.body);
  new MutationObserver(function (records) {
    for (const r of records) {
      if (r.type === "characterData") text(r.target);
      else if (r.type === "attributes") element(r.target);
      else r.addedNodes.forEach(walk);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
})();
"""

_IN_PAGE = """<script>
(function () {
  const doc = window.parent.document;
  const s = doc.createElement("script");
  s.textContent = %s;
  doc.head.appendChild(s);
  s.remove();
})();
</script>"""

_SCROLL = """<script>
(function () {
  const doc = window.parent.document;
  let touched = false;  // the visitor scrolls: leave the page where they put it
  for (const kind of ["wheel", "touchmove", "keydown"])
    doc.addEventListener(kind, function () { touched = true; }, {once: true, capture: true});
  function go(tries) {
    if (touched) return;
    const replies = doc.querySelectorAll('[data-testid="stChatMessage"]');
    const last = replies[replies.length - 1];
    const figure = last && last.querySelector('[data-testid="stMetric"]');
    if (figure) figure.scrollIntoView({block: "center"});
    else if (last) {  // no single figure: the answer's first line on top, below the page's header bar
      last.style.scrollMarginTop = "4.5rem";
      last.scrollIntoView({block: "start"});
    }
    if (tries > 0) setTimeout(function () { go(tries - 1); }, 250);
  }
  go(%d);
})();
</script>"""


_SHOW_CITED = """<script>
(function () {
  const doc = window.parent.document;
  function go(tries) {
    const cited = doc.querySelector('[data-testid="stAlert"]');
    if (cited) { cited.style.scrollMarginTop = "4.5rem"; cited.scrollIntoView({block: "start"}); }
    if (tries > 0) setTimeout(function () { go(tries - 1); }, 300);
  }
  go(10);
})();
</script>"""


def show_cited_html() -> str:
    """The script that brings the cited row's card or the marked passage of 文档浏览 into view."""
    return _SHOW_CITED


def chinese_ui_html() -> str:
    """The script that sets ``lang`` and translates Streamlit's interface words in the page."""
    return _IN_PAGE % json.dumps(_TRANSLATE % json.dumps(ui_words(), ensure_ascii=False))


def scroll_to_answer_html(tries: int = 24) -> str:
    """The script that brings the newest answer's figure into view (retried while the page settles)."""
    return _SCROLL % tries
