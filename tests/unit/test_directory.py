"""directory/phone-numbers.yml: it loads, it agrees with the page, and bad files are refused."""

import copy
import re
from collections import Counter

import pytest
import yaml

from assistant.directory import (
    DEFAULT_DIRECTORY_PATH,
    DirectoryError,
    digits_of,
    format_number,
    load_directory,
    tel_uri,
)

# How the page writes a number: "(502) 267-0503", "1 (800) 222-5555", "988", "- 211".
PAGE_NUMBER = re.compile(r"(?:\b1 )?\(\d{3}\) \d{3}-\d{4}|(?<![\d(])\b\d{3}\b(?![\d)-])")


def _page_numbers(lines):
    return [digits_of(n) for line in lines for n in PAGE_NUMBER.findall(line)]


# --- the real directory ------------------------------------------------------------


def test_real_directory_loads(directory):
    assert directory.entries
    assert directory.categories
    assert all(entry.numbers for entry in directory.entries)
    assert {e.category for e in directory.entries} <= {c.key for c in directory.categories}


def test_every_category_has_entries(directory):
    for category in directory.categories:
        assert directory.in_category(category.key), f"category {category.key!r} is empty"


def test_categories_hold_the_entries_written_in_the_tests(directory, category_members):
    raw = yaml.safe_load(DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8"))
    in_file = {}
    for entry in raw["entries"]:
        in_file.setdefault(entry["category"], []).append(entry["id"])
    assert in_file == category_members
    for key, ids in category_members.items():
        assert [e.id for e in directory.in_category(key)] == ids, key


def test_page_section_is_parsed(page_lines):
    """Guard the parser itself: the section has the numbers the brief names."""
    numbers = _page_numbers(page_lines)
    for expected in [
        "5022670503",
        "5022675936",
        "5025893500",
        "5025893511",
        "988",
        "511",
        "311",
        "211",
        "18002225555",
        "18005111670",
    ]:
        assert expected in numbers
    assert len(numbers) == len(set(numbers)), "the page lists a number twice?"
    assert len(numbers) >= 40


def test_every_page_number_is_in_the_directory(directory, page_lines):
    page = set(_page_numbers(page_lines))
    ours = {n.digits for n in directory.all_numbers()}
    missing = sorted(format_number(d) for d in page - ours)
    assert not missing, f"on the page but not in {DEFAULT_DIRECTORY_PATH.name}: {missing}"


def test_directory_has_no_number_the_page_lacks(directory, page_lines):
    page = set(_page_numbers(page_lines))
    extra = [f"{e.id}: {n.display}" for e in directory.entries for n in e.numbers if n.digits not in page]
    assert not extra, f"in the directory but not on the page: {extra}"


def test_directory_lists_each_number_once(directory):
    counts = Counter(n.digits for n in directory.all_numbers())
    assert [d for d, c in counts.items() if c > 1] == []


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())


def test_each_page_line_number_belongs_to_the_entry_the_line_names(directory, page_lines):
    """The number is not only in the directory, but under the agency the page names: the
    entry whose own name starts the line (the longest such name), the rest of the line
    being only that entry's number labels ("LG&E Electric trouble: ... Gas trouble: ...").
    Worked out from the directory's names alone, not with the matcher under test."""
    owner = {n.digits: e.id for e in directory.entries for n in e.numbers}
    previous = None
    checked = 0
    for line in page_lines:
        digits = [digits_of(n) for n in PAGE_NUMBER.findall(line)]
        if not digits:
            continue
        if line.lower().startswith("fax"):  # "Fax: (502) 267-5936" belongs to the line above
            expected = previous
        else:
            named = _words(PAGE_NUMBER.sub(" ", line))
            starting = [
                e
                for e in directory.entries
                if named == _words(e.name) or named.startswith(_words(e.name) + " ")
            ]
            assert starting, f"no entry's name starts the page line {line!r}"
            entry = max(starting, key=lambda e: len(e.name))
            rest = set(named[len(_words(entry.name)) :].split())
            labels = {w for n in entry.numbers for w in _words(n.label).split()}
            assert rest <= labels, f"{line!r} says more than {entry.name!r}: {rest - labels}"
            expected = entry.id
        for d in digits:
            assert owner[d] == expected, f"{line!r}: {format_number(d)} is under {owner[d]}"
            checked += 1
        previous = expected
    assert checked == len(owner)  # every number of the directory was placed by a line


