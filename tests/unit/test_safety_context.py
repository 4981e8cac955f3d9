"""What is not an alarm (docs/safety.md, "What is not an alarm"), kind by kind, and the
same danger words said as happening now, which are.

Safety-critical: each kind here was a false alarm residents saw; the paired "now"
cases keep the precision checks from silencing a real emergency.
"""

import pytest

from assistant.safety import Concern, assess, classify_concern


def _nothing(text):
    result = assess(text)
    return not result.certain and not result.possible


PAST = [
    "my car was broken into last night, who do I call?",
    "there was a fender bender on hurstbourne two weeks ago",
    "someone stole my bike yesterday",
    "i heard gunshots last night around 2am",
    "a drunk driver hit my mailbox yesterday",
    "alguien se metio a mi carro anoche",
]
HYPOTHETICAL = [
    "should I call 911 if someone breaks into my car?",
    "what should I do if there's ever a fire in my building",
    "if someone is following me do I call 911 or the other number",
    "what happens when someone overdoses, does the dispatcher help",
    "si alguien entra a mi casa llamo al 911?",
]
FIGURATIVE = [
    "this traffic is killing me",
    "I'm dying to know what LENS alerts are",
    "my phone died while I was texting you",
    "shoot, I forgot the number",
    "my boss is going to kill me if I'm late",
    "me muero de hambre",
]
NEGATION = [
    "it's not an emergency, someone keeps parking in my spot",
    "no es una emergencia, cual es el otro numero",
    "nobody is hurt, just a small fender bender",
    "I'm not suicidal, I just want the crisis line number for a friend's flyer",
]
ABOUT_911 = [
    "why do they ask about weapons",
    "do they ask if anyone is hurt",
    "why does the dispatcher want to know which way he went",
]
NAMES = [
    "rape crisis number",
    "child abuse hotline phone number",
    "what's the number for crimes against children",
    "poison control number please",
    "domestic violence shelter number",
    "fire department phone number",
]


@pytest.mark.parametrize("text", PAST + HYPOTHETICAL + FIGURATIVE + NEGATION + ABOUT_911 + NAMES)
def test_not_an_alarm(text):
    assert _nothing(text), assess(text)


@pytest.mark.parametrize(
    "text",
    [
        "someone is breaking into my car right now",
        "there's a fire in my building",
        "someone is following me",
        "my friend is overdosing",
        "alguien esta entrando a mi casa",
        "i hear gunshots outside",
    ],
)
def test_the_same_danger_happening_now_is_an_emergency(text):
    assert classify_concern(text) is Concern.EMERGENCY


def test_a_past_danger_with_now_is_still_an_emergency():
    assert classify_concern("he broke in last night and he is still inside") is Concern.EMERGENCY


def test_past_sexual_assault_is_still_sexual_assault():
    assert classify_concern("I was raped two years ago and never told anyone") is Concern.SEXUAL_ASSAULT


def test_hypothetical_suicide_risk_is_possible_not_nothing():
    result = assess("if I ever felt suicidal who would I call")
    assert not result.certain and Concern.CRISIS in result.possible


def test_past_emergency_marks_the_message_as_not_current():
    assert assess("my car was broken into last night").not_current
    assert not assess("my car is being broken into").not_current


def test_two_weak_signs_agree():
    one = assess("I won't need my things where I'm going")
    assert Concern.CRISIS in one.possible or Concern.CRISIS in one.certain
    both = assess("I've been giving away my stuff, I won't need it where I'm going")
    assert Concern.CRISIS in both.certain


def test_a_weak_sign_with_now_is_certain():
    assert Concern.EMERGENCY in assess("i smell gas").possible
    assert Concern.EMERGENCY in assess("i smell gas right now and the stove is off").certain


@pytest.mark.parametrize(
    "text, needs",
    [
        ("my son took a whole bottle of pills and won't wake up", [Concern.EMERGENCY, Concern.CRISIS]),
        ("my wife says she has a plan and there's a gun in the house", [Concern.EMERGENCY, Concern.CRISIS]),
        ("he raped me and he's still here", [Concern.EMERGENCY, Concern.SEXUAL_ASSAULT]),
        ("my coach touches me and says it's our secret, im 12", [Concern.SEXUAL_ASSAULT, Concern.ABUSE]),
    ],
)
def test_several_concerns_most_urgent_first(text, needs):
    found = list(assess(text).certain)
    assert found[: len(needs)] == needs, found
