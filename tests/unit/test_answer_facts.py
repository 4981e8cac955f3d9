"""The answers to the FAQ topics keep the page's facts, in whatever plain words.

Each fact is a pair: the page's words (checked to be on the page, the only source of
facts) and the words the reply says it with (checked to be in the reply). A rewrite
that drops a number, a name or a fact fails here; so does a fact whose page words are
not on the page. The replies may say a fact more plainly ("urgent news" for "critical
notifications"): the pair is where that choice is written down and reviewed.
Matching ignores case, line breaks and curly quotes. Only the English variations
with no condition are checked (the others say other things on purpose).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

import settings

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
PAGE_PATH = settings.JTPD_SOURCE_PAGE.read()  # the one source of facts

ON_THE_PAGE_IS_THE_SAME = None  # the reply says it in the page's words

# response -> [(page's words, reply's words)]
FACTS: Dict[str, List[Tuple[str, str]]] = {
    "utter_when_to_call_911": [
        ("Any time there is a crime in progress", "any time a crime is in progress"),
        ("a life threatening situation", "a life is in danger"),
        (
            "If you need police assistance but it is not an emergency situation",
            "If you need police help and it isn't an emergency",
        ),
        ("call or text the non-emergency line at (502) 267-0503", ON_THE_PAGE_IS_THE_SAME),
    ],
    "utter_how_to_text": [
        ("Text our non-emergency line at (502) 267-0503", "Text the non-emergency line at (502) 267-0503"),
        ("to begin a conversation with one of our dispatchers", "to start texting with a dispatcher"),
        ("JTPD uses a program called Prepared Live", "Dispatchers use Prepared Live"),
        ("receive photo, video, text, and GPS location", "get photos, video and GPS location"),
        ("translate text messages in real time", ON_THE_PAGE_IS_THE_SAME),
        (
            "a crime in progress or a life threatening situation",
            "a crime in progress or a life-threatening situation, call 911",
        ),
    ],
    "utter_prepared_live": [
        ("JTPD uses a program called Prepared Live", "JTPD dispatchers use Prepared Live"),
        ("live stream", ON_THE_PAGE_IS_THE_SAME),
        ("photo, video, text, and GPS location", "photos, video, texts and GPS location"),
        ("from mobile 911 callers in real-time", "from people who call 911 on a cell phone, in real time"),
        ("send outbound text-from-911 messages", "send texts"),
        ("send links to assist callers in their need", "helpful links"),
        ("translate text messages in real time", ON_THE_PAGE_IS_THE_SAME),
        ("Text our non-emergency line at (502) 267-0503", "text the non-emergency line at (502) 267-0503"),
    ],
    "utter_call_transfer": [
        (
            "all 911 calls made in the Louisville Metro area will get routed through MetroSafe",
            "Every 911 call in the Louisville Metro area goes first to MetroSafe",
        ),
        ("the primary PSAP for Jefferson County", "the main 911 answering point (PSAP) for Jefferson County"),
        ("Jeffersontown is considered a Secondary PSAP", "Jeffersontown is a secondary PSAP"),
        (
            "the calltaker determines you are in need of police assistance in Jeffersontown",
            "call-taker finds out what help you need. Is it police in Jeffersontown?",
        ),
        ("transfer the call to our dedicated dispatcher", "transfer your call to our own dispatcher"),
        ("PLEASE DO NOT HANG UP DURING TRANSFER", "don't hang up during the transfer"),
    ],
    "utter_ems_fire": [
        (
            "EMS and Fire calls for service are handled and dispatched by MetroSafe",
            "MetroSafe handles EMS (ambulance) and fire calls and sends out the help",
        ),
        (
            "all 911 calls made in the Louisville Metro area will get routed through MetroSafe",
            "MetroSafe answers 911 calls in the Louisville Metro area",
        ),
        ("Calling 911", "call 911"),
    ],
    "utter_rapidsos": [
        (
            "links life-saving data from connected devices or profiles to 911 and first "
            "responders in an emergency",
            "RapidSOS links life-saving data to 911 and first responders in an emergency",
        ),
        ("from connected devices or profiles", "from your connected devices or a profile"),
        ("set up an Emergency Health Profile", ON_THE_PAGE_IS_THE_SAME),
        ("as much or little critical information as you want", "as much or as little as you want"),
        (
            "your information will automatically be sent to 911 dispatchers through RapidSOS",
            "If you call 911, RapidSOS sends it to the dispatchers on its own",
        ),
        ("by using the link below", "The link to sign up is on the department's 911 Dispatch page"),
    ],
    "utter_smart911": [
        ("a profile can be set up through Smart911", "With Smart911, you can set up a profile"),
        ("to send important information to dispatchers", "sends important facts to dispatchers"),
        ("names, addresses", "names and addresses"),
        ("door codes", ON_THE_PAGE_IS_THE_SAME),
        ("medical conditions", ON_THE_PAGE_IS_THE_SAME),
        ("vehicle info, pet info", "vehicle and pet info"),
        ("and much more", ON_THE_PAGE_IS_THE_SAME),
        ("For more information on Smart911 CLICK HERE", "911 Dispatch page has a link to learn more"),
    ],
    "utter_lens_alerts": [
        ("The LENS Alert system", "LENS Alerts"),
        ("critical notifications", "urgent news"),
        ("severe weather", ON_THE_PAGE_IS_THE_SAME),
        ("disasters both natural and manmade", "disasters, both natural and man-made"),
        ("road closures", ON_THE_PAGE_IS_THE_SAME),
        ("AMBER Alerts", ON_THE_PAGE_IS_THE_SAME),
        ("AMBER Alerts, etc.", "and more"),
        (
            "Notifications are sent through the Jefferson County Emergency Management Agency",
            "sent through the Jefferson County Emergency Management Agency",
        ),
    ],
    "utter_dialed_by_mistake": [
        (
            "If you or a child calls 911 by mistake, DO NOT HANG UP",
            "If you or a child call 911 by mistake, don't hang up",
        ),
        (
            "Stay on the line and explain the situation and that there is no emergency",
            "Stay on the line and explain what happened and that there is no emergency",
        ),
        ("We know accidents happen", "Accidents happen"),
        ("we are required to call the phone number back", "dispatchers are required to call the number back"),
        ("able to determine where the call was made", "can tell where the call came from"),
        (
            "officers may be dispatched to verify there is not an emergency",
            "officers may be sent to make sure there is no emergency",
        ),
    ],
    "utter_hung_up": [
        (
            "When we receive 911 hang up calls we are required to call the phone number back",
            "When 911 gets a hang-up call, dispatchers are required to call the number back",
        ),
        (
            "If we do not get an answer and are able to determine where the call was made",
            "If they get no answer and can tell where the call was made",
        ),
        (
            "officers may be dispatched to verify there is not an emergency",
            "officers may be sent to make sure there is no emergency",
        ),
        (
            "DO NOT HANG UP. Stay on the line and explain the situation and that there is no emergency",
            "stay on the line and say there's no emergency",
        ),
    ],
    "utter_dispatcher_questions": [
        (
            'The first thing the dispatcher will ask is "WHERE is your emergency"',
            "the first question is: WHERE is your emergency?",
        ),
        (
            "This is the most vital piece of information you can give",
            "It's the most important thing you can tell them",
        ),
        ("What? When? and Who?", "What, When and Who"),
        ("What occured?", "What happened?"),
        ("How long ago did this happen?", "How long ago did it happen?"),
        ("Who was involved?", ON_THE_PAGE_IS_THE_SAME),
        ("Is there any description of the suspect?", "What did the suspect look like?"),
        (
            "Did they leave? Which way did they go? Did they leave in a vehicle or on foot?",
            "Did they leave? Which way, in a vehicle or on foot?",
        ),
        ("Were there any weapons involved?", "Were there any weapons?"),
        ("Is anyone injured?", "Is anyone hurt?"),
        (
            "In true emergency situations our dispatchers work as a team",
            "In a true emergency, help is sent while you answer",
        ),
        (
            "necessary and helpful information for the responding officers",
            "the questions are for the officers on the way",
        ),
    ],
    "utter_why_location_first": [
        (
            "This is the most vital piece of information you can give",
            "WHERE is the most vital information you can give",
        ),
        ("If the line gets disconnected", ON_THE_PAGE_IS_THE_SAME),
        ("the situation prevents you from giving any other information", "you can't say anything else"),
        (
            "we will at least know where we need to respond to",
            "the dispatcher will still know where to send help",
        ),
    ],
    "utter_help_delay": [
        (
            "a dispatcher waits until the call is completed to send help",
            "help doesn't wait for the call to end",
        ),
        (
            "In true emergency situations our dispatchers work as a team",
            "In a true emergency, dispatchers work as a team",
        ),
        ("one remaining on the call to get information", "one stays on the line with you to get information"),
        (
            "another relaying that information to the responding officers",
            "another relays it to the officers who are responding",
        ),
        (
            "necessary and helpful information for the responding officers",
            "The questions give those officers what they need",
        ),
    ],
    "utter_caller_location": [
        (
            "If a call is made from a landline we can usually determine your location",
            "if you call from a landline, dispatchers can determine your location",
        ),
        (
            "Cell phone locations have improved drastically but are still somewhat unreliable",
            "Cell phone locations have improved a lot but are still somewhat unreliable",
        ),
        (
            "we have several resources we can use to determine your location",
            "Dispatchers have several ways to find you",
        ),
        (
            "it is always best if you can tell us where you are when you call",
            "it's always best to tell them where you are when you call",
        ),
    ],
}

# The answers rewritten in plain words (issue 12): each must keep its facts.
REWRITTEN = [
    "utter_when_to_call_911",
    "utter_how_to_text",
    "utter_prepared_live",
    "utter_call_transfer",
    "utter_ems_fire",
    "utter_rapidsos",
    "utter_smart911",
    "utter_lens_alerts",
]


def normalized(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    text = text.replace("\u2018", "'").replace("\u2026", "...")
    return re.sub(r"\s+", " ", text).strip().lower()


PAGE = normalized(PAGE_PATH.read_text(encoding="utf-8"))


def _plain_english_texts(name: str) -> List[str]:
    return [
        variation["text"]
        for variation in RESPONSES[name]
        if variation.get("text") and not variation.get("condition")
    ]


def _cases():
    for name, facts in FACTS.items():
        for page_words, reply_words in facts:
            yield pytest.param(
                name, page_words, reply_words or page_words, id=f"{name}: {(reply_words or page_words)[:40]}"
            )


def test_every_rewritten_answer_has_its_facts_listed():
    assert set(REWRITTEN) <= set(FACTS)
    for name, facts in FACTS.items():
        assert name in RESPONSES, f"{name} is not a response in domain.yml"
        assert _plain_english_texts(name), f"{name} has no English variation to check"
        assert len(facts) >= 3, name


@pytest.mark.parametrize("name, page_words, reply_words", list(_cases()))
def test_the_fact_is_on_the_page_and_in_the_reply(name, page_words, reply_words):
    assert normalized(page_words) in PAGE, f"{page_words!r} is not on the page"
    for text in _plain_english_texts(name):
        assert normalized(reply_words) in normalized(text), (
            f"{name} lost a fact of the page: {page_words!r} (said as {reply_words!r})"
        )


def test_matching_ignores_case_breaks_and_curly_quotes():
    assert normalized("The first thing \u201cWHERE\u201d\n is  it") == 'the first thing "where" is it'
