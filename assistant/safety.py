"""The safety net: finds an emergency, a suicide or self-harm risk, sexual assault or
abuse in any message, in English or Spanish, and how sure it can be.

Safety-critical. Why each rule exists: docs/safety.md. The rules: assistant/safety_rules.py.
Tests: tests/unit/test_safety.py, tests/unit/test_safety_context.py and the held-out
evaluation in tests/test_safety_eval.py (tests/safety_eval/).

It runs on every message, whatever the intent classifier says. A rule that matches
makes its concern *certain* (the fixed reply comes first) unless the words around it
say the danger is not happening now:
- dated to the past ("last night", "two years ago");
- hypothetical ("if it ever happens again", "what should I do if");
- a question about how 911 works ("why do they ask about weapons");
- negated ("nobody is hurt", "no es una emergencia");
- a figure of speech ("dying to know", "this traffic is killing me");
- the name of a directory entry ("rape crisis number", "child abuse hotline").
What those words do depends on the concern: an emergency that is over or imagined is
not one; a past sexual assault is still one (Rape Crisis helps after it); a suicide
risk talked about in the past or as a hypothetical gets the 988 line next to the
answer (the *possible* tier), never nothing.
Weak signals (rules whose sign ends in "?") only ever make a concern possible, until
two of them agree or the message says it is happening now.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from assistant import safety_rules
from assistant.language import SPANISH, fold, language_of
from settings.limits import SAFETY_MAX_CHARS as MAX_CHARS

# Longer messages are cut at MAX_CHARS before matching (settings/limits.py says why).


class Concern(str, enum.Enum):
    """What the message is about, most urgent first; each maps to a fixed reply."""

    EMERGENCY = "report_emergency"
    CRISIS = "crisis_support"
    SEXUAL_ASSAULT = "sexual_assault"
    ABUSE = "abuse_report"


_SPANISH_SIGNS = {"E8", "C7", "S3", "A4"}
_CONCERN_OF_SIGN = {
    "E": Concern.EMERGENCY,
    "C": Concern.CRISIS,
    "S": Concern.SEXUAL_ASSAULT,
    "A": Concern.ABUSE,
}

# Context words, on folded norms.
_NOW = {
    "now",
    "rn",
    "currently",
    "still",
    "ahora",
    "ahorita",
    "todavia",
    "aun",
    "right",
    "tonight",
    "asap",
    "immediately",
    "hurry",
    "quick",
    "urgente",
    "just",
    "sigue",
}
# "just" dates an event to now ("a truck just hit a kid") but does not undo an "if"
# ("should I call or just drive him to the ER").
_NOW_NOT_JUST = _NOW - {"just"}
_PAST = {
    "yesterday",
    "ago",
    "earlier",
    "overnight",
    "ayer",
    "anoche",
    "hace",
    "pasado",
    "pasada",
    "previously",
    "used",
    "remember",
}
_PAST_BIGRAMS = {
    ("last", "night"),
    ("last", "week"),
    ("last", "month"),
    ("last", "year"),
    ("last", "time"),
    ("last", "summer"),
    ("last", "winter"),
    ("last", "spring"),
    ("last", "fall"),
    ("last", "weekend"),
    ("other", "day"),
    ("this", "morning"),
    ("back", "in"),
    ("years", "back"),
    ("when", "was"),
    ("la", "semana"),
    ("el", "ano"),
    ("el", "mes"),
    ("in", "2019"),
    ("in", "2020"),
    ("in", "2021"),
    ("in", "2022"),
    ("in", "2023"),
    ("in", "2024"),
    ("in", "2025"),
    ("in", "january"),
    ("in", "february"),
    ("in", "march"),
    ("in", "april"),
    ("in", "may"),
    ("in", "june"),
    ("in", "july"),
    ("in", "august"),
    ("in", "september"),
    ("in", "october"),
    ("in", "november"),
    ("in", "december"),
    ("last", "summer"),
    ("last", "winter"),
    ("back", "when"),
    ("few", "weeks"),
    ("few", "days"),
    ("couple", "weeks"),
    ("couple", "days"),
    ("weeks", "back"),
    ("over", "weekend"),
    ("otro", "dia"),
    ("last", "monday"),
    ("last", "tuesday"),
    ("last", "wednesday"),
    ("last", "thursday"),
    ("last", "friday"),
    ("last", "saturday"),
    ("last", "sunday"),
    ("monday", "night"),
    ("tuesday", "night"),
    ("wednesday", "night"),
    ("thursday", "night"),
    ("friday", "night"),
    ("saturday", "night"),
    ("sunday", "night"),
    ("monday", "morning"),
    ("friday", "morning"),
    ("a", "while"),
    ("months", "ago"),
    ("growing", "up"),
    ("as", "a"),
}
_RECENT = {
    "minute",
    "minutes",
    "mins",
    "min",
    "hour",
    "hours",
    "hr",
    "rato",
    "minutos",
    "hora",
    "horas",
    "tonight",
    "seconds",
    "segundos",
}
# A long-ago past: abuse in childhood is not a report of abuse happening now.
_DISTANT_PAST = {
    "years",
    "decades",
    "childhood",
    "grew",
    "growing",
    "kid",
    "child",
    "nino",
    "nina",
    "anos",
    "young",
    "little",
    "teenager",
    "teen",
}
_CONDITIONAL = {"if", "whenever", "suppose", "supposing", "hypothetically", "si", "case", "caso", "incase"}
# "When" only frames a hypothetical inside a general question ("what do I do when...").
_QUESTION_OPENERS = {
    "what",
    "should",
    "do",
    "does",
    "is",
    "are",
    "can",
    "who",
    "how",
    "when",
    "que",
    "debo",
    "puedo",
    "cuando",
    "quien",
    "como",
    "will",
    "would",
    "could",
    "which",
    "where",
    "why",
}
_NEGATORS = {
    "not",
    "no",
    "nobody",
    "noone",
    "nothing",
    "never",
    "nadie",
    "nada",
    "nunca",
    "without",
    "sin",
    "isnt",
    "wasnt",
    "nt",
    "ni",
}
_ASK_WORDS = {
    "ask",
    "asks",
    "asked",
    "asking",
    "question",
    "questions",
    "pregunta",
    "preguntan",
    "preguntas",
    "want",
    "wants",
    "know",
}
_DISPATCH_WORDS = {
    "dispatcher",
    "dispatchers",
    "they",
    "911",
    "operator",
    "calltaker",
    "despachador",
    "despachadores",
    "you",
    "preguntan",
}
_WHY_WORDS = {"why", "porque", "por"}
# Words a "not" in front of turns around ("I'm not suicidal"); elsewhere the negation
# is part of the sign ("he didn't take no for an answer", "she won't wake up").
_NEGATABLE = {
    "suicidal",
    "suicide",
    "abused",
    "abusive",
    "raped",
    "assaulted",
    "molested",
    "neglected",
    "sexually",
    "self",
    "depressed",
}
_CLAUSE_ENDS = {".", "!", "?", ";", "\n", "but", "pero", ",", "and", "y", "or", "so"}

# Figures of speech whose words a rule could otherwise take at face value.
_FIGURATIVE = [
    "dying|dyin|die to|for|of|laughing",
    "to die for",
    "dead tired|serious|wrong|on|set|end|battery|phone",
    "phone|battery|car|laptop|computer|plant|plants|tv|dog ... died|dead|dying|is dead",
    "killing|kills|killed it",
    "killing|kill|kills me|us ... traffic|heat|cold|commute|kids|job|work|wait|line|prices|"
    "homework|taxes|feet|back",
    "traffic|heat|cold|commute|job|work|wait|line|prices|homework|taxes|this|that|it|"
    "feet|back|noise|music|suspense ... killing|kill|kills me|us",
    "kill|killing for a|some",
    "shoot me|us a|an text|message|email|call|line|note",
    "shoot|shoots|shot|shots ... basketball|hoops|photos|pictures|video|pool|shot|flu|covid|vaccine|booster",
    "flu|covid|vaccine|booster|tetanus shot|shots",
    "fire me|us|him|her|them|the|my|up",
    "fired from|me|him|her|at work|my job",
    "got|get|getting|was fired",
    "dead end|zone|line|lines|heat|ringer|giveaway",
    "drop dead gorgeous",
    "bored|scared|sick|worried to death",
    "blow up|blowing up my phone",
    "heart attack prices|moment",
    "on fire at|today|this|tonight|with",
    "crash course|diet|pad",
    "killer deal|app|game",
    "cut off|out|in line|the grass|my hair",
    "hit me up|back",
    "hit the road|gym|hay",
    "break in|into the market|business|industry",
    "me muero de|por",
    "me mata|matan el|la|los|las|este|esta",
    "driving me insane|crazy|nuts|up",
    "(lose my mind|losing my mind|lost my mind)",
    "kill|killing|kills|destroy my tires|car|phone|back|feet|knees|budget|wallet",
    "trafico|calor|frio|trabajo|tarea|fila|jefe ... (me va a matar|me mata|me esta matando)",
    "(smoke detector|smoke detectors|smoke alarm|smoke alarms|detector de humo|detectores de humo|alarma de humo|alarmas de humo)",
    "(no one|nobody|noone|nadie) (is|s|was|esta|estaba)? (in danger|hurt|injured|herido|herida|en peligro)",
    "(death of me|lost my mind|losing my mind)",
    "rooster|dog|dogs|noise|music|neighbor|neighbors|heat|this|traffic ... torturing|killing me|us",
    "boss|jefe|jefa|teacher|maestro|maestra|coach|manager|supervisor ... kill|murder|matar",
    "nearly|almost|practically had a heart attack|stroke",
    "drowning|drowned in paperwork|work|debt|bills|homework|emails|leaves|laundry|tickets",
    "inbox|phone|email|emails|notifications|head|brain ... exploded|exploding|blew up|blowing up",
    "wallet|account|budget|pockets|bank ... bleeding",
    "si|cuando me toca|toco",
]


@dataclass(frozen=True)
class Assessment:
    """What the safety net found in one message."""

    certain: Tuple[Concern, ...] = ()
    possible: Tuple[Concern, ...] = ()
    # "en" or "es" when the message tells (a Spanish sign always does), else None:
    # the conversation then keeps its language.
    language: Optional[str] = None
    # Whole-message context that also tells the classifier's guesses apart.
    not_current: bool = False
    # The message names a directory entry ("rape crisis line") or uses a figure of
    # speech ("dying to know"): the classifier's guess of danger is then not trusted.
    names_entry: bool = False
    figurative: bool = False
    # A life in danger now: with a suicide risk, 911 comes first.
    imminent: bool = False
    # Concerns the message rules out itself ("I'm not suicidal, just need a number").
    denied: Tuple[Concern, ...] = ()
    signs: Tuple[str, ...] = ()

    @property
    def top(self) -> Optional[Concern]:
        return self.certain[0] if self.certain else None


@dataclass
class _Found:
    certain: Set[Concern] = field(default_factory=set)
    possible: Dict[Concern, Set[Tuple[str, int]]] = field(default_factory=dict)
    denied: Set[Concern] = field(default_factory=set)
    signs: List[str] = field(default_factory=list)


def _token_pattern(word: str) -> dict:
    optional = word.endswith("?") and len(word) > 1
    word = word[:-1] if optional else word
    if word == "_":
        token: dict = {}
    else:
        alternatives = word.split("|")
        prefixes = [a[:-1] for a in alternatives if a.endswith("*") and len(a) > 1]
        exact = [a for a in alternatives if not (a.endswith("*") and len(a) > 1)]
        if prefixes:
            parts = [f"^{re.escape(p)}" for p in prefixes] + [f"^{re.escape(e)}$" for e in exact]
            token = {"NORM": {"REGEX": "|".join(parts)}}
        else:
            token = {"NORM": {"IN": exact}}
    if optional:
        token["OP"] = "?"
    return token


_GROUP = re.compile(r"\(([^()]*)\)")


def expand(spec: str) -> List[str]:
    """The plain specs a spec with phrase groups "(a b|c)" stands for."""
    match = _GROUP.search(spec)
    if not match:
        return [spec]
    specs: List[str] = []
    for phrase in match.group(1).split("|"):
        specs.extend(expand(spec[: match.start()] + phrase.strip() + spec[match.end() :]))
    return specs


def compile_pattern(spec: str) -> List[List[dict]]:
    """The Matcher patterns for one rule written in safety_rules' pattern language."""
    patterns = []
    for plain in expand(spec):
        tokens: List[dict] = []
        for word in plain.split():
            if word == "...":
                tokens.extend({"OP": "?"} for _ in range(5))
            else:
                tokens.append(_token_pattern(word))
        patterns.append(tokens)
    return patterns


