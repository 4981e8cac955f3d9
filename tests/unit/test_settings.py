"""settings/: every environment variable declared once, documented in README's
"Settings" table, and read nowhere else."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

import settings
from settings import limits

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# Folders that are not the project's Python code (tests may set the environment).
NOT_CODE = {".venv", "node_modules", "tests", ".git", ".run", "models", "results"}


def readme_settings_table() -> Dict[str, str]:
    """variable -> its default cell, from the table under README's "## Settings"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "README's Settings section has no table"
    table = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0])
        assert len(names) == 1, f"one variable per row: {row}"
        assert names[0] not in table, f"{names[0]} is in the table twice"
        table[names[0]] = cells[1]
    return table


def test_every_declared_variable_is_in_the_readme_table_and_only_those():
    table = readme_settings_table()
    assert sorted(set(settings.ALL) - set(table)) == [], "declared, not in README's table"
    assert sorted(set(table) - set(settings.ALL)) == [], "in README's table, not declared"


def test_the_readme_table_gives_each_declared_default():
    table = readme_settings_table()
    for name, setting in settings.ALL.items():
        shown, cell = setting.documented_default, table[name]
        if shown is None:
            assert "unset" in cell or "generated" in cell, (name, cell)
        elif shown == "":
            assert "empty" in cell, (name, cell)
        else:
            assert f"`{shown}`" in cell, (name, cell, shown)


def test_every_variable_of_the_production_endpoints_file_is_declared():
    text = "\n".join(
        re.sub(r"(^|\s)#.*$", "", line) for line in (ROOT / "endpoints.prod.yml").read_text().splitlines()
    )
    used = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", text))
    assert used == {setting.name for setting in settings.ENDPOINTS_PROD}


def _python_files() -> Iterator[Path]:
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "settings" or NOT_CODE & set(parts):
            continue
        yield path


def environment_reads(source: str) -> List[int]:
    """Lines where `source` touches os.environ / os.getenv / os.putenv, or imports them."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv", "putenv", "unsetenv", "environb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in ("environ", "getenv", "putenv", "environb") for alias in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_outside_settings_reads_the_environment():
    """Every setting is read through settings/ (a child's environment too:
    settings.environment()); tests may set variables themselves."""
    files = list(_python_files())
    assert len(files) > 50, "the search found too few files"
    found = {
        str(path.relative_to(ROOT)): environment_reads(path.read_text(encoding="utf-8")) for path in files
    }
    assert {path: lines for path, lines in found.items() if lines} == {}


@pytest.mark.parametrize(
    "source",
    [
        "import os\nport = int(os.environ.get('RASA_PORT', 5005))",
        "import os\nport = os.getenv('RASA_PORT')",
        "from os import environ\nport = environ['RASA_PORT']",
        "import os\nenv = dict(os.environ)",
    ],
)
def test_the_search_finds_each_way_of_reading_the_environment(source):
    assert environment_reads(source)


def test_a_setting_reads_its_variable_typed_else_its_default():
    assert settings.RASA_PORT.read({}) == 5005
    assert settings.RASA_PORT.read({"RASA_PORT": " "}) == 5005  # blank: the default
    assert settings.RASA_PORT.read({"RASA_PORT": "6000"}) == 6000
    assert settings.JTPD_ACTION_TIMEOUT_S.read({}) == limits.ACTION_TIMEOUT_S
    assert settings.JTPD_VERIFY_RECENT_HISTORY.read({"JTPD_VERIFY_RECENT_HISTORY": "1"}) is True
    assert settings.JTPD_VERIFY_RECENT_HISTORY.read({"JTPD_VERIFY_RECENT_HISTORY": "false"}) is False
    assert settings.DB_PASSWORD.read({}) is None
    assert settings.DB_PORT.text({}) == "5433"
    with pytest.raises(ValueError, match="RASA_PORT"):
        settings.RASA_PORT.read({"RASA_PORT": "five"})


def test_the_process_environment_is_read_when_none_is_given(monkeypatch):
    monkeypatch.setenv("WEB_PORT", "9191")
    assert settings.WEB_PORT.read() == 9191
    assert settings.environment({"X_EXTRA": "1"})["WEB_PORT"] == "9191"


def test_one_name_per_setting():
    """WEB_PORT is the chat page's port in both modes (web/serve.py read JTPD_WEB_PORT)."""
    assert "JTPD_WEB_PORT" not in settings.ALL and "JTPD_WEB_HOST" not in settings.ALL
    with pytest.raises(ValueError):
        settings._declare("RASA_PORT", int, 1, "again")
