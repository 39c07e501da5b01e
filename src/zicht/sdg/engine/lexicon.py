"""Bilingual SDG lexicons: parsing and matching.

File format (``data/lexicon_<lang>.txt``)::

    == 7                                  # section: SDG 7
    3: renewable energy @7.2; solar*; energy poverty @7.1
    1.5: energy; electricity

Each line is ``<weight>: term; term; ...``. A term is one or more words; a word
ending in ``*`` matches any token starting with it, other words match on their
light stem. ``@7.2`` attaches target hints. A leading ``=`` disables Dutch
compound matching for that term. In Dutch, single-word terms whose stem has at
least 5 letters also match inside compounds ("energiearmoede" contains "armoede").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .text import is_boundary, normalise, stemmer

COMPOUND_MIN = 5


@dataclass(frozen=True, slots=True)
class Entry:
    sdg: int
    weight: float
    targets: tuple[str, ...]
    term: str  # as written in the lexicon, used as evidence label


class Lexicon:
    def __init__(self, lang: str):
        self.lang = lang
        self.stem = stemmer(lang)
        # single-word: exact stem -> entries; prefix -> entries; compound stem -> entries
        self.exact: dict[str, list[Entry]] = {}
        self.prefix: dict[str, list[Entry]] = {}
        self.compound: dict[str, list[Entry]] = {}
        # multi-word: first unit key -> list of (units, entries)
        self.phrases: dict[str, list[tuple[tuple[tuple[bool, str], ...], list[Entry]]]] = {}
        self._phrase_index: dict[tuple, list[Entry]] = {}
        self.max_prefix = 0
        self.min_prefix = 99
        self._token_cache: dict[str, tuple[Entry, ...]] = {}
        self.n_entries = 0
        self._info_cache: dict[str, tuple] = {}
        self.blocked: set[str] = set()  # tokens never matched by prefix/compound

    # -- building ---------------------------------------------------------------
    def add(self, term: str, entry: Entry) -> None:
        no_compound = term.startswith("=")
        words = term.lstrip("=").split()
        units = []
        for word in words:
            if word.endswith("*"):
                units.append((True, word[:-1]))
            else:
                units.append((False, self.stem(word)))
        self.n_entries += 1
        if len(units) == 1:
            is_prefix, key = units[0]
            if is_prefix:
                self.prefix.setdefault(key, []).append(entry)
                self.max_prefix = max(self.max_prefix, len(key))
                self.min_prefix = min(self.min_prefix, len(key))
            else:
                self.exact.setdefault(key, []).append(entry)
            if self.lang == "nl" and not no_compound and len(key) >= COMPOUND_MIN:
                self.compound.setdefault(key, []).append(entry)
            return
        units_t = tuple(units)
        if units_t in self._phrase_index:
            self._phrase_index[units_t].append(entry)
            return
        entries = [entry]
        self._phrase_index[units_t] = entries
        first_prefix, first_key = units_t[0]
        self.phrases.setdefault(("p:" if first_prefix else "e:") + first_key, []).append(
            (units_t, entries)
        )
        if first_prefix:
            self.max_prefix = max(self.max_prefix, len(first_key))
            self.min_prefix = min(self.min_prefix, len(first_key))

    def finalise(self) -> None:
        for lst in self.phrases.values():
            lst.sort(key=lambda item: -len(item[0]))

    @classmethod
    def from_file(cls, path: Path, lang: str) -> Lexicon:
        lex = cls(lang)
        sdg = 0
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("=="):
                sdg = int(line[2:].strip())
                continue
            head, sep, rest = line.partition(":")
            if not sep:
                raise ValueError(f"{path.name}:{lineno}: expected '<weight>: terms'")
            if sdg == 0:  # section 0: false friends, matched exactly only
                lex.blocked.update(normalise(t.strip()) for t in rest.split(";") if t.strip())
                continue
            weight = float(head)
            for item in rest.split(";"):
                item = item.strip()
                if not item:
                    continue
                term, _, tgt = item.partition("@")
                targets = tuple(t.strip() for t in tgt.replace(",", " ").split() if t.strip())
                term = " ".join(term.lower().split())
                term = normalise(term)
                lex.add(term, Entry(sdg, weight, targets, term.lstrip("=")))
        lex.finalise()
        return lex

    # -- matching ---------------------------------------------------------------
    def token_entries(self, tok: str, stem: str) -> tuple[Entry, ...]:
        cached = self._token_cache.get(tok)
        if cached is not None:
            return cached
        found: list[Entry] = []
        seen: set[int] = set()

        def take(entries):
            for e in entries:
                if id(e) not in seen:
                    seen.add(id(e))
                    found.append(e)

        if stem in self.exact:
            take(self.exact[stem])
        if tok in self.blocked:
            self._token_cache[tok] = result = tuple(found)
            return result
        if self.prefix:
            for k in range(self.min_prefix, min(len(tok), self.max_prefix) + 1):
                hit = self.prefix.get(tok[:k])
                if hit:
                    take(hit)
        if self.compound and len(tok) > COMPOUND_MIN:
            n = len(tok)
            for i in range(0, n - COMPOUND_MIN + 1):
                for j in range(i + COMPOUND_MIN, n + 1):
                    if i == 0 and j == n:
                        continue
                    hit = self.compound.get(tok[i:j])
                    if hit:
                        take(hit)
        result = tuple(found)
        if len(self._token_cache) < 500_000:
            self._token_cache[tok] = result
        return result

    def _unit_ok(self, unit: tuple[bool, str], tok: str, stem: str) -> bool:
        is_prefix, key = unit
        return tok.startswith(key) if is_prefix else stem == key

    def _info(self, tok: str, stem: str):
        """(phrase candidates, single-token entries) for a token, cached."""
        if is_boundary(tok):
            info = ((), ())
        else:
            cands = list(self.phrases.get("e:" + stem, ()))
            for k in range(self.min_prefix, min(len(tok), self.max_prefix) + 1):
                got = self.phrases.get("p:" + tok[:k])
                if got:
                    cands.extend(got)
            info = (tuple(cands), self.token_entries(tok, stem))
        if len(self._info_cache) < 500_000:
            self._info_cache[tok] = info
        return info

    def match(self, tokens: list[str], stems: list[str]):
        """Yield (start, end, entries): longest phrase match first, else the token."""
        n = len(tokens)
        i = 0
        cache = self._info_cache
        while i < n:
            tok = tokens[i]
            info = cache.get(tok)
            if info is None:
                info = self._info(tok, stems[i])
            cands, entries = info
            if cands:
                best = None
                for units, phrase_entries in cands:
                    m = len(units)
                    if (best is not None and m <= best[0]) or i + m > n:
                        continue
                    for off in range(1, m):
                        t2 = tokens[i + off]
                        is_prefix, key = units[off]
                        if not (t2.startswith(key) if is_prefix else stems[i + off] == key):
                            break
                    else:
                        best = (m, phrase_entries)
                if best is not None:
                    yield i, i + best[0], best[1]
                    i += best[0]
                    continue
            if entries:
                yield i, i + 1, entries
            i += 1