def test_lge_has_both_page_numbers_with_labels(directory):
    lge = directory.get("lge")
    labels = {n.label.lower(): n.display for n in lge.numbers}
    assert labels == {"electric trouble": "(502) 589-3500", "gas trouble": "(502) 589-3511"}


def test_jeffersontown_police_has_non_emergency_line_and_fax(directory):
    jtpd = directory.get("jeffersontown-police")
    assert jtpd.numbers[0].display == "(502) 267-0503"
    fax = [n for n in jtpd.numbers if n.label.lower() == "fax"]
    assert [n.display for n in fax] == ["(502) 267-5936"]


def test_display_is_written_exactly_as_in_the_file(directory):
    raw = yaml.safe_load(DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8"))
    written = {e["id"]: [n["number"].strip() for n in e["numbers"]] for e in raw["entries"]}
    for entry in directory.entries:
        assert [n.display for n in entry.numbers] == written[entry.id]


# --- format_number and tel_uri -----------------------------------------------------


@pytest.mark.parametrize(
    "digits, display, uri",
    [
        ("5022670503", "(502) 267-0503", "tel:+15022670503"),
        ("5025898222", "(502) 589-8222", "tel:+15025898222"),
        ("18002225555", "1 (800) 222-5555", "tel:+18002225555"),
        ("18773752727", "1 (877) 375-2727", "tel:+18773752727"),
        ("988", "988", "tel:988"),
        ("911", "911", "tel:911"),
        ("311", "311", "tel:311"),
    ],
)
def test_format_number_and_tel_uri(digits, display, uri):
    assert format_number(digits) == display
    assert tel_uri(digits) == uri


@pytest.mark.parametrize(
    "digits", ["", "12", "5022670", "502267050", "28002225555", "180022255551", "15022670503x"]
)
def test_format_number_refuses_other_lengths(digits):
    with pytest.raises(ValueError):
        format_number(digits)


def test_digits_of():
    assert digits_of("1 (800) 222-5555") == "18002225555"
    assert digits_of("(502) 267-0503") == "5022670503"
    assert digits_of("988") == "988"


def test_phone_number_properties(directory):
    state = directory.get("state-police").numbers[0]
    assert state.display == "1 (800) 222-5555"
    assert state.tel_uri == "tel:+18002225555"
    crisis = directory.get("crisis-line").numbers[0]
    assert (crisis.display, crisis.tel_uri) == ("988", "tel:988")


# --- malformed directories -----------------------------------------------------------

VALID = {
    "categories": {
        "police": {"title": "Police departments", "aliases": ["police"]},
        "federal": {"title": "Federal agencies", "aliases": ["feds"]},
    },
    "entries": [
        {
            "id": "jeffersontown-police",
            "name": "Jeffersontown Police",
            "category": "police",
            "aliases": ["JTPD"],
            "numbers": [{"label": "Non-emergency line", "number": "(502) 267-0503"}],
        },
        {
            "id": "fbi",
            "name": "FBI - Louisville Office",
            "short_name": "FBI",
            "category": "federal",
            "aliases": ["FBI", "Federal Bureau of Investigation"],
            "numbers": [{"label": "Phone", "number": "(502) 583-3941"}],
        },
        {
            "id": "state-police",
            "name": "Kentucky State Police",
            "short_name": "KY State Police",
            "category": "police",
            "aliases": ["KSP"],
            "numbers": [{"label": "Phone", "number": "1 (800) 222-5555"}],
        },
        {
            "id": "crisis-line",
            "name": "Crisis Line",
            "category": "police",
            "numbers": [{"label": "Phone", "number": "988"}],
        },
    ],
}


def _write(tmp_path, data, name="phone-numbers.yml"):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _entry(data, entry_id):
    return next(e for e in data["entries"] if e["id"] == entry_id)


def _load_error(tmp_path, data) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(DirectoryError) as caught:
        load_directory(path)
    message = str(caught.value)
    assert str(path) in message, f"the message does not name the file: {message}"
    return message


def test_valid_temp_directory_loads(tmp_path):
    directory = load_directory(_write(tmp_path, VALID))
    assert [e.id for e in directory.entries] == ["jeffersontown-police", "fbi", "state-police", "crisis-line"]
    assert directory.get("state-police").numbers[0].digits == "18002225555"


def test_a_long_name_needs_a_short_name_for_buttons(tmp_path):
    data = copy.deepcopy(VALID)
    del _entry(data, "fbi")["short_name"]
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "short_name" in message


def test_a_short_name_longer_than_a_button_is_refused(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["short_name"] = "Federal Bureau of Investigation"
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "short_name" in message


def test_directory_error_is_a_value_error():
    assert issubclass(DirectoryError, ValueError)


def test_missing_numbers(tmp_path):
    data = copy.deepcopy(VALID)
    del _entry(data, "fbi")["numbers"]
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "numbers" in message


def test_empty_numbers(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"] = []
    assert "'fbi'" in _load_error(tmp_path, data)


def test_number_without_number_field(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"] = [{"label": "Phone"}]
    assert "'fbi'" in _load_error(tmp_path, data)


@pytest.mark.parametrize(
    "bad",
    [
        "502-267-0503",
        "(502) 267-05O3",
        "(502)267-0503",
        "502 267 0503",
        "5022670503",
        "(502) 267-050",
        "1-800-222-5555",
        "+1 (502) 267-0503",
        "91",
        "9888",
        "",
    ],
)
def test_bad_number_format(tmp_path, bad):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"][0]["number"] = bad
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message
    assert repr(bad) in message


def test_number_that_is_not_a_string(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"][0]["number"] = 5025833941
    assert "'fbi'" in _load_error(tmp_path, data)


@pytest.mark.parametrize("label", [None, "", "   "])
def test_missing_label(tmp_path, label):
    data = copy.deepcopy(VALID)
    number = _entry(data, "state-police")["numbers"][0]
    if label is None:
        del number["label"]
    else:
        number["label"] = label
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message and "label" in message


def test_missing_name(tmp_path):
    data = copy.deepcopy(VALID)
    del _entry(data, "fbi")["name"]
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "name" in message


def test_unknown_category(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["category"] = "federal-agencies"
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "federal-agencies" in message


def test_missing_category(tmp_path):
    data = copy.deepcopy(VALID)
    del _entry(data, "fbi")["category"]
    assert "'fbi'" in _load_error(tmp_path, data)


def test_duplicate_alias_across_two_entries(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "state-police")["aliases"].append("FBI")
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message and "'fbi'" in message and "FBI" in message


@pytest.mark.parametrize(
    "variant",
    ["fbi", "F-B-I!", " Fbi ", "federal bureau of investigation", "Federal Bureau of Investigation's"],
)
def test_duplicate_alias_differing_by_case_or_punctuation(tmp_path, variant):
    data = copy.deepcopy(VALID)
    _entry(data, "state-police")["aliases"].append(variant)
    if variant == "F-B-I!":  # normalizes to "f b i": a different name, not a duplicate
        load_directory(_write(tmp_path, data))
        return
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message and "'fbi'" in message


def test_alias_same_as_another_entrys_name(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["aliases"].append("kentucky state police")
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "'jeffersontown-police'" not in message


def test_duplicate_alias_differing_only_by_apostrophe(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "jeffersontown-police")["aliases"].append("Sheriff's Office")
    _entry(data, "state-police")["aliases"].append("SHERIFFS OFFICE")
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message


def test_alias_repeated_within_one_entry(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["aliases"].append("fbi")
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "twice" in message


def test_empty_alias(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["aliases"].append("!!")
    assert "'fbi'" in _load_error(tmp_path, data)


def test_duplicate_id(tmp_path):
    data = copy.deepcopy(VALID)
    clone = copy.deepcopy(_entry(data, "fbi"))
    clone.update(
        name="Another FBI",
        aliases=["other feds office"],
        numbers=[{"label": "Phone", "number": "(502) 582-5908"}],
    )
    data["entries"].append(clone)
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "twice" in message


@pytest.mark.parametrize("bad_id", ["FBI", "fbi office", "fbi_", "-fbi", "", None, 7])
def test_bad_id(tmp_path, bad_id):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["id"] = bad_id
    message = _load_error(tmp_path, data)
    assert "entry #2" in message


@pytest.mark.parametrize("entries", [{"fbi": {"name": "FBI"}}, "fbi", [], None])
def test_entries_not_a_list(tmp_path, entries):
    data = copy.deepcopy(VALID)
    data["entries"] = entries
    assert "entries" in _load_error(tmp_path, data)


def test_entry_not_a_mapping(tmp_path):
    data = copy.deepcopy(VALID)
    data["entries"].insert(1, "FBI (502) 583-3941")
    assert "entry #2" in _load_error(tmp_path, data)


def test_numbers_not_a_list(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"] = "(502) 583-3941"
    assert "'fbi'" in _load_error(tmp_path, data)


def test_number_not_a_mapping(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["numbers"] = ["(502) 583-3941"]
    assert "'fbi'" in _load_error(tmp_path, data)


def test_aliases_not_a_list(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["aliases"] = "FBI"
    assert "'fbi'" in _load_error(tmp_path, data)


@pytest.mark.parametrize("categories", [None, [], ["police", "federal"], {"police": "Police departments"}])
def test_bad_categories(tmp_path, categories):
    data = copy.deepcopy(VALID)
    data["categories"] = categories
    assert "categor" in _load_error(tmp_path, data)


@pytest.mark.parametrize("text", ["[]", "- just\n- a list\n", "just a string", ""])
def test_top_level_not_a_mapping(tmp_path, text):
    _load_error(tmp_path, text)


@pytest.mark.parametrize(
    "text",
    [
        "entries: [\n",
        "categories:\n  police: {title: Police\nentries: []\n",
        "entries:\n  - id: fbi\n   name: bad indent\n",
        "\tentries: []\n",
    ],
)
def test_unreadable_yaml(tmp_path, text):
    message = _load_error(tmp_path, text)
    assert "cannot read" in message


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yml"
    with pytest.raises(DirectoryError) as caught:
        load_directory(path)
    assert str(path) in str(caught.value)


def test_undecodable_file(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes(b"entries:\n  - name: \xe9\xff\xfe\n")
    with pytest.raises(DirectoryError) as caught:
        load_directory(path)
    assert str(path) in str(caught.value)


# --- needs: what residents describe, on entries and on labelled numbers


def test_needs_load_on_entries_and_numbers(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["needs"] = ["federal crime", "terrorism"]
    _entry(data, "jeffersontown-police")["numbers"][-1]["needs"] = ["fax"]
    directory = load_directory(_write(tmp_path, data))
    assert directory.get("fbi").needs == ("federal crime", "terrorism")
    police = directory.get("jeffersontown-police")
    assert police.numbers[-1].needs == ("fax",) and police.needs == ()
    assert "fax" in police.all_needs


def test_real_directory_gives_lge_numbers_their_own_needs(directory):
    electric, gas = directory.get("lge").numbers
    assert "Electric" in electric.label and electric.needs
    assert "Gas" in gas.label and gas.needs
    fax = directory.get("jeffersontown-police").numbers[-1]
    assert fax.label == "Fax" and fax.needs


@pytest.mark.parametrize("needs", ["fax", [""], ["   "], [3], ["!!!"], {"a": 1}])
def test_malformed_needs_are_refused(tmp_path, needs):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["needs"] = needs
    message = _load_error(tmp_path, data)
    assert "'fbi'" in message and "need" in message


def test_a_number_need_that_is_malformed_is_refused(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "jeffersontown-police")["numbers"][-1]["needs"] = "fax"
    assert "'jeffersontown-police'" in _load_error(tmp_path, data)


def test_a_need_used_by_two_entries_is_refused(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "fbi")["needs"] = ["Federal crime"]
    _entry(data, "state-police")["needs"] = ["federal crimes"]
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message and "'fbi'" in message


def test_a_need_that_is_another_entrys_name_is_refused(tmp_path):
    data = copy.deepcopy(VALID)
    _entry(data, "state-police")["needs"] = ["FBI"]
    message = _load_error(tmp_path, data)
    assert "'state-police'" in message and "'fbi'" in message
