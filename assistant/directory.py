"""The directory of agencies: load, validate and format phone numbers.

The data lives in directory/phone-numbers.yml, which staff edit. Everything that
needs an agency's name or number reads it through `load_directory`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

import settings
from settings.limits import MESSENGER_TITLE_CHARS

PROJECT_ROOT = settings.PROJECT_ROOT
DEFAULT_DIRECTORY_PATH = settings.JTPD_DIRECTORY_PATH.default
# Read another directory file instead (tests of a malformed file at start-up).
DIRECTORY_PATH_ENV = settings.JTPD_DIRECTORY_PATH.name

SHORT_NAME_LIMIT = MESSENGER_TITLE_CHARS  # short names are Messenger buttons' titles
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# As the page writes numbers: "(502) 267-0503", "1 (800) 222-5555", "988", "311".
_NUMBER_PATTERN = re.compile(r"^(1 )?\(\d{3}\) \d{3}-\d{4}$|^\d{3}$")


class DirectoryError(ValueError):
    """The directory file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class PhoneNumber:
    label: str
    digits: str  # only the digits, e.g. "5022670503", "18002225555", "988"
    needs: Tuple[str, ...] = ()  # what residents describe that this number is for
    label_es: str = ""  # the label in Spanish replies (issue 13); "" for an unshown "Phone"

    @property
    def display(self) -> str:
        return format_number(self.digits)

    @property
    def tel_uri(self) -> str:
        return tel_uri(self.digits)


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    category: str
    aliases: Tuple[str, ...]
    numbers: Tuple[PhoneNumber, ...]
    short_name: str  # at most SHORT_NAME_LIMIT characters, for buttons
    needs: Tuple[str, ...] = ()  # what residents describe that the entry is for
    gloss_es: str = ""  # Spanish replies: what it is, after the name, where the name alone does not tell

    @property
    def names(self) -> Tuple[str, ...]:
        """The name followed by every alias: all the ways to refer to this entry."""
        return (self.name,) + self.aliases

    @property
    def all_needs(self) -> Tuple[str, ...]:
        """The entry's needs and those of each of its numbers."""
        return self.needs + tuple(n for number in self.numbers for n in number.needs)


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    aliases: Tuple[str, ...]
    title_es: str = ""  # the title in Spanish replies (issue 13)
    button_es: str = ""  # its Spanish button title, at most SHORT_NAME_LIMIT characters

    @property
    def names(self) -> Tuple[str, ...]:
        return (self.title,) + self.aliases


@dataclass(frozen=True)
class Directory:
    categories: Tuple[Category, ...]  # in file order
    entries: Tuple[Entry, ...]
    synonyms: "FrozenDict" = None  # resident's word -> the word names use ("cops" -> "police")

    def category(self, key: str) -> Optional[Category]:
        return next((c for c in self.categories if c.key == key), None)

    def get(self, entry_id: str) -> Optional[Entry]:
        return next((e for e in self.entries if e.id == entry_id), None)

    def in_category(self, category: str) -> List[Entry]:
        return [e for e in self.entries if e.category == category]

    def all_numbers(self) -> Iterable[PhoneNumber]:
        for entry in self.entries:
            yield from entry.numbers


def digits_of(number: str) -> str:
    return re.sub(r"\D", "", number)


def format_number(digits: str) -> str:
    """One display format everywhere: "(502) 589-8222", "1 (800) 222-5555", "988"."""
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"1 ({digits[1:4]}) {digits[4:7]}-{digits[7:]}"
    if len(digits) == 3:
        return digits
    raise ValueError(f"not a North American or N11 number: {digits!r}")


def tel_uri(digits: str) -> str:
    """A tappable link: E.164 for full numbers, the short code itself for 911/988/311."""
    if len(digits) == 10:
        return f"tel:+1{digits}"
    if len(digits) == 11:
        return f"tel:+{digits}"
    return f"tel:{digits}"


