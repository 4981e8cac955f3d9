"""Find directory entries in what a resident typed: names, aliases, typos, vague words.

`lookup` is the one call per message (the NLU component makes it and keeps the result
in the message; the action reads it). It is deterministic and needs no model: names
and aliases are found word for word, each word allowed a small misspelling
(rapidfuzz) when it is long enough to tell apart; the needs residents describe
("power out") are found by their words in any order and form; a vague word such as
"police" or "metro" yields the entries whose names contain it. Up to MAX_ANSWERS
candidates are answered with their numbers, more are offered as choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from rapidfuzz import fuzz, process

from assistant.directory import Directory, Entry, PhoneNumber, load_directory, normalize_name, stem
from assistant.language import fold

MAX_TOKENS = 80  # a lookup request is short; a long paste is cut here
WORD_MIN_SCORE = 80  # "poision"~"poison" 92, "animul"~"animal" 83, "office"~"police" 67
FUZZY_MIN_LENGTH = 5  # shorter words (fbi, dea, ksp, jail) must be spelled right
# Needs are everyday words, and a five-letter one is often another everyday word one
# letter away ("rapid" SOS is not "rabid"): a need word is matched with a typo from six letters.
NEED_FUZZY_MIN_LENGTH = 6
# Words of a request that never tell which entry is meant.
_FILLER = frozenset(
    """a an and are about call can do for get give i in is it me my need number
numbers of phone please the to u s us what whats who how where line their there""".split()
)
# Name words too common to pick entries by themselves ("the mayor's office").
_WEAK = frozenset(
    """office department services service center company information society
district trouble emergency non""".split()
)
# Words of a request for "a number" that name nothing: "can you give me a phone number pls".
_REQUEST_WORDS = _FILLER | frozenset(
    """want wanna looking look find contact you your have
some any one which tell with hi hey hello ok okay yes so just pls plz thanks thank number
numbers phone telephone""".split()
)


# Name words that say only "the police, not an emergency": a name made of these alone
# ("non-emergency line", "police non-emergency") is dropped when a message also names or
# describes something specific ("the non emergency number for animal control").
_GENERIC = _FILLER | _WEAK | frozenset({"police"})
# This department's own entry: questions about texting or calling name it in passing
# ("how do I text the jtpd dispatcher"), so an answer naming only it is `generic`: it
# does not turn a FAQ question into a lookup (assistant/lookup_routing.py).
NON_EMERGENCY_ENTRY = "jeffersontown-police"


MAX_ANSWERS = 3  # up to this many candidates are answered with their numbers; more are choices
NEED_WINDOW_EXTRA = 3  # a need's words lie within its length plus this many words
# Words a need never turns on ("a gas leak in my house": gas, leak).
_NEED_STOPWORDS = (
    _FILLER
    | frozenset(
        """am be been being by did does from has had have he her
