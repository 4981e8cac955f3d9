"""The safety net: spaCy rules that spot an emergency, a crisis or abuse in any message.

It runs on every message, before and regardless of the intent classifier, so that
"someone is breaking in" is answered with "call 911 now" however the classifier
scores it. The rules are token patterns (spaCy `Matcher` on NORM, which lowercases
and spells out contractions: "isn't" -> "is not"); they look for danger happening
now, not for talk about 911, so "what happens if I call 911 by mistake" is not flagged.
"""
from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import Dict, List, Optional, Sequence

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

# Longer messages are cut before matching: a danger phrase is stated early, and
# the matcher must stay fast on a 20,000-character paste.
MAX_CHARS = 2000


class Concern(str, enum.Enum):
    """What the message is about, most urgent first; each maps to a fixed reply."""

    EMERGENCY = "report_emergency"
    CRISIS = "crisis_support"
    SEXUAL_ASSAULT = "sexual_assault"
    ABUSE = "abuse_report"


_BE = "is|are|s|'s|'re|re|am|m|'m|was|were"
_SUBJ = "someone|somebody|some|a|an|the|this|that|he|she|they|guy|man|woman|people|person|dude|1|one"
_ME = "me|us|my|her|him|them|mom|dad|wife|husband|girlfriend|boyfriend|kid|kids|son|daughter|child|baby"
_NOW_WORDS = {"now", "rn", "currently", "still", "right", "ahora"}
_PAST_WORDS = {"yesterday", "ago", "last", "earlier", "overnight", "ayer"}
# "Should I call 911 if someone is breaking into my car?" asks about 911 in general.
_CONDITION_WORDS = {"if", "when", "whenever", "case", "si"}
_SENTENCE_ENDS = {".", "!", "?", ";"}

# Pattern language: words separated by spaces, alternatives by "|", a trailing "?"
# makes a word optional, "*" stands for any one word. A leading "~" marks danger
# that is only current when nothing dates it to the past ("shots fired last night").
_EMERGENCY_NOW = [
    # A crime in progress.
    "~breaking|braking|breakin|brakin|breakn in|into|inside|down",
    "trying|tryna|tryin|tried to break|get|kick in|into|down",
    "someone|somebody|someones|somebodys|intruder|intruders|stranger|burglar|burglars|man|guy|person in|inside my|the|our house|home|apartment|room|basement|garage|yard",
    f"{_BE} in my house|home|apartment|basement",
    "still inside|here|in",
    "~intruder|intruders|prowler|burglar|burglars",
    f"{_BE} robbing|stealing|attacking|assaulting|stabbing|shooting|raping|kidnapping|following|stalking|chasing|threatening",
    f"{_BE} hitting|beating|choking|strangling|punching|kicking|hurting|attacking me|her|him|us|them|my|mom|dad|the",
    "being|getting|bein|gettin robbed|attacked|assaulted|followed|folowed|follwed|stalked|chased|shot|stabbed|beaten|beat|jumped|mugged|kidnapped|abducted|threatened|carjacked",
    "going|gonna|trying|tryna|about to? kill|hurt|shoot|stab me|us|her|him|my|them|everyone",
    "following|folowing|chasing|stalking me|us",
    "he|she|they|someone|somebody * following|chasing me|us",
    "~drunk driver|driving",
    # Weapons and wounds.
    "with|has|have|had|got|holding|waving|pointing|pulled|pulling a|an|his|her|their|out gun|guns|knife|pistol|rifle|weapon|machete|shotgun",
    "gun|knife|pistol|rifle|weapon outside|inside|here|at",
    "~shots|gunshots|shooting fired|outside|now|going",
    "active shooter|shooters",
    "someone|somebody|he|she|they|i|friend|man|guy * been|got|just shot|stabbed",
    "someone|somebody|he|she|they|i|friend|man|guy been|got|just shot|stabbed",
    "~shot|stabbed|stabbing|cut me|him|her|my|us|them",
    "armed robbery|robber|man|person|intruder",
    "hostage|hostages",
    # Medical.
    "not|stopped|isnt|is'nt|wasnt|aint breathing|breathin|breating|breath|breathe|responsive|responding|conscious|waking|moving",
    "can|ca|cannot|cant not? breathe|breath|breath|move",
    "unconscious|unresponsive|overdosing|overdosed|overdose|od|oding|choking|drowning|seizure|seizing|collapsed",
    "passed out",
    "heart attack",
    "having a? stroke",
    "bleeding|bleedin badly|heavily|out|everywhere|alot|bad",
    "bleeding|bleedin a lot",
    "hit by a car|truck",
    "took|swallowed too many pills",
    "took a bunch|lot of pills",
    "swallowed|drank|ate some|a|his|her|my|the|too? pills|bleach|poison|detergent|medicine|meds",
    # Fire, crashes, people in danger.
    "on fire",
    "house|apartment|car|building|kitchen fire",
    "fire in my|the|our house|home|apartment|kitchen|building|garage|room|basement|car",
    "smoke coming|everywhere|filling",
    "is burning",
    "crash|wreck|accident * hurt|injured|bleeding|trapped|unconscious|dying",
    "crash|wreck|accident hurt|injured|bleeding|trapped|unconscious|dying",
    "~car crash|wreck|accident",
    "someone|people|they|he|she|somebody|person|i|im|we * hurt|injured|trapped|dying",
    "someone|people|they|he|she|somebody|person|i|im|we hurt|injured|trapped|dying",
    "~kidnapped|abducted|kidnapping",
    "child|kid|son|daughter|baby|toddler is|s|'s|went missing",
    "in danger",
    "help|helpp|hepl me|us now|asap|quick|quickly|hurry",
    "help! me|us",
    "send an? help|police|someone|officer|officers|cops now|asap|quick|quickly|immediately|fast|please",
    "call the police|cops for me",
    "emergency help|now|please",
    "i|we|im|i'm need|needs help now|asap|right",
    # Spanish.
    "está|esta|estan|están entrando|robando|golpeando|siguiendo|disparando",
    "me|nos están|estan|está|esta siguiendo|golpeando|robando|pegando|atacando",
    "no respira|responde",
    "tiene|trae|con un|una arma|pistola|cuchillo|navaja",
    "arma|pistola de fuego",
    "disparos|balazos|incendio|emergencia",
    "ayuda por favor",
    "ayúdenme|ayudenme|auxilio|socorro",
]