def normalize_name(text: str) -> str:
    """Lowercase, '&' spelled out, punctuation dropped: how names are compared."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b", "", text).replace("'", "")  # "FBI's" -> "fbi", "don't" -> "dont"
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def directory_path() -> Path:
    """$JTPD_DIRECTORY_PATH when set, else directory/phone-numbers.yml."""
    return settings.JTPD_DIRECTORY_PATH.read()


def stem(word: str) -> str:
    """Plural and possessive forms compare equal: "sheriffs" ~ "sheriff"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def comparison_key(name: str) -> str:
    """How two names are compared, here and by the matcher: "Sheriffs Office" = "sheriff office"."""
    return " ".join(stem(word) for word in normalize_name(name).split())


def load_directory(path: Optional[Path] = None) -> Directory:
    """Read and validate the directory; raise DirectoryError naming what is wrong."""
    path = Path(path) if path is not None else directory_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DirectoryError(f"{path}: cannot read the directory: {error}") from error
    if not isinstance(raw, dict):
        raise DirectoryError(f"{path}: expected 'categories' and 'entries' at the top")
    categories = _parse_categories(path, raw.get("categories"))
    raw_entries = raw.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise DirectoryError(f"{path}: 'entries' must be a non-empty list")

    entries: List[Entry] = []
    owner_of_name: Dict[str, str] = {}
    for position, raw_entry in enumerate(raw_entries, start=1):
        entry = _parse_entry(path, position, raw_entry, categories)
        if any(e.id == entry.id for e in entries):
            raise DirectoryError(f"{path}: entry '{entry.id}' appears twice")
        for name in entry.names:
            key = comparison_key(name)
            if not key:
                raise DirectoryError(f"{path}: entry '{entry.id}' has an empty alias")
            owner = owner_of_name.get(key)
            if owner is not None:
                where = "twice" if owner == entry.id else f"also by entry '{owner}'"
                raise DirectoryError(
                    f"{path}: entry '{entry.id}': the name or alias '{name}' is used {where}"
                )
            owner_of_name[key] = entry.id
        entries.append(entry)
    _check_needs(path, entries, owner_of_name)
    return Directory(
        categories=tuple(categories.values()),
        entries=tuple(entries),
        synonyms=_parse_synonyms(path, raw.get("synonyms")),
    )


def _check_needs(path: Path, entries: List[Entry], owner_of_name: Dict[str, str]) -> None:
    """A need points to one place: not to two entries or numbers, not to another's name."""
    owner_of_need: Dict[str, str] = {}
    for entry in entries:
        places = [(entry.id, entry.needs)] + [(f"{entry.id} ({n.label})", n.needs) for n in entry.numbers]
        for place, needs in places:
            for need in needs:
                key = comparison_key(need)
                named_by = owner_of_name.get(key)
                if named_by is not None and named_by != entry.id:
                    raise DirectoryError(
                        f"{path}: entry '{entry.id}': the need '{need}' is "
                        f"the name or alias of entry '{named_by}'"
                    )
                owner = owner_of_need.get(key)
                if owner is not None:
                    where = "twice" if owner == place else f"also by '{owner}'"
                    raise DirectoryError(f"{path}: entry '{entry.id}': the need '{need}' is used {where}")
                owner_of_need[key] = place


def _parse_needs(where: str, raw: object) -> Tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        raise DirectoryError(f"{where}: 'needs' must be a list of phrases")
    for need in raw:
        if not normalize_name(need):
            raise DirectoryError(f"{where}: the need {need!r} has no words")
    return tuple(n.strip() for n in raw)


