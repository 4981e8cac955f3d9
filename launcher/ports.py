"""Is a port free to listen on, and if not, which process holds it.

`make run` checks its ports before it starts or writes anything: a second one would
otherwise see the first one's servers answer, say "Ready", and rewrite its .run/
files. The holder is found in Linux's /proc (as root, every process; otherwise only
the user's own): elsewhere, or for another user's process, only the port is named.
"""

from __future__ import annotations

import errno
import os
import random
import socket
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_LISTEN = "0A"  # the TCP state in /proc/net/tcp
EPHEMERAL_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
# Linux's default range when the file cannot be read.
DEFAULT_EPHEMERAL = (32768, 60999)
LOWEST_PICKED = 10_000  # below: well-known and registered ports services expect


def ephemeral_range(path: Path = EPHEMERAL_RANGE_FILE) -> Tuple[int, int]:
    """The ports the kernel hands out for bind(port 0) and outgoing connections."""
    try:
        low, high = (int(part) for part in path.read_text().split())
        return low, high
    except (OSError, ValueError):
        return DEFAULT_EPHEMERAL


def free_port(interface: str = "127.0.0.1", rng: Optional[random.Random] = None) -> int:
    """A port free now, for a server started later (the launcher's `make shell`, tests).

    Binding port 0 and closing it hands out a port of the ephemeral range, which the
    kernel gives again to the next outgoing connection (a test's HTTP client, a
    database driver) before the server has bound it. Ports are picked at random below
    that range instead, where only another listener can take them; a stack that still
    meets a taken port starts that server on another (launcher/stack.py).
    """
    rng = rng or random.SystemRandom()
    low, _ = ephemeral_range()
    top = low - 1 if low - 1 > LOWEST_PICKED else 65535
    for _ in range(200):
        port = rng.randint(LOWEST_PICKED, top)
        if is_free(port, interface):
            return port
    raise OSError(errno.EADDRINUSE, f"no free port found between {LOWEST_PICKED} and {top}")


def is_free(port: int, interface: str = "127.0.0.1") -> bool:
    """True if a server could listen on interface:port now (SO_REUSEADDR, as servers
    set it, so a closed connection still in TIME_WAIT does not count)."""
    family = socket.AF_INET6 if ":" in interface else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((interface, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def _listening_inodes(port: int) -> List[str]:
    inodes = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == _LISTEN and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.append(fields[9])
    return inodes


def holder(port: int) -> Optional[Tuple[int, str]]:
    """(pid, command line) of a process listening on `port`, if it can be found."""
    targets = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    if not targets:
        return None
    for pid in sorted((int(p) for p in os.listdir("/proc") if p.isdigit()), reverse=True):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if not any(os.readlink(f"/proc/{pid}/fd/{fd}") in targets for fd in fds):
                continue
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # gone, or another user's
            continue
        command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
        return pid, " ".join(command.split())[:120]
    return None


def busy_ports_message(ports: Dict[str, int], interface: str = "127.0.0.1") -> Optional[str]:
    """None when every port is free, else one line per busy port, naming its holder."""
    lines = []
    for name, port in ports.items():
        if is_free(port, interface):
            continue
        found = holder(port)
        who = f"process {found[0]} ({found[1]})" if found else "another program"
        lines.append(f"port {port} ({name}) is in use by {who}")
    if not lines:
        return None
    return (
        "; ".join(lines) + ". Is the assistant already running? Stop it first, or "
        "set " + ", ".join(ports) + " to free ports."
    )
