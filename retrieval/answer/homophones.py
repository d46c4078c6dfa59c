"""Words typed with the wrong character of the same sound (咸羊 → 咸阳, 电废 → 电费, 绩效公资 → 绩效工资).

Chinese input methods type by sound, so the commonest slip is a homophone. A stretch of the question that sounds
exactly like a word the corpus uses (a held unit's place or name, a row label, a lexicon word) — every character
sharing a toneless reading, heteronyms included (曾督 ceng du ~ 曾都 ceng dou/du) — is read as that word, but only
when the stretch itself is no word the corpus, the lexicon or the national classification uses (失业 is never read
as 事业) and no listed place (宁陕 stays 宁陕).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin

MIN_CHARS = 2
MAX_CHARS = 10
MAX_READINGS = 8  # sound keys kept per word (heteronym combinations)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=20000)
def readings(char: str) -> tuple[str, ...]:
    """Toneless readings of one character (all of a heteronym's); the character itself when it has none."""
    if not _HAN.fullmatch(char):
        return (char,)
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(found[0])) if found and found[0] else (char,)


def sound_keys(word: str) -> list[str]:
    """Every way ``word`` can be read aloud (capped), as space-joined toneless syllables."""
    options = [readings(c) for c in word]
    return [" ".join(p) for p in itertools.islice(itertools.product(*options), MAX_READINGS)]


@dataclass(frozen=True)
class Fix:
    typed: str
    word: str


class Homophones:
    """Reads homophone slips against a vocabulary; ``known(word)`` says a stretch is a real word of the corpus."""

    def __init__(self, vocabulary: Iterable[str], known: Callable[[str], bool]) -> None:
        self._known = known
        self._by_sound: dict[str, set[str]] = {}
        for word in vocabulary:
            if MIN_CHARS <= len(word) <= MAX_CHARS and all(_HAN.fullmatch(c) for c in word):
                for key in sound_keys(word):
                    self._by_sound.setdefault(key, set()).add(word)
        self._lengths = sorted({len(k.split(" ")) for k in self._by_sound}, reverse=True)

    def fix(self, text: str) -> tuple[str, list[Fix]]:
        """``text`` with each homophone slip replaced (longest stretches first), and the slips read."""
        fixes: list[Fix] = []
        out: list[str] = []
        i = 0
        while i < len(text):
            found = self._slip_at(text, i)
            if found is None:
                out.append(text[i])
                i += 1
                continue
            fixes.append(found)
            out.append(found.word)
            i += len(found.typed)
        return "".join(out), fixes

    def _slip_at(self, text: str, start: int) -> Fix | None:
        for length in self._lengths:
            typed = text[start : start + length]
            if len(typed) < length or not all(_HAN.fullmatch(c) for c in typed):
                continue
            words = {w for key in sound_keys(typed) for w in self._by_sound.get(key, ())}
            words.discard(typed)
            if len(words) != 1 or self._known(typed):
                continue
            if length == MIN_CHARS and all(self._known(c) for c in typed):
                continue  # two everyday characters (公式, 事业) are a word of their own, not a slip
            return Fix(typed, words.pop())
        return None