him his i'm if into its just my no not off on or our she so some than that them then they
this too was we were when will with you your yours""".split()
    )
) - {"no", "out", "line"}
# Irregular forms that the suffix rules below cannot bring together.
_IRREGULAR = {
    "stole": "steal",
    "stolen": "steal",
    "theft": "steal",
    "thief": "steal",
    "broke": "break",
    "broken": "break",
    "burnt": "burn",
    "fell": "fall",
    "fallen": "fall",
    "bit": "bite",
    "bitten": "bite",
    "children": "child",
    "kids": "kid",
    "men": "man",
    "women": "woman",
    "went": "go",
    "gone": "go",
    "ate": "eat",
    "drank": "drink",
    "drunk": "drink",
    "took": "take",
    "taken": "take",
    "smelt": "smell",
    "died": "die",
    "dying": "die",
}


@dataclass(frozen=True)
class Answer:
    """An entry to give, with the numbers that answer: all of them, or those asked for."""

    entry: Entry
    numbers: Tuple[PhoneNumber, ...]
    how: str = "name"  # "name": named outright; "need": a need it serves; "vague": a word
    generic: bool = False  # named only by generic words ("the non-emergency line")


@dataclass(frozen=True)
class LookupResult:
    """One reading of a message against the directory: everything a lookup needs.

    `answers`: the entries to give with their numbers (at most MAX_ANSWERS);
    `choices`: more candidates than that, to offer as buttons; `category`: a category
    the text names; `bare`: a request for "a number" that names nothing.
    """

    answers: Tuple[Answer, ...] = ()
    choices: Tuple[Entry, ...] = ()
    category: Optional[str] = None
    bare: bool = False

    @property
    def matches(self) -> Tuple[Entry, ...]:
        return tuple(a.entry for a in self.answers)

    def as_dict(self) -> Dict[str, Any]:
        """Plain data, kept in the parsed message for the action server (MATCH_KEY)."""
        return {
            "answers": [
                {
                    "entry": a.entry.id,
                    "how": a.how,
                    "generic": a.generic,
                    "numbers": [n.digits for n in a.numbers],
                }
                for a in self.answers
            ],
            "choices": [e.id for e in self.choices],
            "category": self.category,
            "bare": self.bare,
        }

    @classmethod
    def from_dict(cls, data: Any, directory: Directory) -> Optional["LookupResult"]:
        """The result `as_dict` wrote, or None if it is missing or names unknown entries."""
        if not isinstance(data, dict):
            return None
        try:
            answers = []
            for item in data.get("answers") or []:
                entry = directory.get(item["entry"])
                numbers = tuple(n for n in entry.numbers if n.digits in item["numbers"])
                answers.append(
                    Answer(entry, numbers or entry.numbers, str(item["how"]), bool(item.get("generic")))
                )
            choices = tuple(directory.get(i) for i in data.get("choices") or [])
            if None in choices:
                return None
            return cls(tuple(answers), choices, data.get("category"), bool(data.get("bare")))
        except (AttributeError, KeyError, TypeError):
            return None


# Where a parsed message keeps its LookupResult.as_dict() (pipeline/directory_entities.py
# writes it, actions/actions.py reads it): the directory is matched once per message.
MATCH_KEY = "directory_match"


@dataclass(frozen=True)
class _Need:
    words: Tuple[str, ...]
    entry_id: str
    number: Optional[str]  # the digits of the number it is for; None: the whole entry


@dataclass
class _Index:
    phrases: Dict[Tuple[str, ...], str] = field(default_factory=dict)  # words -> entry id
    by_first_word: Dict[str, List[Tuple[str, ...]]] = field(default_factory=dict)
    vocabulary: List[str] = field(default_factory=list)
    words_of: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # entry id -> words
    name_words: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # its name's own
    generic: Set[Tuple[str, ...]] = field(default_factory=set)  # names of only weak words
    category_of: Dict[str, str] = field(default_factory=dict)  # entry id -> category key
    needs: List[_Need] = field(default_factory=list)
    need_vocabulary: List[str] = field(default_factory=list)
    label_words: Dict[str, Dict[str, FrozenSet[str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Hit:
    positions: Tuple[int, ...]  # the message's words it explains
    score: float
    entry_id: str
    number: Optional[str] = None
    how: str = "name"
    phrase: Optional[Tuple[str, ...]] = None  # for a name: the name's words

    def key(self) -> Tuple:
        # More words explained first; a name before a need; closer spelling first.
        return (-len(self.positions), self.how != "name", -self.score, self.positions[0])


def _words(text: str, directory: Optional[Directory] = None) -> List[str]:
    synonyms = (directory or default_directory()).synonyms
    return [stem(synonyms.get(w, w)) for w in normalize_name(text).split()]


def need_stem(word: str) -> str:
    """One form for a word's inflections: "smells", "smelled", "smelling" -> "smell"."""
    word = _IRREGULAR.get(word, word)
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("ly", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # "stopped" -> "stop", but "smelled" -> "smell"
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _need_words(text: str, directory: Directory) -> List[Optional[str]]:
    """Each word of the text in its need form; None for a word no need turns on."""
    out: List[Optional[str]] = []
    for word in normalize_name(text).split():
        word = directory.synonyms.get(word, word)
        out.append(None if word in _NEED_STOPWORDS else need_stem(word))
    return out


@lru_cache(maxsize=8)
def _index(directory: Directory) -> _Index:
    index = _Index()
    vocabulary: Set[str] = set()
    need_vocabulary: Set[str] = set()
    for entry in directory.entries:
        words: Set[str] = set()
        for name in entry.names:
            phrase = tuple(_words(name, directory))
            index.phrases[phrase] = entry.id
            index.by_first_word.setdefault(phrase[0], []).append(phrase)
            words.update(phrase)
        vocabulary |= words
        index.words_of[entry.id] = frozenset(words - _FILLER)
        # "Crisis Line" is named by "crisis"; "Metro Call" is not named by "metro".
        index.name_words[entry.id] = (
            frozenset(_words(entry.name, directory))
            - _WEAK
            - {"line", "hotline", "number", "the", "of", "and", "for"}
        )
        index.category_of[entry.id] = entry.category
        places = [(None, entry.needs)] + [(n.digits, n.needs) for n in entry.numbers]
        for number, needs in places:
            for need in needs:
                need_words = tuple(w for w in _need_words(need, directory) if w)
                index.needs.append(_Need(need_words, entry.id, number))
                need_vocabulary.update(need_words)
        if len(entry.numbers) > 1:
            index.label_words[entry.id] = {
                n.digits: frozenset(_words(n.label, directory)) - _FILLER - _WEAK for n in entry.numbers
            }
    index.generic = {phrase for phrase in index.phrases if set(phrase) <= _GENERIC}
    index.vocabulary = sorted(vocabulary)
    index.need_vocabulary = sorted(need_vocabulary)
    return index


def match_entries(text: str, directory: Optional[Directory] = None) -> LookupResult:
    """The entries a text names or describes, with the numbers that answer it."""
    directory = directory or default_directory()
    tokens = _words(text or "", directory)[:MAX_TOKENS]
    if not tokens:
        return LookupResult()
    index = _index(directory)
    need_tokens = _need_words(text or "", directory)[:MAX_TOKENS]
    hits = _resolve(_name_hits(tokens, index) + _need_hits(need_tokens, index))
    hits = prefer_specific(hits, index)
    if hits:
        return _answers(hits, set(tokens), index, directory)
    candidates = [directory.get(i) for i in _vague(tokens, index, directory)]
    if len(candidates) > MAX_ANSWERS:
        return LookupResult(choices=tuple(candidates))
    # A word that one, two or three entries share: each is given, with its full name
    # and, for an entry with labelled numbers, those the words ask for ("electricity").
    return LookupResult(
        answers=tuple(Answer(e, _numbers_asked(e, set(tokens), index), "vague") for e in candidates)
    )


def lookup(text: str, directory: Optional[Directory] = None) -> LookupResult:
    """The one matching call per message: entries, numbers, choices, category, bare."""
    directory = directory or default_directory()
    result = match_entries(text, directory)
    return LookupResult(
        result.answers,
        result.choices,
        match_category(text, directory),
        not result.answers and not result.choices and is_bare_request(text),
    )


def named_entries(text: str, directory: Optional[Directory] = None) -> Tuple[Entry, ...]:
    """Only the entries the text names or whose needs it describes (no vague guesses)."""
    return tuple(a.entry for a in match_entries(text, directory).answers if a.how != "vague")


def _answers(hits: List[_Hit], tokens: Set[str], index: _Index, directory: Directory) -> LookupResult:
    order: List[str] = []
    asked: Dict[str, Set[str]] = {}
    how: Dict[str, str] = {}
    specific: Set[str] = set()
    for hit in sorted(hits, key=lambda h: h.positions[0]):
        if not (hit.how == "name" and (hit.phrase in index.generic or hit.entry_id == NON_EMERGENCY_ENTRY)):
            specific.add(hit.entry_id)
        if hit.entry_id not in order:
            order.append(hit.entry_id)
        how.setdefault(hit.entry_id, hit.how)
        if hit.how == "name":
            how[hit.entry_id] = "name"
        if hit.number:
            asked.setdefault(hit.entry_id, set()).add(hit.number)
    answers = []
    for entry_id in order:
        entry = directory.get(entry_id)
        asked_for = asked.get(entry_id)
        numbers = (
            tuple(n for n in entry.numbers if n.digits in asked_for)
            if asked_for
            else _numbers_asked(entry, tokens, index)
        )
        answers.append(Answer(entry, numbers, how[entry_id], entry_id not in specific))
    if len(answers) > MAX_ANSWERS:
        return LookupResult(choices=tuple(a.entry for a in answers))
    return LookupResult(answers=tuple(answers))


def _numbers_asked(entry: Entry, tokens: Set[str], index: _Index) -> Tuple[PhoneNumber, ...]:
    """The numbers whose label the words name ("gas" -> Gas trouble); else all of them."""
    wanted = {
        digits for digits, words in index.label_words.get(entry.id, {}).items() if words and words <= tokens
    }
    return tuple(n for n in entry.numbers if n.digits in wanted) or entry.numbers


def prefer_specific(hits: List[_Hit], index: _Index) -> List[_Hit]:
    """Drop the broad hits that a more specific one makes unlikely. A wrong number is
    worse than none, so only two kinds go, each only beside a more telling hit:
    - a generic name ("non emergency line") when anything else is named or described;
    - a one-word need ("arrested") when another entry of the same category is found by
      more words or by its name ("my teenager was arrested": the Youth Center, not the
      jail). Entries of other categories stay: "a lawyer, he was arrested" gives both.
    """
    specific = [h for h in hits if not (h.how == "name" and h.phrase in index.generic)]
    if specific and any(h.entry_id != s.entry_id for h in hits for s in specific):
        hits = [h for h in hits if h in specific or h.entry_id in {s.entry_id for s in specific}]
    named = {h.entry_id for h in hits if h.how == "name"}

    def outdone(broad: _Hit) -> bool:
        return any(
            (other.how == "name" or len(other.positions) > 1)
            and other.entry_id != broad.entry_id
            and index.category_of[other.entry_id] == index.category_of[broad.entry_id]
            for other in hits
        )

    return [
        h
        for h in hits
        if not (h.how == "need" and len(h.positions) == 1 and h.entry_id not in named and outdone(h))
    ]


def _close_words(token: str, index: _Index) -> Dict[str, float]:
    """Vocabulary words this token may stand for, with how close they are (100 = same)."""
    close = {token: 100.0} if token in index.by_first_word or token in index.vocabulary else {}
    if len(token) >= FUZZY_MIN_LENGTH:
        for word, score, _ in process.extract(
            token, index.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MIN_SCORE, limit=5
        ):
            if len(word) >= FUZZY_MIN_LENGTH:
                close.setdefault(word, score)
    return close


def _name_hits(tokens: List[str], index: _Index) -> List[_Hit]:
    """Every name or alias the text spells out (in order, each word perhaps misspelt)."""
    close = [_close_words(t, index) for t in tokens]
    hits: List[_Hit] = []
    for start in range(len(tokens)):
        for first, first_score in close[start].items():
            for phrase in index.by_first_word.get(first, ()):
                end = start + len(phrase)
                if end > len(tokens):
                    continue
                scores = [first_score] + [
                    close[start + j].get(word, 0.0) for j, word in enumerate(phrase[1:], start=1)
                ]
                if min(scores) > 0:
                    hits.append(
                        _Hit(
                            tuple(range(start, end)),
                            sum(scores) / len(scores),
                            index.phrases[phrase],
                            phrase=phrase,
                        )
                    )
    return hits


def _need_hits(words: List[Optional[str]], index: _Index) -> List[_Hit]:
    """Every need whose words are all in the text, in any order, close together."""
    where: Dict[str, List[Tuple[int, float]]] = {}
    for position, word in enumerate(words):
        if not word:
            continue
        close = {word: 100.0} if word in index.need_vocabulary else {}
        if len(word) >= NEED_FUZZY_MIN_LENGTH:
            for known, score, _ in process.extract(
                word, index.need_vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MIN_SCORE, limit=3
            ):
                if len(known) >= NEED_FUZZY_MIN_LENGTH:
                    close.setdefault(known, score)
        for known, score in close.items():
            where.setdefault(known, []).append((position, score))
    hits = []
    for need in index.needs:
        if not need.words or not all(w in where for w in need.words):
            continue
        best = _closest(need.words, where, len(need.words) + NEED_WINDOW_EXTRA)
        if best is not None:
            positions, score = best
            hits.append(_Hit(positions, score, need.entry_id, need.number, "need"))
    return hits


def _closest(
    words: Tuple[str, ...], where: Dict[str, List[Tuple[int, float]]], window: int
) -> Optional[Tuple[Tuple[int, ...], float]]:
    """Positions of the words within `window` words of the first, best spelt; or None."""
    best = None
    for anchor, _ in where[words[0]]:
        chosen = []
        for word in words:
            near = [
                (abs(p - anchor), -s, p, s)
                for p, s in where[word]
                if abs(p - anchor) < window and p not in [c[0] for c in chosen]
            ]
            if not near:
                break
            _, _, p, s = min(near)
            chosen.append((p, s))
        else:
            span = max(p for p, _ in chosen) - min(p for p, _ in chosen)
            if span < window:
                score = sum(s for _, s in chosen) / len(chosen)
                if best is None or score > best[1]:
                    best = (tuple(sorted(p for p, _ in chosen)), score)
    return best


def _resolve(hits: List[_Hit]) -> List[_Hit]:
    """Each word explained once: the hits that explain most words win, names first."""
    covered: Set[int] = set()
    chosen = []
    for hit in sorted(hits, key=_Hit.key):
        if covered & set(hit.positions):
            continue
        covered |= set(hit.positions)
        chosen.append(hit)
    return chosen


def _vague(tokens: List[str], index: _Index, directory: Directory) -> List[str]:
    """Entries whose names contain every telling word of the text ("police", "metro")."""
    telling = {t for t in tokens if t in index.vocabulary and t not in _FILLER}
    if not telling - _WEAK:
        return []
    found = [e.id for e in directory.entries if telling <= index.words_of[e.id]]
    # "crisis" names the Crisis Line itself, and only in part the Rape Crisis line.
    named = [i for i in found if index.name_words[i] and index.name_words[i] <= telling]
    return named or found


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


# After choices: "the second one", "2", "the last one"; "yes", "that one" take the first.
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "1": 0,
    "second": 1,
    "2nd": 1,
    "2": 1,
    "third": 2,
    "3rd": 2,
    "3": 2,
    "fourth": 3,
    "4th": 3,
    "4": 3,
    "fifth": 4,
    "5th": 4,
    "5": 4,
    "sixth": 5,
    "6th": 5,
    "6": 5,
    "last": -1,
    # Spanish, accents folded: "el primero", "la segunda", "el 3ro", "la última".
    **{word: 0 for word in ("primero", "primera", "primer", "1ro", "1ra", "1o", "1a")},
    **{word: 1 for word in ("segundo", "segunda", "2do", "2da", "2o")},
    **{word: 2 for word in ("tercero", "tercera", "tercer", "3ro", "3ra", "3o")},
    **{word: 3 for word in ("cuarto", "cuarta", "4to", "4ta")},
    **{word: 4 for word in ("quinto", "quinta", "5to", "5ta")},
    **{word: 5 for word in ("sexto", "sexta", "6to", "6ta")},
    "ultimo": -1,
    "ultima": -1,
}
_AGREEING = frozenset(
    """yes yeah yep yup ya sure ok okay k that this it one correct right
please pls thanks thank the one that s thats it them y mhm uh huh
si sip simon claro ese esa eso este esta el la uno una correcto exacto dale va gracias
porfa por favor""".split()
)


def pick_choice(
    text: str, choices: Sequence[Entry], directory: Optional[Directory] = None
) -> Optional[Entry]:
    """The offered choice a reply picks: by position, by agreeing, or by a word of its name."""
    if not choices:
        return None
    words = normalize_name(fold(text or "")).split()[:MAX_TOKENS]  # "sí", "última": accents folded
    positions = [_ORDINALS[w] for w in words if w in _ORDINALS]
    if positions:
        position = positions[0]
        return choices[position] if -len(choices) <= position < len(choices) else None
    if words and all(w in _AGREEING for w in words):
        return choices[0]
    directory = directory or default_directory()
    index = _index(directory)
    telling = {t for t in _words(text or "", directory) if t in index.vocabulary} - _FILLER
    fitting = [e for e in choices if telling and telling & index.words_of[e.id]]
    return fitting[0] if len(fitting) == 1 else None
