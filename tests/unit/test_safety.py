"""assistant.safety: the rules that flag an emergency, a crisis, sexual assault or abuse.

A case listed under `xfail(strict=True)` is one the rules get wrong today; it stays
here, unweakened, so the rules can be fixed (the test then XPASSes and fails until the
mark is removed).
"""

import pytest

from assistant.safety import (
    MAX_CHARS,
    Concern,
    classify_concern,
    concern_intents,
    default_safety_net,
    is_blank,
)


def _gap(text, reason):
    return pytest.param(text, marks=pytest.mark.xfail(strict=True, reason=reason), id=text)


EMERGENCIES = [
    # from the brief
    "someone is breaking in",
    "my dad isn't breathing",
    "there's a man with a gun outside",
    "I'm being followed",
    "help he's hitting me",
    "somone is braking in",
    "alguien está entrando a mi casa",
    "no respira",
    # crimes in progress
    "SOMEONE IS BREAKING INTO MY HOUSE",
    "Someone is breaking in right now!!!",
    "Someone's trying to break in",
    "someone is trying to kick in my door",
    "there is an intruder in my house",
    "there's someone in my basement",
    "someone is in my house right now",
    "we're being robbed",
    "a guy is following me",
    "im being chased",
    "I'm being stalked right now",
    "a man is attacking a woman outside",
    "my husband is choking me",
    "he's beating my mom",
    "he's threatening to kill me",
    "he is going to kill me",
    "he is raping her",
    # weapons and violence
    "HE HAS A GUN",
    "hes got a gun",
    "man pointing a gun at me",
    "theres a guy with a knife",
    "pls help hes got a knife",
    "i'm locked in the bathroom, he has a knife",
    "my ex is outside with a gun",
    "shots fired outside",
    "active shooter at the mall",
    "someone got shot",
    "someone just shot my brother",
    "my friend just got stabbed",
    # medical
    "my dad isnt breathing",
    "my dad is not breathing",
    "my dad's not breathing",
    "my dad isnt breathin",
    "my baby is not breathing",
    "my wife collapsed and isnt breathing",
    "my grandma fell and is unresponsive",
    "my son overdosed",
    "my husband is having a heart attack",
    "I think he's having a stroke",
    "my daughter is having a seizure",
    "i cant breathe",
    "I'm bleeding a lot",
    # fire, crashes, missing children
    "my house is on fire",
    "there's a fire in my kitchen",
    "theres smoke everywhere",
    "I was in a car crash and my wife is bleeding",
    "there's been a car accident and people are hurt",
    "my child went missing",
    "my kid was kidnapped",
    # typos, case, asking for help now
    "some1 is breaking in",
    "someone is breakin in",
    "sombody is breaking in my house",
    "SOMEONE'S BREAKING IN",
    "please send help now",
    "send police now",
    # Spanish
    "alguien esta entrando a mi casa",
    "mi papá no respira",
    "me están siguiendo",
    "me están golpeando",
    "tiene una pistola",
    "hay un incendio",
    "ayuda por favor",
    # gaps in the rules today
    "SOMEONES BREAKING IN HELP",
    "someones breakin in",
    "omg someones in my house",
    "there's a burglar downstairs",
    "help im bein folowed",
    "my dad is'nt breathing",
    "he stabbed me",
    "my baby swallowed pills",
]

CRISES = [
    "I want to kill myself",
    "i'm thinking about suicide",
    "i feel suicidal",
    "I don't want to live anymore",
    "i dont want to be alive anymore",
    "I want to die",
    "I wanna end it all",
    "I'm going to end my life",
    "I want to hurt myself",
    "I've been cutting myself",
    "everyone would be better off without me",
    "there's no reason to live",
    "no quiero vivir",
    "me quiero morir",
    "me quiero suicidar",
]

THIRD_PARTY_CRISES = [
    "he says he's going to kill himself",
    "my son wants to kill himself",
]

SEXUAL_ASSAULTS = [
    "I was raped",
    "he raped my sister",
    "i was sexually assaulted last week",
    "how do i report a sexual assault",
    "someone touched me without consent",
    "my uncle molested me",
    "my daughter was molested",
    "me violaron",
    "my coach touched me inappropriately",
]

ABUSES = [
    "my neighbor is abusing his kids",
    "I think my elderly mom is being neglected",
    "my elderly father is being abused",
    "my husband beats me",
    "my dad hits my mom",
    "my caregiver hits me",
    "the kids next door are neglected",
    "my mom is neglecting my little brother",
    "I want to report child abuse",
    "my boyfriend is abusive",
    "domestic violence",
]

