"""No phone number and no resident-facing sentence is typed in the code.

Numbers live in directory/phone-numbers.yml, sentences in domain.yml (its responses and
channel_responses); code reads them. This test reads every string literal of the
Python and JavaScript outside the tests (docstrings and comments are not literals) and
fails on:

- a phone number: a full number in any format ("(502) 267-0503", "502-267-0503"), or
  a short code (911, 988, 211, 311, 511) in a literal that is not the short-code list
  itself;
- a sentence: a literal of 6 or more words that starts with a capital letter and ends
  with ".", "!", "?" or "…".

Staff-facing text is not a resident's: messages given to `logging`, `print` (the
launcher's terminal) or an exception, command-line help (`description=`, `help=`),
the files in STAFF_FILES and the few literals in ALLOWED below, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest

from web.widget_text import BEGIN, END

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    "assistant",
    "channels",
    "web",
    "launcher",
    "actions",
    "pipeline",
    "policies",
    "scaling",
    "reporting",
]

# Files whose sentences are still to move into domain.yml (none: keep it that way).
PENDING: dict = {}

# Files only staff read, with the reason.
STAFF_FILES = {
    "reporting/html.py": "the staff report's page (make report): staff read it, residents never",
}

SPACY_PATTERN = "a spaCy pattern: what residents type, never shown to them"

# (file, start of the literal): why it is not a resident-facing sentence or number.
ALLOWED = {
    ("assistant/phone_text.py", "911"): "the short-code list itself: the one home of 911, 988...",
    ("assistant/phone_text.py", "988"): "the short-code list itself",
    ("assistant/phone_text.py", "211"): "the short-code list itself",
    ("assistant/phone_text.py", "311"): "the short-code list itself",
    ("assistant/phone_text.py", "511"): "the short-code list itself",
    ("assistant/phone_text.py", "|9-1-1)"): "the short-code pattern: how \"9-1-1\" is recognised",
    ("assistant/safety.py", "911"): "a word residents type (\"what does 911 ask\"), never shown",
    ("assistant/language.py", "\\b(?:ok|okay"): "what residents type that tells no language, never shown",
    ("assistant/safety_rules.py", "911 call|"): SPACY_PATTERN,
    ("assistant/safety_rules.py", "call the police|cops|911"): SPACY_PATTERN,
    ("assistant/safety_rules.py", "someone|somebody call 911"): SPACY_PATTERN,
    ("assistant/safety_replies.py", "911: emergency"): "a row label of the staff report",
    ("assistant/safety_replies.py", "988: crisis line"): "a row label of the staff report",
    ("assistant/safety_replies.py", "911 line beside"): "a row label of the staff report",
    ("assistant/safety_replies.py", "988 line beside"): "a row label of the staff report",
}

FULL_NUMBER = re.compile(r"(?<![\w+])(?:1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]\d{4}(?!\d)")
SHORT_CODE = re.compile(r"(?<![\w$#/().+-])(?:911|988|211|311|511|9-1-1)(?![\w/-])")
SENTENCE = re.compile(r"^[A-Z¿¡][^\n]*[.!?…]$")
LOGGING_METHODS = {"debug", "info", "warning", "warn", "error", "critical", "exception", "log"}
HELP_KEYWORDS = {"description", "help", "epilog"}


# --- Python ----------------------------------------------------------------------------


def _docstring_nodes(tree: ast.AST) -> set:
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                nodes.add(id(body[0].value))
    return nodes


def _staff_nodes(tree: ast.AST) -> set:
    """Literals in a logging or print call, an exception or command-line help: for staff."""
    nodes = set()
    for node in ast.walk(tree):
        staff: List[ast.AST] = []
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr in LOGGING_METHODS:
                staff.append(node)
            if isinstance(node.func, ast.Name) and node.func.id == "print":
                staff.append(node)
            staff += [k.value for k in node.keywords if k.arg in HELP_KEYWORDS]
        if isinstance(node, ast.Raise) and node.exc is not None:
            staff.append(node.exc)
        for part in staff:
            for inner in ast.walk(part):
                nodes.add(id(inner))
    return nodes


def _joined(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def python_literals(path: Path) -> Iterator[Tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstring_nodes(tree) | _staff_nodes(tree)
    inside_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside_fstring:
            continue
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, _joined(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


# --- JavaScript ------------------------------------------------------------------------

_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}


def javascript_literals(source: str) -> Iterator[Tuple[int, str]]:
    """String literals of a script, outside comments and regular expressions (a small
    lexer: enough for the widget, which has no template literals with code in them)."""
    i, line, n = 0, 1, len(source)
    previous = ""  # the last significant character, to tell a regex from a division
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
            continue
        if c in "'\"`":
            start_line, j, text = line, i + 1, []
            while j < n and source[j] != c:
                if source[j] == "\\" and j + 1 < n:
                    text.append(source[j : j + 2])
                    j += 2
                    continue
                if source[j] == "\n":
                    line += 1
                text.append(source[j])
                j += 1
            raw = "".join(text)
            try:
                value = (
                    ast.literal_eval('"' + raw.replace('"', '\\"') + '"')
                    if c != '"'
                    else ast.literal_eval('"' + raw + '"')
                )
            except (ValueError, SyntaxError):
                value = raw
            yield start_line, value
            i, previous = j + 1, c
            continue
        if c == "/" and previous in _REGEX_BEFORE:
            j, in_class = i + 1, False
            while j < n and (in_class or source[j] != "/"):
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            i, previous = j + 1, "/"
            continue
        if not c.isspace():
            previous = c if not (c.isalnum() or c in "_$") else "a"
        i += 1


def without_generated_block(script: str) -> str:
    """The widget's script without its generated words (tests/unit/test_widget_text.py
    checks that block against domain.yml); its lines stay, blank, so lines still match."""
    if BEGIN not in script:
        return script
    start = script.index(BEGIN)
    end = script.index("\n", script.index(END, start))
    return script[:start] + "\n" * script.count("\n", start, end) + script[end:]


# --- the scan --------------------------------------------------------------------------


def source_files() -> List[Path]:
    files = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if "node_modules" in path.parts or not path.is_file():
                continue
            if path.suffix in (".py", ".js"):
                files.append(path)
    return files


def literals(path: Path) -> Iterator[Tuple[int, str]]:
    if path.suffix == ".py":
        yield from python_literals(path)
    else:
        yield from javascript_literals(without_generated_block(path.read_text(encoding="utf-8")))


def problem(text: str) -> Optional[str]:
    if FULL_NUMBER.search(text):
        return "a phone number"
    if SHORT_CODE.search(text):
        return "a short code"
    words = text.split()
    if len(words) >= 6 and SENTENCE.match(text.strip()):
        return "a sentence"
    return None


def findings(path: Path) -> List[str]:
    relative = path.relative_to(ROOT).as_posix()
    if relative in STAFF_FILES:
        return []
    found = []
    for line, text in literals(path):
        what = problem(text)
        if what and not any(f == relative and text.startswith(start) for f, start in ALLOWED):
            found.append(f"{relative}:{line}: {what} typed in the code: {text[:90]!r}")
    return found


def _scan_cases():
    for path in source_files():
        relative = path.relative_to(ROOT).as_posix()
        marks = []
        if relative in PENDING:
            marks = [pytest.mark.xfail(reason=PENDING[relative], strict=True)]
        yield pytest.param(path, id=relative, marks=marks)


@pytest.mark.parametrize("path", list(_scan_cases()))
def test_no_number_or_sentence_is_typed_in_the_code(path):
    found = findings(path)
    assert not found, "\n".join(
        found + ["Put sentences in domain.yml and numbers in directory/phone-numbers.yml, and read them."]
    )


def test_the_scan_covers_the_code():
    relative = {p.relative_to(ROOT).as_posix() for p in source_files()}
    assert {
        "channels/rest.py",
        "channels/messenger_format.py",
        "web/widget/jtpd-chat.js",
        "launcher/stack.py",
        "actions/actions.py",
        "assistant/replies.py",
    } <= relative
    for folder in SCANNED:
        assert any(r.startswith(folder + "/") for r in relative), folder


def test_every_allowed_literal_is_still_there():
    """An allow-list entry whose literal is gone would hide the next one: remove it."""
    for (relative, start), reason in ALLOWED.items():
        assert reason
        texts = [text for _, text in literals(ROOT / relative)]
        assert any(t.startswith(start) and problem(t) for t in texts), (relative, start)
    for relative, reason in {**STAFF_FILES, **PENDING}.items():
        assert reason and (ROOT / relative).is_file(), relative


@pytest.mark.parametrize(
    "text,what",
    [
        ("Call (502) 267-0503 now", "a phone number"),
        ("502-267-0503", "a phone number"),
        ("1 (800) 222-5555", "a phone number"),
        ("tel:911", "a short code"),
        ("In an emergency, call 911", "a short code"),
        ("Sorry, the assistant can't answer right now.", "a sentence"),
        ("Is this the one you need for {} today?", "a sentence"),
        ("jtpd-chat:v1", None),
        ("Smart911", None),
        ("the body must be a JSON object", None),
        ("Type your message", None),
    ],
)
def test_the_scan_recognises_numbers_and_sentences(text, what):
    assert problem(text) == what


def test_the_javascript_lexer_skips_comments_and_regular_expressions():
    script = (
        '// Call (502) 267-0503 in a comment\n'
        'var re = /\\b(911|988)\\b/g; /* Sorry, this block comment is not a string. */\n'
        'var a = 4 / 2, b = "Sorry, this string is a sentence someone reads.";\n'
        "var c = 'tel:' + n;\n"
    )
    assert list(javascript_literals(script)) == [
        (3, "Sorry, this string is a sentence someone reads."),
        (4, "tel:"),
    ]


def test_python_literals_skip_docstrings_logging_and_exceptions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        '"""Call (502) 267-0503: a docstring."""\n'
        'import logging\n'
        'logging.getLogger(__name__).error("The server stops rather than run without it.")\n'
        'print("Starting the action server and the Rasa server ...")\n'
        'parser = object(description="Serve the chat widget and its demo site.")\n'
        'def f(x):\n'
        '    if x:\n'
        '        raise ValueError("The directory file is malformed, fix the entry.")\n'
        '    return f"Sorry, I could not find {x} in the directory."\n',
        encoding="utf-8",
    )
    assert list(python_literals(source)) == [(9, "Sorry, I could not find {} in the directory.")]
