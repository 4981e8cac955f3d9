"""assistant.matching: finding directory entries and categories in free text."""

import pytest

from assistant.matching import LookupResult, is_bare_request, lookup, match_category, match_entries


def _ids(entries):
    return [e.id for e in entries]


@pytest.mark.parametrize(
    "text, expected",
    [
        # names and aliases
        ("poison control", ["poison-control"]),
        ("Poison Control Center", ["poison-control"]),
        ("whats the number for poison control", ["poison-control"]),
        ("what's the FBI's number", ["fbi"]),
        ("and the DEA?", ["dea"]),
        ("the jail", ["metro-corrections"]),
        ("dog catcher", ["animal-control"]),
        ("gas leak number", ["lge"]),
        ("LG&E", ["lge"]),
        ("victim notification", ["vine"]),
        ("the sheriffs office", ["sheriff"]),
        ("U.S. Marshals", ["us-marshals"]),
        ("secret service number please", ["secret-service"]),
        ("red cross", ["red-cross"]),
        ("suicide hotline", ["crisis-line"]),
        ("988", ["crisis-line"]),
        ("water main break", ["louisville-water"]),
        ("non-emergency number", ["jeffersontown-police"]),
        # abbreviations
        ("lmpd", ["lmpd"]),
        ("LMPD", ["lmpd"]),
        ("ksp", ["state-police"]),
        ("KSP number?", ["state-police"]),
        ("jtpd", ["jeffersontown-police"]),
        ("atf", ["atf"]),
        ("msd", ["msd"]),
        # misspellings
        ("poision control", ["poison-control"]),
        ("animul controll", ["animal-control"]),
        ("Animal Controll", ["animal-control"]),
        ("secret servise", ["secret-service"]),
        ("shivley police", ["shively-police"]),
        # several in one message, in the order written
        ("fbi and dea numbers", ["fbi", "dea"]),
        ("dea and fbi", ["dea", "fbi"]),
        (
            "numbers for poison control, animal control and the jail",
            ["poison-control", "animal-control", "metro-corrections"],
        ),
    ],
)
def test_named_entries(directory, text, expected):
    result = match_entries(text, directory)
    assert _ids(result.matches) == expected
    assert result.choices == ()


def test_default_directory_is_used_when_none_given():
    assert _ids(match_entries("ksp").matches) == ["state-police"]


@pytest.mark.parametrize(
    "text, must_include",
    [
        (
            "police",
            {
                "jeffersontown-police",
                "lmpd",
                "state-police",
                "shively-police",
                "st-matthews-police",
                "anchorage-police",
            },
        ),
        ("metro", {"lmpd", "metro-call", "metro-corrections", "metro-narcotics", "msd", "united-way"}),
        ("what's the number for the police", {"jeffersontown-police", "lmpd"}),
    ],
)
def test_vague_words_give_choices_and_no_match(directory, text, must_include):
    result = match_entries(text, directory)
    assert result.matches == ()
    assert len(result.choices) > 1
    assert must_include <= set(_ids(result.choices))
    assert len(set(_ids(result.choices))) == len(result.choices)


def test_vague_choices_all_contain_the_word(directory):
    for entry in match_entries("metro", directory).choices:
        words = " ".join(entry.names).lower()
        assert "metro" in words, entry.id


@pytest.mark.parametrize(
    "text",
    [
        "asdkjh qwezx",
        "number for the mayor",
        "the mayor",
        "pizza delivery",
        "what's the weather like",
        "",
        "   ",
        "!!!",
        "🚨",
        "\x00\x01",
        None,
    ],
)
def test_nonsense_gives_neither(directory, text):
    result = match_entries(text, directory)
    assert result == LookupResult()
    assert result.matches == () and result.choices == ()


@pytest.mark.parametrize("text", ["fbo", "dae", "jial", "ksb"])
def test_short_words_are_not_fuzzed(directory, text):
    """Short words must be spelled right: a 3-4 letter typo could be anything."""
    assert match_entries(text, directory).matches == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("i need a number", True),
        ("I need a phone number", True),
        ("can you give me a phone number pls", True),
        ("number please", True),
        ("hi, which numbers do you have?", True),
        ("", True),
        ("number for the mayor", False),
        ("poison control", False),
        ("i need the fbi number", False),
    ],
)
def test_is_bare_request(text, expected):
    assert is_bare_request(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("federal agencies", "federal"),
        ("list the federal agencies", "federal"),
        ("other police departments", "police"),
        ("crisis lines", "crisis"),
        ("utilities", "utilities"),
        ("courts", "courts"),
        ("Utilities please", "utilities"),
        ("what numbers do you have", None),
        ("", None),
        (None, None),
        ("asdkjh", None),
    ],
)
def test_match_category(directory, text, expected):
    assert match_category(text, directory) == expected


def test_every_category_title_and_alias_names_its_category(directory):
    for category in directory.categories:
        for name in category.names:
            found = match_category(name, directory)
            assert found == category.key, f"{name!r} names {found!r}, not {category.key!r}"


