"""Secrets come from the environment only: the repository holds none.

Every file git would commit (tracked, or new and not ignored) is searched for
strings shaped like real credentials: provider token formats (Meta, GitHub, Slack,
AWS, Google, Stripe), private keys, JWTs, passwords in URLs, and long random
values assigned to a secret-sounding name. Test fixtures use obviously fake values
("app-secret-for-tests") or make them up at run time (secrets.token_hex).
"""

from __future__ import annotations

import math
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import List

from launcher.stack import PROJECT_ROOT

THIS_FILE = Path(__file__).resolve()

TOKEN_SHAPES = {
    "Meta/Facebook access token": r"\bEAA[A-Za-z0-9]{30,}",
    "GitHub token": r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})",
    "Slack token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "AWS access key": r"\b(AKIA|ASIA)[0-9A-Z]{16}\b",
    "Google API key": r"\bAIza[0-9A-Za-z_-]{35}",
    "Stripe key": r"\b[sr]k_live_[0-9A-Za-z]{20,}",
    "private key": r"-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----",
    "JWT": r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
    "password in a URL": r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?![*$<{])[^/\s@'\"]{6,}@",
}
SECRET_NAME = re.compile(
    r"(secret|token|passw(or)?d|api[_-]?key|private[_-]?key|credential)[\w-]*['\"]?\s*[:=]\s*"
    r"['\"]?([A-Za-z0-9+/=_\-]{20,})",
    re.IGNORECASE,
)
SKIP_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".woff",
    ".woff2",
    ".gz",
    ".tar",
    ".zip",
    ".pdf",
    ".pyc",
}


def committable_files() -> List[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout
    files = []
    for name in out.decode().split("\0"):
        path = PROJECT_ROOT / name
        if name and path.is_file() and path.suffix not in SKIP_SUFFIXES and path != THIS_FILE:
            files.append(path)
    return files


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(c / len(value) * math.log2(c / len(value)) for c in counts.values())


def looks_random(value: str) -> bool:
    """A generated secret, not a word, a name or a placeholder."""
    kinds = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    words = re.search(r"[A-Za-z]{3,}[-_][a-z]{3,}", value)  # "page-token-for-tests"
    env_name = re.fullmatch(r"[A-Z0-9_]+", value)  # "FACEBOOK_APP_SECRET"
    return len(value) >= 20 and kinds >= 2 and entropy(value) >= 3.5 and not words and not env_name


def findings() -> List[str]:
    found = []
    for path in committable_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"{path.relative_to(PROJECT_ROOT)}:{number}"
            for kind, pattern in TOKEN_SHAPES.items():
                if re.search(pattern, line):
                    found.append(f"{where}: {kind}")
            for match in SECRET_NAME.finditer(line):
                if looks_random(match.group(3)) and "integrity" not in line:
                    found.append(f"{where}: random value for {match.group(1)!r}")
    return found


def test_the_repository_holds_no_secrets():
    assert committable_files(), "git ls-files found nothing"
    assert findings() == []


def test_the_search_finds_token_shaped_strings(tmp_path):
    """The patterns do match real-looking secrets (made up here, never committed)."""
    import secrets

    samples = [
        "EAA" + secrets.token_hex(40),
        "ghp_" + secrets.token_hex(20),
        "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
        "-----BEGIN RSA PRIVATE KEY-----",
        "postgresql://rasa:" + secrets.token_hex(8) + "@db/rasa",
    ]
    for sample in samples:
        assert any(re.search(p, sample) for p in TOKEN_SHAPES.values()), sample
    line = f'FACEBOOK_APP_SECRET = "{secrets.token_urlsafe(24)}"'
    assert any(looks_random(m.group(3)) for m in SECRET_NAME.finditer(line))
    for harmless in [
        'SECRET = "app-secret-for-tests"',
        'TOKEN = "EAAB-page-token-for-tests"',
        'password: ${DB_PASSWORD}',
        'ENV_APP_SECRET = "FACEBOOK_APP_SECRET"',
    ]:
        assert not any(looks_random(m.group(3)) for m in SECRET_NAME.finditer(harmless)), harmless