_SENTENCE_ENDS = {".", "!", "?", ";"}
# Pieces of contractions whose spaCy norm is kept: "won't" -> "wo" (will) + "nt" (not).
_CONTRACTION_PIECES = {"wo", "ca", "gon", "na", "nt", "ta", "sha", "ai"}


def _sentence_start(doc: Doc, start: int) -> int:
    """Where the sentence holding token `start` begins: an "if" before an "and" still counts."""
    left = start
    while left > 0 and doc[left - 1].norm_ not in _SENTENCE_ENDS and "\n" not in doc[left - 1].text:
        left -= 1
    return left


def _clause(doc: Doc, start: int, end: int) -> Tuple[int, int]:
    """Token bounds of the clause around [start, end): sentence ends and "but" split it."""
    left = start
    while left > 0 and doc[left - 1].norm_ not in _CLAUSE_ENDS and "\n" not in doc[left - 1].text:
        left -= 1
    right = end
    while right < len(doc) and doc[right].norm_ not in _CLAUSE_ENDS and "\n" not in doc[right].text:
        right += 1
    return left, right


class SafetyNet:
    """Assesses a message with fixed rules (safety_rules) and context checks."""

    def __init__(self) -> None:
        self._nlp = spacy.blank("en")
        self._matcher = Matcher(self._nlp.vocab)
        self._blockers = Matcher(self._nlp.vocab)
        groups = [
            safety_rules.EMERGENCY,
            safety_rules.CRISIS,
            safety_rules.SEXUAL_ASSAULT,
            safety_rules.ABUSE,
        ]
        for rules in groups:
            for index, (sign, spec) in enumerate(rules):
                self._matcher.add(f"{sign}#{index}", compile_pattern(spec))
        for index, spec in enumerate(safety_rules.NAME_SPANS):
            self._blockers.add(f"NAME#{index}", compile_pattern(spec))
        for index, spec in enumerate(_FIGURATIVE):
            self._blockers.add(f"FIGURATIVE#{index}", compile_pattern(spec))

    def tokenize(self, text: str) -> Doc:
        doc = self._nlp.make_doc(fold(text[:MAX_CHARS].replace("’", "'")))
        for token in doc:
            # spaCy's norms spell out contractions ("n't" -> "not", "wo" -> "will") and
            # also turn "did" into "do"; the rules are written with the words as typed.
            if token.lower_ not in _CONTRACTION_PIECES and "'" not in token.text:
                token.norm_ = token.lower_
        return doc

    # --- context -----------------------------------------------------------------

    @staticmethod
    def _norms(doc: Doc, left: int, right: int) -> List[str]:
        return [t.norm_ for t in doc[left:right]]

    def _dated_past(self, norms: Sequence[str]) -> bool:
        if set(norms) & _NOW or set(norms) & _RECENT:
            return False  # "now", or "20 minutes ago", "hace rato"
        if set(norms) & _PAST:
            return True
        return any(pair in _PAST_BIGRAMS for pair in zip(norms, norms[1:]))

    @staticmethod
    def _distant_past(norms: Sequence[str]) -> bool:
        return bool(set(norms) & _DISTANT_PAST) and (
            "ago" in norms
            or "when" in norms
            or "as" in norms
            or "growing" in norms
            or "hace" in norms
            or "cuando" in norms
        )

    @staticmethod
    def _hypothetical(doc: Doc, left: int, start: int) -> bool:
        before = [t.norm_ for t in doc[left:start]]
        if set(before) & _CONDITIONAL:
            return True
        # "when someone is following me home, do I call 911?": a question about 911
        sentence = [t.norm_ for t in doc[left:]]
        if before[:1] == ["when"] and ("?" in sentence or "call" in sentence):
            return True
        # "what do I do when someone...", "should I call 911 when ..."
        return "when" in before and bool(before) and before[0] in _QUESTION_OPENERS - {"when"}

    @staticmethod
    def _asks_about_911(norms: Sequence[str]) -> bool:
        words = set(norms)
        return (
            bool(words & _ASK_WORDS)
            and bool(words & _DISPATCH_WORDS)
            and (
                bool(words & _WHY_WORDS)
                or norms[:1] in (["do"], ["does"], ["will"], ["what"], ["would"], ["is"], ["are"])
            )
        )

    @staticmethod
    def _negated(doc: Doc, left: int, start: int, width: int) -> bool:
        window = [t.norm_ for t in doc[max(left, start - width) : start]]
        return bool(set(window) & _NEGATORS)

    # --- assessment --------------------------------------------------------------

    def assess(self, text: str) -> Assessment:
        text = text or ""
        doc = self.tokenize(text)
        blockers = [(self._nlp.vocab.strings[i].split("#")[0], s, e) for i, s, e in self._blockers(doc)]
        blocked = [(s, e) for _kind, s, e in blockers]
        found = _Found()
        message_norms = [t.norm_ for t in doc]
        not_current_anywhere = False
        for match_id, start, end in self._matcher(doc):
            rule_id = self._nlp.vocab.strings[match_id]
            sign = rule_id.split("#")[0]
            if any(s < end and start < e for s, e in blocked):
                continue  # inside a name or a figure of speech
            concern = _CONCERN_OF_SIGN[sign[0]]
            weak = sign.endswith("?")
            left, right = _clause(doc, start, end)
            norms = self._norms(doc, left, right)
            if (sign[0] == "E" or doc[start].norm_ in _NEGATABLE) and self._negated(
                doc, left, start, 2 if sign[0] == "E" else 1
            ):
                found.denied.add(concern)  # "I'm not suicidal", "nobody is hurt"
                continue
            sentence_left = _sentence_start(doc, start)
            hypothetical = self._hypothetical(doc, sentence_left, start) and not set(norms) & _NOW_NOT_JUST
            past = (
                self._dated_past(norms)
                or "after" in self._norms(doc, left, start)
                or "despues" in self._norms(doc, left, start)
            ) and not _present_state(doc, start, end)
            about_911 = self._asks_about_911(norms)
            tier = "possible" if weak else "certain"
            if concern is Concern.EMERGENCY:
                if hypothetical or past or about_911:
                    not_current_anywhere = True
                    continue
                if weak and set(norms) & _NOW:
                    tier = "certain"
            elif concern is Concern.CRISIS:
                if about_911:
                    continue
                # "if I ever felt suicidal..." is a hypothetical; "should I call 911 if
                # I want to kill myself" is someone telling us, in a question
                if past or (hypothetical and _imagined(self._norms(doc, sentence_left, start))):
                    tier = "possible"
            elif concern is Concern.SEXUAL_ASSAULT:
                if hypothetical:
                    tier = "possible"
            elif concern is Concern.ABUSE:
                if hypothetical or self._distant_past(norms):
                    tier = "possible"
            found.signs.append(sign)
            if tier == "certain":
                found.certain.add(concern)
            else:
                found.possible.setdefault(concern, set()).add((rule_id, start))
        # Two weak signs of the same concern, from two rules and two places, agree.
        for concern, weak in found.possible.items():
            if len({r for r, _ in weak}) >= 2 and len({p for _, p in weak}) >= 2:
                found.certain.add(concern)
        # Suicide risk with a life in danger now (pills taken, no answer, a gun at hand)
        # is an emergency too: 911 first, then 988 (assistant/safety_plan.py also
        # applies it when the classifier is the one sure of the risk).
        imminent = _imminent(message_norms)
        if Concern.CRISIS in found.certain and imminent:
            found.certain.add(Concern.EMERGENCY)
        # An assault still going on ("he's still here", "tonight") needs 911 too; one
        # against a child is also child abuse (the hotline and Crimes Against Children).
        if Concern.SEXUAL_ASSAULT in found.certain:
            if set(message_norms) & _STILL_HAPPENING:
                found.certain.add(Concern.EMERGENCY)
            if set(message_norms) & _MINOR or _AGE.search(" ".join(message_norms)):
                found.certain.add(Concern.ABUSE)
        certain = tuple(c for c in Concern if c in found.certain)
        possible = tuple(c for c in Concern if c in found.possible and c not in found.certain)
        question_context = (
            self._asks_about_911(message_norms)
            or _mentions_past(message_norms)
            or _message_is_hypothetical(message_norms)
            or _says_not_an_emergency(message_norms)
        )
        # A Spanish sign is as sure a sign of Spanish as any word list.
        spanish_sign = any(sign.rstrip("?") in _SPANISH_SIGNS for sign in found.signs)
        return Assessment(
            certain=certain,
            possible=possible,
            language=SPANISH if spanish_sign else language_of(text),
            not_current=not_current_anywhere or question_context,
            imminent=imminent,
            denied=tuple(c for c in Concern if c in found.denied and c not in found.certain),
            names_entry=any(k == "NAME" for k, _s, _e in blockers),
            figurative=any(k == "FIGURATIVE" for k, _s, _e in blockers),
            signs=tuple(found.signs),
        )

    def concerns(self, text: str) -> List[Concern]:
        """Every concern the rules are certain of, most urgent first."""
        return list(self.assess(text).certain)

    def classify(self, text: str) -> Optional[Concern]:
        return self.assess(text).top