NEGATIVES = [
    # from the brief
    "what happens if I call 911 by mistake",
    "when should I call 911",
    "my car was broken into last night, should I call 911?",
    "I heard gunshots last night",
    "who dispatches fire",
    "what is smart911",
    "whats the number for poison control",
    "can you help me",
    "help",
    "",
    # talk about 911 and the service
    "I accidentally called 911",
    "my kid dialed 911 by mistake",
    "I dialed 911 and hung up",
    "can I text 911",
    "is 911 free",
    "911",
    "how do I text the dispatcher",
    "what's the non-emergency number",
    "is this an emergency line",
    "what if I'm not sure it's an emergency",
    "why do you ask where first",
    "what does the dispatcher ask",
    "how do you know my location",
    "what is rapidsos",
    "what are LENS alerts",
    "what is prepared live",
    "do you handle EMS",
    "who handles a fire",
    "fire department number",
    "i love fire trucks",
    # lookups
    "what's the number for animal control",
    "what's the FBI number",
    "number for the gas company",
    "I need the number for the jail",
    "is there a crisis line number",
    "list the federal agencies",
    # past events, reports for the non-emergency line
    "my car was broken into last night",
    "I heard shots fired last night",
    "there was a car accident yesterday",
    "my kid was kidnapped years ago",
    "someone stole my bike yesterday",
    "my package was stolen last week",
    "someone keyed my car last week",
    "how do I report a car accident from yesterday",
    "how do i get a copy of a police report",
    # ordinary life
    "hello",
    "thanks",
    "are you a robot",
    "my neighbor's dog keeps barking",
    "I found a stray dog",
    "my power is out",
    "the gun show is this weekend",
    "shoot, I forgot my password",
    "my kids are fighting over the tv",
    "I want to help my community",
    "I need help finding a phone number",
    "the police helped me last year",
    # false alarms in the rules today
    "this heat is killing me",
    "how do I build a fire in the backyard",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergency(text):
    assert classify_concern(text) is Concern.EMERGENCY


@pytest.mark.parametrize("text", CRISES)
def test_crisis(text):
    assert classify_concern(text) is Concern.CRISIS


@pytest.mark.parametrize("text", THIRD_PARTY_CRISES)
def test_someone_elses_crisis_is_flagged(text):
    assert classify_concern(text) is Concern.CRISIS


@pytest.mark.parametrize("text", SEXUAL_ASSAULTS)
def test_sexual_assault(text):
    assert classify_concern(text) is Concern.SEXUAL_ASSAULT


@pytest.mark.parametrize("text", ABUSES)
def test_abuse(text):
    assert classify_concern(text) is Concern.ABUSE


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_flagged(text):
    assert classify_concern(text) is None


def test_enough_cases():
    def plain(cases):
        return [c for c in cases if isinstance(c, str)]

    assert len(plain(EMERGENCIES)) >= 30
    assert len(plain(NEGATIVES)) >= 25


def test_case_and_curly_apostrophes_do_not_matter():
    for text in [
        "SOMEONE IS BREAKING IN",
        "someone is breaking in",
        "SoMeOnE iS bReAkInG iN",
        "my dad isn’t breathing",
        "there’s a man with a gun outside",
    ]:
        assert classify_concern(text) is Concern.EMERGENCY, text


def test_none_text():
    assert classify_concern(None) is None


def test_emergency_outranks_the_other_concerns():
    net = default_safety_net()
    assert net.concerns("I was raped and he's still here") == [Concern.EMERGENCY, Concern.SEXUAL_ASSAULT]
    assert classify_concern("I was raped and he's still here") is Concern.EMERGENCY
    found = net.concerns("my husband beats me and he's hitting me now")
    assert found[0] is Concern.EMERGENCY and Concern.ABUSE in found


def test_concerns_are_listed_most_urgent_first():
    order = list(Concern)
    net = default_safety_net()
    for text in [
        "he is raping her",
        "my husband beats me and he's hitting me now",
        "I want to kill myself",
        "someone is breaking in",
    ]:
        found = net.concerns(text)
        assert found == sorted(found, key=order.index)
        assert len(found) == len(set(found))


def test_past_dating_only_silences_datable_phrases():
    assert classify_concern("shots fired last night") is None
    assert classify_concern("shots fired last night and they're still shooting now") is (Concern.EMERGENCY)
    # "last night" does not excuse a danger that is not datable.
    assert classify_concern("he broke in last night and he is still inside") is (Concern.EMERGENCY)


def test_long_text_with_emergency_first():
    text = "someone is breaking in " + "blah " * 4000
    assert len(text) > 20000
    assert classify_concern(text) is Concern.EMERGENCY


def test_long_text_works():
    assert classify_concern("x" * 20000) is None
    assert classify_concern("word " * 4000) is None
    # the matcher only sees the first MAX_CHARS characters of a long paste
    assert len(default_safety_net().tokenize("word " * 4000).text) == MAX_CHARS


def test_concern_intents_match_the_domain_intents():
    assert list(concern_intents()) == ["report_emergency", "crisis_support", "sexual_assault", "abuse_report"]


def test_safety_net_is_built_once():
    assert default_safety_net() is default_safety_net()


@pytest.mark.parametrize(
    "text, blank",
    [
        ("", True),
        ("   ", True),
        ("\t\n", True),
        ("\x00\x01", True),
        ("!!!", True),
        ("?!.,", True),
        ("🚨", True),
        ("🚨🚨 !!", True),
        (None, True),
        ("a", False),
        ("9", False),
        ("é", False),
        ("   ok  ", False),
    ],
)
def test_is_blank(text, blank):
    assert is_blank(text) is blank
