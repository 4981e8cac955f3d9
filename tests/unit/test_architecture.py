"""docs/architecture.md is true: each process imports the project modules it lists.

The imports are followed statically (every `import`, at any depth of the code, from
the entry points the page names), so a module added, moved or no longer imported
fails here until the page says so; every path the page names exists.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, List, Optional, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture.md"
PACKAGES = {
    "assistant",
    "actions",
    "channels",
    "launcher",
    "pipeline",
    "policies",
    "rasa_patches",
    "scaling",
    "settings",
    "web",
    "reporting",
    "bench",
}


def module_file(name: str) -> Optional[Path]:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def direct_imports(name: str) -> Set[str]:
    tree = ast.parse(module_file(name).read_text(encoding="utf-8"))
    named: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named.add(node.module)
            named.update(f"{node.module}.{alias.name}" for alias in node.names)
    found = set()
    for dotted in named:
        if dotted.split(".")[0] not in PACKAGES:
            continue
        while dotted and module_file(dotted) is None:  # `from a.b import name`: module a.b
            dotted = dotted.rpartition(".")[0]
        if dotted:
            found.add(dotted)
    return found


def imported_from(entry_points: List[str]) -> Set[str]:
    seen: Set[str] = set()
    todo = list(entry_points)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(direct_imports(name))
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # packages' __init__
    return seen


def processes() -> Dict[str, Dict[str, List[str]]]:
    text = PAGE.read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        title = section.splitlines()[0].strip()
        entry = re.search(r"^Entry points: (.+?)\n\n", section, flags=re.M | re.S)
        listed = re.search(r"^```imports\n(.*?)^```", section, flags=re.M | re.S)
        if entry and listed:
            found[title] = {
                "entry": re.findall(r"`([\w.]+)`", entry.group(1)),
                "imports": listed.group(1).split(),
            }
    return found


def test_the_page_describes_the_four_processes():
    assert set(processes()) == {"Rasa server", "Action server", "Chat page server", "Launcher"}


@pytest.mark.parametrize("process", sorted(processes()))
def test_each_process_imports_what_the_page_lists(process):
    described = processes()[process]
    for name in described["entry"]:
        assert module_file(name), f"{process}: entry point {name} does not exist"
    actual = imported_from(described["entry"])
    listed = set(described["imports"])
    assert not actual - listed, f"{process} imports, and the page does not list: {sorted(actual - listed)}"
    assert not listed - actual, f"the page lists, and {process} does not import: {sorted(listed - actual)}"


def test_the_config_files_name_the_rasa_servers_entry_points():
    entry = set(processes()["Rasa server"]["entry"])
    named = set()
    for config in ("config.yml", "credentials.yml", "endpoints.prod.yml"):
        text = (ROOT / config).read_text(encoding="utf-8")
        named.update(
            m.rpartition(".")[0]
            for m in re.findall(r"\b((?:pipeline|policies|channels|scaling)\.[\w.]+)", text)
        )
    assert named <= entry, sorted(named - entry)


def test_every_path_the_page_names_exists():
    text = PAGE.read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:[\w.-]+/)+[\w.-]*)`", text))
    assert paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, missing


def test_every_project_module_is_named_by_the_page_or_a_process():
    """A newcomer finds every module: under a process, or as a staff command's."""
    text = PAGE.read_text(encoding="utf-8")
    listed = {name for process in processes().values() for name in process["imports"]}
    for package in sorted(PACKAGES - {"reporting", "bench"}):  # staff commands: folder named
        for path in sorted((ROOT / package).glob("*.py")):
            name = f"{package}.{path.stem}" if path.stem != "__init__" else package
            relative = path.relative_to(ROOT).as_posix()
            assert name in listed or relative in text, f"{relative} is not on docs/architecture.md"
