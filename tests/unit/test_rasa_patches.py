"""rasa_patches: its README table and its code agree, every symbol it names exists in
the installed Rasa, each patch does what it says and can be undone, importing it
changes nothing, and no module outside it assigns to Rasa's attributes."""

from __future__ import annotations

import ast
import asyncio
import importlib
import logging
import pkgutil
import re
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, Set

import pytest

import rasa_patches
from rasa_patches import swap

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "rasa_patches" / "README.md"
NOT_PATCHES = {"swap"}


def patch_modules() -> Dict[str, object]:
    names = [m.name for m in pkgutil.iter_modules(rasa_patches.__path__)]
    return {
        name: importlib.import_module(f"rasa_patches.{name}") for name in names if name not in NOT_PATCHES
    }


def table() -> Dict[str, Dict[str, List[str]]]:
    """patch name -> {"symbols": [...], "tests": [...]}, from the README's table."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        patch, symbols, _why, tests = cells
        rows[patch.strip("`")] = {
            "symbols": re.findall(r"`([\w.]+)`", symbols),
            "tests": re.findall(r"`([\w/.]+::\w+)`", tests),
        }
    return rows


@pytest.fixture
def stock_rasa():
    """Rasa without the process-wide patches, during and after the test."""
    rasa_patches.undo_all()
    yield
    rasa_patches.undo_all()


def test_the_table_has_one_row_per_patch_with_the_symbols_its_code_declares():
    rows, modules = table(), patch_modules()
    assert set(rows) == set(modules)
    for name, module in modules.items():
        assert rows[name]["symbols"] == list(module.SYMBOLS), name
        assert rows[name]["tests"], f"{name}: no test named in the table"


def test_what_apply_all_replaces_is_in_the_table(stock_rasa):
    named = {symbol for row in table().values() for symbol in row["symbols"]}
    rasa_patches.apply_all()
    replaced = set(swap.replaced())
    assert replaced and replaced <= named, replaced - named
    speedups = {symbol for patch in rasa_patches.SPEEDUPS for symbol in patch.SYMBOLS}
    assert speedups <= replaced


def test_every_symbol_of_the_table_exists_in_the_installed_rasa(stock_rasa):
    import rasa

    assert rasa.__version__ == "3.6.21"  # the version the table was checked against
    for row in table().values():
        for symbol in row["symbols"]:
            swap.locate(symbol)  # AttributeError or ImportError when renamed or gone


def test_every_test_of_the_table_exists():
    for patch, row in table().items():
        for test in row["tests"]:
            path, name = test.split("::")
            source = (ROOT / path).read_text(encoding="utf-8")
            assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{patch}: {test}"


def test_undo_all_gives_rasa_back_and_apply_all_is_idempotent(stock_rasa):
    symbols = [
        symbol
        for patch in rasa_patches.PROCESS_WIDE
        for symbol in patch.SYMBOLS
        if patch is not rasa_patches.privacy
    ]
    stock = {symbol: swap.original(symbol) for symbol in symbols}
    rasa_patches.apply_all()
    first = {symbol: vars(swap.locate(symbol)[0])[swap.locate(symbol)[1]] for symbol in symbols}
    rasa_patches.apply_all()
    for symbol in symbols:
        owner, name = swap.locate(symbol)
        assert vars(owner)[name] is not stock[symbol], symbol
        if symbol != rasa_patches.action_wait.SYMBOLS[0]:  # a number: set again
            assert vars(owner)[name] is first[symbol], f"{symbol} patched twice"
    assert rasa_patches.privacy.is_applied()
    rasa_patches.undo_all()
    for symbol in symbols:
        owner, name = swap.locate(symbol)
        assert vars(owner)[name] is stock[symbol], symbol
    assert swap.changed() == [] and rasa_patches.applied() == []


def test_importing_the_package_and_its_users_changes_nothing():
    """Patches are applied by calls only (channels/privacy.py used to apply itself
    when channels.rest was imported)."""
    code = (
        "import rasa_patches, channels.rest, channels.socketio, policies.action_failure, "
        "scaling.rasa_server\n"
        "from rasa_patches import model_check, tracker_store_shield\n"
        "print(rasa_patches.applied())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_action_wait_is_bounded_and_undone(stock_rasa, tmp_path):
    import inspect

    import rasa.core.actions.action as rasa_action
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from policies.action_failure import ACTION_TIMEOUT_S, ActionFailurePolicy

    # RemoteAction.run reads the module's name at call time: that is what is lowered
    assert "timeout=DEFAULT_REQUEST_TIMEOUT" in inspect.getsource(rasa_action.RemoteAction.run)
    stock = rasa_action.DEFAULT_REQUEST_TIMEOUT
    assert stock == 300
    ActionFailurePolicy(
        ActionFailurePolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("action_failure"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == ACTION_TIMEOUT_S
    rasa_patches.action_wait.apply(7)
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 7
    with pytest.raises(ValueError):
        rasa_patches.action_wait.apply(0)
    rasa_patches.action_wait.undo()
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT is stock


def _sql_error_text(secret: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT * FROM no_such_table WHERE x = :x"), {"x": secret})
    except sa.exc.SQLAlchemyError as error:
        return str(error)
    finally:
        engine.dispose()
    raise AssertionError("the statement should have failed")


def _story_reader_warnings(text: str) -> List[str]:
    from rasa.shared.utils.io import raise_warning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", append=True)  # below any filter of the patch
        raise_warning(f"Failed to parse arguments in line '{text}'. Failed to interpret")
    return [str(w.message) for w in caught]


def test_privacy_hides_story_reader_and_sql_parameters(stock_rasa):
    from rasa_patches.privacy import STORY_READER

    secret = "my address is 12 Secret Lane"
    assert secret in _sql_error_text(secret)  # stock: the parameters are quoted
    assert _story_reader_warnings(secret)
    rasa_patches.privacy.apply()
    rasa_patches.privacy.apply()  # idempotent
    try:
        assert secret not in _sql_error_text(secret)
        assert _story_reader_warnings(secret) == []
        assert logging.getLogger(STORY_READER).getEffectiveLevel() == logging.ERROR
    finally:
        rasa_patches.privacy.undo()
    assert secret in _sql_error_text(secret) and _story_reader_warnings(secret)
    assert not rasa_patches.privacy.is_applied()


def test_privacy_applied_again_comes_before_the_filter_rasa_run_adds(stock_rasa):
    """`rasa run` puts `filterwarnings("once", category=UserWarning)` in front after
    apply_all(); the REST channel's apply() must put ours back in front, or the story
    reader's warning quotes the resident's words in the log."""
    import warnings

    secret = "my address is 12 Secret Lane"
    rasa_patches.privacy.apply()
    try:
        warnings.filterwarnings("once", category=UserWarning)  # what rasa run does at start
        rasa_patches.privacy.apply()  # the REST channel, when it builds its routes
        assert rasa_patches.privacy.is_applied()
        assert _story_reader_warnings(secret) == []
    finally:
        rasa_patches.privacy.undo()
        warnings.filters[:] = [
            f for f in warnings.filters if not (f[0] == "once" and f[2] is UserWarning and f[1] is None)
        ]
        warnings._filters_mutated()


class _FailingStore:
    """A primary tracker store that is down (as a locked SQLite file is)."""

    domain = None
    event_broker = None

    async def save(self, tracker) -> None:
        raise ConnectionError("the database is down")

    async def retrieve(self, sender_id):
        raise ConnectionError("the database is down")


def test_shielded_store_keeps_nothing_and_notes_the_failed_save():
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_patches.tracker_store_shield import noting_failed_saves

    async def save_and_retrieve(store: FailSafeTrackerStore):
        tracker = DialogueStateTracker("resident", [])
        with noting_failed_saves() as saves:
            await store.save(tracker)
        return saves.failed, await store.retrieve("resident")

    stock = FailSafeTrackerStore(_FailingStore())
    stock.domain = Domain.empty()
    failed, _ = asyncio.run(save_and_retrieve(stock))
    assert not failed and "resident" in stock.fallback_tracker_store.store  # Rasa keeps it

    errors: List[Exception] = []
    store = FailSafeTrackerStore(_FailingStore())
    store.domain = Domain.empty()
    agent = SimpleNamespace(tracker_store=store)  # what apply reads of Rasa's Agent
    rasa_patches.tracker_store_shield.apply(agent, on_error=errors.append)
    rasa_patches.tracker_store_shield.apply(agent, on_error=errors.append)  # idempotent
    assert rasa_patches.tracker_store_shield.is_applied(agent)
    failed, retrieved = asyncio.run(save_and_retrieve(store))
    assert failed and retrieved is None
    assert store.fallback_tracker_store.store == {}  # nothing of the resident kept
    assert [type(e) for e in errors] == [ConnectionError, ConnectionError]  # save, retrieve


# --- no patch outside the package ---------------------------------------------------
NOT_SCANNED = {"tests", "rasa_patches", "models", "node_modules", "results", "reports"}


def project_modules() -> List[Path]:
    """The project's own Python files, outside the tests and this package."""
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not any(part.startswith(".") or part in NOT_SCANNED for part in path.relative_to(ROOT).parts[:-1])
    )