# Verbs of a state that holds now: "he won't wake up", "there is a fire". A sign
# with one of them in it (or just before it) is current even beside "last night"
# ("he took pills last night and won't wake up").
_PRESENT = {
    "is",
    "are",
    "am",
    "'re",
    "m",
    "'m",
    "wo",
    "will",
    "ca",
    "can",
    "does",
    "do",
    "has",
    "have",
    "keeps",
    "esta",
    "estan",
    "tiene",
    "puede",
}


# "'s" is "is" after these, and a possessive elsewhere ("my dad's heart attack").
_S_SUBJECTS = {
    "there",
    "here",
    "it",
    "he",
    "she",
    "that",
    "who",
    "what",
    "someone",
    "somebody",
    "everyone",
    "nobody",
    "one",
}


def _present_state(doc: Doc, start: int, end: int) -> bool:
    for index in range(max(0, start - 2), end):
        norm = doc[index].norm_
        if norm in ("'s", "s"):
            if index > 0 and doc[index - 1].norm_ in _S_SUBJECTS:
                return True
        elif norm in _PRESENT:
            return True
    return False


_IMMINENT_WORDS: FrozenSet[str] = frozenset(
    {
        "took",
        "swallowed",
        "taken",
        "overdosed",
        "gun",
        "guns",
        "pistol",
        "rifle",
        "firearm",
        "rope",
        "noose",
        "bridge",
        "ledge",
        "roof",
        "tonight",
        "now",
        "rn",
        "answering",
        "responding",
        "answer",
        "respond",
        "reply",
        "replying",
        "picking",
        "wake",
        "bleeding",
        "blood",
        "pastillas",
        "arma",
        "pistola",
        "ahora",
        "puente",
        "contesta",
        "responde",
        "drove",
        "driving",
        "drunk",
        "phone",
        "missing",
        "gone",
        "locked",
        "knife",
        "razor",
        "wrist",
        "wrists",
        "pills",
        "insulin",
        "shotgun",
        "safe",
        "aventar",
        "tirarse",
        "jump",
        "tied",
        "hanging",
        "overdose",
        "od",
        "garage",
        "running",
        "overpass",
        "railing",
        "edge",
        "soga",
        "cuerda",
        "encerro",
        "encerrado",
        "encerrada",
        "sangre",
        "azotea",
        "techo",
        "lake",
        "river",
        "tracks",
        "train",
        "voicemail",
        "buzon",
        "sangrando",
        "cortandose",
    }
)


