"""Find directory entries in what a resident typed: names, aliases, typos, vague words.

`match_entries` is deterministic and needs no model: names and aliases are found
word for word, each word allowed a small misspelling (rapidfuzz) when it is long
enough to tell apart; a vague word such as "police" or "metro" yields the entries
whose names contain it, to be offered as choices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from rapidfuzz import fuzz, process

from assistant.directory import Directory, Entry, load_directory, normalize_name, stem

MAX_TOKENS = 80  # a lookup request is short; a long paste is cut here
WORD_MIN_SCORE = 80  # "poision"~"poison" 92, "animul"~"animal" 83, "office"~"police" 67
FUZZY_MIN_LENGTH = 5  # shorter words (fbi, dea, ksp, jail) must be spelled right
# Words of a request that never tell which entry is meant.
_FILLER = frozenset("""a an and are about call can do for get give i in is it me my need number
numbers of phone please the to u s us what whats who how where line their there""".split())
# Name words too common to pick entries by themselves ("the mayor's office").
_WEAK = frozenset("""office department services service center company information society
district trouble emergency non""".split())
# Words of a request for "a number" that name nothing: "can you give me a phone number pls".
_REQUEST_WORDS = _FILLER | frozenset("""want wanna looking look find contact you your have
some any one which tell with hi hey hello ok okay yes so just pls plz thanks thank number
numbers phone telephone""".split())


@dataclass(frozen=True)
class LookupResult:
    """`matches`: the entries the text names; `choices`: entries to offer when vague."""

    matches: Tuple[Entry, ...] = ()
    choices: Tuple[Entry, ...] = ()


@dataclass
class _Index:
    phrases: Dict[Tuple[str, ...], str] = field(default_factory=dict)  # words -> entry id
    by_first_word: Dict[str, List[Tuple[str, ...]]] = field(default_factory=dict)
    vocabulary: List[str] = field(default_factory=list)
    words_of: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # entry id -> words


def _words(text: str, directory: Optional[Directory] = None) -> List[str]:
    synonyms = (directory or default_directory()).synonyms
    return [stem(synonyms.get(w, w)) for w in normalize_name(text).split()]


@lru_cache(maxsize=8)
def _index(directory: Directory) -> _Index:
    index = _Index()
    vocabulary: Set[str] = set()
    for entry in directory.entries:
        words: Set[str] = set()
        for name in entry.names:
            phrase = tuple(_words(name, directory))
            index.phrases[phrase] = entry.id
            index.by_first_word.setdefault(phrase[0], []).append(phrase)
            words.update(phrase)
        vocabulary |= words
        index.words_of[entry.id] = frozenset(words - _FILLER)
    index.vocabulary = sorted(vocabulary)
    return index


def match_entries(text: str, directory: Optional[Directory] = None) -> LookupResult:
    directory = directory or default_directory()
    tokens = _words(text or "", directory)[:MAX_TOKENS]
    if not tokens:
        return LookupResult()
    index = _index(directory)
    found = _named(tokens, index)
    if found:
        return LookupResult(matches=tuple(directory.get(i) for i in found))
    # A shared word is a hint, not a name: even a single entry is offered, not asserted.
    return LookupResult(choices=tuple(directory.get(i) for i in _vague(tokens, index, directory)))


def named_entries(text: str, directory: Optional[Directory] = None) -> Tuple[Entry, ...]:
    """Only the entries the text names outright (no vague-word guesses)."""
    directory = directory or default_directory()
    tokens = _words(text or "", directory)[:MAX_TOKENS]
    return tuple(directory.get(i) for i in _named(tokens, _index(directory))) if tokens else ()


def _close_words(token: str, index: _Index) -> Dict[str, float]:
    """Vocabulary words this token may stand for, with how close they are (100 = same)."""
    close = {token: 100.0} if token in index.by_first_word or token in index.vocabulary else {}
    if len(token) >= FUZZY_MIN_LENGTH:
        for word, score, _ in process.extract(token, index.vocabulary, scorer=fuzz.ratio,
                                              score_cutoff=WORD_MIN_SCORE, limit=5):
            if len(word) >= FUZZY_MIN_LENGTH:
                close.setdefault(word, score)
    return close


def _named(tokens: List[str], index: _Index) -> List[str]:
    """Entry ids whose name or alias the text spells out, longest and closest first."""
    close = [_close_words(t, index) for t in tokens]
    hits: List[Tuple[int, float, int, str]] = []  # (-length, -score, start, entry id)
    for start in range(len(tokens)):
        for first, first_score in close[start].items():
            for phrase in index.by_first_word.get(first, ()):
                end = start + len(phrase)
                if end > len(tokens):
                    continue
                scores = [first_score] + [close[start + j].get(word, 0.0)
                                          for j, word in enumerate(phrase[1:], start=1)]
                if min(scores) > 0:
                    hits.append((-len(phrase), -sum(scores) / len(scores), start,
                                 index.phrases[phrase]))
    covered = [False] * len(tokens)
    chosen: List[Tuple[int, str]] = []
    for neg_length, neg_score, start, entry_id in sorted(hits):
        span = range(start, start - neg_length)
        if any(covered[i] for i in span):
            continue
        for i in span:
            covered[i] = True
        chosen.append((start, entry_id))
    return list(dict.fromkeys(entry_id for _, entry_id in sorted(chosen)))


def _vague(tokens: List[str], index: _Index, directory: Directory) -> List[str]:
    """Entries whose names contain every telling word of the text ("police", "metro")."""
    telling = {t for t in tokens if t in index.vocabulary and t not in _FILLER}
    if not telling - _WEAK:
        return []
    return [e.id for e in directory.entries if telling <= index.words_of[e.id]]


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    return load_directory()


def match_category(text: str, directory: Optional[Directory] = None) -> Optional[str]:
    """The category a text names ("federal agencies", "crisis lines"), if any."""
    directory = directory or default_directory()
    words = set(_words(text or "", directory)[:MAX_TOKENS])
    for category in directory.categories:
        for phrase in category.names:
            if set(_words(phrase, directory)) <= words:
                return category.key
    return None


def is_bare_request(text: str) -> bool:
    """True for "I need a number": a request that names no agency or service at all."""
    return not [w for w in normalize_name(text or "").split() if w not in _REQUEST_WORDS]