_CRISIS = [
    "kill|killing|hurt|hurting|harm|harming|cut|cutting|end myself|himself|herself|themselves|themself",
    "suicide|suicidal|selfharm",
    "self harm|harm",
    "end|ending|take|taking my|own life",
    "end it all",
    "want|wanna|going|gonna to? die",
    "want|wanna to die",
    "not want|wanna to? live|exist",
    "not want|wanna to? be alive|here",
    "no quiero vivir",
    "better off dead|without me",
    "no reason to live",
    "me quiero morir|matar|suicidar",
    "quiero morir|morirme|suicidarme",
]

_SEXUAL_ASSAULT = [
    "raped|rape|raping",
    "sexually assaulted|abused|harassed",
    "sexual assault|abuse",
    "molested|molesting|molestation",
    "touched me|her|him|my|us without consent|permission",
    "touched|touching me|her|him|my|us? inappropriately",
    "inappropriately touched|touching",
    "me violaron|violó|violo",
]

_ABUSE = [
    "abusing|abused|abuse|abuses|abusive",
    "neglecting|neglected|neglect",
    "beats|hits|chokes|slaps|punches my|his|her|their|me|the",
    "domestic violence",
    "maltrato|abuso",
]

_CONCERN_PATTERNS: Dict[Concern, List[str]] = {
    Concern.EMERGENCY: _EMERGENCY_NOW,
    Concern.CRISIS: _CRISIS,
    Concern.SEXUAL_ASSAULT: _SEXUAL_ASSAULT,
    Concern.ABUSE: _ABUSE,
}

def _conditional(doc: Doc, start: int) -> bool:
    """True when an "if" or "when" opens the sentence part before the match."""
    for token in reversed(doc[:start]):
        if token.text in _SENTENCE_ENDS:
            return False
        if token.norm_ in _CONDITION_WORDS:
            return True
    return False


def _pattern(spec: str) -> List[dict]:
    tokens = []
    for word in spec.split():
        optional = word.endswith("?") and len(word) > 1
        word = word.rstrip("?") if optional else word
        if word == "*":
            token: dict = {}
        else:
            token = {"NORM": {"IN": word.split("|")}}
        if optional:
            token["OP"] = "?"
        tokens.append(token)
    return tokens


class SafetyNet:
    """Classifies a message's concern with fixed rules; None when there is none."""

    def __init__(self) -> None:
        self._nlp = spacy.blank("en")
        self._matcher = Matcher(self._nlp.vocab)
        for concern, specs in _CONCERN_PATTERNS.items():
            for index, spec in enumerate(specs):
                kind = "DATABLE" if spec.startswith("~") else str(index)
                self._matcher.add(f"{concern.name}:{kind}", [_pattern(spec.lstrip("~"))])

    def tokenize(self, text: str) -> Doc:
        return self._nlp.make_doc(text[:MAX_CHARS].replace("’", "'"))

    def concerns(self, text: str) -> List[Concern]:
        """Every concern the rules find, most urgent first."""
        doc = self.tokenize(text)
        words = {token.norm_ for token in doc}
        dated_past = bool(words & _PAST_WORDS) and not words & _NOW_WORDS
        happening_now = bool(words & _NOW_WORDS)
        found = set()
        for match_id, start, _end in self._matcher(doc):
            name, kind = self._nlp.vocab.strings[match_id].split(":")
            concern = Concern[name]
            if kind == "DATABLE" and dated_past:
                continue
            if concern is Concern.EMERGENCY and not happening_now and _conditional(doc, start):
                continue
            found.add(concern)
        return [concern for concern in Concern if concern in found]

    def classify(self, text: str) -> Optional[Concern]:
        found = self.concerns(text)
        return found[0] if found else None


@lru_cache(maxsize=1)
def default_safety_net() -> SafetyNet:
    return SafetyNet()


def classify_concern(text: str) -> Optional[Concern]:
    return default_safety_net().classify(text or "")


_MARKUP = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)|<[^>]*>", re.IGNORECASE | re.DOTALL)


def is_blank(text: str) -> bool:
    """No words: empty, spaces, control characters, punctuation, emoji or only markup."""
    return not any(ch.isalnum() for ch in _MARKUP.sub(" ", text or ""))


def concern_intents() -> Sequence[str]:
    return [concern.value for concern in Concern]
