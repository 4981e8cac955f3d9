"""Shared fixtures of the offline unit tests: no server, no trained model.

Run: `cd /work/main && PYTHONPATH=. .venv/bin/python -m pytest tests/unit`.
"""

import os
import re
from pathlib import Path
from typing import Callable, List

import pytest

ROOT = Path(__file__).resolve().parents[2]

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import settings  # noqa: E402 - after the environment above
from assistant.directory import Directory, load_directory  # noqa: E402

# The one source of facts.
PAGE_PATH = settings.JTPD_SOURCE_PAGE.read()  # the one source of facts
PAGE_HEADING = "Important Phone Numbers"

# The one display format (assistant.directory.format_number), and any number at all.
DISPLAY_NUMBER = re.compile(r"(?<![\d(])(?:1 )?\(\d{3}\) \d{3}-\d{4}(?!\d)")
SHORT_CODE = re.compile(r"(?<![\w(-])(?:911|988|211|311|511)(?![\w)-])")


def page_section_lines() -> List[str]:
    """Every non-empty line of the page after the "Important Phone Numbers" heading."""
    lines = PAGE_PATH.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == PAGE_HEADING)
    return [line.strip() for line in lines[start + 1 :] if line.strip()]


# Which entries each category holds, in the file's order, written out by hand: the
# category tests do not take membership from the code they test. A change of the
# directory's categories has to be made here too, on purpose.
CATEGORY_MEMBERS = {
    "police": [
        "jeffersontown-police",
        "anchorage-police",
        "crimes-against-children",
        "sheriff",
        "state-police",
        "lmpd",
        "metro-narcotics",
        "shively-police",
        "st-matthews-police",
    ],
    "federal": ["atf", "dea", "fbi", "postal-inspector", "us-marshals", "secret-service"],
    "crisis": [
        "center-for-women-and-families",
        "protective-services",
        "abuse-hotline",
        "crisis-line",
        "home-of-the-innocents",
        "poison-control",
        "rape-crisis",
        "seven-counties",
    ],
    "courts": [
        "district-court",
        "hall-of-justice",
        "county-clerk",
        "youth-center",
        "vine",
        "legal-aid",
        "metro-corrections",
    ],
    "utilities": ["lge", "louisville-water", "msd"],
    "community": [
        "red-cross",
        "animal-control",
        "health-department",
        "road-conditions",
        "metro-call",
        "united-way",
    ],
}


@pytest.fixture(scope="session")
def category_members() -> dict:
    return CATEGORY_MEMBERS


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory()


@pytest.fixture(scope="session")
def page_lines() -> List[str]:
    return page_section_lines()


def display_numbers_in(text: str) -> List[str]:
    """Every phone number written in `text`: display-format numbers and short codes."""
    return DISPLAY_NUMBER.findall(text) + SHORT_CODE.findall(text)


# Anything else that could be a phone number: 3+ digits, possibly split by separators.
_PHONE_LIKE = re.compile(r"(?<!\w)\+?\d[\d\s().-]*\d")  # not "Smart911"


def assert_one_display_format(text: str) -> None:
    """Every phone-like run of digits in `text` is a display-format number or a short code.

    A count such as "(29 more" is not phone-like: fewer than three digits.
    """
    rest = SHORT_CODE.sub(" ", DISPLAY_NUMBER.sub(" ", text))
    odd = [m for m in _PHONE_LIKE.findall(rest) if len(re.sub(r"\D", "", m)) >= 3]
    assert not odd, f"numbers not in the one display format in {text!r}: {odd}"


@pytest.fixture(scope="session")
def one_display_format() -> Callable[[str], None]:
    return assert_one_display_format


@pytest.fixture(scope="session")
def numbers_in() -> Callable[[str], List[str]]:
    return display_numbers_in