_STILL_HAPPENING = frozenset(
    {
        "now",
        "rn",
        "still",
        "tonight",
        "currently",
        "ahora",
        "keeps",
        "todavia",
        "aun",
        "keys",
        "locked",
        "trapped",
        "sigue",
        "ahi",
    }
)
_MINOR = frozenset(
    {
        "kid",
        "child",
        "daughter",
        "son",
        "niece",
        "nephew",
        "stepdaughter",
        "stepson",
        "student",
        "little",
        "grade",
        "nino",
        "nina",
        "hija",
        "hijo",
        "granddaughter",
        "grandson",
        "minor",
        "teen",
        "teenager",
        "sobrina",
        "sobrino",
        "nieta",
        "nieto",
        "babysits",
        "babysitter",
        "sleepover",
    }
)
_AGE = re.compile(
    r"\b(i am|im|i m|i 'm|she is|he is|s|is|tengo|tiene) ([4-9]|1[0-7])\b|"
    r"\b([4-9]|1[0-7]) ?(yo|yr|yrs|years old|year old|anos)\b"
)


def _imminent(norms: Sequence[str]) -> bool:
    return bool(set(norms) & _IMMINENT_WORDS)


_IMAGINED = {
    "ever",
    "someday",
    "future",
    "case",
    "hypothetically",
    "suppose",
    "supposing",
    "say",
    "were",
    "someone",
    "somebody",
    "friend",
}