def test_long_text_works(directory):
    text = ("I was wondering about the number for poison control " * 400)[:20000]
    assert len(text) == 20000
    result = match_entries(text, directory)
    assert _ids(result.matches) == ["poison-control"]
    assert match_category(text, directory) is None
    assert is_bare_request(text) is False
    categories = ("please list the federal agencies " * 700)[:20000]
    assert match_category(categories, directory) == "federal"


def test_long_nonsense_works(directory):
    text = "x" * 20000
    assert match_entries(text, directory) == LookupResult()
    assert match_category(text, directory) is None
    assert is_bare_request(text) is False


def test_long_text_of_many_words_works(directory):
    text = " ".join(["blah"] * 5000)
    assert match_entries(text, directory) == LookupResult()


def _all_names(directory):
    return [(entry.id, name) for entry in directory.entries for name in entry.names]


def test_every_name_and_alias_matches_its_own_entry(directory):
    wrong = []
    for entry_id, name in _all_names(directory):
        found = _ids(match_entries(name, directory).matches)
        if found != [entry_id]:
            wrong.append(f"{name!r} -> {found or 'nothing'} (expected {entry_id})")
    assert not wrong, "names that do not find their own entry:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "template",
    [
        "what's the number for {}",
        "{} phone number please",
        "how do I call {}?",
        "I NEED THE {} NUMBER",
    ],
)
def test_every_name_and_alias_matches_inside_a_request(directory, template):
    wrong = []
    for entry_id, name in _all_names(directory):
        text = template.format(name)
        found = _ids(match_entries(text, directory).matches)
        if found != [entry_id]:
            wrong.append(f"{text!r} -> {found or 'nothing'} (expected {entry_id})")
    assert not wrong, "\n".join(wrong)


# --- the most specific match wins; a wrong number is worse than none --------------


def _answers(text):
    return [(a.entry.id, [n.digits for n in a.numbers]) for a in match_entries(text).answers]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "line" is a need word: "downed line" is not "down", "power line" not "power"
        ("our house burned down", "red-cross"),
        ("there's a power line down on the road", "lge"),
    ],
)
def test_line_is_part_of_a_need(text, expected):
    assert [e for e, _ in _answers(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the non emergency number for animal control", ["animal-control"]),
        ("police non emergency line, a raccoon is in my trash", ["animal-control"]),
        # the department's own entry, named outright, stays beside another
        ("jtpd and animal control", ["jeffersontown-police", "animal-control"]),
        # alone, the generic name is the answer
        ("non emergency number", ["jeffersontown-police"]),
    ],
)
def test_a_generic_name_gives_way_to_a_specific_match(text, expected):
    assert [e for e, _ in _answers(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my teenager got arrested last night", ["youth-center"]),
        ("juvenile arrested where do they take them", ["youth-center"]),
        ("he was arrested, how will I know when he gets out of jail", ["vine"]),
        # a broad need stays beside an entry of another category
        ("he was arrested and needs a lawyer", ["metro-corrections", "legal-aid"]),
        # and beside its own entry named outright
        ("the jail, he was arrested", ["metro-corrections"]),
    ],
)
def test_a_one_word_need_gives_way_to_a_more_specific_entry_of_its_category(text, expected):
    assert [e for e, _ in _answers(text)] == expected


def test_a_word_that_is_an_entry_name_picks_it_over_names_that_contain_it():
    assert [e for e, _ in _answers("crisis hotline number")] == ["crisis-line"]
    # "metro" is only part of Metro Call's name: still choices
    assert match_entries("metro").choices


def test_a_vague_match_gives_the_labelled_number_the_words_ask_for():
    assert _answers("my electricity is out who do i call") == [("lge", ["5025893500"])]


@pytest.mark.parametrize(
    "text", ["what is rapid sos", "whats rapid sos for", "heard of rapid sos, what is it?"]
)
def test_a_five_letter_word_is_not_taken_for_a_need_one_letter_away(text):
    # "rapid" is not a misspelt "rabid" (Animal Control): five-letter need words must be spelled right.
    assert lookup(text).answers == ()


def test_a_longer_need_word_still_forgives_a_typo():
    assert [a.entry.id for a in lookup("there is a racoon in my garage").answers] == ["animal-control"]


@pytest.mark.parametrize(
    "text, picked",
    [
        ("the second one", "msd"),
        ("el segundo", "msd"),
        ("la segunda porfa", "msd"),
        ("el 2do", "msd"),
        ("la última", "state-police"),
        ("sí, ese", "lmpd"),
        ("el primero", "lmpd"),
        ("yes", "lmpd"),
    ],
)
def test_a_pick_after_choices_in_english_or_spanish(text, picked):
    from assistant.matching import default_directory, pick_choice

    directory = default_directory()
    choices = [directory.get(i) for i in ("lmpd", "msd", "state-police")]
    assert pick_choice(text, choices, directory).id == picked
