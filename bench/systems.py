"""The systems under test: training them, starting them, and their process ids.

stock      the `rasa init` project (what `rasa init` copies), trained here with the
           same Rasa, served by `rasa run` (REST; no custom actions, so no action server)
ours       this assistant, action server + one plain `rasa run` server, SQLite
ours-fast  the same started as `make run` does (`python -m scaling.rasa_server`,
           which applies rasa_patches/)
prod       the production mode (`make run-prod`): PostgreSQL + Redis + action server +
           two Rasa servers behind nginx; the load goes through nginx
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional

import aiohttp

from bench.proc import rss_mb
from launcher.prod import ProdSettings, ProdStack
from launcher.stack import (
    PROJECT_ROOT,
    VENV_BIN,
    Stack,
    StackSettings,
    free_port,
    quiet_environment,
    stop_process_group,
)

SYSTEMS = ["stock", "ours", "ours-fast", "prod"]
FIRST_ANSWER_S = 300  # the stock assistant takes about 25 s; a loaded machine much more


@dataclass
class Running:
    name: str
    rest_url: str
    rasa_pids: List[int]
    action_pid: Optional[int]
    stop: Callable[[], None]
    startup: float = 0.0


def train(project: Path, out: Path, cache: Path, name: str) -> float:
    """`rasa train` in `project` with an empty cache; returns the wall time in seconds."""
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    env = quiet_environment({"RASA_CACHE_DIRECTORY": str(cache), "PYTHONWARNINGS": "ignore"})
    if project != PROJECT_ROOT:
        env["PYTHONPATH"] = str(project)
    started = time.perf_counter()
    result = subprocess.run(
        [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", name, "--out", str(out), "--quiet"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"training {project} failed:\n{result.stdout[-3000:]}")
    return elapsed


def make_stock_project(folder: Path) -> Path:
    """The project `rasa init` creates (rasa.cli.scaffold copies the same folder)."""
    from rasa.cli.scaffold import scaffold_path

    shutil.copytree(scaffold_path(), folder)
    return folder


async def _first_answer(url: str, deadline: float) -> None:
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.post(
                    url,
                    json={"sender": "bench-first", "message": "hi"},
                    timeout=aiohttp.ClientTimeout(total=30),
                ) as response:
                    if response.status == 200 and await response.json(content_type=None):
                        return
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"no answer from {url}")


def _wait_for_first_answer(url: str, stop: Callable[[], None]) -> None:
    """Until `url` answers "hi"; stops the system when it never does."""
    try:
        asyncio.run(_first_answer(url, time.monotonic() + FIRST_ANSWER_S))
    except BaseException:
        stop()
        raise


def start_stock(project: Path, model: Path, work: Path) -> Running:
    port = free_port()
    logfile = open(work / f"stock-{port}.log", "ab")
    started = time.monotonic()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=project,
        env=quiet_environment({"PYTHONPATH": str(project)}),
        stdout=logfile,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    logfile.close()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"

    def stop() -> None:
        stop_process_group(process, timeout=20)

    _wait_for_first_answer(url, stop)
    return Running("stock", url, [process.pid], None, stop, time.monotonic() - started)


def stock_action_server_rss(project: Path, work: Path) -> float:
    """The SDK action server with `rasa init`'s (empty) actions: what it would cost."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=project,
        env=quiet_environment({"PYTHONPATH": str(project), "SANIC_HOST": "127.0.0.1"}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        return rss_mb(process.pid)["rss"]
    finally:
        stop_process_group(process, timeout=20)


def start_ours(work: Path, fast: bool = False) -> Running:
    """Ours on one Rasa server: `fast` as `make run` starts it (rasa_patches applied)."""
    stack = Stack(StackSettings.for_tests(work / f"ours-{free_port()}", start_web=False, rasa_speedups=fast))
    started = time.monotonic()
    stack.start()
    _wait_for_first_answer(stack.rest_url, stack.stop)
    pids = {name: p.pid for name, p in stack._processes.items()}
    return Running(
        "ours-fast" if fast else "ours",
        stack.rest_url,
        [pids["rasa"]],
        pids["actions"],
        stack.stop,
        time.monotonic() - started,
    )


def start_prod(work: Path, services: Path) -> Running:
    stack = ProdStack(ProdSettings.for_tests(work / f"prod-{free_port()}", services))
    started = time.monotonic()
    stack.start()
    _wait_for_first_answer(stack.lb_rest_url, stack.stop)
    pids = stack.process_ids()
    return Running(
        "prod",
        stack.lb_rest_url,
        [pids[n] for n in stack.instance_names],
        pids["actions"],
        stack.stop,
        time.monotonic() - started,
    )


def start(system: str, stock_project: Path, work: Path, services: Path) -> tuple[Running, str]:
    """Starts `system` (one of SYSTEMS); returns it and the conversations it takes ("stock"/"ours")."""
    if system == "stock":
        return start_stock(stock_project, stock_project / "models" / "stock.tar.gz", work), "stock"
    if system in ("ours", "ours-fast"):
        return start_ours(work, fast=system == "ours-fast"), "ours"
    return start_prod(work, services), "ours"