def _imagined(norms: Sequence[str]) -> bool:
    """An "if" about an imagined case ("if I ever", "if someone"), not about oneself now."""
    return bool(set(norms) & _IMAGINED)


def _mentions_past(norms: Sequence[str]) -> bool:
    """A past marker anywhere, even beside "still" ("last year ... still no report")."""
    if set(norms) & _RECENT:
        return False
    return bool(set(norms) & _PAST) or any(pair in _PAST_BIGRAMS for pair in zip(norms, norms[1:]))


def _message_is_hypothetical(norms: Sequence[str]) -> bool:
    words = set(norms)
    return bool(words & {"if", "whenever", "suppose", "hypothetically", "si"}) and not words & _NOW


def _says_not_an_emergency(norms: Sequence[str]) -> bool:
    joined = " ".join(norms)
    return bool(
        re.search(
            r"\b(not|no|nt) (an |a |una )?(emergency|emergencia|urgent|"
            r"crime in progress|life threatening|life or death)\b|"
            r"\b(everyone|everybody|everything|we|i) (is |are |am |m |'m |'re |s |'s )?"
            r"(all |totally |completely |perfectly |just )?(ok|okay|fine|safe|alright)\b|"
            r"\bno (need|reason) to send\b|\bnothing (bad |serious )?(is |s )?(happening|happened|going on)\b|"
            r"\bno pasa nada\b|\bnada grave\b|\b(estamos|estoy|todos) (estan |bien|a salvo)|"
            r"\bno (one|body) (is |was |got )?(hurt|injured)\b|"
            r"\bnobody (is |was |got )?(hurt|injured)\b|"
            r"\b(no one|nobody|noone) (is |s |was )?(in danger|hurt|injured)\b|"
            r"\bno (fire|smoke|injuries|weapons)\b|"
            r"\bno es (una |de )?emergencia\b|\bno hay (heridos|emergencia)\b|"
            r"\bnadie (esta |salio )?herido",
            joined,
        )
    )


@lru_cache(maxsize=1)
def default_safety_net() -> SafetyNet:
    return SafetyNet()


def assess(text: Optional[str]) -> Assessment:
    return default_safety_net().assess(text or "")


def classify_concern(text: Optional[str]) -> Optional[Concern]:
    """The most urgent concern the rules are certain of, or None."""
    return default_safety_net().classify(text or "")


_MARKUP = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)|<[^>]*>", re.IGNORECASE | re.DOTALL)


def is_blank(text: Optional[str]) -> bool:
    """No words: empty, spaces, control characters, punctuation, emoji or only markup."""
    return not any(ch.isalnum() for ch in _MARKUP.sub(" ", text or ""))


def concern_intents() -> Sequence[str]:
    return [concern.value for concern in Concern]