class FrozenDict(dict):
    """A hashable, read-only dict, so a Directory can key caches."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def _read_only(self, *args, **kwargs):
        raise TypeError("the directory is read-only")

    __setitem__ = __delitem__ = update = pop = clear = setdefault = _read_only  # type: ignore


def _parse_synonyms(path: Path, raw: object) -> FrozenDict:
    if raw is None:
        return FrozenDict()
    if not isinstance(raw, dict):
        raise DirectoryError(f"{path}: 'synonyms' must map a word to a word")
    synonyms = {}
    for word, meaning in raw.items():
        key, value = normalize_name(str(word)), normalize_name(str(meaning))
        if not key or not value or " " in key or " " in value:
            raise DirectoryError(f"{path}: synonym {word!r}: {meaning!r} must be one word each")
        synonyms[key] = value
    return FrozenDict(synonyms)


def _parse_categories(path: Path, raw: object) -> Dict[str, Category]:
    if not isinstance(raw, dict) or not raw:
        raise DirectoryError(f"{path}: 'categories' must map keys to a title and aliases")
    categories = {}
    for key, value in raw.items():
        if not isinstance(value, dict) or not isinstance(value.get("title"), str):
            raise DirectoryError(f"{path}: category '{key}' needs a 'title'")
        aliases = value.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise DirectoryError(f"{path}: category '{key}': 'aliases' must be a list")
        spanish = {
            k: _optional_text(f"{path}: category '{key}'", value, k) for k in ("title_es", "button_es")
        }
        if len(spanish["button_es"]) > SHORT_NAME_LIMIT:
            raise DirectoryError(
                f"{path}: category '{key}': 'button_es' is longer than {SHORT_NAME_LIMIT} characters"
            )
        categories[str(key)] = Category(str(key), value["title"], tuple(aliases), **spanish)
    return categories


def _parse_entry(path: Path, position: int, raw: object, categories: Dict[str, Category]) -> Entry:
    where = f"{path}: entry #{position}"
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where} is not a mapping")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID_PATTERN.match(entry_id):
        raise DirectoryError(f"{where}: 'id' must be lowercase words joined by dashes")
    where = f"{path}: entry '{entry_id}'"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DirectoryError(f"{where}: missing 'name'")
    category = raw.get("category")
    if category not in categories:
        raise DirectoryError(f"{where}: category {category!r} is not one of {', '.join(categories)}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        raise DirectoryError(f"{where}: 'aliases' must be a list of names")
    raw_numbers = raw.get("numbers")
    if not isinstance(raw_numbers, list) or not raw_numbers:
        raise DirectoryError(f"{where}: missing 'numbers'")
    numbers = []
    for raw_number in raw_numbers:
        if not isinstance(raw_number, dict):
            raise DirectoryError(f"{where}: each number needs a 'label' and a 'number'")
        label, number = raw_number.get("label"), raw_number.get("number")
        if not isinstance(label, str) or not label.strip():
            raise DirectoryError(f"{where}: a number has no 'label'")
        if not isinstance(number, str) or not _NUMBER_PATTERN.match(number.strip()):
            raise DirectoryError(
                f"{where}: number {number!r} ({label}) is not written like "
                "\"(502) 267-0503\", \"1 (800) 222-5555\" or \"988\""
            )
        numbers.append(
            PhoneNumber(
                label=label.strip(),
                digits=digits_of(number),
                needs=_parse_needs(f"{where} ({label})", raw_number.get("needs")),
                label_es=_optional_text(f"{where} ({label})", raw_number, "label_es"),
            )
        )
    short_name = str(raw.get("short_name") or name).strip()
    if len(short_name) > SHORT_NAME_LIMIT:
        raise DirectoryError(
            f"{where}: the name is longer than {SHORT_NAME_LIMIT} characters: give a 'short_name' for buttons"
        )
    return Entry(
        id=entry_id,
        name=name.strip(),
        category=category,
        aliases=tuple(str(a).strip() for a in aliases),
        numbers=tuple(numbers),
        short_name=short_name,
        needs=_parse_needs(where, raw.get("needs")),
        gloss_es=_optional_text(where, raw, "gloss_es"),
    )


def _optional_text(where: str, raw: Dict, key: str) -> str:
    """A Spanish word of the directory (issue 13): absent, or a non-empty string."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DirectoryError(f"{where}: '{key}' must be a non-empty text")
    return value.strip()