def _rasa_names(tree: ast.Module) -> Set[str]:
    """Names a module binds to Rasa modules or to objects imported from them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "rasa":
                    names.add(alias.asname or "rasa")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "rasa":
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def rasa_assignments(source: str) -> List[str]:
    """`X.attr = ...` and `setattr(X, ...)` where X is Rasa's (a module or a class)."""
    tree = ast.parse(source)
    rasa = _rasa_names(tree)

    def base(node: ast.AST) -> str:
        while isinstance(node, ast.Attribute):
            node = node.value
        return node.id if isinstance(node, ast.Name) else ""

    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
            and node.args
        ):
            targets = [ast.Attribute(value=node.args[0], attr="?")]
        for target in targets:
            if isinstance(target, ast.Attribute) and base(target) in rasa:
                found.append(f"line {node.lineno}: {ast.unparse(target)}")
    return found


def test_no_module_outside_rasa_patches_assigns_to_rasa():
    offenders = {}
    paths = project_modules()
    assert ROOT / "policies" / "action_failure.py" in paths
    for path in paths:
        found = rasa_assignments(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, f"patch Rasa in rasa_patches/ (and its README table): {offenders}"


def test_the_scan_finds_the_patches_it_is_meant_to_find():
    assert rasa_assignments("import rasa.core.actions.action as a\na.DEFAULT_REQUEST_TIMEOUT = 5")
    assert rasa_assignments(
        "from rasa.core.processor import MessageProcessor\nMessageProcessor._predict_next_with_tracker = f"
    )
    assert rasa_assignments("from rasa.shared.core.events import Event\nsetattr(Event, 'resolve_by_type', f)")
    assert not rasa_assignments("from rasa.core.processor import MessageProcessor\nself.x = MessageProcessor")
